// The hub (GatewayWorker operations: clients, uids, groups, sessions, sending, closing), observed
// through a recording Outlet.
#include "hubtesting.h"

#include "history/historyrooms.h"
#include "hub/hub.h"
#include "util/metrics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;

namespace {

enum class Route { Client, Uid, Group, All };

} // namespace

Q_DECLARE_METATYPE(Route)
Q_DECLARE_METATYPE(Herald::Hub::Status)

class TestHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // hub: connections, uids, groups
    void addAndRemoveClients();
    void removingAClientDropsItsGroupsAndUid();
    void oneUidManyConnections();
    void rebindingMovesToTheNewUid();
    void maxConnectionsPerUid();
    void unbindUid_data();
    void unbindUid();
    void aClientInSeveralGroups();
    void ungroupEmptiesTheGroup();
    void membersShareTheGroupsName();
    void maxGroupsPerClient();
    void unknownClientsAreReported();
    // hub: sending
    void sendRoutes_data();
    void sendRoutes();
    void sendingCountsBytesAndTellsTheRoomTail();
    void sendsArePublishedForOtherNodes();
    void eachClientIsReachedThroughItsOwnOutlet();
    void sharedHistoryRoomsGoToTheClusterFirst();
    void aClientCatchingUpGetsNothingOfThatGroup();
    // hub: queries, sessions, closing
    void listsAndCounts();
    void sessionGetSetMerge();
    void closeClient_data();
    void closeClient();
    void incomingCounters();

private:
    void connectClients(const QStringList &clientIds) { HeraldTest::connectClients(*m_hub, *m_outlet, clientIds); }
    void fixtureForRoutes(); // a b c d; u1 = a b, u2 = c; g1 = a c d, g2 = b

    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<RecordingOutlet> m_outlet;
    std::unique_ptr<Hub> m_hub;
};

void TestHub::init()
{
    m_metrics = std::make_unique<Metrics>();
    m_outlet = std::make_unique<RecordingOutlet>();
    m_hub = std::make_unique<Hub>(*m_metrics);
}

void TestHub::cleanup()
{
    m_hub.reset();
    m_outlet.reset();
    m_metrics.reset();
}

void TestHub::fixtureForRoutes()
{
    connectClients(ids("a b c d"));
    m_hub->bindUid(QStringLiteral("a"), QStringLiteral("u1"));
    m_hub->bindUid(QStringLiteral("b"), QStringLiteral("u1"));
    m_hub->bindUid(QStringLiteral("c"), QStringLiteral("u2"));
    for (const QString &id : ids("a c d"))
        m_hub->joinGroup(id, QStringLiteral("g1"));
    m_hub->joinGroup(QStringLiteral("b"), QStringLiteral("g2"));
}

// ---- hub: connections, uids, groups -------------------------------------------------------------

void TestHub::addAndRemoveClients()
{
    QSignalSpy added(m_hub.get(), &Hub::clientAdded);
    QSignalSpy removed(m_hub.get(), &Hub::clientRemoved);
    const QDateTime before = QDateTime::currentDateTimeUtc();

    m_hub->addClient(QStringLiteral("a"), QStringLiteral("10.0.0.1"), 5001, *m_outlet);
    m_hub->addClient(QStringLiteral("b"), QStringLiteral("::1"), 5002, *m_outlet);

    QCOMPARE(m_hub->clientCount(), 2);
    QVERIFY(m_hub->isOnline(QStringLiteral("a")));
    QCOMPARE(sorted(m_hub->clientIds()), ids("a b"));
    const ClientRecord *a = m_hub->client(QStringLiteral("a"));
    QVERIFY(a);
    QCOMPARE(a->id, QStringLiteral("a"));
    QCOMPARE(a->address, QStringLiteral("10.0.0.1"));
    QCOMPARE(a->port, quint16(5001));
    QCOMPARE(a->connectedAt.timeSpec(), Qt::UTC);
    QVERIFY(a->connectedAt >= before && a->connectedAt <= QDateTime::currentDateTimeUtc());
    QVERIFY(a->uid.isEmpty());
    QVERIFY(a->groups.isEmpty());
    QCOMPARE(added.count(), 2);
    QCOMPARE(added.at(1).at(0).value<ClientRecord>().id, QStringLiteral("b"));
    QCOMPARE(added.at(1).at(0).value<ClientRecord>().address, QStringLiteral("::1"));

    m_hub->removeClient(QStringLiteral("a"), QStringLiteral("client"));
    QVERIFY(!m_hub->isOnline(QStringLiteral("a")));
    QCOMPARE(m_hub->client(QStringLiteral("a")), nullptr);
    QCOMPARE(m_hub->clientCount(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0), (QVariantList{QStringLiteral("a"), QStringLiteral("client")}));

    m_hub->removeClient(QStringLiteral("a"), QStringLiteral("again")); // unknown now: nothing happens
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_hub->clientCount(), 1);
}

