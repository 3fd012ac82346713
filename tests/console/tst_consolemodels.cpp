// The console's models, each under QAbstractItemModelTester while it changes.
#include "models/broadcasthistory.h"
#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "models/logmodel.h"
#include "models/nodesmodel.h"
#include "models/roomsmodel.h"
#include "models/statshistory.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace Herald;
using namespace Herald::Console;

namespace {

Admin::ClientInfo client(const QString &id, const QString &name = {}, const QStringList &rooms = {})
{
    Admin::ClientInfo c;
    c.id = id;
    c.name = name;
    c.rooms = rooms;
    c.address = QStringLiteral("127.0.0.1");
    c.port = 4000;
    c.connectedAt = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
    return c;
}

Admin::Event ev(Admin::EventKind kind, const QString &id, const QString &value = {})
{
    Admin::Event e;
    e.kind = kind;
    e.clientId = id;
    if (kind == Admin::EventKind::Connect)
        e.client = client(id);
    e.room = e.name = e.uid = e.reason = value;
    return e;
}

using Kind = Admin::EventKind;

QStringList idsOf(const ClientsModel &m)
{
    QStringList ids;
    for (int r = 0; r < m.rowCount(); ++r)
        ids.append(m.clientAt(r).id);
    ids.sort();
    return ids;
}

Admin::NodeInfo node(const QString &id, const QString &state, bool self = false)
{
    Admin::NodeInfo n;
    n.id = id;
    n.self = self;
    n.state = state;
    n.version = QStringLiteral("0.1.0");
    n.listen = {QStringLiteral("clients ws://0.0.0.0:7272/"), QStringLiteral("api http://127.0.0.1:7273/")};
    n.startedAt = QDateTime(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC);
    if (!self)
        n.lastHeartbeat = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
    return n;
}

Admin::Stats stats(int second, qint64 messagesOut, qint64 logins = 0)
{
    Admin::Stats s;
    s.time = QDateTime(QDate(2026, 11, 24), QTime(12, 0, second), Qt::UTC);
    s.messagesOut = messagesOut;
    s.logins = logins;
    return s;
}

} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void clientsFollowEvents();
    void clientsRemovalKeepsOthersIntact();
    void connectAndDisconnectInOneBatchNeverShows();
    void clientsCounters();
    void filterMatchesAnyColumnAndRoom();
    void filterSorts();
    void filterSurvivesRemovals();
    void nodeColumnAndFilter();
    void otherNodesClientsFollowTheList();
    void nodesFollowReports();
    void nodesSelfState();
    void roomsCountMembers();
    void roomsSplitByNode();
    void logIsBoundedAndPausable();
    void logCsv();
    void statsRates();
    void broadcastHistory();
};

void TestConsoleModels::clientsFollowEvents()
{
    ClientsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSnapshot({client(QStringLiteral("a"), QStringLiteral("Ann"), {QStringLiteral("1")})});
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.columnCount(), int(ClientsModel::ColumnCount));

    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    m.applyEvents({ev(Kind::Connect, QStringLiteral("b")), ev(Kind::Connect, QStringLiteral("c")),
                   ev(Kind::Login, QStringLiteral("b"), QStringLiteral("Bob")),
                   ev(Kind::Join, QStringLiteral("b"), QStringLiteral("2")),
                   ev(Kind::Bind, QStringLiteral("a"), QStringLiteral("u1"))});
    QCOMPARE(inserted.count(), 1); // one insert for the whole batch
    QCOMPARE(reset.count(), 0);    // never a reset for events
    QCOMPARE(m.rowCount(), 3);
    const Admin::ClientInfo &b = m.clientAt(m.rowOf(QStringLiteral("b")));
    QCOMPARE(b.name, QStringLiteral("Bob"));
    QCOMPARE(b.rooms, QStringList{QStringLiteral("2")});
    QCOMPARE(m.clientAt(m.rowOf(QStringLiteral("a"))).uid, QStringLiteral("u1"));
    QCOMPARE(m.index(m.rowOf(QStringLiteral("a")), ClientsModel::Uid).data().toString(), QStringLiteral("u1"));

    Admin::Event session = ev(Kind::Session, QStringLiteral("c"));
    session.session = {{QStringLiteral("client_name"), QStringLiteral("Cid")}};
    m.applyEvents({ev(Kind::Leave, QStringLiteral("a"), QStringLiteral("1")), ev(Kind::Unbind, QStringLiteral("a")), session});
    QCOMPARE(m.clientAt(m.rowOf(QStringLiteral("a"))).rooms, QStringList());
    QCOMPARE(m.clientAt(m.rowOf(QStringLiteral("a"))).uid, QString());
    QCOMPARE(m.clientAt(m.rowOf(QStringLiteral("c"))).name, QStringLiteral("Cid"));
    QCOMPARE(m.clientIdsInRoom(QStringLiteral("2")), QStringList{QStringLiteral("b")});
}

