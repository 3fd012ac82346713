// Three herald-server nodes joined through a real redis-server behave as one: a room's say, a backend's
// call on one node for a client of another (HTTP, text port, the web-msg-sender form call), one Redis
// message per room message, and Redis going away and coming back in the middle of traffic.
#include "redisprocess.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

class TestCluster final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void roomSayReachesEveryNode();
    void backendCallsReachClientsOfOtherNodes();
    void oneRedisMessagePerRoomMessage();
    void redisAwayThenBack(); // last: it stops Redis

private:
    ServerProcess &node(int i) { return *m_nodes.at(size_t(i)); }
    ChatClient *login(int node, const QString &name, const QString &room);
    QJsonObject call(int node, const QString &command, const QJsonObject &args);
    QJsonObject health(int node);
    bool everyNodeHealthy();

    RedisProcess m_redis;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
    HttpClient m_http;
};

void TestCluster::initTestCase()
{
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    for (const char *id : {"1", "2", "3"}) {
        m_nodes.push_back(ServerProcess::started({u"--redis"_s, m_redis.url(), u"--node-id"_s, QLatin1String(id)}));
        QVERIFY(m_nodes.back());
    }
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeHealthy(), 10000);
}

void TestCluster::cleanup()
{
    m_clients.clear();
}

ChatClient *TestCluster::login(int n, const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    if (!client->connectAndLogin(node(n).clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
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
    QVERIFY(sayGoesRound(node(1).clientUrl(), u"r3"_s, members.back())); // a second message: two in all
    QTRY_COMPARE(counter.count(), 3); // its login notice and its say
}

void TestCluster::redisAwayThenBack()
{
    ChatClient *a = login(0, u"Ann"_s, u"r4"_s);
    ChatClient *a2 = login(0, u"Amy"_s, u"r4"_s);
    ChatClient *c = login(2, u"Cid"_s, u"r4"_s);
    QVERIFY(a && a2 && c);
    QTRY_COMPARE(a->ws.ofType(u"login"_s).size(), 3);

    m_redis.stop();
    QTRY_COMPARE(health(0).value(u"status").toString(), u"degraded"_s);
    const QJsonObject cluster = health(0).value(u"cluster").toObject();
    QCOMPARE(cluster.value(u"node").toString(), u"00000001"_s);
    QCOMPARE(cluster.value(u"redis").toObject().value(u"state").toString(), u"down"_s);

    a->say(u"while redis is away"_s);
    QCOMPARE(a2->ws.waitFor(u"say"_s).value(u"content"), u"while redis is away"_s); // local delivery goes on
    QVERIFY(node(0).metric(u"herald_cluster_undelivered_total"_s) >= 1);
    QVERIFY(node(0).log().contains(u"unreachable"));

    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeHealthy(), 10000);
    a->say(u"redis is back"_s);
    QTRY_VERIFY(!c->ws.ofType(u"say"_s).isEmpty());
    QCOMPARE(c->ws.ofType(u"say"_s).constLast().value(u"content"), u"redis is back"_s);
    QCOMPARE(c->ws.ofType(u"say"_s).size(), 1); // what was said meanwhile is lost, not replayed late
    QVERIFY(node(0).log().count(u"unreachable") == 1); // logged once per outage
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
