// Room history in a cluster's Redis (docs/architecture.md#room-history-in-a-cluster): three nodes on one
// real redis-server. A client that leaves one node and comes back on another gets exactly what it
// missed (backend broadcasts through one node, says on a third), in order, before anything new, even
// while the room goes on talking; an offset the history no longer reaches is too_old; a flushed Redis
// is a new epoch; a stopped Redis answers history_unavailable while local delivery goes on. Rooms that
// keep no history get today's bytes.
#include "redisprocess.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
constexpr int kHistorySize = 100;

QJsonObject parsed(const QString &raw)
{
    return QJsonDocument::fromJson(raw.toUtf8()).object();
}

QJsonObject positionOf(const QJsonObject &m)
{
    return {{u"offset"_s, m.value(u"offset")}, {u"epoch"_s, m.value(u"epoch")}};
}
} // namespace

class TestClusterHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void recoveredOnAnotherNode();
    void nothingLostOrRepeatedWhileTheRoomTalks();
    void historyNoLongerReachingBackIsTooOld();
    void roomsWithoutHistoryKeepTodaysBytes();
    void getHistorySaysItDoesNotReadRedis();
    void flushedRedisIsANewEpoch();
    void stoppedRedisAnswersUnavailable(); // last: it stops Redis

private:
    ServerProcess &node(int i) { return *m_nodes.at(size_t(i)); }
    // A client of node `n` that logs in to `room` (recovering from `recover`, if given) and has its reply.
    std::unique_ptr<WsClient> join(int n, const QString &name, const QString &room, const QJsonObject &recover = {});
    ChatClient *login(int n, const QString &name, const QString &room);
    // Ann logs in to `room` on node `n` and leaves: the position her login reply gave (empty if none).
    QJsonObject visit(int n, const QString &room);
    void broadcast(int n, const QString &room, int count);
    QJsonObject call(int n, const QString &command, const QJsonObject &args);

    RedisProcess m_redis;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
    HttpClient m_http;
};

void TestClusterHistory::initTestCase()
{
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    for (const char *id : {"1", "2", "3"}) {
        m_nodes.push_back(ServerProcess::started({u"--redis"_s, m_redis.url(), u"--node-id"_s, QLatin1String(id),
                                                  u"--cluster-heartbeat"_s, u"300"_s, u"--history-size"_s,
                                                  QString::number(kHistorySize), u"--history-ttl"_s, u"300"_s,
                                                  u"--history-rooms"_s, u"h-*"_s, u"--client-message-rate"_s, u"0"_s}));
        QVERIFY(m_nodes.back());
    }
    for (int n = 0; n < 3; ++n)
        QTRY_VERIFY_WITH_TIMEOUT(m_http.get(node(n).apiUrl(u"/healthz"_s)).json().value(u"status").toString() == u"ok", 10000);
}

void TestClusterHistory::cleanup()
{
    m_clients.clear();
}

std::unique_ptr<WsClient> TestClusterHistory::join(int n, const QString &name, const QString &room, const QJsonObject &recover)
{
    auto ws = std::make_unique<WsClient>();
    if (!ws->open(node(n).clientUrl()))
        return nullptr;
    QJsonObject m{{u"type"_s, u"login"_s}, {u"client_name"_s, name}, {u"room_id"_s, room}};
    if (!recover.isEmpty())
        m.insert(u"recover"_s, recover);
    ws->sendJson(m);
    return ws->waitFor(u"login"_s).contains(u"client_list") ? std::move(ws) : nullptr;
}

QJsonObject TestClusterHistory::visit(int n, const QString &room)
{
    auto ann = join(n, u"Ann"_s, room);
    if (!ann)
        return {};
    const QJsonObject seen = positionOf(ann->messages().first());
    ann->socket().close();
    return ann->waitClosed() ? seen : QJsonObject();
}

