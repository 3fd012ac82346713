// Three herald-server nodes joined through a real redis-server behave as one: a room's say, private says
// and client lists, a backend's call on one node for a client of another (HTTP, text port, the
// web-msg-sender form call), counts and lists that agree on every node, operations on clients of other
// nodes (from the admin channel too, which lists every node and every node's clients), a node killed
// with -9 leaving every answer, one Redis message per room message, and Redis going
// away and coming back in the middle of traffic. Heartbeats are short (kHeartbeatMs) to keep it fast.
#include "apnscerts.h"
#include "redisprocess.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QHash>
#include <QJsonArray>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

#include <csignal>
#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
constexpr int kHeartbeatMs = 300; // a silent node is dropped after three

struct RoomOfThree {
    HeraldTest::ChatClient *a = nullptr, *a2 = nullptr, *c = nullptr; // Ann and Amy on node 1, Cid on node 3
};

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}
} // namespace

class TestCluster final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void roomSayReachesEveryNode();
    void backendCallsReachClientsOfOtherNodes();
    void oneRedisMessagePerRoomMessage();
    void privateSayAndClientListCrossNodes();
    void countsAndListsAgreeOnEveryNode();
    void operationsOnClientsOfOtherNodes();
    void adminKicksAndRoomsAcrossNodes();
    void queryOnOneNodeSeesClientsOfAnother_data();
    void queryOnOneNodeSeesClientsOfAnother();
    void adminChannelSeesClientsOfOtherNodes();
    void pushToUidSkipsApnsForAUidOnlineElsewhere();
    void presenceKeptInRedisWithTtl();
    void joiningNodeReadsPresenceFromRedis();
    void adminSeesEveryNode();
    void adminListsEveryNodesClients();
    void killedNodeLeavesEveryAnswer();
    void consoleSeesOtherNodesLive();
    void roomsCountTheWholeCluster();
    void passwordFromItsFile();
    void redisHostByName();
    void frozenRedisDegradesThenHeals();
    void redisAwayThenBack(); // last: it stops Redis

private:
    ServerProcess &node(int i) { return *m_nodes.at(size_t(i)); }
    ChatClient *login(int node, const QString &name, const QString &room);
    QJsonObject call(int node, const QString &command, const QJsonObject &args);
    QJsonObject health(int node);
    bool everyNodeHealthy();
    // The answer of a read command on every node, as {node index: answer} text, for one comparison.
    QStringList everywhere(const QString &command, const QJsonObject &args = {});
    std::unique_ptr<ServerProcess> startNode(const QString &id, int heartbeatMs = kHeartbeatMs);
    // The client of another node each query row looks for: Cid on node 3, in room rf, bound to u-far.
    ChatClient *farClient();
    // Three in `room`, each login seen by Ann; all null if not.
    RoomOfThree roomOfThree(const QString &room);
    // An admin connection to a node, past its snapshot.
    std::unique_ptr<WsClient> admin(int node);
    // The last "nodes" message an admin connection received: each node's object by its id.
    static QHash<QString, QJsonObject> lastNodes(const WsClient &admin);
    // Every live event an admin connection received, as "event client_id detail" lines.
    static QStringList eventLines(const WsClient &admin);
    // A room's entry in the snapshot of a console that connects to a node now.
    QJsonObject roomInSnapshot(int node, const QString &room);

    RedisProcess m_redis;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
    HttpClient m_http;
};

void TestCluster::initTestCase()
{
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    for (const char *id : {"1", "2", "3"}) {
        m_nodes.push_back(startNode(QLatin1String(id)));
        QVERIFY(m_nodes.back());
    }
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeHealthy(), 10000);
}

void TestCluster::cleanup()
{
    m_clients.clear();
}

std::unique_ptr<ServerProcess> TestCluster::startNode(const QString &id, int heartbeatMs)
{
    return ServerProcess::started({u"--redis"_s, m_redis.url(), u"--node-id"_s, id, u"--cluster-heartbeat"_s,
                                   QString::number(heartbeatMs)});
}

QStringList TestCluster::everywhere(const QString &command, const QJsonObject &args)
{
    QStringList answers;
    for (int i = 0; i < int(m_nodes.size()); ++i) {
        QJsonObject answer = call(i, command, args);
        for (const QString &key : answer.keys()) { // lists in a stable order
            if (answer.value(key).isArray()) {
                QStringList items;
                for (const QJsonValue &v : answer.value(key).toArray())
                    items.append(v.toString());
                answer.insert(key, QJsonArray::fromStringList(sorted(items)));
            }
        }
        answers.append(QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)));
    }
    return answers;
}