void TestHub::removingAClientDropsItsGroupsAndUid()
{
    connectClients(ids("a b"));
    m_hub->bindUid(QStringLiteral("a"), QStringLiteral("alice"));
    m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g1"));
    m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g2"));
    m_hub->joinGroup(QStringLiteral("b"), QStringLiteral("g2"));
    QSignalSpy left(m_hub.get(), &Hub::groupLeft);
    QSignalSpy unbound(m_hub.get(), &Hub::uidUnbound);

    m_hub->removeClient(QStringLiteral("a"), QStringLiteral("ping_timeout"));

    QCOMPARE(left.count(), 2);
    QCOMPARE(sorted({left.at(0).at(1).toString(), left.at(1).at(1).toString()}), ids("g1 g2"));
    QCOMPARE(unbound.count(), 1);
    QCOMPARE(unbound.at(0), (QVariantList{QStringLiteral("a"), QStringLiteral("alice")}));
    QVERIFY(!m_hub->isUidOnline(QStringLiteral("alice")));
    QCOMPARE(m_hub->uidCount(), 0);
    QCOMPARE(m_hub->groups(), ids("g2")); // g1 emptied and is gone
    QCOMPARE(m_hub->clientIdsInGroup(QStringLiteral("g2")), ids("b"));
}

void TestHub::oneUidManyConnections()
{
    connectClients(ids("phone laptop other"));
    QSignalSpy bound(m_hub.get(), &Hub::uidBound);

    QCOMPARE(m_hub->bindUid(QStringLiteral("phone"), QStringLiteral("alice")), Hub::Status::Ok);
    QCOMPARE(m_hub->bindUid(QStringLiteral("laptop"), QStringLiteral("alice")), Hub::Status::Ok);
    QCOMPARE(m_hub->bindUid(QStringLiteral("laptop"), QStringLiteral("alice")), Hub::Status::Ok); // no-op

    QCOMPARE(bound.count(), 2);
    QCOMPARE(bound.at(0), (QVariantList{QStringLiteral("phone"), QStringLiteral("alice")}));
    QVERIFY(m_hub->isUidOnline(QStringLiteral("alice")));
    QVERIFY(!m_hub->isUidOnline(QStringLiteral("bob")));
    QCOMPARE(m_hub->uidCount(), 1);
    QCOMPARE(m_hub->uids(), ids("alice"));
    QCOMPARE(sorted(m_hub->clientIdsOfUid(QStringLiteral("alice"))), ids("laptop phone"));
    QCOMPARE(m_hub->client(QStringLiteral("phone"))->uid, QStringLiteral("alice"));

    // alice stays online until her last connection goes
    m_hub->removeClient(QStringLiteral("phone"), QStringLiteral("client"));
    QVERIFY(m_hub->isUidOnline(QStringLiteral("alice")));
    QCOMPARE(m_hub->clientIdsOfUid(QStringLiteral("alice")), ids("laptop"));
    m_hub->removeClient(QStringLiteral("laptop"), QStringLiteral("client"));
    QVERIFY(!m_hub->isUidOnline(QStringLiteral("alice")));
    QCOMPARE(m_hub->clientIdsOfUid(QStringLiteral("alice")), QStringList());
}

void TestHub::rebindingMovesToTheNewUid()
{
    connectClients(ids("a"));
    m_hub->bindUid(QStringLiteral("a"), QStringLiteral("old"));
    QSignalSpy bound(m_hub.get(), &Hub::uidBound);
    QSignalSpy unbound(m_hub.get(), &Hub::uidUnbound);

    QCOMPARE(m_hub->bindUid(QStringLiteral("a"), QStringLiteral("new")), Hub::Status::Ok);

    QCOMPARE(unbound.count(), 1);
    QCOMPARE(unbound.at(0), (QVariantList{QStringLiteral("a"), QStringLiteral("old")}));
    QCOMPARE(bound.count(), 1);
    QCOMPARE(bound.at(0), (QVariantList{QStringLiteral("a"), QStringLiteral("new")}));
    QVERIFY(!m_hub->isUidOnline(QStringLiteral("old")));
    QCOMPARE(m_hub->uids(), ids("new"));
    QCOMPARE(m_hub->client(QStringLiteral("a"))->uid, QStringLiteral("new"));
}