void TestConsoleModels::clientsRemovalKeepsOthersIntact()
{
    ClientsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Admin::ClientInfo> all;
    for (int i = 0; i < 50; ++i)
        all.append(client(QStringLiteral("c%1").arg(i), QStringLiteral("name%1").arg(i)));
    m.setSnapshot(all);
    QList<Admin::Event> gone;
    for (int i : {0, 7, 49, 25, 26, 3})
        gone.append(ev(Kind::Disconnect, QStringLiteral("c%1").arg(i)));
    m.applyEvents(gone);
    QCOMPARE(m.rowCount(), 44);
    for (int i = 0; i < 50; ++i) {
        const QString id = QStringLiteral("c%1").arg(i);
        const bool removed = QList<int>{0, 7, 49, 25, 26, 3}.contains(i);
        QCOMPARE(m.rowOf(id) < 0, removed);
        if (!removed) {
            QCOMPARE(m.clientAt(m.rowOf(id)).id, id);
            QCOMPARE(m.clientAt(m.rowOf(id)).name, QStringLiteral("name%1").arg(i));
            QCOMPARE(m.index(m.rowOf(id), ClientsModel::Id).data(ClientsModel::ClientIdRole).toString(), id);
        }
    }
}

void TestConsoleModels::connectAndDisconnectInOneBatchNeverShows()
{
    ClientsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    m.applyEvents({ev(Kind::Connect, QStringLiteral("x")), ev(Kind::Join, QStringLiteral("x"), QStringLiteral("1")),
                   ev(Kind::Disconnect, QStringLiteral("x")), ev(Kind::Connect, QStringLiteral("y"))});
    QCOMPARE(idsOf(m), QStringList{QStringLiteral("y")});
    QCOMPARE(inserted.count(), 1);
}

void TestConsoleModels::clientsCounters()
{
    ClientsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSnapshot({client(QStringLiteral("a")), client(QStringLiteral("b"))});
    Admin::ClientInfo fresh = client(QStringLiteral("b"));
    fresh.messagesOut = 12;
    fresh.bytesOut = 2048;
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.refreshCounters({fresh, client(QStringLiteral("gone"))});
    QCOMPARE(changed.count(), 1);
    const int row = m.rowOf(QStringLiteral("b"));
    QCOMPARE(m.index(row, ClientsModel::MessagesOut).data().toString(), QStringLiteral("12"));
    QCOMPARE(m.index(row, ClientsModel::BytesOut).data().toString(), QStringLiteral("2.0 KiB"));
    QCOMPARE(m.index(row, ClientsModel::BytesOut).data(ClientsModel::SortRole).toLongLong(), 2048);
}

void TestConsoleModels::filterMatchesAnyColumnAndRoom()
{
    ClientsModel m;
    ClientsFilterModel proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Admin::ClientInfo a = client(QStringLiteral("0a01"), QStringLiteral("Ann"), {QStringLiteral("lobby")});
    Admin::ClientInfo b = client(QStringLiteral("0b02"), QStringLiteral("Bob"), {QStringLiteral("games")});
    b.uid = QStringLiteral("vip-7");
    b.address = QStringLiteral("10.9.8.7");
    m.setSnapshot({a, b});

    const auto shown = [&] {
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids.append(proxy.index(r, 0).data(ClientsModel::ClientIdRole).toString());
        ids.sort();
        return ids;
    };
    proxy.setFilterText(QStringLiteral("ANN"));
    QCOMPARE(shown(), QStringList{QStringLiteral("0a01")});
    proxy.setFilterText(QStringLiteral("vip"));
    QCOMPARE(shown(), QStringList{QStringLiteral("0b02")});
    proxy.setFilterText(QStringLiteral("10.9.8"));
    QCOMPARE(shown(), QStringList{QStringLiteral("0b02")});
    proxy.setFilterText(QStringLiteral("lobby"));
    QCOMPARE(shown(), QStringList{QStringLiteral("0a01")});
    proxy.setFilterText(QStringLiteral("0"));
    QCOMPARE(shown(), QStringList({QStringLiteral("0a01"), QStringLiteral("0b02")}));
    proxy.setRoom(QStringLiteral("games"));
    QCOMPARE(shown(), QStringList{QStringLiteral("0b02")});

    // live: a join moves a client into the room's view
    m.applyEvents({ev(Kind::Join, QStringLiteral("0a01"), QStringLiteral("games"))});
    QCOMPARE(shown(), QStringList({QStringLiteral("0a01"), QStringLiteral("0b02")}));
    proxy.setFilterText({});
    proxy.setRoom({});
    QCOMPARE(proxy.rowCount(), 2);
}