ChatClient *TestCluster::login(int n, const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    if (!client->connectAndLogin(node(n).clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
}

std::unique_ptr<WsClient> TestCluster::admin(int n)
{
    auto ws = std::make_unique<WsClient>();
    if (!ws->open(node(n).adminUrl(), 5000, node(n).adminToken().toUtf8()) || ws->waitFor(u"snapshot"_s).isEmpty())
        return nullptr;
    return ws;
}

QHash<QString, QJsonObject> TestCluster::lastNodes(const WsClient &admin)
{
    QHash<QString, QJsonObject> nodes;
    const QList<QJsonObject> messages = admin.ofType(u"nodes"_s);
    if (!messages.isEmpty()) {
        for (const QJsonValue &n : messages.constLast().value(u"nodes").toArray())
            nodes.insert(n.toObject().value(u"node").toString(), n.toObject());
    }
    return nodes;
}

QStringList TestCluster::eventLines(const WsClient &admin)
{
    QStringList lines;
    for (const QJsonObject &m : admin.ofType(u"events"_s)) {
        for (const QJsonValue &v : m.value(u"events").toArray()) {
            const QJsonObject e = v.toObject();
            const QString id = e.contains(u"client") ? e.value(u"client").toObject().value(u"id").toString() // connect
                                                     : e.value(u"client_id").toString();
            const QString detail = e.value(u"room").toString() + e.value(u"uid").toString() + e.value(u"reason").toString();
            lines.append(u"%1 %2 %3"_s.arg(e.value(u"event").toString(), id, detail).trimmed());
        }
    }
    return lines;
}

QJsonObject TestCluster::roomInSnapshot(int n, const QString &room)
{
    const std::unique_ptr<WsClient> ws = admin(n);
    if (!ws)
        return {};
    for (const QJsonValue &r : ws->ofType(u"snapshot"_s).constFirst().value(u"rooms").toArray()) {
        if (r.toObject().value(u"room").toString() == room)
            return r.toObject();
    }
    return {};
}

QJsonObject TestCluster::call(int n, const QString &command, const QJsonObject &args)
{
    return m_http.command(node(n).apiUrl(), command, args, node(n).apiKey().toUtf8()).json();
}

QJsonObject TestCluster::health(int n)
{
    return m_http.get(node(n).apiUrl(u"/healthz"_s)).json();
}

bool TestCluster::everyNodeHealthy()
{
    for (int i = 0; i < int(m_nodes.size()); ++i) {
        if (health(i).value(u"status").toString() != u"ok")
            return false;
    }
    return true;
}

void TestCluster::roomSayReachesEveryNode()
{
    ChatClient *a = login(0, u"Ann"_s, u"r1"_s);
    ChatClient *b = login(1, u"Bob"_s, u"r1"_s);
    QVERIFY(a && b);
    QCOMPARE(a->ws.waitFor(u"login"_s).value(u"client_name"), u"Bob"_s); // Bob's login, from node 2
    ChatClient *c = login(2, u"Cid"_s, u"r1"_s);
    QVERIFY(c);
    QTRY_COMPARE(a->ws.ofType(u"login"_s).size(), 3); // its own, Bob's and Cid's
    QTRY_COMPARE(b->ws.ofType(u"login"_s).size(), 2); // its own and Cid's

    a->say(u"hello from node 1"_s);
    for (ChatClient *listener : {b, c}) {
        const QJsonObject say = listener->ws.waitFor(u"say"_s);
        QCOMPARE(say.value(u"from_client_id").toString(), a->clientId);
        QCOMPARE(say.value(u"content").toString(), u"hello from node 1"_s);
    }
    QCOMPARE(a->ws.waitFor(u"say"_s).value(u"content"), u"hello from node 1"_s); // once, its own node's
    QCOMPARE(a->ws.ofType(u"say"_s).size(), 1);
}

void TestCluster::backendCallsReachClientsOfOtherNodes()
{
    ChatClient *a = login(0, u"Ann"_s, u"r2"_s);
    ChatClient *c = login(2, u"Cid"_s, u"r2"_s);
    QVERIFY(a && c);
    QCOMPARE(call(2, u"bindUid"_s, {{u"client_id"_s, c->clientId}, {u"uid"_s, u"u-cid"_s}}).value(u"ok"), true);

    // HTTP on node 1, for a uid bound on node 3
    QCOMPARE(call(0, u"sendToUid"_s, {{u"uid"_s, u"u-cid"_s}, {u"message"_s, uR"({"type":"by-uid"})"_s}}).value(u"ok"), true);
    QVERIFY(!c->ws.waitFor(u"by-uid"_s).isEmpty());

    // the text port of node 1, for a room with a member on node 3
    TextClient text;
    QVERIFY(text.open(node(0).textPort()));
    QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, node(0).apiKey()}}).value(u"ok"), true);
    QCOMPARE(text.call({{u"cmd"_s, u"sendToGroup"_s}, {u"group"_s, u"r2"_s}, {u"message"_s, uR"({"type":"by-room"})"_s},
                        {u"exclude"_s, QJsonArray{a->clientId}}})
                 .value(u"ok"),
             true);
    QVERIFY(!c->ws.waitFor(u"by-room"_s).isEmpty());

    // web-msg-sender's form call on node 1
    QUrlQuery form;
    form.addQueryItem(u"type"_s, u"publish"_s);
    form.addQueryItem(u"to"_s, u"u-cid"_s);
    form.addQueryItem(u"content"_s, uR"({"type":"by-form"})"_s);
    form.addQueryItem(u"key"_s, node(0).apiKey());
    QUrl url = node(0).apiUrl(u"/"_s);
    url.setQuery(form);
    QCOMPARE(m_http.get(url).status, 200);
    QVERIFY(!c->ws.waitFor(u"by-form"_s).isEmpty());

    // everyone, from node 2, but the excluded client of node 3
    QCOMPARE(call(1, u"sendToAll"_s, {{u"message"_s, uR"({"type":"to-all"})"_s}, {u"exclude"_s, QJsonArray{c->clientId}}})
                 .value(u"ok"),
             true);
    QVERIFY(!a->ws.waitFor(u"to-all"_s).isEmpty());
    QVERIFY(sayGoesRound(node(2).clientUrl(), u"r2"_s, c)); // anything for c came before this
    QVERIFY(c->ws.ofType(u"to-all"_s).isEmpty());
    QVERIFY(a->ws.ofType(u"by-room"_s).isEmpty()); // excluded across nodes too
}

void TestCluster::oneRedisMessagePerRoomMessage()
{
    std::vector<ChatClient *> members;
    for (int n = 0; n < 3; ++n) {
        for (int k = 0; k < 3; ++k) {
            members.push_back(login(n, u"m%1-%2"_s.arg(n).arg(k), u"r3"_s));
            QVERIFY(members.back());
        }
    }
    for (ChatClient *m : members)
        QTRY_COMPARE(m->ws.ofType(u"login"_s).size() >= 1, true);
    RedisCounter counter(m_redis.port(), "herald:cluster");
    QVERIFY(counter.isSubscribed());

    members.front()->say(u"one message"_s);
    for (ChatClient *m : members)
        QVERIFY(!m->ws.waitFor(u"say"_s).isEmpty());
    QTRY_COMPARE(counter.count(), 1);
    members.back()->say(u"another"_s); // from node 3: one more, not one per node or member
    for (ChatClient *m : members)
        QTRY_COMPARE(m->ws.ofType(u"say"_s).size(), 2);
    QTRY_COMPARE(counter.count(), 2);
    for (int n = 0; n < 3; ++n) // presence and operations travel beside the envelopes, never taken for bad ones
        QCOMPARE(node(n).metric(u"herald_cluster_bad_envelopes_total"_s), 0);
}