// max-connections-per-uid: the bind that would pass it is refused (the newest loses), counted; a client
// already bound to the uid may bind it again; a free place opens when one goes.
void TestHub::maxConnectionsPerUid()
{
    connectClients({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    m_hub->setMaxConnectionsPerUid(2);
    QCOMPARE(m_hub->bindUid(QStringLiteral("a"), QStringLiteral("alice")), Hub::Status::Ok);
    QCOMPARE(m_hub->bindUid(QStringLiteral("b"), QStringLiteral("alice")), Hub::Status::Ok);
    QCOMPARE(m_hub->bindUid(QStringLiteral("c"), QStringLiteral("alice")), Hub::Status::LimitReached);
    QCOMPARE(m_hub->bindUid(QStringLiteral("b"), QStringLiteral("alice")), Hub::Status::Ok); // already bound
    QCOMPARE(m_hub->clientIdsOfUid(QStringLiteral("alice")).size(), 2);
    QVERIFY(m_hub->client(QStringLiteral("c"))->uid.isEmpty());
    QCOMPARE(m_metrics->uidLimitRefusals, 1u);
    QCOMPARE(m_hub->bindUid(QStringLiteral("c"), QStringLiteral("bob")), Hub::Status::Ok); // another uid: its own count
    m_hub->removeClient(QStringLiteral("a"), QStringLiteral("client"));
    QCOMPARE(m_hub->bindUid(QStringLiteral("c"), QStringLiteral("alice")), Hub::Status::Ok);
    m_hub->setMaxConnectionsPerUid(0);
    connectClients({QStringLiteral("d")});
    QCOMPARE(m_hub->bindUid(QStringLiteral("d"), QStringLiteral("alice")), Hub::Status::Ok); // 0: no limit
}

void TestHub::unbindUid_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("uid");
    QTest::addColumn<Hub::Status>("status");
    QTest::addColumn<QString>("uidAfter");

    QTest::newRow("the bound uid") << QStringLiteral("a") << QStringLiteral("alice") << Hub::Status::Ok << QString();
    QTest::newRow("any uid (empty)") << QStringLiteral("a") << QString() << Hub::Status::Ok << QString();
    QTest::newRow("another uid: kept") << QStringLiteral("a") << QStringLiteral("bob") << Hub::Status::Ok
                                       << QStringLiteral("alice");
    QTest::newRow("unknown client") << QStringLiteral("zz") << QStringLiteral("alice") << Hub::Status::NoSuchClient
                                    << QStringLiteral("alice");
}

void TestHub::unbindUid()
{
    QFETCH(QString, client);
    QFETCH(QString, uid);
    QFETCH(Hub::Status, status);
    QFETCH(QString, uidAfter);

    connectClients(ids("a"));
    m_hub->bindUid(QStringLiteral("a"), QStringLiteral("alice"));
    QSignalSpy unbound(m_hub.get(), &Hub::uidUnbound);

    QCOMPARE(m_hub->unbindUid(client, uid), status);
    QCOMPARE(m_hub->client(QStringLiteral("a"))->uid, uidAfter);
    QCOMPARE(m_hub->isUidOnline(QStringLiteral("alice")), !uidAfter.isEmpty());
    QCOMPARE(unbound.count(), uidAfter.isEmpty() ? 1 : 0);
}

void TestHub::aClientInSeveralGroups()
{
    connectClients(ids("a b"));
    QSignalSpy joined(m_hub.get(), &Hub::groupJoined);
    QSignalSpy left(m_hub.get(), &Hub::groupLeft);

    for (const QString &g : ids("g1 g2 g3"))
        QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), g), Hub::Status::Ok);
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g2")), Hub::Status::Ok); // already in: no signal
    QCOMPARE(m_hub->joinGroup(QStringLiteral("b"), QStringLiteral("g2")), Hub::Status::Ok);

    QCOMPARE(joined.count(), 4);
    QCOMPARE(joined.at(3), (QVariantList{QStringLiteral("b"), QStringLiteral("g2")}));
    QCOMPARE(sorted(m_hub->client(QStringLiteral("a"))->groups), ids("g1 g2 g3"));
    QCOMPARE(m_hub->groupCount(), 3);
    QCOMPARE(sorted(m_hub->clientIdsInGroup(QStringLiteral("g2"))), ids("a b"));
    QCOMPARE(m_hub->groupSize(QStringLiteral("g2")), 2);

    QCOMPARE(m_hub->leaveGroup(QStringLiteral("a"), QStringLiteral("g2")), Hub::Status::Ok);
    QCOMPARE(m_hub->leaveGroup(QStringLiteral("a"), QStringLiteral("g2")), Hub::Status::Ok); // not in: no signal
    QCOMPARE(m_hub->leaveGroup(QStringLiteral("b"), QStringLiteral("nowhere")), Hub::Status::Ok);
    QCOMPARE(left.count(), 1);
    QCOMPARE(left.at(0), (QVariantList{QStringLiteral("a"), QStringLiteral("g2")}));
    QCOMPARE(sorted(m_hub->client(QStringLiteral("a"))->groups), ids("g1 g3"));
    QCOMPARE(m_hub->clientIdsInGroup(QStringLiteral("g2")), ids("b"));

    QCOMPARE(m_hub->leaveGroup(QStringLiteral("b"), QStringLiteral("g2")), Hub::Status::Ok);
    QCOMPARE(sorted(m_hub->groups()), ids("g1 g3")); // an empty group is forgotten
    QCOMPARE(m_hub->groupSize(QStringLiteral("g2")), 0);
}