// The node is the client id's first 8 characters; the filter keeps one node's clients.
void TestConsoleModels::nodeColumnAndFilter()
{
    ClientsModel m;
    ClientsFilterModel proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSnapshot({client(QStringLiteral("00000001000000000001")), client(QStringLiteral("00000003000000000007")),
                   client(QStringLiteral("00000003000000000002"))},
                  QStringLiteral("00000001"));
    QCOMPARE(m.headerData(ClientsModel::Node, Qt::Horizontal).toString(), QStringLiteral("Node"));
    QCOMPARE(m.index(m.rowOf(QStringLiteral("00000003000000000007")), ClientsModel::Node).data().toString(),
             QStringLiteral("00000003"));
    proxy.setNode(QStringLiteral("00000003"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.sort(ClientsModel::Node, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, ClientsModel::Id).data().toString(), QStringLiteral("00000003000000000002"));
    proxy.setNode(QStringLiteral("00000001"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setNode({});
    QCOMPARE(proxy.rowCount(), 3);
}

// Another node's clients send no events here: the list (listClients) adds, updates and removes them;
// this node's follow the events only (the list may be older than an event already applied).
void TestConsoleModels::otherNodesClientsFollowTheList()
{
    ClientsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString mine = QStringLiteral("00000001000000000001"), theirs = QStringLiteral("00000002000000000001"),
                  left = QStringLiteral("00000002000000000002"), came = QStringLiteral("00000003000000000001");
    m.setSnapshot({client(mine), client(theirs), client(left)}, QStringLiteral("00000001"));
    Admin::ClientInfo moved = client(theirs, QStringLiteral("Bob"), {QStringLiteral("r2")});
    moved.uid = QStringLiteral("u2");
    m.refreshCounters({moved, client(came, QStringLiteral("Cid"))}); // `mine` missing: the list is older
    QCOMPARE(idsOf(m), QStringList({mine, theirs, came}));
    const int row = m.rowOf(theirs);
    QCOMPARE(m.index(row, ClientsModel::Name).data().toString(), QStringLiteral("Bob"));
    QCOMPARE(m.index(row, ClientsModel::Rooms).data().toString(), QStringLiteral("r2"));
    QCOMPARE(m.index(row, ClientsModel::Uid).data().toString(), QStringLiteral("u2"));
    QVERIFY(m.searchTextAt(row).contains(QStringLiteral("bob")));
    QCOMPARE(m.clientIdsInRoom(QStringLiteral("r2")), QStringList{theirs});
    QCOMPARE(m.index(row, ClientsModel::MessagesIn).data().toString(), QStringLiteral("—")); // kept by node 2 only
    QVERIFY(m.index(row, ClientsModel::BytesOut).data(Qt::ToolTipRole).toString().contains(QStringLiteral("00000002")));
    QCOMPARE(m.index(m.rowOf(mine), ClientsModel::MessagesIn).data().toString(), QStringLiteral("0"));
    m.refreshCounters({});
    QCOMPARE(idsOf(m), QStringList{mine});

    ClientsModel single; // no node known (a server before clusters): the list changes counters only
    single.setSnapshot({client(mine)});
    single.refreshCounters({client(mine), client(theirs)});
    QCOMPARE(idsOf(single), QStringList{mine});
}

void TestConsoleModels::nodesFollowReports()
{
    NodesModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m.columnCount(), int(NodesModel::ColumnCount));
    m.tick(QDateTime(QDate(2026, 11, 24), QTime(12, 0, 7), Qt::UTC));
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeUp, true), node(QStringLiteral("00000002"), Admin::NodeUp)});
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.index(0, NodesModel::Node).data().toString(), QStringLiteral("00000001 (this node)"));
    QVERIFY(m.index(0, NodesModel::Node).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(m.index(1, NodesModel::Node).data().toString(), QStringLiteral("00000002"));
    QCOMPARE(m.index(1, NodesModel::State).data().toString(), QStringLiteral("up"));
    QCOMPARE(m.index(1, NodesModel::Addresses).data().toString(),
             QStringLiteral("clients ws://0.0.0.0:7272/, api http://127.0.0.1:7273/"));
    QCOMPARE(m.index(1, NodesModel::Uptime).data().toString(), QStringLiteral("2 h 0 min"));
    QCOMPARE(m.index(1, NodesModel::LastHeartbeat).data().toString(), QStringLiteral("7 s ago"));
    QCOMPARE(m.index(0, NodesModel::LastHeartbeat).data().toString(), QStringLiteral("connected"));

    // counts change in place; a new node is appended; the clock moves the ages
    Admin::NodeInfo busier = node(QStringLiteral("00000002"), Admin::NodeUp);
    busier.clients = 40;
    busier.rooms = 3;
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeUp, true), busier, node(QStringLiteral("00000003"), Admin::NodeUp)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m.index(1, NodesModel::Clients).data().toInt(), 40);
    QCOMPARE(m.index(1, NodesModel::Rooms).data().toInt(), 3);
    m.tick(QDateTime(QDate(2026, 11, 25), QTime(13, 0, 7), Qt::UTC));
    QCOMPARE(m.index(1, NodesModel::Uptime).data().toString(), QStringLiteral("1 d 3 h"));

    // a node the server no longer lists stays, gone, until the next connection
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeUp, true), busier});
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.index(m.rowOf(QStringLiteral("00000003")), NodesModel::State).data(NodesModel::StateRole).toString(),
             Admin::NodeGone);
    QCOMPARE(m.index(m.rowOf(QStringLiteral("00000003")), NodesModel::State).data().toString(), QStringLiteral("gone"));
    QCOMPARE(m.nodeIds(), QStringList({QStringLiteral("00000001"), QStringLiteral("00000002"), QStringLiteral("00000003")}));
    Admin::NodeInfo newer = node(QStringLiteral("00000004"), QStringLiteral("draining"));
    m.setNodes({newer});
    QCOMPARE(m.index(m.rowOf(QStringLiteral("00000004")), NodesModel::State).data().toString(), QStringLiteral("draining"));
    m.clear();
    QCOMPARE(m.rowCount(), 0);
}

