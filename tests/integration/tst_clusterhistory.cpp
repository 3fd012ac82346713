// Room history in a cluster's Redis (docs/architecture.md#room-history-in-a-cluster): three nodes on one
// real redis-server. A client that leaves one node and comes back on another gets exactly what it
// missed (backend broadcasts through one node, says on a third), in order, before anything new, even
// while the room goes on talking; an offset the history no longer reaches is too_old; a flushed Redis
// is a new epoch; a stopped Redis answers history_unavailable while local delivery goes on. Rooms that
// keep no history get today's bytes. getHistory reads Redis on every door, in request order, and the
// console's room tail starts with what Redis keeps; a Redis that is frozen or stopped answers 503.
#include "historytesting.h"
#include "redisprocess.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <csignal>
#include <numeric>
#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
constexpr int kHistorySize = 100;


QByteArray line(const QJsonObject &command)
{
    return QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray post(const QByteArray &command, const QJsonObject &args, const QString &key)
{
    const QByteArray body = QJsonDocument(args).toJson(QJsonDocument::Compact);
    return "POST /api/" + command + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key.toUtf8()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QJsonObject bodyOf(const QByteArray &answer)
{
    return QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
}

int errorCodeOf(const QJsonObject &body)
{
    return body.value(u"error").toObject().value(u"code").toInt();
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
    void getHistoryReadsRedisOnEveryDoor();
    void aTailStartsWithTheHistoryInRedis();
    void flushedRedisIsANewEpoch();
    void frozenRedisAnswersGetHistoryWith503();
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
    std::unique_ptr<TextClient> text(int n);
    std::unique_ptr<WsClient> admin(int n);
    static QJsonObject adminReply(WsClient &admin, int id);

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

std::unique_ptr<TextClient> TestClusterHistory::text(int n)
{
    auto client = std::make_unique<TextClient>();
    if (!client->open(node(n).textPort())
        || client->call({{u"cmd"_s, u"auth"_s}, {u"key"_s, node(n).apiKey()}}).value(u"ok") != true)
        return nullptr;
    return client;
}

std::unique_ptr<WsClient> TestClusterHistory::admin(int n)
{
    auto ws = std::make_unique<WsClient>();
    if (!ws->open(node(n).adminUrl(), 5000, node(n).readonlyToken().toUtf8()) || ws->waitFor(u"snapshot"_s).isEmpty())
        return nullptr;
    return ws;
}

QJsonObject TestClusterHistory::adminReply(WsClient &admin, int id)
{
    QJsonObject found;
    const bool came = QTest::qWaitFor([&] {
        for (const QJsonObject &m : admin.messages()) {
            if (m.value(u"id") == QJsonValue(id))
                found = m;
        }
        return !found.isEmpty();
    });
    return came ? found : QJsonObject();
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
    const qint64 first = annReply.value(u"offset").toInteger();
    QJsonObject recovered;
    checkRecovery(again->raw(), missed, first, again->messages().first(), &recovered);
    if (QTest::currentTestFailed())
        return;

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

// Backends broadcast through node 1 and node 3; node 2 reads the room's history from Redis over HTTP
// (paged with since and limit, and pipelined: the answers in order), the text port (two lines at once,
// the answer waiting for Redis first) and the admin channel, each the same answer.
void TestClusterHistory::getHistoryReadsRedisOnEveryDoor()
{
    const QString room = u"h-read"_s;
    broadcast(0, room, 3);
    broadcast(2, room, 2);
    const QJsonObject args{{u"group"_s, room}};
    QJsonObject all;
    QTRY_VERIFY((all = call(1, u"getHistory"_s, args)).value(u"messages").toArray().size() == 5);
    QCOMPARE(all.value(u"ok"), true);
    QCOMPARE(all.value(u"history"), true);
    QCOMPARE(all.value(u"offset").toInteger(), 5);
    const QString epoch = all.value(u"epoch").toString();
    QVERIFY(!epoch.isEmpty());
    const QJsonArray messages = all.value(u"messages").toArray();
    for (int i = 0; i < 5; ++i) {
        const QJsonObject m = messages.at(i).toObject();
        QCOMPARE(m.value(u"offset").toInteger(), i + 1);
        QCOMPARE(m.value(u"message").toString(),
                 u"{\"n\":%1,\"offset\":%2,\"epoch\":\"%3\"}"_s.arg(i < 3 ? i + 1 : i - 2).arg(i + 1).arg(epoch));
        QVERIFY(qAbs(m.value(u"time").toInteger() - QDateTime::currentMSecsSinceEpoch()) < 60000);
    }
    QCOMPARE(call(0, u"getHistory"_s, args), all); // the same from every node
    const QString answered = u"herald_api_calls_total{command=\"getHistory\",status=\"200\"}"_s;
    const qint64 before = node(1).metric(answered);

    const QJsonObject page = call(1, u"getHistory"_s, {{u"group"_s, room}, {u"since"_s, 2}, {u"limit"_s, 2}});
    QCOMPARE(page.value(u"messages").toArray(), (QJsonArray{messages.at(2), messages.at(3)}));
    QCOMPARE(page.value(u"offset").toInteger(), 5);
    QCOMPARE(m_http.command(node(1).apiUrl(), u"getHistory"_s, {{u"group"_s, room}, {u"limit"_s, 0}}, node(1).apiKey().toUtf8()).status,
             400);
    QCOMPARE(call(1, u"getHistory"_s, {{u"group"_s, u"h-never"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"group"_s, u"h-never"_s}, {u"history"_s, true}, {u"epoch"_s, QString()},
                          {u"offset"_s, 0}, {u"messages"_s, QJsonArray()}}));

    RawHttpClient http;
    QVERIFY(http.connectTo(node(1).apiPort()));
    http.send(post("getHistory", args, node(1).apiKey()) + post("getAllGroupCount", {}, node(1).apiKey()));
    QCOMPARE(bodyOf(http.answer()), all);
    QVERIFY(bodyOf(http.answer()).contains(u"count"));

    auto port = text(1);
    QVERIFY(port);
    QJsonObject viaText = args;
    viaText.insert(u"cmd"_s, u"getHistory"_s);
    viaText.insert(u"id"_s, 1);
    port->socket().write(line(viaText) + line({{u"cmd"_s, u"getAllGroupCount"_s}, {u"id"_s, 2}}));
    QJsonObject first = QJsonDocument::fromJson(port->readLine()).object();
    QCOMPARE(first.take(u"id"_s).toInt(), 1);
    QCOMPARE(first, all);
    const QJsonObject second = QJsonDocument::fromJson(port->readLine()).object();
    QCOMPARE(second.value(u"id").toInt(), 2);
    QVERIFY(second.contains(u"count"));

    auto console = admin(1);
    QVERIFY(console);
    console->sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 7}, {u"cmd"_s, u"getHistory"_s}, {u"args"_s, args}});
    const QJsonObject viaAdmin = adminReply(*console, 7);
    QCOMPARE(viaAdmin.value(u"status").toInt(), 200);
    QCOMPARE(viaAdmin.value(u"result").toObject(), all);
    QCOMPARE(node(1).metric(answered), before + 5); // each call once, when answered
}

// A console that starts tailing a room on node 2 first gets what Redis keeps of it (the last 50).
void TestClusterHistory::aTailStartsWithTheHistoryInRedis()
{
    const QString room = u"h-tail"_s;
    broadcast(0, room, 52);
    QTRY_COMPARE(call(1, u"getHistory"_s, {{u"group"_s, room}, {u"since"_s, 51}}).value(u"messages").toArray().size(), 1);
    auto console = admin(1);
    QVERIFY(console);
    console->sendJson({{u"type"_s, u"subscribe"_s}, {u"id"_s, 1}, {u"room"_s, room}});
    QCOMPARE(adminReply(*console, 1).value(u"status").toInt(), 200);
    QList<int> shown; // each broadcast's n, in the order the tail shows them
    for (const QJsonValue &v : console->waitFor(u"traffic"_s).value(u"messages").toArray()) {
        const QJsonObject m = v.toObject();
        QVERIFY2(m.value(u"sender") == u"history"_s && m.value(u"room") == room, QJsonDocument(m).toJson().constData());
        shown.append(parsedMessage(m.value(u"content").toString()).value(u"n").toInt());
    }
    QList<int> latest(50); // the last 50 of 52
    std::iota(latest.begin(), latest.end(), 3);
    QCOMPARE(shown, latest);
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

// A Redis that stops answering (SIGSTOP) without closing anything: a getHistory waiting for it is
// answered 503 once the link's deadline gives up, and the line after it on the same connection then,
// in order; the door goes on serving.
void TestClusterHistory::frozenRedisAnswersGetHistoryWith503()
{
    auto port = text(1);
    auto goneText = text(1);
    auto goneAdmin = admin(1);
    RawHttpClient goneHttp;
    QVERIFY(port && goneText && goneAdmin && goneHttp.connectTo(node(1).apiPort()));
    QCOMPARE(::kill(pid_t(m_redis.pid()), SIGSTOP), 0);
    const QJsonObject getHistory{{u"cmd"_s, u"getHistory"_s}, {u"group"_s, u"h-read"_s}, {u"id"_s, 1}};
    port->socket().write(line(getHistory) + line({{u"cmd"_s, u"getAllGroupCount"_s}, {u"id"_s, 2}}));
    // Three callers that leave while their answer waits: nothing is written to them, nothing breaks.
    goneText->socket().write(line(getHistory));
    goneHttp.send(post("getHistory", {{u"group"_s, u"h-read"_s}}, node(1).apiKey()));
    goneAdmin->sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 1}, {u"cmd"_s, u"getHistory"_s},
                         {u"args"_s, QJsonObject{{u"group"_s, u"h-read"_s}}}});
    QVERIFY(goneText->socket().waitForBytesWritten(3000) || goneText->socket().bytesToWrite() == 0);
    goneText->socket().disconnectFromHost();
    goneHttp.socket().disconnectFromHost();
    goneAdmin->socket().close();
    const QJsonObject first = QJsonDocument::fromJson(port->readLine(15000)).object();
    const QJsonObject second = QJsonDocument::fromJson(port->readLine()).object();
    QCOMPARE(::kill(pid_t(m_redis.pid()), SIGCONT), 0);
    QCOMPARE(first.value(u"id").toInt(), 1);
    QCOMPARE(errorCodeOf(first), 2024);
    QVERIFY(first.value(u"error").toObject().value(u"message").toString().contains(u"cannot be reached"));
    QCOMPARE(second.value(u"id").toInt(), 2);
    QVERIFY(second.contains(u"count"));
    QTRY_COMPARE(node(1).metric(u"herald_api_calls_total{command=\"getHistory\",status=\"503\"}"_s), 4); // each once
    for (int n = 0; n < 3; ++n)
        QTRY_VERIFY_WITH_TIMEOUT(m_http.get(node(n).apiUrl(u"/healthz"_s)).json().value(u"status").toString() == u"ok", 15000);
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

    // getHistory says so at once, on every door, and each goes on serving.
    const HttpReply r = m_http.command(node(0).apiUrl(), u"getHistory"_s, {{u"group"_s, room}}, node(0).apiKey().toUtf8());
    QCOMPARE(r.status, 503);
    QCOMPARE(errorCodeOf(r.json()), 2024);
    QVERIFY(call(0, u"getAllGroupCount"_s, {}).contains(u"count"));
    auto port = text(0);
    QVERIFY(port);
    QCOMPARE(errorCodeOf(port->call({{u"cmd"_s, u"getHistory"_s}, {u"group"_s, room}})), 2024);
    QVERIFY(port->call({{u"cmd"_s, u"getAllGroupCount"_s}}).contains(u"count"));
    auto console = admin(0);
    QVERIFY(console);
    console->sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 3}, {u"cmd"_s, u"getHistory"_s}, {u"args"_s, QJsonObject{{u"group"_s, room}}}});
    QCOMPARE(adminReply(*console, 3).value(u"status").toInt(), 503);
}

QTEST_GUILESS_MAIN(TestClusterHistory)
#include "tst_clusterhistory.moc"