void TestHub::ungroupEmptiesTheGroup()
{
    connectClients(ids("a b c"));
    for (const QString &id : ids("a b c"))
        m_hub->joinGroup(id, QStringLiteral("room"));
    m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("other"));
    QSignalSpy left(m_hub.get(), &Hub::groupLeft);

    QCOMPARE(m_hub->ungroup(QStringLiteral("room")), 3);

    QCOMPARE(left.count(), 3);
    QCOMPARE(m_hub->groups(), ids("other"));
    QCOMPARE(m_hub->groupSize(QStringLiteral("room")), 0);
    QCOMPARE(m_hub->client(QStringLiteral("a"))->groups, ids("other"));
    QVERIFY(m_hub->client(QStringLiteral("b"))->groups.isEmpty());
    QCOMPARE(m_hub->ungroup(QStringLiteral("room")), 0);
    QCOMPARE(m_hub->ungroup(QStringLiteral("never")), 0);
    QCOMPARE(m_hub->clientCount(), 3); // nobody is disconnected
}

void TestHub::maxGroupsPerClient()
{
    connectClients(ids("a"));
    m_hub->setMaxGroupsPerClient(2);
    QSignalSpy joined(m_hub.get(), &Hub::groupJoined);

    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g1")), Hub::Status::Ok);
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g2")), Hub::Status::Ok);
    QVERIFY(!m_hub->canJoinGroup(QStringLiteral("a"), QStringLiteral("g3")));
    QVERIFY(m_hub->canJoinGroup(QStringLiteral("a"), QStringLiteral("g1"))); // already in
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g3")), Hub::Status::LimitReached);
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g2")), Hub::Status::Ok);
    QCOMPARE(joined.count(), 2);
    QCOMPARE(m_hub->groupSize(QStringLiteral("g3")), 0);
    QCOMPARE(m_hub->groupCount(), 2);

    m_hub->leaveGroup(QStringLiteral("a"), QStringLiteral("g1")); // room again
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g3")), Hub::Status::Ok);

    m_hub->setMaxGroupsPerClient(0); // no limit
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g4")), Hub::Status::Ok);
    QCOMPARE(m_hub->client(QStringLiteral("a"))->groups.size(), 3);
}

void TestHub::unknownClientsAreReported()
{
    const QString ghost = QStringLiteral("ghost");
    QCOMPARE(m_hub->bindUid(ghost, QStringLiteral("u")), Hub::Status::NoSuchClient);
    QCOMPARE(m_hub->unbindUid(ghost), Hub::Status::NoSuchClient);
    QCOMPARE(m_hub->joinGroup(ghost, QStringLiteral("g")), Hub::Status::NoSuchClient);
    QCOMPARE(m_hub->leaveGroup(ghost, QStringLiteral("g")), Hub::Status::NoSuchClient);
    QCOMPARE(m_hub->setSession(ghost, {}), Hub::Status::NoSuchClient);
    QCOMPARE(m_hub->updateSession(ghost, {}), Hub::Status::NoSuchClient);
    QCOMPARE(m_hub->closeClient(ghost), Hub::Status::NoSuchClient);
    QVERIFY(!m_hub->canJoinGroup(ghost, QStringLiteral("g")));
    QVERIFY(!m_hub->session(ghost).has_value());
    QCOMPARE(m_hub->uidCount(), 0);
    QCOMPARE(m_hub->groupCount(), 0);
    QVERIFY(m_outlet->sent.isEmpty());
    QVERIFY(m_outlet->closed.isEmpty());
}