ChatClient *TestClusterHistory::login(int n, const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    if (!client->connectAndLogin(node(n).clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
}

QJsonObject TestClusterHistory::call(int n, const QString &command, const QJsonObject &args)
{
    return m_http.command(node(n).apiUrl(), command, args, node(n).apiKey().toUtf8()).json();
}

void TestClusterHistory::broadcast(int n, const QString &room, int count)
{
    for (int i = 1; i <= count; ++i)
        QCOMPARE(call(n, u"sendToGroup"_s, {{u"group"_s, room}, {u"message"_s, QJsonObject{{u"n"_s, i}}}}).value(u"ok"), true);
}

// Ann leaves node 1; backends broadcast through node 2 and Cid says on node 3; Ann comes back on node 2
// and gets, byte for byte, what Bob (node 3) and Dan (node 1) received meanwhile, then "recovered",
// then what comes next.
void TestClusterHistory::recoveredOnAnotherNode()
{
    const QString room = u"h-a"_s;
    ChatClient *bob = login(2, u"Bob"_s, room);
    ChatClient *cid = login(2, u"Cid"_s, room);
    ChatClient *dan = login(0, u"Dan"_s, room);
    QVERIFY(bob && cid && dan);
    auto ann = join(0, u"Ann"_s, room);
    QVERIFY(ann);
    const QJsonObject annReply = ann->messages().first();
    QVERIFY2(annReply.value(u"offset").toInteger() > 0 && !annReply.value(u"epoch").toString().isEmpty(),
             qPrintable(ann->raw().first()));
    QTRY_VERIFY(!bob->ws.ofType(u"login"_s).isEmpty() && bob->ws.messages().last().value(u"client_name") == u"Ann"_s);
    QCOMPARE(positionOf(bob->ws.messages().last()), positionOf(annReply)); // her notice is where her reply says
    QCOMPARE(ann->ofType(u"login"_s).size(), 1); // not her own notice as well

    const qsizetype bobBefore = bob->ws.raw().size(), danBefore = dan->ws.raw().size();
    ann->socket().close();
    QVERIFY(ann->waitClosed());
    broadcast(1, room, 3);
    cid->say(u"while you were out"_s);
    cid->say(u"still out"_s);
    constexpr int kMissed = 6; // Ann's logout, three broadcasts, two says
    QTRY_COMPARE(bob->ws.raw().size(), bobBefore + kMissed);
    QTRY_COMPARE(dan->ws.raw().size(), danBefore + kMissed);
    const QList<QString> missed = bob->ws.raw().mid(bobBefore);
    QCOMPARE(dan->ws.raw().mid(danBefore), missed); // every node delivers the same bytes

    auto again = join(1, u"Ann"_s, room, positionOf(annReply));
    QVERIFY(again);
    QVERIFY(!again->waitFor(u"recovered"_s).isEmpty());
    const QList<QString> got = again->raw();
    QCOMPARE(got.size(), 1 + kMissed + 1);
    QCOMPARE(got.mid(1, kMissed), missed);
    const qint64 first = annReply.value(u"offset").toInteger();
    for (int i = 0; i < kMissed; ++i)
        QCOMPARE(parsed(missed[i]).value(u"offset").toInteger(), first + 1 + i);
    const QJsonObject recovered = parsed(got.last());
    QCOMPARE(recovered.value(u"count").toInt(), kMissed);
    QCOMPARE(positionOf(recovered), positionOf(again->messages().first()));
    QCOMPARE(recovered.value(u"offset").toInteger(), first + kMissed + 1); // her new login notice

    cid->say(u"welcome back"_s);
    const QJsonObject next = again->waitFor(u"say"_s);
    QCOMPARE(next.value(u"content").toString(), u"welcome back"_s);
    QCOMPARE(next.value(u"offset").toInteger(), first + kMissed + 2);
    QCOMPARE(node(1).metric(u"herald_recoveries_total{outcome=\"recovered\"}"_s), 1);
}

// Cid (node 3) goes on saying lines while Ann comes back on node 2: whatever of them Redis numbered
// before her catch-up comes in what she missed, the rest live after "recovered"; none twice, none lost,
// in order.
void TestClusterHistory::nothingLostOrRepeatedWhileTheRoomTalks()
{
    const QString room = u"h-busy"_s;
    ChatClient *cid = login(2, u"Cid"_s, room);
    QVERIFY(cid);
    const QJsonObject seen = visit(0, room);
    QVERIFY(!seen.isEmpty());
    WsClient again;
    QVERIFY(again.open(node(1).clientUrl()));
    cid->say(u"line 1"_s);
    again.sendJson({{u"type"_s, u"login"_s}, {u"client_name"_s, u"Ann"_s}, {u"room_id"_s, room}, {u"recover"_s, seen}});
    int said = 1;
    for (int after = 0; after < 10 && said < 60;) { // a line a round trip, until ten after her "recovered"
        QVERIFY(QTest::qWaitFor([&] { return cid->ws.ofType(u"say"_s).size() == said; }));
        cid->say(u"line %1"_s.arg(++said));
        after += again.ofType(u"recovered"_s).isEmpty() ? 0 : 1;
    }
    QTRY_COMPARE(again.ofType(u"say"_s).size(), said);
    QCOMPARE(again.ofType(u"recovered"_s).size(), 1);
    const qint64 mine = again.ofType(u"recovered"_s).first().value(u"offset").toInteger(); // her notice, not hers to get
    QCOMPARE(again.messages().first().value(u"offset").toInteger(), mine); // the login reply
    qint64 expected = seen.value(u"offset").toInteger() + 1;
    int line = 0;
    for (const QJsonObject &m : again.messages().mid(1)) {
        if (m.value(u"type") == u"recovered"_s) {
            QCOMPARE(m.value(u"offset").toInteger(), mine);
            continue;
        }
        if (expected == mine)
            ++expected;
        QCOMPARE(m.value(u"offset").toInteger(), expected++);
        if (m.value(u"type") == u"say"_s)
            QCOMPARE(m.value(u"content").toString(), u"line %1"_s.arg(++line));
    }
    QCOMPARE(line, said);
}

void TestClusterHistory::historyNoLongerReachingBackIsTooOld()
{
    const QString room = u"h-old"_s;
    const QJsonObject seen = visit(0, room);
    QVERIFY(!seen.isEmpty());
    broadcast(2, room, kHistorySize + 1);
    auto again = join(1, u"Ann"_s, room, seen);
    QVERIFY(again);
    const QJsonObject failed = again->waitFor(u"recover_failed"_s);
    QCOMPARE(failed.value(u"reason").toString(), u"too_old"_s);
    QCOMPARE(positionOf(failed), positionOf(again->messages().first()));
    QCOMPARE(again->messages().size(), 2); // the reply and the answer, nothing of what is gone
    QCOMPARE(m_redis.command({"LLEN", "herald:hist:h-old:log"}), QByteArray(":" + QByteArray::number(kHistorySize) + "\r\n"));
    const qint64 ttl = m_redis.command({"PTTL", "herald:hist:h-old:offset"}).mid(1).trimmed().toLongLong();
    QVERIFY2(ttl > 0 && ttl <= 300000, qPrintable(QString::number(ttl)));
}

// A room history-rooms does not name, in the same cluster: no offset, no epoch, the bytes of today.
void TestClusterHistory::roomsWithoutHistoryKeepTodaysBytes()
{
    ChatClient *ann = login(0, u"Ann"_s, u"plain"_s);
    QVERIFY(ann);
    QVERIFY(!ann->loginReply.contains(u"offset") && !ann->loginReply.contains(u"epoch"));
    ChatClient *bob = login(1, u"Bob"_s, u"plain"_s);
    QVERIFY(bob);
    const QJsonObject notice = ann->ws.waitFor(u"login"_s);
    QVERIFY(!notice.contains(u"offset"));
    QCOMPARE(call(2, u"sendToGroup"_s, {{u"group"_s, u"plain"_s}, {u"message"_s, u"{\"a\":1}"_s}}).value(u"ok"), true);
    QTRY_VERIFY(!ann->ws.raw().isEmpty() && ann->ws.raw().last() == u"{\"a\":1}"_s);
    QTRY_VERIFY(!bob->ws.raw().isEmpty() && bob->ws.raw().last() == u"{\"a\":1}"_s);
    QCOMPARE(m_redis.command({"EXISTS", "herald:hist:plain:offset"}), ":0\r\n"_ba);
}

void TestClusterHistory::getHistorySaysItDoesNotReadRedis()
{
    const HttpReply r = m_http.command(node(0).apiUrl(), u"getHistory"_s, {{u"group"_s, u"h-a"_s}}, node(0).apiKey().toUtf8());
    QCOMPARE(r.status, 501);
    QCOMPARE(r.json().value(u"error").toObject().value(u"code").toInt(), 2023);
    QVERIFY(r.json().value(u"error").toObject().value(u"message").toString().contains(u"herald:hist:h-a:log"));
}

void TestClusterHistory::flushedRedisIsANewEpoch()
{
    const QString room = u"h-flush"_s;
    const QJsonObject seen = visit(0, room);
    QVERIFY(!seen.isEmpty());
    const QByteArray logout = QByteArray::number(seen.value(u"offset").toInteger() + 1); // her logout notice, stored
    QTRY_VERIFY(m_redis.command({"GET", "herald:hist:h-flush:offset"}).contains(QByteArray("\r\n" + logout + "\r\n")));
    QCOMPARE(m_redis.command({"FLUSHALL"}), "+OK\r\n"_ba);
    auto again = join(1, u"Ann"_s, room, seen);
    QVERIFY(again);
    const QJsonObject failed = again->waitFor(u"recover_failed"_s);
    QCOMPARE(failed.value(u"reason").toString(), u"epoch_changed"_s);
    QVERIFY(failed.value(u"epoch").toString() != seen.value(u"epoch").toString());
    QCOMPARE(failed.value(u"offset").toInteger(), 1); // the new epoch starts with her login notice
}

void TestClusterHistory::stoppedRedisAnswersUnavailable()
{
    const QString room = u"h-down"_s;
    ChatClient *bob = login(0, u"Bob"_s, room);
    QVERIFY(bob);
    const QJsonObject seen = visit(0, room);
    QVERIFY(!seen.isEmpty());
    m_redis.stop();
    QTRY_COMPARE(m_http.get(node(0).apiUrl(u"/healthz"_s)).json().value(u"status").toString(), u"degraded"_s);

    auto again = join(0, u"Ann"_s, room, seen);
    QVERIFY(again);
    QVERIFY(!again->messages().first().contains(u"offset")); // no position to give
    const QJsonObject failed = again->waitFor(u"recover_failed"_s);
    QCOMPARE(failed.value(u"reason").toString(), u"history_unavailable"_s);
    QCOMPARE(node(0).metric(u"herald_recoveries_total{outcome=\"history_unavailable\"}"_s), 1);

    bob->say(u"while redis is away"_s); // local delivery goes on, without offsets
    const QJsonObject say = again->waitFor(u"say"_s);
    QCOMPARE(say.value(u"content").toString(), u"while redis is away"_s);
    QVERIFY(!say.contains(u"offset"));
    QVERIFY(node(0).log().contains(u"without an offset"));
}

QTEST_GUILESS_MAIN(TestClusterHistory)
#include "tst_clusterhistory.moc"