// The node the console is connected to: its state, and a signal when it changes (the status bar's badge).
void TestConsoleModels::nodesSelfState()
{
    NodesModel m;
    QSignalSpy spy(&m, &NodesModel::selfStateChanged);
    QCOMPARE(m.selfState(), QString());
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeUp, true)});
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeUp, true)});
    QCOMPARE(spy.count(), 1);
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeDegraded, true)});
    QCOMPARE(m.selfState(), Admin::NodeDegraded);
    QCOMPARE(m.index(0, NodesModel::State).data().toString(), QStringLiteral("degraded"));
    QVERIFY(!m.index(0, NodesModel::State).data(Qt::ToolTipRole).toString().isEmpty());
    m.setNodes({node(QStringLiteral("00000001"), Admin::NodeUp, true)});
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.last().first().toString(), Admin::NodeUp);
    m.clear();
    QCOMPARE(spy.count(), 4);
    QCOMPARE(m.selfState(), QString());
}

void TestConsoleModels::filterSorts()
{
    ClientsModel m;
    ClientsFilterModel proxy;
    proxy.setSourceModel(&m);
    QList<Admin::ClientInfo> list;
    for (int i : {3, 1, 2}) {
        Admin::ClientInfo c = client(QStringLiteral("c%1").arg(i), QStringLiteral("n%1").arg(i));
        c.messagesIn = 10 * i;
        c.connectedAt = c.connectedAt.addSecs(-i);
        list.append(c);
    }
    m.setSnapshot(list);
    proxy.sort(ClientsModel::MessagesIn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, ClientsModel::Id).data().toString(), QStringLiteral("c3"));
    QCOMPARE(proxy.index(2, ClientsModel::Id).data().toString(), QStringLiteral("c1"));
    proxy.sort(ClientsModel::ConnectedAt, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, ClientsModel::Id).data().toString(), QStringLiteral("c3"));
}