// ---- hub: sending -------------------------------------------------------------------------------

void TestHub::sendRoutes_data()
{
    QTest::addColumn<Route>("route");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("exclude");
    QTest::addColumn<QStringList>("reached");

    // a b c d; u1 = a b, u2 = c; g1 = a c d, g2 = b
    QTest::newRow("client") << Route::Client << QStringLiteral("a") << QStringList() << ids("a");
    QTest::newRow("client offline") << Route::Client << QStringLiteral("zz") << QStringList() << QStringList();
    QTest::newRow("uid, every connection") << Route::Uid << QStringLiteral("u1") << QStringList() << ids("a b");
    QTest::newRow("uid, one excluded") << Route::Uid << QStringLiteral("u1") << ids("a") << ids("b");
    QTest::newRow("uid offline") << Route::Uid << QStringLiteral("u9") << QStringList() << QStringList();
    QTest::newRow("group") << Route::Group << QStringLiteral("g1") << QStringList() << ids("a c d");
    QTest::newRow("group, two excluded") << Route::Group << QStringLiteral("g1") << ids("c d") << ids("a");
    QTest::newRow("group, outsider excluded") << Route::Group << QStringLiteral("g1") << ids("b") << ids("a c d");
    QTest::newRow("group unknown") << Route::Group << QStringLiteral("g9") << QStringList() << QStringList();
    QTest::newRow("all") << Route::All << QString() << QStringList() << ids("a b c d");
    QTest::newRow("all, one excluded") << Route::All << QString() << ids("b") << ids("a c d");
    QTest::newRow("all, everyone excluded") << Route::All << QString() << ids("a b c d") << QStringList();
}

void TestHub::sendRoutes()
{
    QFETCH(Route, route);
    QFETCH(QString, target);
    QFETCH(QStringList, exclude);
    QFETCH(QStringList, reached);

    fixtureForRoutes();
    const QByteArray text = R"({"type":"notice"})";
    int n = -1;
    switch (route) {
    case Route::Client: n = m_hub->sendToClient(target, text); break;
    case Route::Uid: n = m_hub->sendToUid(target, text, exclude); break;
    case Route::Group: n = m_hub->sendToGroup(target, text, exclude); break;
    case Route::All: n = m_hub->sendToAll(text, exclude); break;
    }

    QCOMPARE(n, reached.size());
    for (const RecordingOutlet::Sent &s : std::as_const(m_outlet->sent))
        QCOMPARE(s.text, text);
    QCOMPARE(m_outlet->takeRecipients(), reached);
}

void TestHub::sendingCountsBytesAndTellsTheRoomTail()
{
    fixtureForRoutes();
    QSignalSpy tail(m_hub.get(), &Hub::groupMessage);
    const QByteArray text = "12345";

    QCOMPARE(m_hub->sendToGroup(QStringLiteral("g1"), text, ids("d"), QStringLiteral("api")), 2);
    QCOMPARE(m_hub->sendToClient(QStringLiteral("a"), text), 1);

    QCOMPARE(tail.count(), 1);
    QCOMPARE(tail.at(0), (QVariantList{QStringLiteral("g1"), QStringLiteral("api"), text, 2}));
    QCOMPARE(m_metrics->publishes, quint64(2));
    QCOMPARE(m_metrics->messagesOut, quint64(3));
    QCOMPARE(m_metrics->bytesOut, quint64(15));
    QCOMPARE(m_hub->client(QStringLiteral("a"))->messagesOut, quint64(2));
    QCOMPARE(m_hub->client(QStringLiteral("a"))->bytesOut, quint64(10));
    QCOMPARE(m_hub->client(QStringLiteral("c"))->messagesOut, quint64(1));
    QCOMPARE(m_hub->client(QStringLiteral("d"))->messagesOut, quint64(0));
}