void TestCluster::privateSayAndClientListCrossNodes()
{
    ChatClient *a = login(0, u"Ann"_s, u"r5"_s);
    ChatClient *b = login(1, u"Bob"_s, u"r5"_s);
    QVERIFY(a && b);
    QTRY_COMPARE(a->ws.ofType(u"login"_s).size(), 2); // Bob's presence has reached every node by now
    QTRY_COMPARE(call(2, u"getClientIdCountByGroup"_s, {{u"group"_s, u"r5"_s}}).value(u"count").toInt(), 2);
    ChatClient *c = login(2, u"Cid"_s, u"r5"_s);
    QVERIFY(c);
    const QJsonObject list = c->loginReply.value(u"client_list").toObject();
    QCOMPARE(list, (QJsonObject{{a->clientId, u"Ann"_s}, {b->clientId, u"Bob"_s}, {c->clientId, u"Cid"_s}}));

    a->say(u"just for you"_s, c->clientId, u"Cid"_s);
    const QJsonObject said = c->ws.waitFor(u"say"_s);
    QCOMPARE(said.value(u"from_client_id").toString(), a->clientId);
    QCOMPARE(said.value(u"to_client_id").toString(), c->clientId);
    QVERIFY(said.value(u"content").toString().endsWith(u"just for you"_s));
    QCOMPARE(a->ws.waitFor(u"say"_s).value(u"to_client_id").toString(), c->clientId); // the echo
    QVERIFY(sayGoesRound(node(1).clientUrl(), u"r5"_s, b));
    QVERIFY(b->ws.ofType(u"say"_s).size() == 1); // only the round's: the private say went to Cid alone
}

void TestCluster::countsAndListsAgreeOnEveryNode()
{
    ChatClient *a = login(0, u"Ann"_s, u"r6"_s);
    ChatClient *b = login(1, u"Bob"_s, u"r6"_s);
    ChatClient *c = login(2, u"Cid"_s, u"r6"_s);
    QVERIFY(a && b && c);
    QCOMPARE(call(0, u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"u-ann"_s}}).value(u"ok"), true);
    QCOMPARE(call(2, u"bindUid"_s, {{u"client_id"_s, c->clientId}, {u"uid"_s, u"u-cid"_s}}).value(u"ok"), true);
    QCOMPARE(call(1, u"setSession"_s, {{u"client_id"_s, b->clientId}, {u"session"_s, QJsonObject{{u"k"_s, 1}}}}).value(u"ok"),
             true);

    const auto same = [this](const QString &command, const QJsonObject &args, const QJsonObject &expected) {
        const QString want = QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact));
        return everywhere(command, args) == QStringList{want, want, want};
    };
    const QJsonObject ok{{u"ok"_s, true}};
    QTRY_VERIFY(same(u"getAllClientIdCount"_s, {}, {{u"count"_s, 3}, {u"ok"_s, true}}));
    QTRY_VERIFY(same(u"getAllClientIdList"_s, {},
                     {{u"client_ids"_s, QJsonArray::fromStringList(sorted({a->clientId, b->clientId, c->clientId}))},
                      {u"ok"_s, true}}));
    QTRY_VERIFY(same(u"getUidListByGroup"_s, {{u"group"_s, u"r6"_s}},
                     {{u"uids"_s, QJsonArray{u"u-ann"_s, u"u-cid"_s}}, {u"ok"_s, true}}));
    QTRY_VERIFY(same(u"isUidOnline"_s, {{u"uid"_s, u"u-cid"_s}}, {{u"online"_s, true}, {u"ok"_s, true}}));
    QTRY_VERIFY(same(u"isOnline"_s, {{u"client_id"_s, a->clientId}}, {{u"online"_s, true}, {u"ok"_s, true}}));
    QTRY_COMPARE(call(0, u"getSession"_s, {{u"client_id"_s, b->clientId}}).value(u"session").toObject().value(u"k"), 1);
    QTRY_VERIFY(same(u"getClientIdByUid"_s, {{u"uid"_s, u"u-ann"_s}},
                     {{u"client_ids"_s, QJsonArray{a->clientId}}, {u"ok"_s, true}}));

    m_clients.clear(); // everyone leaves: every node sees it
    QTRY_VERIFY(same(u"getAllClientIdCount"_s, {}, {{u"count"_s, 0}, {u"ok"_s, true}}));
    QTRY_VERIFY(same(u"isUidOnline"_s, {{u"uid"_s, u"u-cid"_s}}, {{u"online"_s, false}, {u"ok"_s, true}}));
}