// Removals move the model's last client into the freed row: behind a filtering, sorting proxy every row
// shown must still be the right client, in order.
void TestConsoleModels::filterSurvivesRemovals()
{
    ClientsModel m;
    ClientsFilterModel proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Admin::ClientInfo> all;
    for (int i = 0; i < 40; ++i) // name order is the reverse of id order; odd ids in room "odd"
        all.append(client(QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0')), QStringLiteral("n%1").arg(99 - i),
                          {i % 2 ? QStringLiteral("odd") : QStringLiteral("even")}));
    m.setSnapshot(all);
    proxy.setRoom(QStringLiteral("odd"));
    proxy.sort(ClientsModel::Name, Qt::AscendingOrder);

    QList<Admin::Event> gone;
    for (int i : {3, 39, 38, 20, 21, 0})
        gone.append(ev(Kind::Disconnect, QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0'))));
    m.applyEvents(gone);

    QStringList expected;
    for (int i = 37; i > 0; i -= 2) {
        if (i != 3 && i != 21)
            expected.append(QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0')));
    }
    QStringList shown;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QString id = proxy.index(r, ClientsModel::Id).data().toString();
        shown.append(id);
        QCOMPARE(proxy.index(r, ClientsModel::Name).data().toString(), QStringLiteral("n%1").arg(99 - id.mid(1).toInt()));
    }
    QCOMPARE(shown, expected);
}

void TestConsoleModels::roomsCountMembers()
{
    RoomsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSnapshot({{QStringLiteral("1"), 2}});
    m.applyEvents({ev(Kind::Join, QStringLiteral("a"), QStringLiteral("2")), ev(Kind::Join, QStringLiteral("b"), QStringLiteral("1")),
                   ev(Kind::Leave, QStringLiteral("c"), QStringLiteral("1"))});
    QCOMPARE(m.membersOf(QStringLiteral("1")), 2);
    QCOMPARE(m.membersOf(QStringLiteral("2")), 1);
    QCOMPARE(m.rowCount(), 2);
    m.applyEvents({ev(Kind::Leave, QStringLiteral("a"), QStringLiteral("2")), ev(Kind::Leave, QStringLiteral("x"), QStringLiteral("nowhere"))});
    QCOMPARE(m.rooms(), QStringList{QStringLiteral("1")}); // an empty room is gone
    QCOMPARE(m.index(0, RoomsModel::Members).data().toInt(), 2);
}

// A cluster's room: the snapshot's total and each node's share, kept by the events of every node's clients
// (a client's node is the head of its id); a node whose members all left is no longer in the split.
void TestConsoleModels::roomsSplitByNode()
{
    RoomsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSnapshot({{QStringLiteral("r"), 5, {{QStringLiteral("00000001"), 2}, {QStringLiteral("00000002"), 3}}}});
    QCOMPARE(m.index(0, RoomsModel::Nodes).data().toString(), QStringLiteral("00000001: 2 · 00000002: 3"));
    QCOMPARE(m.index(0, RoomsModel::Nodes).data(RoomsModel::SortRole).toInt(), 2);
    QCOMPARE(m.index(0, RoomsModel::Members).data(Qt::ToolTipRole).toString(),
             QStringLiteral("node 00000001: 2 member(s)\nnode 00000002: 3 member(s)"));
    m.applyEvents({ev(Kind::Join, QStringLiteral("00000003000000000001"), QStringLiteral("r")),
                   ev(Kind::Leave, QStringLiteral("00000001000000000001"), QStringLiteral("r")),
                   ev(Kind::Leave, QStringLiteral("00000001000000000002"), QStringLiteral("r"))});
    QCOMPARE(m.membersOf(QStringLiteral("r")), 4);
    QCOMPARE(m.membersByNode(QStringLiteral("r")),
             (QMap<QString, int>{{QStringLiteral("00000002"), 3}, {QStringLiteral("00000003"), 1}}));
    QCOMPARE(m.index(0, RoomsModel::Nodes).data().toString(), QStringLiteral("00000002: 3 · 00000003: 1"));
    m.applyEvents({ev(Kind::Join, QStringLiteral("00000003000000000002"), QStringLiteral("new"))});
    QCOMPARE(m.membersByNode(QStringLiteral("new")), (QMap<QString, int>{{QStringLiteral("00000003"), 1}}));
}

void TestConsoleModels::logIsBoundedAndPausable()
{
    LogModel log({QStringLiteral("Time"), QStringLiteral("Text")}, 5);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto rows = [](int from, int n) {
        QList<LogRow> out;
        for (int i = from; i < from + n; ++i)
            out.append({QDateTime::currentDateTimeUtc(), {QString::number(i)}});
        return out;
    };
    const auto texts = [&log] {
        QStringList t;
        for (int r = 0; r < log.rowCount(); ++r)
            t.append(log.index(r, 1).data().toString());
        return t.join(QLatin1Char(','));
    };
    log.append(rows(0, 3));
    log.append(rows(3, 4));
    QCOMPARE(texts(), QStringLiteral("2,3,4,5,6")); // the oldest went
    QCOMPARE(log.dropped(), 2);

    log.setPaused(true);
    log.append(rows(7, 2));
    QCOMPARE(texts(), QStringLiteral("2,3,4,5,6")); // held while paused
    QCOMPARE(log.waiting(), 2);
    log.append(rows(9, 10));
    QCOMPARE(log.waiting(), 5); // bounded while paused too
    log.setPaused(false);
    QCOMPARE(texts(), QStringLiteral("14,15,16,17,18"));
    QCOMPARE(log.waiting(), 0);
    log.clear();
    QCOMPARE(log.rowCount(), 0);
    QCOMPARE(log.dropped(), 0);
    QSignalSpy status(&log, &LogModel::waitingChanged);
    log.addDropped(7); // what the server left out counts too
    QCOMPARE(log.dropped(), 7);
    QCOMPARE(status.count(), 1);
}

void TestConsoleModels::logCsv()
{
    LogModel log({QStringLiteral("Time"), QStringLiteral("Room"), QStringLiteral("Content")}, 10);
    log.append({{QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC), {QStringLiteral("1"), QStringLiteral("say \"hi\", all\nok")}}});
    QCOMPARE(log.toCsv(), QByteArray("Time,Room,Content\r\n2026-11-24T12:00:00.000Z,1,\"say \"\"hi\"\", all\nok\"\r\n"));
}

void TestConsoleModels::statsRates()
{
    StatsHistory h(3);
    QSignalSpy added(&h, &StatsHistory::sampleAdded);
    h.add(stats(0, 100, 1));
    h.add(stats(2, 300, 5));
    QCOMPARE(added.count(), 2);
    QCOMPARE(h.samples().last().messagesOutPerSecond, 100.0);
    QCOMPARE(h.samples().last().loginsPerSecond, 2.0);
    h.add(stats(3, 50)); // a restarted server: counters went down, no negative rate
    QCOMPARE(h.samples().last().messagesOutPerSecond, 0.0);
    h.add(stats(4, 60));
    QCOMPARE(h.samples().size(), 3); // bounded
    QCOMPARE(h.samples().last().messagesOutPerSecond, 10.0);
    h.clear();
    QVERIFY(h.samples().isEmpty());
}

void TestConsoleModels::broadcastHistory()
{
    BroadcastHistory h;
    QAbstractItemModelTester tester(&h, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Broadcast b;
    b.target.kind = BroadcastTarget::Room;
    b.target.value = QStringLiteral("7");
    b.target.exclude = {QStringLiteral("x")};
    b.text = QStringLiteral("hello");
    const int first = h.add(b);
    b.target = {};
    const int second = h.add(b);
    QVERIFY(first != second);
    QCOMPARE(h.rowCount(), 2);
    QCOMPARE(h.index(1, BroadcastHistory::Target).data().toString(), QStringLiteral("room 7 except 1 client(s)"));
    QCOMPARE(h.index(0, BroadcastHistory::Target).data().toString(), QStringLiteral("everyone"));
    h.setOutcome(first, QStringLiteral("delivered to 3 clients"));
    QCOMPARE(h.index(1, BroadcastHistory::Outcome).data().toString(), QStringLiteral("delivered to 3 clients"));
    for (int i = 0; i < BroadcastHistory::Capacity + 5; ++i)
        h.add(b);
    QCOMPARE(h.rowCount(), BroadcastHistory::Capacity);
}

QTEST_MAIN(TestConsoleModels)
#include "tst_consolemodels.moc"