// Every send is delivered here, then announced with its target for a cluster broker to carry on.
void TestHub::sendsArePublishedForOtherNodes()
{
    fixtureForRoutes();
    QList<Target> targets;
    QList<QByteArray> texts;
    connect(m_hub.get(), &Hub::published, this, [&](const Target &target, const QByteArray &text) {
        targets.append(target);
        texts.append(text);
    });

    QCOMPARE(m_hub->sendToUid(QStringLiteral("u1"), "x", ids("b")), 1);
    QCOMPARE(m_hub->sendToAll("y"), 4);
    QCOMPARE(m_hub->sendToClient(QStringLiteral("elsewhere"), "z"), 0);

    QCOMPARE(targets.size(), 3);
    QCOMPARE(int(targets.at(0).kind), int(Target::Kind::Uid));
    QCOMPARE(targets.at(0).id, QStringLiteral("u1"));
    QCOMPARE(targets.at(0).exclude, ids("b"));
    QCOMPARE(int(targets.at(1).kind), int(Target::Kind::All));
    QCOMPARE(int(targets.at(2).kind), int(Target::Kind::Client));
    QCOMPARE(targets.at(2).id, QStringLiteral("elsewhere"));
    QCOMPARE(texts, (QList<QByteArray>{"x", "y", "z"}));
    QCOMPARE(m_outlet->take(QStringLiteral("a")), (QList<QByteArray>{"x", "y"}));
}

// A room's name is kept once however many members it has: each member's list holds the group's own
// string (issue 19: a client's memory), not the copy each login brought.
void TestHub::membersShareTheGroupsName()
{
    connectClients(ids("a b"));
    QCOMPARE(m_hub->joinGroup(QStringLiteral("a"), QString::fromLatin1("room-1")), Hub::Status::Ok);
    QCOMPARE(m_hub->joinGroup(QStringLiteral("b"), QString::fromLatin1("room-1")), Hub::Status::Ok);
    const QString &fromA = m_hub->client(QStringLiteral("a"))->groups.at(0);
    const QString &fromB = m_hub->client(QStringLiteral("b"))->groups.at(0);
    QCOMPARE(fromA, QStringLiteral("room-1"));
    QVERIFY(fromA.isSharedWith(fromB));
}

// Two gateways (say a plain and a TLS port) feeding one hub: sends and closes go to the client's own.
void TestHub::eachClientIsReachedThroughItsOwnOutlet()
{
    RecordingOutlet other;
    connectClients(ids("a"));
    m_hub->addClient(QStringLiteral("b"), QStringLiteral("127.0.0.1"), 5002, other);

    QCOMPARE(m_hub->sendToAll("x"), 2);
    QCOMPARE(m_hub->closeClient(QStringLiteral("b"), {}, QStringLiteral("bye")), Hub::Status::Ok);

    QCOMPARE(m_outlet->take(QStringLiteral("a")), QList<QByteArray>{"x"});
    QCOMPARE(m_outlet->take(QStringLiteral("b")), QList<QByteArray>{});
    QCOMPARE(other.take(QStringLiteral("b")), QList<QByteArray>{"x"});
    QVERIFY(m_outlet->closed.isEmpty());
    QCOMPARE(other.closed.size(), 1);
    QCOMPARE(other.closed.at(0).id, QStringLiteral("b"));
}

// A room whose history is the cluster's: announced for Redis to stamp (with its excludes and the
// catch-up riding with it), delivered here only when it comes back; other rooms as without history.
void TestHub::sharedHistoryRoomsGoToTheClusterFirst()
{
    const HistoryRooms shared(HistorySettings{10, 60, {QStringLiteral("g1")}});
    Hub hub(*m_metrics, nullptr, &shared);
    HeraldTest::connectClients(hub, *m_outlet, ids("a b"));
    hub.joinGroup(QStringLiteral("a"), QStringLiteral("g1"));
    hub.joinGroup(QStringLiteral("b"), QStringLiteral("g1"));
    hub.joinGroup(QStringLiteral("a"), QStringLiteral("g2"));
    QList<Target> announced;
    QStringList catchingUp;
    connect(&hub, &Hub::publishedToHistory, this, [&](const Target &target, const QByteArray &, const CatchUp &c) {
        announced.append(target);
        catchingUp.append(c.clientId);
    });
    QSignalSpy published(&hub, &Hub::published);
    QSignalSpy tail(&hub, &Hub::groupMessage);

    QVERIFY(hub.historyShared(QStringLiteral("g1")) && !hub.historyShared(QStringLiteral("g2")));
    QCOMPARE(hub.sendToGroup(QStringLiteral("g1"), "m", ids("b"), QStringLiteral("a"),
                             CatchUp{QStringLiteral("b"), std::nullopt, [](const RoomHistory::Recovery &) {}}),
             1);
    QVERIFY(m_outlet->sent.isEmpty()); // not yet: it comes back stamped
    QCOMPARE(published.size(), 0);
    QCOMPARE(announced.size(), 1);
    QCOMPARE(announced.first().id, QStringLiteral("g1"));
    QCOMPARE(announced.first().exclude, ids("b"));
    QCOMPARE(catchingUp, ids("b"));
    QCOMPARE(tail.size(), 1);

    QCOMPARE(hub.sendToGroup(QStringLiteral("g2"), "n"), 1); // no history: delivered and published as ever
    QCOMPARE(m_outlet->takeRecipients(), ids("a"));
    QCOMPARE(published.size(), 1);
    QCOMPARE(announced.size(), 1);
}