void TestCluster::operationsOnClientsOfOtherNodes()
{
    ChatClient *c = login(2, u"Cid"_s, u"r7"_s);
    QVERIFY(c);
    QTRY_VERIFY(call(0, u"isOnline"_s, {{u"client_id"_s, c->clientId}}).value(u"online").toBool());

    // from node 1 on node 3's client: room, uid, session
    QCOMPARE(call(0, u"joinGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, u"g7"_s}}).value(u"ok"), true);
    QCOMPARE(call(0, u"bindUid"_s, {{u"client_id"_s, c->clientId}, {u"uid"_s, u"u-7"_s}}).value(u"ok"), true);
    QCOMPARE(call(0, u"updateSession"_s, {{u"client_id"_s, c->clientId}, {u"session"_s, QJsonObject{{u"v"_s, 7}}}}).value(u"ok"),
             true);
    QTRY_COMPARE(call(2, u"getClientIdCountByGroup"_s, {{u"group"_s, u"g7"_s}}).value(u"count").toInt(), 1);
    QTRY_VERIFY(call(1, u"isUidOnline"_s, {{u"uid"_s, u"u-7"_s}}).value(u"online").toBool());
    QTRY_COMPARE(call(2, u"getSession"_s, {{u"client_id"_s, c->clientId}}).value(u"session").toObject().value(u"v"), 7);
    QCOMPARE(call(1, u"sendToGroup"_s, {{u"group"_s, u"g7"_s}, {u"message"_s, uR"({"type":"g7"})"_s}}).value(u"ok"), true);
    QVERIFY(!c->ws.waitFor(u"g7"_s).isEmpty());

    QCOMPARE(call(0, u"leaveGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, u"g7"_s}}).value(u"ok"), true);
    QTRY_COMPARE(call(1, u"getClientIdCountByGroup"_s, {{u"group"_s, u"g7"_s}}).value(u"count").toInt(), 0);

    // an unknown client is refused as on a single node
    const QJsonObject refused = call(0, u"bindUid"_s, {{u"client_id"_s, u"00000003ffffffffffff"_s}, {u"uid"_s, u"x"_s}});
    QCOMPARE(refused.value(u"error").toObject().value(u"code").toInt(), int(ApiCode::NoSuchClient));

    // a kick from node 2 closes node 3's client, and every node forgets it
    QCOMPARE(call(1, u"closeClient"_s, {{u"client_id"_s, c->clientId}}).value(u"ok"), true);
    QVERIFY(c->ws.waitClosed());
    QTRY_VERIFY(!call(0, u"isOnline"_s, {{u"client_id"_s, c->clientId}}).value(u"online").toBool());
}

// The console's commands go through the same dispatch: on node 1's admin channel, room operations, a
// broadcast to a room spanning nodes 1 and 3, and a kick for a client of node 3.
void TestCluster::adminKicksAndRoomsAcrossNodes()
{
    ChatClient *c = login(2, u"Cid"_s, u"r9"_s);
    ChatClient *a = login(0, u"Ann"_s, u"r9a"_s);
    QVERIFY(c && a);
    QTRY_VERIFY(call(0, u"isOnline"_s, {{u"client_id"_s, c->clientId}}).value(u"online").toBool());
    WsClient admin;
    QVERIFY(admin.open(node(0).adminUrl(), 5000, node(0).adminToken().toUtf8()));
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
    int id = 0;
    const auto command = [&](const QString &cmd, const QJsonObject &args) {
        admin.sendJson({{u"type"_s, u"command"_s}, {u"id"_s, ++id}, {u"cmd"_s, cmd}, {u"args"_s, args}});
        QJsonObject reply;
        QTest::qWaitFor([&] {
            for (const QJsonObject &m : admin.messages()) {
                if (m.value(u"id") == QJsonValue(id))
                    reply = m;
            }
            return !reply.isEmpty();
        });
        return reply.value(u"result").toObject().value(u"ok").toBool();
    };

    QVERIFY(command(u"joinGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, u"g9"_s}}));
    QVERIFY(command(u"joinGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"g9"_s}}));
    QTRY_COMPARE(call(2, u"getClientIdCountByGroup"_s, {{u"group"_s, u"g9"_s}}).value(u"count").toInt(), 2);
    QVERIFY(command(u"sendToGroup"_s, {{u"group"_s, u"g9"_s}, {u"message"_s, uR"({"type":"from-console"})"_s}}));
    QVERIFY(!c->ws.waitFor(u"from-console"_s).isEmpty());
    QVERIFY(!a->ws.waitFor(u"from-console"_s).isEmpty());

    QVERIFY(command(u"leaveGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, u"g9"_s}}));
    QTRY_COMPARE(call(2, u"getClientIdCountByGroup"_s, {{u"group"_s, u"g9"_s}}).value(u"count").toInt(), 1);
    QVERIFY(command(u"sendToGroup"_s, {{u"group"_s, u"g9"_s}, {u"message"_s, uR"({"type":"after-leave"})"_s}}));
    QVERIFY(!a->ws.waitFor(u"after-leave"_s).isEmpty());
    QVERIFY(c->ws.ofType(u"after-leave"_s).isEmpty()); // sent after a's copy, over the same bus: c would have it
    QVERIFY(command(u"closeClient"_s, {{u"client_id"_s, c->clientId}, {u"reason"_s, u"kicked"_s}}));
    QVERIFY(c->ws.waitClosed());
}

RoomOfThree TestCluster::roomOfThree(const QString &room)
{
    const RoomOfThree r{login(0, u"Ann"_s, room), login(0, u"Amy"_s, room), login(2, u"Cid"_s, room)};
    if (!r.a || !r.a2 || !r.c || !QTest::qWaitFor([&r] { return r.a->ws.ofType(u"login"_s).size() == 3; }))
        return {};
    return r;
}

ChatClient *TestCluster::farClient()
{
    ChatClient *c = login(2, u"Cid"_s, u"rf"_s);
    if (!c || !call(2, u"bindUid"_s, {{u"client_id"_s, c->clientId}, {u"uid"_s, u"u-far"_s}}).value(u"ok").toBool())
        return nullptr;
    return c;
}

// Every query of the command table, asked on node 1 about a client of node 3 (and nobody else).
void TestCluster::queryOnOneNodeSeesClientsOfAnother_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QJsonObject>("args"); // "$id" stands for the client's id
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject byId{{u"client_id"_s, u"$id"_s}};
    const QJsonObject byUid{{u"uid"_s, u"u-far"_s}};
    const QJsonObject byRoom{{u"group"_s, u"rf"_s}};
    const QJsonObject one{{u"count"_s, 1}};
    const QJsonObject online{{u"online"_s, true}};
    const QJsonObject ids{{u"client_ids"_s, QJsonArray{u"$id"_s}}};
    const QJsonObject uids{{u"uids"_s, QJsonArray{u"u-far"_s}}};
    QTest::newRow("getUidByClientId") << u"getUidByClientId"_s << byId << QJsonObject{{u"uid"_s, u"u-far"_s}};
    QTest::newRow("getClientIdByUid") << u"getClientIdByUid"_s << byUid << ids;
    QTest::newRow("getClientIdListByGroup") << u"getClientIdListByGroup"_s << byRoom << ids;
    QTest::newRow("getClientIdCountByGroup") << u"getClientIdCountByGroup"_s << byRoom << one;
    QTest::newRow("getUidListByGroup") << u"getUidListByGroup"_s << byRoom << uids;
    QTest::newRow("getUidCountByGroup") << u"getUidCountByGroup"_s << byRoom << one;
    QTest::newRow("getAllClientIdList") << u"getAllClientIdList"_s << QJsonObject() << ids;
    QTest::newRow("getAllClientIdCount") << u"getAllClientIdCount"_s << QJsonObject() << one;
    QTest::newRow("getAllUidList") << u"getAllUidList"_s << QJsonObject() << uids;
    QTest::newRow("getAllUidCount") << u"getAllUidCount"_s << QJsonObject() << one;
    QTest::newRow("getAllGroupIdList") << u"getAllGroupIdList"_s << QJsonObject() << QJsonObject{{u"groups"_s, QJsonArray{u"rf"_s}}};
    QTest::newRow("getAllGroupCount") << u"getAllGroupCount"_s << QJsonObject() << one;
    QTest::newRow("isOnline") << u"isOnline"_s << byId << online;
    QTest::newRow("isUidOnline") << u"isUidOnline"_s << byUid << online;
    QTest::newRow("getSession") << u"getSession"_s << byId
                                << QJsonObject{{u"session"_s, QJsonObject{{u"client_name"_s, u"Cid"_s}, {u"room_id"_s, u"rf"_s}}}};
    QTest::newRow("sendToClient") << u"sendToClient"_s << QJsonObject{{u"client_id"_s, u"$id"_s}, {u"message"_s, u"far"_s}}
                                  << QJsonObject{{u"delivered"_s, 1}};
}

void TestCluster::queryOnOneNodeSeesClientsOfAnother()
{
    QFETCH(QString, command);
    QFETCH(QJsonObject, args);
    QFETCH(QJsonObject, expected);
    ChatClient *c = farClient();
    QVERIFY(c);
    const auto text = [&c](const QJsonObject &o) {
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)).replace(u"$id"_s, c->clientId);
    };
    expected.insert(u"ok"_s, true);
    const QJsonObject withId = QJsonDocument::fromJson(text(args).toUtf8()).object();
    QTRY_COMPARE(text(call(0, command, withId)), text(expected));
}

// The console on node 1 shows node 3's client: in its snapshot (clients, rooms, counts) and listClients.
void TestCluster::adminChannelSeesClientsOfOtherNodes()
{
    ChatClient *c = farClient();
    QVERIFY(c);
    // Node 1 knows this Cid bound (not only the one of the test before, which may not be gone yet).
    QTRY_COMPARE(call(0, u"getClientIdByUid"_s, {{u"uid"_s, u"u-far"_s}}).value(u"client_ids").toArray(),
                 QJsonArray{c->clientId});
    QTRY_COMPARE(call(0, u"getAllClientIdCount"_s, {}).value(u"count").toInt(), 1);
    WsClient admin;
    QVERIFY(admin.open(node(0).adminUrl(), 5000, node(0).adminToken().toUtf8()));
    const QJsonObject snapshot = admin.waitFor(u"snapshot"_s);
    const auto has = [&c](const QJsonArray &clients) {
        for (const QJsonValue &v : clients) {
            const QJsonObject o = v.toObject();
            if (o.value(u"id").toString() == c->clientId)
                return o.value(u"uid").toString() == u"u-far" && o.value(u"rooms").toArray() == QJsonArray{u"rf"_s};
        }
        return false;
    };
    QVERIFY2(has(snapshot.value(u"clients").toArray()), qPrintable(QString::fromUtf8(QJsonDocument(snapshot).toJson())));
    QCOMPARE(snapshot.value(u"rooms").toArray(),
             (QJsonArray{QJsonObject{{u"room"_s, u"rf"_s}, {u"members"_s, 1}, {u"nodes"_s, QJsonObject{{u"00000003"_s, 1}}}}}));
    QCOMPARE(snapshot.value(u"stats").toObject().value(u"connections").toInt(), 1);
    QCOMPARE(snapshot.value(u"stats").toObject().value(u"uids").toInt(), 1);

    admin.sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 1}, {u"cmd"_s, u"listClients"_s}, {u"args"_s, QJsonObject()}});
    QJsonObject listed;
    QVERIFY(QTest::qWaitFor([&] {
        for (const QJsonObject &m : admin.messages()) {
            if (m.value(u"type").toString() == u"result" && m.value(u"id") == QJsonValue(1))
                listed = m.value(u"result").toObject();
        }
        return !listed.isEmpty();
    }));
    QVERIFY2(has(listed.value(u"clients").toArray()), qPrintable(QString::fromUtf8(QJsonDocument(listed).toJson())));
}

// pushToUid on a node with APNs for a uid online on another node: delivered there, no APNs push.
void TestCluster::pushToUidSkipsApnsForAUidOnlineElsewhere()
{
    ApnsTestCredentials credentials;
    QVERIFY2(credentials.create(), qPrintable(credentials.errorString()));
    // Nothing may reach APNs here: its host is a closed loopback port.
    auto pusher = ServerProcess::started({u"--redis"_s, m_redis.url(), u"--node-id"_s, u"8"_s, u"--cluster-heartbeat"_s,
                                          QString::number(kHeartbeatMs), u"--apns-p8"_s, credentials.signingKeyFile(),
                                          u"--apns-key-id"_s, u"ABC123DEFG"_s, u"--apns-team-id"_s, u"DEF123GHIJ"_s,
                                          u"--apns-topic"_s, u"com.example.chat"_s, u"--apns-host"_s, u"127.0.0.1"_s,
                                          u"--apns-port"_s, u"9"_s});
    QVERIFY(pusher);
    ChatClient *c = farClient();
    QVERIFY(c);
    const auto ask = [&](const QString &command, const QJsonObject &args) {
        return m_http.command(pusher->apiUrl(), command, args, pusher->apiKey().toUtf8()).json();
    };
    QTRY_VERIFY(ask(u"isUidOnline"_s, {{u"uid"_s, u"u-far"_s}}).value(u"online").toBool());
    const QJsonObject pushed = ask(u"pushToUid"_s, {{u"uid"_s, u"u-far"_s}, {u"message"_s, uR"({"type":"pushed"})"_s},
                                                    {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(pushed.value(u"online").toBool(), true);
    QCOMPARE(pushed.value(u"apns").toObject().value(u"skipped").toString(), u"online"_s);
    QVERIFY(!c->ws.waitFor(u"pushed"_s).isEmpty());
}

// Each node's clients are in Redis too (herald:clients:<node>), with a time to live it refreshes, and
// every change reaches it.
void TestCluster::presenceKeptInRedisWithTtl()
{
    ChatClient *c = farClient();
    QVERIFY(c);
    const QByteArray key = "herald:clients:00000003";
    const QByteArray id = c->clientId.toUtf8();
    QTRY_VERIFY(m_redis.command({"HGET", key, id}).contains(R"("uid":"u-far")"));
    QVERIFY(m_redis.command({"HGET", key, id}).contains(R"("groups":["rf"])"));
    const qint64 ttl = m_redis.command({"PTTL", key}).mid(1).trimmed().toLongLong();
    QVERIFY2(ttl > 0 && ttl <= 3 * kHeartbeatMs, qPrintable(QString::number(ttl)));

    QCOMPARE(call(0, u"updateSession"_s, {{u"client_id"_s, c->clientId}, {u"session"_s, QJsonObject{{u"k"_s, u"in-redis"_s}}}})
                 .value(u"ok"),
             true);
    QTRY_VERIFY(m_redis.command({"HGET", key, id}).contains(R"("k":"in-redis")"));
    m_clients.clear();
    QTRY_COMPARE(m_redis.command({"HEXISTS", key, id}), QByteArray(":0\r\n"));
}

// A node that joins reads the others' clients from Redis: here a node "ff" that says nothing on the bus
// and exists only as its hash.
void TestCluster::joiningNodeReadsPresenceFromRedis()
{
    const QByteArray key = "herald:clients:000000ff";
    const QByteArray ghost = "000000ff000000000001";
    QCOMPARE(m_redis.command({"HSET", key, ghost, R"({"uid":"u-ghost","groups":["rg"]})"}), QByteArray(":1\r\n"));
    QCOMPARE(m_redis.command({"PEXPIRE", key, "20000"}), QByteArray(":1\r\n"));
    // Its heartbeat is long enough that the silent "ff" is not dropped before it is looked at.
    std::unique_ptr<ServerProcess> fifth = startNode(u"5"_s, 5000);
    QVERIFY(fifth);
    const auto ask = [&](const QString &command, const QJsonObject &args) {
        return m_http.command(fifth->apiUrl(), command, args, fifth->apiKey().toUtf8()).json();
    };
    QTRY_VERIFY(ask(u"isUidOnline"_s, {{u"uid"_s, u"u-ghost"_s}}).value(u"online").toBool());
    QCOMPARE(ask(u"getClientIdListByGroup"_s, {{u"group"_s, u"rg"_s}}).value(u"client_ids").toArray(),
             QJsonArray{QString::fromLatin1(ghost)});
    QCOMPARE(m_redis.command({"DEL", key}), QByteArray(":1\r\n"));
}

// Connected to node 1, the console sees the three nodes (itself first), their counts as their heartbeats
// bring them, and a node that joins.
void TestCluster::adminSeesEveryNode()
{
    const std::unique_ptr<WsClient> ws = admin(0);
    QVERIFY(ws);
    QVERIFY(!ws->waitFor(u"nodes"_s).isEmpty()); // right after the snapshot
    QTRY_COMPARE(lastNodes(*ws).size(), 3);
    const QJsonArray first = ws->ofType(u"nodes"_s).constLast().value(u"nodes").toArray();
    QCOMPARE(first.at(0).toObject().value(u"node").toString(), u"00000001"_s);
    QCOMPARE(first.at(0).toObject().value(u"self").toBool(), true);
    QVERIFY(!first.at(0).toObject().contains(u"last_heartbeat"));
    for (const QString &id : {u"00000001"_s, u"00000002"_s, u"00000003"_s}) {
        const QJsonObject n = lastNodes(*ws).value(id);
        QCOMPARE(n.value(u"state").toString(), u"up"_s);
        QVERIFY(!n.value(u"version").toString().isEmpty());
        QVERIFY(n.value(u"listen").toArray().size() >= 2);
        QVERIFY(QDateTime::fromString(n.value(u"started_at").toString(), Qt::ISODate).isValid());
    }
    QVERIFY(QDateTime::fromString(lastNodes(*ws).value(u"00000003"_s).value(u"last_heartbeat").toString(), Qt::ISODateWithMs)
                .isValid());

    ChatClient *c = login(2, u"Cid"_s, u"r3"_s);
    ChatClient *b = login(1, u"Bob"_s, u"r3"_s);
    QVERIFY(c && b);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000003"_s).value(u"clients").toInt(), 1); // on node 3's next heartbeat
    QTRY_COMPARE(lastNodes(*ws).value(u"00000003"_s).value(u"rooms").toInt(), 1);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000002"_s).value(u"clients").toInt(), 1);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000001"_s).value(u"clients").toInt(), 0);

    std::unique_ptr<ServerProcess> fifth = startNode(u"5"_s);
    QVERIFY(fifth);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000005"_s).value(u"state").toString(), u"up"_s);
    fifth->process().kill();
    QVERIFY(fifth->process().waitForFinished(5000));
    QTRY_VERIFY(!lastNodes(*ws).contains(u"00000005"_s)); // dropped after three silent heartbeats
}

// listClients on node 1 answers for every node: a client of node 3 is listed, with its room and name.
void TestCluster::adminListsEveryNodesClients()
{
    ChatClient *c = login(2, u"Cid"_s, u"r5"_s);
    ChatClient *a = login(0, u"Ann"_s, u"r5"_s);
    QVERIFY(c && a);
    const std::unique_ptr<WsClient> ws = admin(0);
    QVERIFY(ws);
    const auto listed = [&ws](const QString &clientId) {
        ws->sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 1}, {u"cmd"_s, u"listClients"_s}});
        const QJsonObject result = ws->waitFor(u"result"_s);
        for (const QJsonValue &v : result.value(u"result").toObject().value(u"clients").toArray()) {
            if (v.toObject().value(u"id").toString() == clientId)
                return v.toObject();
        }
        return QJsonObject();
    };
    QTRY_COMPARE(listed(c->clientId).value(u"name").toString(), u"Cid"_s);
    QVERIFY(c->clientId.startsWith(u"00000003"));
    QCOMPARE(listed(c->clientId).value(u"rooms").toArray(), QJsonArray({u"r5"_s}));
    QCOMPARE(listed(a->clientId).value(u"name").toString(), u"Ann"_s);
    // and so does the snapshot of a console that connects now
    const std::unique_ptr<WsClient> later = admin(0);
    QVERIFY(later);
    QStringList ids;
    for (const QJsonValue &v : later->ofType(u"snapshot"_s).constFirst().value(u"clients").toArray())
        ids.append(v.toObject().value(u"id").toString());
    QVERIFY2(ids.contains(c->clientId) && ids.contains(a->clientId), qPrintable(ids.join(u' ')));
}

void TestCluster::killedNodeLeavesEveryAnswer()
{
    std::unique_ptr<ServerProcess> fourth = startNode(u"4"_s);
    QVERIFY(fourth);
    auto client = std::make_unique<ChatClient>();
    QVERIFY(client->connectAndLogin(fourth->clientUrl(), u"Dee"_s, u"r8"_s));
    QCOMPARE(m_http.command(fourth->apiUrl(), u"bindUid"_s, {{u"client_id"_s, client->clientId}, {u"uid"_s, u"u-dee"_s}},
                            fourth->apiKey().toUtf8()).json().value(u"ok"), true);
    QTRY_VERIFY(call(0, u"isUidOnline"_s, {{u"uid"_s, u"u-dee"_s}}).value(u"online").toBool());
    QTRY_COMPARE(health(1).value(u"cluster").toObject().value(u"nodes").toArray().size(), 3);
    const QList<QByteArray> registered{"HEXISTS", "herald:nodes", "00000004"};
    QTRY_COMPARE(m_redis.command(registered), QByteArray(":1\r\n")); // the node registry in Redis
    QVERIFY(m_redis.command({"PTTL", "herald:nodes"}).mid(1).trimmed().toInt() > 0); // gone if every node is
    const QList<QByteArray> itsClients{"HEXISTS", "herald:clients:00000004", client->clientId.toUtf8()};
    QTRY_COMPARE(m_redis.command(itsClients), QByteArray(":1\r\n"));
    QVERIFY(m_redis.command({"PTTL", "herald:clients:00000004"}).mid(1).trimmed().toInt() > 0);

    fourth->process().kill(); // -9: it says goodbye to no one
    QVERIFY(fourth->process().waitForFinished(5000));
    QElapsedTimer gone;
    gone.start();
    QTRY_VERIFY_WITH_TIMEOUT(everywhere(u"isUidOnline"_s, {{u"uid"_s, u"u-dee"_s}}).join(QString()).count(u"false") == 3, 15000);
    QTRY_VERIFY(everywhere(u"isOnline"_s, {{u"client_id"_s, client->clientId}}).join(QString()).count(u"false") == 3);
    QVERIFY(gone.elapsed() < 15000);
    QCOMPARE(health(1).value(u"cluster").toObject().value(u"nodes").toArray().size(), 2);
    QTRY_COMPARE(m_redis.command(registered), QByteArray(":0\r\n"));
    QTRY_COMPARE(m_redis.command({"EXISTS", "herald:clients:00000004"}), QByteArray(":0\r\n")); // by its TTL
}

// A console on node 1 hears of node 3's clients as they come, join, bind and go, as of its own: the
// events arrive live (this admin connection never asks listClients).
void TestCluster::consoleSeesOtherNodesLive()
{
    const std::unique_ptr<WsClient> ws = admin(0);
    QVERIFY(ws);
    ChatClient *c = login(2, u"Cid"_s, u"live"_s);
    QVERIFY(c);
    const QString id = c->clientId;
    QTRY_VERIFY2(eventLines(*ws).contains(u"connect %1"_s.arg(id)), qPrintable(eventLines(*ws).join(u'\n')));
    QTRY_VERIFY2(eventLines(*ws).contains(u"join %1 live"_s.arg(id)), qPrintable(eventLines(*ws).join(u'\n')));
    QCOMPARE(call(2, u"bindUid"_s, {{u"client_id"_s, id}, {u"uid"_s, u"u-live"_s}}).value(u"ok"), true);
    QTRY_VERIFY(eventLines(*ws).contains(u"bind %1 u-live"_s.arg(id)));
    c->ws.socket().close();
    QTRY_VERIFY2(eventLines(*ws).contains(u"disconnect %1 client"_s.arg(id)), qPrintable(eventLines(*ws).join(u'\n')));
    const QStringList lines = eventLines(*ws);
    // as for a client of its own node: the leave and unbind before the disconnect
    QVERIFY(lines.indexOf(u"leave %1 live"_s.arg(id)) >= 0);
    QVERIFY(lines.indexOf(u"leave %1 live"_s.arg(id)) < lines.indexOf(u"disconnect %1 client"_s.arg(id)));
    QVERIFY(lines.indexOf(u"unbind %1 u-live"_s.arg(id)) < lines.indexOf(u"disconnect %1 client"_s.arg(id)));
}

// A room with members on every node counts them all, with each node's share, in the snapshot of a
// console on any node, and live; a node killed with -9 takes its members out of the count (their leave
// and disconnect events) within three heartbeats.
void TestCluster::roomsCountTheWholeCluster()
{
    std::unique_ptr<ServerProcess> sixth = startNode(u"6"_s);
    QVERIFY(sixth);
    QTRY_COMPARE(health(0).value(u"cluster").toObject().value(u"nodes").toArray().size(), 3);
    const std::unique_ptr<WsClient> ws = admin(0);
    QVERIFY(ws);
    QVERIFY(login(0, u"Ann"_s, u"whole"_s) && login(1, u"Bob"_s, u"whole"_s) && login(2, u"Cid"_s, u"whole"_s));
    std::vector<std::unique_ptr<ChatClient>> onSixth;
    for (const QString &name : {u"Fay"_s, u"Flo"_s}) {
        onSixth.push_back(std::make_unique<ChatClient>());
        QVERIFY(onSixth.back()->connectAndLogin(sixth->clientUrl(), name, u"whole"_s));
    }
    const QJsonObject all{{u"room"_s, u"whole"_s},
                          {u"members"_s, 5},
                          {u"nodes"_s, QJsonObject{{u"00000001"_s, 1}, {u"00000002"_s, 1}, {u"00000003"_s, 1}, {u"00000006"_s, 2}}}};
    QTRY_COMPARE(roomInSnapshot(0, u"whole"_s), all);
    QTRY_COMPARE(roomInSnapshot(2, u"whole"_s), all);
    QTRY_COMPARE(eventLines(*ws).filter(u"join "_s).filter(QRegularExpression(u" whole$"_s)).size(), 5); // live on node 1

    sixth->process().kill(); // -9
    QVERIFY(sixth->process().waitForFinished(5000));
    for (const auto &gone : onSixth)
        QTRY_VERIFY_WITH_TIMEOUT(eventLines(*ws).contains(u"disconnect %1 node_gone"_s.arg(gone->clientId)), 15000);
    QCOMPARE(eventLines(*ws).filter(u"leave "_s).filter(QRegularExpression(u" whole$"_s)).size(), 2);
    QTRY_COMPARE(roomInSnapshot(0, u"whole"_s).value(u"members").toInt(), 3);
    QCOMPARE(roomInSnapshot(0, u"whole"_s).value(u"nodes").toObject().keys(),
             (QStringList{u"00000001"_s, u"00000002"_s, u"00000003"_s}));
}

// A Redis with a password: the node reads it from redis-password-file; a wrong one leaves the node
// serving alone, degraded, with Redis' refusal in /healthz.
void TestCluster::passwordFromItsFile()
{
    RedisProcess guarded(u"correct-horse-battery"_s);
    QVERIFY2(guarded.start(), qPrintable(guarded.errorString()));
    QTemporaryDir dir;
    const auto passwordFile = [&dir](const QString &name, const QByteArray &password) {
        QFile f(dir.filePath(name));
        return f.open(QIODevice::WriteOnly) && f.write(password + "\n") > 0 ? f.fileName() : QString();
    };
    const QString right = passwordFile(u"right"_s, "correct-horse-battery");
    const QString wrong = passwordFile(u"wrong"_s, "incorrect");
    QVERIFY(!right.isEmpty() && !wrong.isEmpty());

    auto good = ServerProcess::started({u"--redis"_s, guarded.url(), u"--redis-password-file"_s, right});
    auto bad = ServerProcess::started({u"--redis"_s, guarded.url(), u"--redis-password-file"_s, wrong});
    QVERIFY(good && bad);
    QTRY_COMPARE(m_http.get(good->apiUrl(u"/healthz"_s)).json().value(u"status").toString(), u"ok"_s);
    QTRY_VERIFY(!m_http.get(bad->apiUrl(u"/healthz"_s)).json().value(u"cluster").toObject().value(u"redis").toObject()
                     .value(u"error").toString().isEmpty());
    const QJsonObject refused = m_http.get(bad->apiUrl(u"/healthz"_s)).json();
    QCOMPARE(refused.value(u"status").toString(), u"degraded"_s);
    QVERIFY2(refused.value(u"cluster").toObject().value(u"redis").toObject().value(u"error").toString().contains(u"WRONGPASS"),
             qPrintable(QString::fromUtf8(QJsonDocument(refused).toJson())));
    QVERIFY(!bad->log().contains(u"incorrect")); // the password is never logged
    QVERIFY(sayGoesRound(bad->clientUrl(), u"alone"_s)); // it serves its own clients all the same

    ServerProcess missing({u"--redis"_s, guarded.url(), u"--redis-password-file"_s, dir.filePath(u"none"_s)});
    QVERIFY(!missing.start());
    QVERIFY2(missing.errorString().contains(u"redis-password-file: cannot read"), qPrintable(missing.errorString()));
}

// The Redis host by name: resolved off the loop (QHostInfo), then given to hiredis as an address; a name
// that does not resolve is a clear error in /healthz, and the node serves alone meanwhile.
void TestCluster::redisHostByName()
{
    auto named = ServerProcess::started({u"--redis"_s, u"redis://localhost:%1"_s.arg(m_redis.port()), u"--node-id"_s, u"6"_s});
    auto unknown = ServerProcess::started({u"--redis"_s, u"redis://nosuch.invalid:%1"_s.arg(m_redis.port()), u"--node-id"_s, u"7"_s});
    QVERIFY(named && unknown);
    QTRY_COMPARE(m_http.get(named->apiUrl(u"/healthz"_s)).json().value(u"status").toString(), u"ok"_s);
    const auto error = [&] {
        return m_http.get(unknown->apiUrl(u"/healthz"_s)).json().value(u"cluster").toObject().value(u"redis").toObject()
            .value(u"error").toString();
    };
    QTRY_VERIFY2(error().contains(u"cannot resolve nosuch.invalid"), qPrintable(error()));
    QCOMPARE(m_http.get(unknown->apiUrl(u"/healthz"_s)).json().value(u"status").toString(), u"degraded"_s);
    QVERIFY(sayGoesRound(unknown->clientUrl(), u"alone"_s));
}

// A Redis that stops answering without closing anything (SIGSTOP): the nodes notice it within seconds
// (a PING with a deadline), degrade, count what could not cross, and heal on SIGCONT.
void TestCluster::frozenRedisDegradesThenHeals()
{
    const RoomOfThree room = roomOfThree(u"rz"_s);
    QVERIFY(room.c);
    ChatClient *a = room.a, *a2 = room.a2, *c = room.c;
    const qint64 undelivered = node(0).metric(u"herald_cluster_undelivered_total"_s);

    const auto redis = pid_t(m_redis.pid());
    struct Thaw {
        pid_t pid;
        ~Thaw() { ::kill(pid, SIGCONT); } // whatever happens below
    } thaw{redis};
    QCOMPARE(::kill(redis, SIGSTOP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(health(0).value(u"status").toString(), u"degraded"_s, 10000);
    QVERIFY(health(0).value(u"cluster").toObject().value(u"redis").toObject().value(u"error").toString().contains(u"no answer"));
    a->say(u"while redis is frozen"_s);
    QCOMPARE(a2->ws.waitFor(u"say"_s).value(u"content"), u"while redis is frozen"_s); // local delivery goes on
    QTRY_VERIFY(node(0).metric(u"herald_cluster_undelivered_total"_s) > undelivered);

    QCOMPARE(::kill(redis, SIGCONT), 0);
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeHealthy(), 15000);
    a->say(u"redis thawed"_s);
    QTRY_VERIFY(!c->ws.ofType(u"say"_s).isEmpty() && c->ws.ofType(u"say"_s).constLast().value(u"content").toString() == u"redis thawed");
}

void TestCluster::redisAwayThenBack()
{
    const RoomOfThree room = roomOfThree(u"r4"_s);
    QVERIFY(room.c);
    ChatClient *a = room.a, *a2 = room.a2, *c = room.c;
    const std::unique_ptr<WsClient> ws = admin(0);
    QVERIFY(ws);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000001"_s).value(u"state").toString(), u"up"_s);

    const qsizetype outages = node(0).log().count(u"unreachable"); // the frozen Redis's, before
    m_redis.stop();
    QTRY_COMPARE(health(0).value(u"status").toString(), u"degraded"_s);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000001"_s).value(u"state").toString(), u"degraded"_s); // the console sees it
    const QJsonObject cluster = health(0).value(u"cluster").toObject();
    QCOMPARE(cluster.value(u"node").toString(), u"00000001"_s);
    QCOMPARE(cluster.value(u"redis").toObject().value(u"state").toString(), u"down"_s);

    a->say(u"while redis is away"_s);
    QCOMPARE(a2->ws.waitFor(u"say"_s).value(u"content"), u"while redis is away"_s); // local delivery goes on
    QVERIFY(node(0).metric(u"herald_cluster_undelivered_total"_s) >= 1);
    QVERIFY(node(0).log().contains(u"unreachable"));

    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeHealthy(), 10000);
    QTRY_COMPARE(lastNodes(*ws).value(u"00000001"_s).value(u"state").toString(), u"up"_s); // and sees it healed
    QTRY_COMPARE(lastNodes(*ws).size(), 3);
    a->say(u"redis is back"_s);
    QTRY_VERIFY(!c->ws.ofType(u"say"_s).isEmpty());
    QCOMPARE(c->ws.ofType(u"say"_s).constLast().value(u"content"), u"redis is back"_s);
    QCOMPARE(c->ws.ofType(u"say"_s).size(), 1); // what was said meanwhile is lost, not replayed late
    QCOMPARE(node(0).log().count(u"unreachable"), outages + 1); // logged once per outage
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
