// The console's models, each under QAbstractItemModelTester while it changes.
#include "models/broadcasthistory.h"
#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "models/logmodel.h"
#include "models/roomsmodel.h"
#include "models/statshistory.h"

#include <QAbstractItemModelTester>
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
    void roomsCountMembers();
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