void TestHub::aClientCatchingUpGetsNothingOfThatGroup()
{
    fixtureForRoutes();
    m_hub->startCatchingUp(QStringLiteral("a"), QStringLiteral("g1"));
    QCOMPARE(m_hub->deliverLocal(Target::group(QStringLiteral("g1")), "held back from a"), 2);
    QCOMPARE(m_outlet->takeRecipients(), ids("c d"));
    QCOMPARE(m_hub->sendToUid(QStringLiteral("u1"), "to its uid"), 2); // only that group is held back
    QCOMPARE(m_outlet->takeRecipients(), ids("a b"));
    m_hub->stopCatchingUp(QStringLiteral("a"), QStringLiteral("g1"));
    QCOMPARE(m_hub->deliverLocal(Target::group(QStringLiteral("g1")), "again"), 3);
    QCOMPARE(m_outlet->takeRecipients(), ids("a c d"));

    m_hub->startCatchingUp(QStringLiteral("a"), QStringLiteral("g1"));
    m_hub->removeClient(QStringLiteral("a"), QStringLiteral("client")); // gone: forgotten with it
    connectClients(ids("a"));
    m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("g1"));
    QCOMPARE(m_hub->deliverLocal(Target::group(QStringLiteral("g1")), "new a"), 3);
}

// ---- hub: queries, sessions, closing ------------------------------------------------------------

void TestHub::listsAndCounts()
{
    fixtureForRoutes();
    m_hub->bindUid(QStringLiteral("d"), QStringLiteral("u2"));

    QCOMPARE(m_hub->clientCount(), 4);
    QCOMPARE(m_hub->uidCount(), 2);
    QCOMPARE(m_hub->groupCount(), 2);
    QCOMPARE(sorted(m_hub->clientIds()), ids("a b c d"));
    QCOMPARE(sorted(m_hub->uids()), ids("u1 u2"));
    QCOMPARE(sorted(m_hub->groups()), ids("g1 g2"));
    QCOMPARE(sorted(m_hub->clientIdsInGroup(QStringLiteral("g1"))), ids("a c d"));
    QCOMPARE(sorted(m_hub->uidsInGroup(QStringLiteral("g1"))), ids("u1 u2")); // c and d share u2: once
    QCOMPARE(m_hub->uidsInGroup(QStringLiteral("g2")), ids("u1"));
    QCOMPARE(m_hub->uidsInGroup(QStringLiteral("g9")), QStringList());
    QCOMPARE(sorted(m_hub->clientIdsOfUid(QStringLiteral("u2"))), ids("c d"));
    QCOMPARE(m_hub->groupSize(QStringLiteral("g1")), 3);
    QCOMPARE(m_hub->groupSize(QStringLiteral("g9")), 0);

    QStringList inG1;
    for (const ClientRecord *r : m_hub->clientsInGroup(QStringLiteral("g1")))
        inG1.append(r->id + u'/' + r->uid);
    QCOMPARE(sorted(inG1), (QStringList{QStringLiteral("a/u1"), QStringLiteral("c/u2"), QStringLiteral("d/u2")}));
    QCOMPARE(m_hub->allClients().size(), 4);

    m_hub->unbindUid(QStringLiteral("a"));
    QCOMPARE(m_hub->uidsInGroup(QStringLiteral("g1")), ids("u2")); // unbound clients have no uid to list
}

void TestHub::sessionGetSetMerge()
{
    connectClients(ids("a"));
    QSignalSpy changed(m_hub.get(), &Hub::sessionChanged);
    QVERIFY(m_hub->session(QStringLiteral("a")).has_value());
    QVERIFY(m_hub->session(QStringLiteral("a"))->isEmpty());

    QCOMPARE(m_hub->setSession(QStringLiteral("a"), QJsonObject{{QStringLiteral("k1"), 1}, {QStringLiteral("k2"), QStringLiteral("two")}}),
             Hub::Status::Ok);
    QCOMPARE(canonical(*m_hub->session(QStringLiteral("a"))), json(R"({"k1":1,"k2":"two"})"));

    // merge: keys added or replaced, null removes, others kept
    QCOMPARE(m_hub->updateSession(QStringLiteral("a"), QJsonObject{{QStringLiteral("k2"), QJsonValue::Null},
                                                                   {QStringLiteral("k3"), QJsonArray{1, 2}},
                                                                   {QStringLiteral("k1"), true}}),
             Hub::Status::Ok);
    QCOMPARE(canonical(*m_hub->session(QStringLiteral("a"))), json(R"({"k1":true,"k3":[1,2]})"));

    // set replaces the whole map
    QCOMPARE(m_hub->setSession(QStringLiteral("a"), QJsonObject{{QStringLiteral("only"), QStringLiteral("me")}}),
             Hub::Status::Ok);
    QCOMPARE(canonical(*m_hub->session(QStringLiteral("a"))), json(R"({"only":"me"})"));
    QCOMPARE(changed.count(), 3);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("a"));
}

void TestHub::closeClient_data()
{
    QTest::addColumn<QByteArray>("finalMessage");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expectedReason");
    QTest::addColumn<int>("code"); // 0: none given
    QTest::addColumn<int>("expectedCode");

    QTest::newRow("with a final message") << QByteArray(R"({"type":"bye"})") << QStringLiteral("kicked by admin")
                                          << QStringLiteral("kicked by admin") << 0 << 1000;
    QTest::newRow("plain, default reason") << QByteArray() << QString() << QStringLiteral("closed by the server") << 0
                                           << 1000;
    QTest::newRow("with a close code") << QByteArray() << QStringLiteral("send your uid first")
                                       << QStringLiteral("send your uid first") << 1008 << 1008;
}

void TestHub::closeClient()
{
    QFETCH(QByteArray, finalMessage);
    QFETCH(QString, reason);
    QFETCH(QString, expectedReason);
    QFETCH(int, code);
    QFETCH(int, expectedCode);

    connectClients(ids("a b"));
    QSignalSpy kicked(m_hub.get(), &Hub::clientKicked);

    const Hub::Status status = code ? m_hub->closeClient(QStringLiteral("a"), finalMessage, reason, code)
                                    : m_hub->closeClient(QStringLiteral("a"), finalMessage, reason);
    QCOMPARE(status, Hub::Status::Ok);

    const QList<QByteArray> expectedSent = finalMessage.isEmpty() ? QList<QByteArray>() : QList<QByteArray>{finalMessage};
    QCOMPARE(m_outlet->take(QStringLiteral("a")), expectedSent);
    QVERIFY(m_outlet->sent.isEmpty()); // b got nothing
    QCOMPARE(m_outlet->closed.size(), 1);
    QCOMPARE(m_outlet->closed.at(0).id, QStringLiteral("a"));
    QCOMPARE(m_outlet->closed.at(0).code, expectedCode);
    QCOMPARE(m_outlet->closed.at(0).reason, expectedReason);
    QCOMPARE(kicked.count(), 1);
    QCOMPARE(kicked.at(0), (QVariantList{QStringLiteral("a"), expectedReason}));
    // the gateway removes the client once its socket is closed; until then it is still known
    QVERIFY(m_hub->isOnline(QStringLiteral("a")));
}

void TestHub::incomingCounters()
{
    connectClients(ids("a"));
    m_hub->noteIncoming(QStringLiteral("a"), 10);
    m_hub->noteIncoming(QStringLiteral("a"), 32);
    m_hub->noteIncoming(QStringLiteral("ghost"), 5); // ignored
    QCOMPARE(m_hub->client(QStringLiteral("a"))->messagesIn, quint64(2));
    QCOMPARE(m_hub->client(QStringLiteral("a"))->bytesIn, quint64(42));
}

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
