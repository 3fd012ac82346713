// The backend HTTP API as backends use it (docs/api.md): every command of POST /api/<command>, proven on
// real workerman-chat WebSocket clients; every bad input with its exact HTTP status and error code;
// web-msg-sender's form call (type=publish&to=&content=) unchanged; GET /healthz and GET /metrics.
#include "rawclient.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include "testjson.h"

#include <QTest>

#include <memory>
#include <tuple>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxRequestSize = 4096; // --max-request-size: bodies over it get 413
constexpr qint64 kMaxMessageSize = 1024; // --max-message-size: messages over it get 413
constexpr int kMaxRooms = 4;             // --max-rooms-per-client
const QString kOffline = u"00000000000000000000"_s; // a well-formed client id that is not online
const QJsonObject kOk{{u"ok"_s, true}};             // the reply of a command that answers nothing else
// A second server for the door limits: 1000 ms to authenticate, 3 s of silence, 64 KiB of unread answers.
const QStringList kLimitedFlags{u"--handshake-timeout"_s, u"1000"_s, u"--idle-timeout"_s, u"3"_s,
                                u"--max-send-buffer"_s, u"65536"_s, u"--ping-interval"_s, u"0"_s};

// "<status> code <n>" for a well-formed error reply ({"error":{"code":n,"message":"…"}} and nothing else),
// or the status and raw body when the reply is not one: compared as text, a failure shows what came back.
QString errorOutcome(const HttpReply &r)
{
    const QJsonObject body = r.json();
    const QJsonObject error = body.value(u"error").toObject();
    if (body.size() == 1 && error.size() == 2 && error.value(u"code").isDouble()
        && !error.value(u"message").toString().isEmpty())
        return u"%1 code %2"_s.arg(r.status).arg(error.value(u"code").toInt());
    return u"%1 body: %2"_s.arg(r.status).arg(QString::fromUtf8(r.body));
}

QString expectedError(int status, int code)
{
    return u"%1 code %2"_s.arg(status).arg(code);
}

// A reply's string lists sorted, so that results of set-valued queries compare exactly.
QJsonObject sortedLists(QJsonObject o)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isArray())
            continue;
        QStringList list;
        for (const QJsonValue &v : it.value().toArray())
            list.append(v.toString());
        list.sort();
        it.value() = QJsonArray::fromStringList(list);
    }
    return o;
}

// Prometheus text to {"name{labels}": value}.
using Samples = QMap<QString, qint64>;
Samples parseMetrics(const QByteArray &text)
{
    Samples out;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        out.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toLongLong());
    }
    return out;
}

} // namespace

class TestHttpApi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    // Every command, proven on real clients.
    void sendToAllDeliversTheTextAsGiven_data();
    void sendToAllDeliversTheTextAsGiven();
    void sendToAllHonoursTheExcludeList();
    void sendToClientReachesOnlyThatClient();
    void sendToUidReachesEveryConnectionOfTheUid();
    void sendToGroupReachesTheGroupMinusExcluded();
    void bindAndUnbindUid();
    void joinLeaveAndUngroup();
    void queries_data();
    void queries();
    void sessionsGetSetAndMerge();
    void closeClientSendsTheFinalMessageThenCloses();

    // Bad input.
    void authentication_data();
    void authentication();
    void wrongKeysAreNeverLogged();
    void badRequests_data();
    void badRequests();
    void unknownClientId_data();
    void unknownClientId();
    void oversizedBody_data();
    void oversizedBody();
    void wrongMethod_data();
    void wrongMethod();
    void unknownPath();

    // web-msg-sender's form call.
    void legacyPublish_data();
    void legacyPublish();

    // Operations.
    void healthzNeedsNoKey();
    void metricsNeedTheKeyAndCount();
    void everyErrorIsLogged();

    // The connection.
    void closesWhenTheRequestAsks_data();
    void closesWhenTheRequestAsks();
    void malformedChunkedBody_data();
    void malformedChunkedBody();
    void integerIdsAreTheirDecimalText_data();
    void integerIdsAreTheirDecimalText();
    void repeatedWrongKeysAreSlowed();
    void unreadAnswersCloseTheConnection();
    void silentConnectionsAreClosed();

private:
    QByteArray key() const { return m_server->apiKey().toUtf8(); }
    QUrl url(const QString &pathAndQuery) const;
    ChatClient *connectClient(const QString &name, const QString &room = u"lobby"_s);
    HttpReply api(const QString &command, const QJsonObject &args = {});
    QJsonObject call(const QString &command, const QJsonObject &args = {});
    bool receives(ChatClient *client, const QString &text);
    bool flushed(ChatClient *client);
    QJsonValue resolve(const QJsonValue &value) const;
    ServerProcess *limitedServer();

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ServerProcess> m_limited; // short door timeouts and a small reply cap
    std::unique_ptr<HttpClient> m_http;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
    int m_markers = 0;
};

void TestHttpApi::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringList{
        u"--max-request-size"_s, QString::number(kMaxRequestSize), u"--max-message-size"_s,
        QString::number(kMaxMessageSize), u"--max-rooms-per-client"_s, QString::number(kMaxRooms),
        u"--ping-interval"_s, u"0"_s});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    QVERIFY(!m_server->apiKey().isEmpty());
    m_http = std::make_unique<HttpClient>();
}

// Every test starts with no client connected, so that counts and lists are exact.
void TestHttpApi::cleanup()
{
    m_clients.clear();
    QTRY_COMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

QUrl TestHttpApi::url(const QString &pathAndQuery) const
{
    const qsizetype q = pathAndQuery.indexOf(u'?');
    QUrl u = m_server->apiUrl(pathAndQuery.left(q));
    if (q >= 0)
        u.setQuery(pathAndQuery.mid(q + 1), QUrl::StrictMode);
    return u;
}

ChatClient *TestHttpApi::connectClient(const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    if (!client->connectAndLogin(m_server->clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
}

HttpReply TestHttpApi::api(const QString &command, const QJsonObject &args)
{
    return m_http->command(m_server->apiUrl(), command, args, key());
}

// A command's reply as one comparable object: the JSON body when the status is 200, otherwise
// {"status":N,"body":"…"} so that an unexpected failure shows in the comparison.
QJsonObject TestHttpApi::call(const QString &command, const QJsonObject &args)
{
    const HttpReply r = api(command, args);
    if (r.status == 200)
        return r.json();
    return {{u"status"_s, r.status}, {u"body"_s, QString::fromUtf8(r.body)}};
}

// The client receives exactly this text frame (once) within the timeout.
bool TestHttpApi::receives(ChatClient *client, const QString &text)
{
    return QTest::qWaitFor([&] { return client->ws.raw().contains(text); }, 5000)
        && client->ws.raw().count(text) == 1;
}

// Sends a marker to the client and waits for it: everything sent to the client before has arrived,
// so what it has not received by now it will not receive.
bool TestHttpApi::flushed(ChatClient *client)
{
    const QString marker = u"marker %1"_s.arg(++m_markers);
    if (api(u"sendToClient"_s, {{u"client_id"_s, client->clientId}, {u"message"_s, marker}}).status != 200)
        return false;
    return receives(client, marker);
}

// Replaces "$0", "$1", … by the id of that connected client, in strings, arrays and objects.
QJsonValue TestHttpApi::resolve(const QJsonValue &value) const
{
    if (value.isString() && value.toString().startsWith(u'$')) {
        const size_t index = value.toString().mid(1).toUInt();
        return index < m_clients.size() ? QJsonValue(m_clients[index]->clientId) : value;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(resolve(v));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(it.key(), resolve(it.value()));
        return out;
    }
    return value;
}

void TestHttpApi::sendToAllDeliversTheTextAsGiven_data()
{
    QTest::addColumn<QByteArray>("body");    // the request body, as a backend writes it
    QTest::addColumn<QString>("delivered"); // the text frame every client receives

    QTest::newRow("string, byte for byte") << uR"({"message":"<b>hi</b> & \"quotes\"\n\ttab ü 你好 😀"})"_s.toUtf8()
                                           << u"<b>hi</b> & \"quotes\"\n\ttab ü 你好 😀"_s;
    QTest::newRow("string that looks like JSON") << R"({"message":"{\"type\":\"say\"}"})"_ba
                                                 << uR"({"type":"say"})"_s;
    QTest::newRow("object as compact JSON") << R"({"message": {"a": 1, "b": [true, null, 2.5], "c": {"d": "e"}}})"_ba
                                            << uR"({"a":1,"b":[true,null,2.5],"c":{"d":"e"}})"_s;
    QTest::newRow("array as compact JSON") << R"({"message": [ 1, "two", {"three": 3} ]})"_ba
                                           << uR"([1,"two",{"three":3}])"_s;
    QTest::newRow("object keeps the sender's key order, numbers and escapes")
        << R"({"message": {"type": "say", "z": 1.50, "a": "café \/"}, "exclude": []})"_ba
        << uR"({"type":"say","z":1.50,"a":"café \/"})"_s;
    QTest::newRow("message at max-message-size") << (R"({"message":")" + QByteArray(kMaxMessageSize, 'x') + R"("})")
                                                 << QString(kMaxMessageSize, u'x');
}

void TestHttpApi::sendToAllDeliversTheTextAsGiven()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, delivered);
    ChatClient *a = connectClient(u"alice"_s, u"room-a"_s);
    ChatClient *b = connectClient(u"bob"_s, u"room-b"_s);
    QVERIFY(a && b);

    QUrl endpoint = m_server->apiUrl(u"/api/sendToAll"_s);
    const HttpReply r = m_http->post(endpoint, body, key());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, "application/json"_ba);
    QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QVERIFY(receives(a, delivered));
    QVERIFY(receives(b, delivered));
}

void TestHttpApi::sendToAllHonoursTheExcludeList()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    ChatClient *c = connectClient(u"c"_s);
    QVERIFY(a && b && c);

    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"not for b"_s}, {u"exclude"_s, QJsonArray{b->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"only for c"_s},
                                   {u"exclude"_s, QJsonArray{a->clientId, b->clientId, kOffline}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"a single id"_s}, {u"exclude"_s, a->clientId}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));

    QVERIFY(receives(a, u"not for b"_s));
    QVERIFY(receives(c, u"not for b"_s));
    QVERIFY(receives(c, u"only for c"_s));
    QVERIFY(receives(b, u"a single id"_s));
    QVERIFY(receives(c, u"a single id"_s));
    QVERIFY(flushed(a) && flushed(b));
    QCOMPARE(b->ws.raw().count(u"not for b"_s), 0);
    QCOMPARE(a->ws.raw().count(u"only for c"_s), 0);
    QCOMPARE(b->ws.raw().count(u"only for c"_s), 0);
    QCOMPARE(a->ws.raw().count(u"a single id"_s), 0);
}

void TestHttpApi::sendToClientReachesOnlyThatClient()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);

    const QJsonObject message{{u"type"_s, u"notice"_s}, {u"text"_s, u"for a"_s}};
    QCOMPARE(call(u"sendToClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, message}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QVERIFY(receives(a, uR"({"text":"for a","type":"notice"})"_s));
    QVERIFY(flushed(b));
    QCOMPARE(b->ws.ofType(u"notice"_s).size(), 0);
}

void TestHttpApi::sendToUidReachesEveryConnectionOfTheUid()
{
    ChatClient *phone = connectClient(u"phone"_s);
    ChatClient *laptop = connectClient(u"laptop"_s);
    ChatClient *tablet = connectClient(u"tablet"_s);
    ChatClient *other = connectClient(u"other"_s);
    QVERIFY(phone && laptop && tablet && other);
    for (ChatClient *c : {phone, laptop, tablet})
        QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, c->clientId}, {u"uid"_s, u"user-1"_s}}), kOk);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, other->clientId}, {u"uid"_s, u"user-2"_s}}), kOk);

    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"user-1"_s}, {u"message"_s, u"to user-1"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 3}, {u"online"_s, true}}));
    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"user-1"_s}, {u"message"_s, u"not the tablet"_s},
                                   {u"exclude"_s, QJsonArray{tablet->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}, {u"online"_s, true}}));
    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"nobody"_s}, {u"message"_s, u"lost"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}, {u"online"_s, false}}));

    for (ChatClient *c : {phone, laptop, tablet})
        QVERIFY(receives(c, u"to user-1"_s));
    QVERIFY(receives(phone, u"not the tablet"_s));
    QVERIFY(receives(laptop, u"not the tablet"_s));
    QVERIFY(flushed(tablet) && flushed(other));
    QCOMPARE(tablet->ws.raw().count(u"not the tablet"_s), 0);
    QCOMPARE(other->ws.raw().count(u"to user-1"_s), 0);
}

void TestHttpApi::sendToGroupReachesTheGroupMinusExcluded()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    ChatClient *outsider = connectClient(u"outsider"_s);
    QVERIFY(a && b && outsider);
    for (ChatClient *c : {a, b})
        QCOMPARE(call(u"joinGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, u"news"_s}}), kOk);

    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"news"_s}, {u"message"_s, u"headline"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"news"_s}, {u"message"_s, u"not for b"_s},
                                     {u"exclude"_s, QJsonArray{b->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"empty"_s}, {u"message"_s, u"nobody"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}}));
    // A workerman-chat room is a group too.
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"lobby"_s}, {u"message"_s, u"room-wide"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 3}}));

    QVERIFY(receives(a, u"headline"_s));
    QVERIFY(receives(b, u"headline"_s));
    QVERIFY(receives(a, u"not for b"_s));
    for (ChatClient *c : {a, b, outsider})
        QVERIFY(receives(c, u"room-wide"_s));
    QVERIFY(flushed(b) && flushed(outsider));
    QCOMPARE(b->ws.raw().count(u"not for b"_s), 0);
    QCOMPARE(outsider->ws.raw().count(u"headline"_s), 0);
}

void TestHttpApi::bindAndUnbindUid()
{
    ChatClient *a = connectClient(u"a"_s);
    QVERIFY(a);
    const auto uidOf = [&] { return call(u"getUidByClientId"_s, {{u"client_id"_s, a->clientId}}).value(u"uid"); };

    QCOMPARE(uidOf(), QJsonValue(QJsonValue::Null));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"first"_s}}), kOk);
    QCOMPARE(uidOf(), QJsonValue(u"first"_s));
    // Binding again moves the connection to the new uid: the old one is no longer online.
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, 42}}), kOk); // a number is its text
    QCOMPARE(uidOf(), QJsonValue(u"42"_s));
    QCOMPARE(call(u"isUidOnline"_s, {{u"uid"_s, u"first"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(call(u"isUidOnline"_s, {{u"uid"_s, u"42"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, true}}));
    // unbindUid with another uid leaves the binding alone; with the bound one, or none, removes it.
    QCOMPARE(call(u"unbindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"other"_s}}), kOk);
    QCOMPARE(uidOf(), QJsonValue(u"42"_s));
    QCOMPARE(call(u"unbindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"42"_s}}), kOk);
    QCOMPARE(uidOf(), QJsonValue(QJsonValue::Null));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"again"_s}}), kOk);
    QCOMPARE(call(u"unbindUid"_s, {{u"client_id"_s, a->clientId}}), kOk);
    QCOMPARE(call(u"isUidOnline"_s, {{u"uid"_s, u"again"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"again"_s}, {u"message"_s, u"gone"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}, {u"online"_s, false}}));
}

void TestHttpApi::joinLeaveAndUngroup()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);
    const auto members = [&](const QString &group) {
        return sortedLists(call(u"getClientIdListByGroup"_s, {{u"group"_s, group}})).value(u"client_ids").toArray();
    };
    const auto join = [&](ChatClient *c, const QString &group) {
        return call(u"joinGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, group}});
    };
    QStringList both{a->clientId, b->clientId};
    both.sort();

    QCOMPARE(join(a, u"g"_s), kOk);
    QCOMPARE(join(a, u"g"_s), kOk); // joining twice is harmless
    QCOMPARE(join(b, u"g"_s), kOk);
    QCOMPARE(members(u"g"_s), QJsonArray::fromStringList(both));
    QCOMPARE(call(u"leaveGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"g"_s}}), kOk);
    QCOMPARE(members(u"g"_s), QJsonArray{b->clientId});
    QCOMPARE(call(u"leaveGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"never-joined"_s}}), kOk);

    QCOMPARE(join(a, u"g"_s), kOk);
    QCOMPARE(call(u"ungroup"_s, {{u"group"_s, u"g"_s}}), (QJsonObject{{u"ok"_s, true}, {u"removed"_s, 2}}));
    QCOMPARE(members(u"g"_s), QJsonArray());
    QCOMPARE(call(u"ungroup"_s, {{u"group"_s, u"g"_s}}), (QJsonObject{{u"ok"_s, true}, {u"removed"_s, 0}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"g"_s}, {u"message"_s, u"x"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}}));

    // max-rooms-per-client counts the chat room the client logged into.
    for (int i = 1; i < kMaxRooms; ++i)
        QCOMPARE(join(a, u"room %1"_s.arg(i)), kOk);
    const HttpReply full = api(u"joinGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"one too many"_s}});
    QCOMPARE(errorOutcome(full), expectedError(409, ApiCode::LimitReached));
    QCOMPARE(members(u"one too many"_s), QJsonArray());
}

void TestHttpApi::queries_data()
{
    // Three clients logged into "lobby"; $0 and $1 are bound to uid u1 and in group g, $2 is bound to u2.
    QTest::addColumn<QString>("command");
    QTest::addColumn<QJsonObject>("args");     // "$n" stands for the id of client n
    QTest::addColumn<QJsonObject>("expected"); // lists compared sorted

    const auto row = [](const char *name, const QString &command, const QJsonObject &args, QJsonObject expected) {
        expected.insert(u"ok"_s, true);
        QTest::newRow(name) << command << args << expected;
    };
    const auto ids = [](std::initializer_list<QString> list) { return QJsonArray::fromStringList(list); };
    const QString cid = u"client_id"_s, group = u"group"_s, uid = u"uid"_s;

    row("isOnline", u"isOnline"_s, {{cid, u"$2"_s}}, {{u"online"_s, true}});
    row("isOnline: offline", u"isOnline"_s, {{cid, kOffline}}, {{u"online"_s, false}});
    row("isUidOnline", u"isUidOnline"_s, {{uid, u"u2"_s}}, {{u"online"_s, true}});
    row("isUidOnline: nobody", u"isUidOnline"_s, {{uid, u"u3"_s}}, {{u"online"_s, false}});
    row("getAllClientIdCount", u"getAllClientIdCount"_s, {}, {{u"count"_s, 3}});
    row("getAllClientIdList", u"getAllClientIdList"_s, {}, {{u"client_ids"_s, ids({u"$0"_s, u"$1"_s, u"$2"_s})}});
    row("getAllUidCount", u"getAllUidCount"_s, {}, {{u"count"_s, 2}});
    row("getAllUidList", u"getAllUidList"_s, {}, {{u"uids"_s, ids({u"u1"_s, u"u2"_s})}});
    row("getAllGroupCount", u"getAllGroupCount"_s, {}, {{u"count"_s, 2}});
    row("getAllGroupIdList", u"getAllGroupIdList"_s, {}, {{u"groups"_s, ids({u"g"_s, u"lobby"_s})}});
    row("getClientIdListByGroup", u"getClientIdListByGroup"_s, {{group, u"g"_s}},
        {{u"client_ids"_s, ids({u"$0"_s, u"$1"_s})}});
    row("getClientIdListByGroup: empty", u"getClientIdListByGroup"_s, {{group, u"none"_s}}, {{u"client_ids"_s, ids({})}});
    row("getClientIdCountByGroup", u"getClientIdCountByGroup"_s, {{group, u"lobby"_s}}, {{u"count"_s, 3}});
    row("getClientIdCountByGroup: empty", u"getClientIdCountByGroup"_s, {{group, u"none"_s}}, {{u"count"_s, 0}});
    row("getUidListByGroup", u"getUidListByGroup"_s, {{group, u"g"_s}}, {{u"uids"_s, ids({u"u1"_s})}});
    row("getUidListByGroup: room", u"getUidListByGroup"_s, {{group, u"lobby"_s}}, {{u"uids"_s, ids({u"u1"_s, u"u2"_s})}});
    row("getUidCountByGroup", u"getUidCountByGroup"_s, {{group, u"g"_s}}, {{u"count"_s, 1}});
    row("getUidCountByGroup: room", u"getUidCountByGroup"_s, {{group, u"lobby"_s}}, {{u"count"_s, 2}});
    row("getClientIdByUid", u"getClientIdByUid"_s, {{uid, u"u1"_s}}, {{u"client_ids"_s, ids({u"$0"_s, u"$1"_s})}});
    row("getClientIdByUid: nobody", u"getClientIdByUid"_s, {{uid, u"u3"_s}}, {{u"client_ids"_s, ids({})}});
    row("getUidByClientId", u"getUidByClientId"_s, {{cid, u"$2"_s}}, {{u"uid"_s, u"u2"_s}});
}

void TestHttpApi::queries()
{
    QFETCH(QString, command);
    QFETCH(QJsonObject, args);
    QFETCH(QJsonObject, expected);
    for (const char *name : {"zero", "one", "two"})
        QVERIFY(connectClient(QLatin1String(name)));
    for (const auto &[client, uid] : {std::pair{0, u"u1"_s}, std::pair{1, u"u1"_s}, std::pair{2, u"u2"_s}})
        QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, m_clients[client]->clientId}, {u"uid"_s, uid}}), kOk);
    for (int client : {0, 1})
        QCOMPARE(call(u"joinGroup"_s, {{u"client_id"_s, m_clients[client]->clientId}, {u"group"_s, u"g"_s}}), kOk);

    QCOMPARE(sortedLists(call(command, resolve(args).toObject())), sortedLists(resolve(expected).toObject()));
}

void TestHttpApi::sessionsGetSetAndMerge()
{
    ChatClient *a = connectClient(u"<alice>"_s, u"7"_s);
    QVERIFY(a);
    const auto session = [&] { return call(u"getSession"_s, {{u"client_id"_s, a->clientId}}); };
    const auto withOk = [](const QJsonObject &s) { return QJsonObject{{u"ok"_s, true}, {u"session"_s, s}}; };

    // workerman-chat keeps the (escaped) name and the room in the session, as GatewayWorker's example does.
    QCOMPARE(session(), withOk({{u"client_name"_s, u"&lt;alice&gt;"_s}, {u"room_id"_s, u"7"_s}}));
    const QJsonObject replaced{{u"level"_s, 3}, {u"tags"_s, QJsonArray{u"x"_s}}, {u"name"_s, u"A"_s}};
    QCOMPARE(call(u"setSession"_s, {{u"client_id"_s, a->clientId}, {u"session"_s, replaced}}), kOk);
    QCOMPARE(session(), withOk(replaced));
    QCOMPARE(call(u"updateSession"_s, {{u"client_id"_s, a->clientId},
                                       {u"session"_s, QJsonObject{{u"level"_s, 4}, {u"tags"_s, QJsonValue::Null},
                                                                  {u"new"_s, true}}}}),
             kOk);
    QCOMPARE(session(), withOk({{u"level"_s, 4}, {u"name"_s, u"A"_s}, {u"new"_s, true}}));
    QCOMPARE(call(u"setSession"_s, {{u"client_id"_s, a->clientId}, {u"session"_s, QJsonObject()}}), kOk);
    QCOMPARE(session(), withOk({}));
}

void TestHttpApi::closeClientSendsTheFinalMessageThenCloses()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    ChatClient *c = connectClient(u"c"_s);
    QVERIFY(a && b && c);

    QCOMPARE(call(u"closeClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, QJsonObject{{u"type"_s, u"bye"_s}}},
                                     {u"reason"_s, u"maintenance"_s}}),
             kOk);
    QVERIFY(a->ws.waitClosed());
    QCOMPARE(a->ws.raw().last(), uR"({"type":"bye"})"_s);
    QCOMPARE(a->ws.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(a->ws.socket().closeReason(), u"maintenance"_s);
    // The room sees a logout, and the hub forgets the client.
    const QJsonObject logout = b->ws.waitFor(u"logout"_s);
    QCOMPARE(logout.value(u"from_client_id").toString(), a->clientId);
    QCOMPARE(call(u"isOnline"_s, {{u"client_id"_s, a->clientId}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(errorOutcome(api(u"sendToClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, u"late"_s}})),
             expectedError(404, ApiCode::NoSuchClient));

    // Without a message or a reason: closed normally, nothing sent before.
    const qsizetype before = b->ws.raw().size();
    QCOMPARE(call(u"closeClient"_s, {{u"client_id"_s, b->clientId}}), kOk);
    QVERIFY(b->ws.waitClosed());
    QCOMPARE(b->ws.raw().size(), before);
    QCOMPARE(b->ws.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QVERIFY(c->ws.isOpen());
    QTRY_COMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
}

void TestHttpApi::authentication_data()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QTest::addColumn<Headers>("headers"); // "KEY" stands for the server's API key
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");

    QTest::newRow("key as bearer") << Headers{{"Authorization", "Bearer KEY"}} << QString() << 200;
    QTest::newRow("key as bearer, scheme in lower case") << Headers{{"Authorization", "bearer KEY"}} << QString() << 200;
    QTest::newRow("key as bearer, scheme in upper case") << Headers{{"Authorization", "BEARER KEY"}} << QString() << 200;
    QTest::newRow("key in X-Api-Key") << Headers{{"X-Api-Key", "KEY"}} << QString() << 200;
    QTest::newRow("no key") << Headers{} << QString() << 401;
    QTest::newRow("wrong bearer") << Headers{{"Authorization", "Bearer wrong-key-1"}} << QString() << 401;
    QTest::newRow("wrong X-Api-Key") << Headers{{"X-Api-Key", "wrong-key-2"}} << QString() << 401;
    QTest::newRow("key with a character more") << Headers{{"Authorization", "Bearer KEYx"}} << QString() << 401;
    QTest::newRow("key without Bearer") << Headers{{"Authorization", "KEY"}} << QString() << 401;
    QTest::newRow("key as Basic") << Headers{{"Authorization", "Basic KEY"}} << QString() << 401;
    QTest::newRow("scheme glued to the key") << Headers{{"Authorization", "BearerKEY"}} << QString() << 401;
    QTest::newRow("empty bearer") << Headers{{"Authorization", "Bearer "}} << QString() << 401;
    QTest::newRow("key in the URL is not accepted") << Headers{} << u"key=KEY"_s << 401;
}

void TestHttpApi::authentication()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QFETCH(Headers, headers);
    QFETCH(QString, query);
    QFETCH(int, status);
    for (auto &header : headers)
        header.second.replace("KEY", key());
    headers.emplace_back("Content-Type", "application/json");
    QUrl endpoint = m_server->apiUrl(u"/api/getAllClientIdCount"_s);
    endpoint.setQuery(query.replace(u"KEY"_s, m_server->apiKey()));

    const HttpReply r = m_http->send("POST", endpoint, "{}", headers);
    if (status == 200)
        QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    else
        QCOMPARE(errorOutcome(r), expectedError(status, ApiCode::Unauthorized));
}

void TestHttpApi::wrongKeysAreNeverLogged()
{
    const QByteArray wrong = "wrong-key-that-must-not-be-logged-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(errorOutcome(m_http->send("POST", m_server->apiUrl(u"/api/isOnline"_s), "{}",
                                       {{"Authorization", "Bearer " + wrong}, {"Content-Type", "application/json"}})),
             expectedError(401, ApiCode::Unauthorized));
    QCOMPARE(errorOutcome(m_http->send("POST", m_server->apiUrl(u"/api/isUidOnline"_s), "{}",
                                       {{"X-Api-Key", wrong}, {"Content-Type", "application/json"}})),
             expectedError(401, ApiCode::Unauthorized));
    QCOMPARE(m_http->get(url(u"/?type=publish&to=&content=x&key="_s + QString::fromUtf8(wrong))).body, "fail"_ba);

    // A request to a path of its own is logged after them: once its line is in, theirs are too (the first
    // refusal from this address in full, the others in a summary), and the key is in none.
    const QString marker = u"/after-the-wrong-keys-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(marker), key())), expectedError(404, ApiCode::UnknownCommand));
    QTRY_VERIFY(m_server->log().contains(marker));
    QVERIFY(m_server->log().contains(u"401 for "_s));
    QVERIFY(!m_server->log().contains(QString::fromUtf8(wrong)));
}

void TestHttpApi::badRequests_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");

    const auto bad = [](const char *name, const char *command, const QByteArray &body, int code, int status = 400) {
        QTest::newRow(name) << QString::fromLatin1(command) << body << status << code;
    };
    // Malformed bodies.
    bad("invalid JSON", "sendToAll", R"({"message":)", ApiCode::BadRequest);
    bad("not JSON at all", "sendToAll", "message=hello", ApiCode::BadRequest);
    bad("JSON array body", "sendToAll", R"(["message"])", ApiCode::BadRequest);
    bad("JSON string body", "sendToAll", R"("message")", ApiCode::BadRequest);
    // Unknown commands (names are case-sensitive, as GatewayWorker's methods).
    bad("unknown command", "sendToMars", "{}", ApiCode::UnknownCommand, 404);
    bad("wrong case", "sendtoall", R"({"message":"x"})", ApiCode::UnknownCommand, 404);
    bad("empty command", "", "{}", ApiCode::UnknownCommand, 404);
    // Missing arguments.
    bad("sendToAll: no message", "sendToAll", "{}", ApiCode::MissingField);
    bad("sendToAll: empty body", "sendToAll", "", ApiCode::MissingField);
    bad("sendToAll: null message", "sendToAll", R"({"message":null})", ApiCode::MissingField);
    bad("sendToAll: empty message", "sendToAll", R"({"message":""})", ApiCode::MissingField);
    bad("sendToClient: no client_id", "sendToClient", R"({"message":"x"})", ApiCode::MissingField);
    bad("sendToClient: no message", "sendToClient", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("sendToUid: no uid", "sendToUid", R"({"message":"x"})", ApiCode::MissingField);
    bad("sendToGroup: no group", "sendToGroup", R"({"message":"x"})", ApiCode::MissingField);
    bad("bindUid: no uid", "bindUid", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("bindUid: empty uid", "bindUid", R"({"client_id":"0000","uid":""})", ApiCode::MissingField);
    bad("unbindUid: no client_id", "unbindUid", "{}", ApiCode::MissingField);
    bad("joinGroup: no group", "joinGroup", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("leaveGroup: no group", "leaveGroup", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("ungroup: no group", "ungroup", "{}", ApiCode::MissingField);
    bad("isOnline: no client_id", "isOnline", "{}", ApiCode::MissingField);
    bad("isOnline: empty client_id", "isOnline", R"({"client_id":""})", ApiCode::MissingField);
    bad("isUidOnline: no uid", "isUidOnline", "{}", ApiCode::MissingField);
    bad("getClientIdListByGroup: no group", "getClientIdListByGroup", "{}", ApiCode::MissingField);
    bad("getClientIdCountByGroup: no group", "getClientIdCountByGroup", "{}", ApiCode::MissingField);
    bad("getUidListByGroup: no group", "getUidListByGroup", "{}", ApiCode::MissingField);
    bad("getUidCountByGroup: no group", "getUidCountByGroup", "{}", ApiCode::MissingField);
    bad("getClientIdByUid: no uid", "getClientIdByUid", "{}", ApiCode::MissingField);
    bad("getUidByClientId: no client_id", "getUidByClientId", "{}", ApiCode::MissingField);
    bad("getSession: no client_id", "getSession", "{}", ApiCode::MissingField);
    bad("setSession: no session", "setSession", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("updateSession: no session", "updateSession", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("closeClient: no client_id", "closeClient", "{}", ApiCode::MissingField);
    // Wrong types.
    bad("message is a number", "sendToAll", R"({"message":5})", ApiCode::WrongFieldType);
    bad("message is a boolean", "sendToAll", R"({"message":true})", ApiCode::WrongFieldType);
    bad("exclude is a number", "sendToAll", R"({"message":"x","exclude":5})", ApiCode::WrongFieldType);
    bad("exclude holds a number", "sendToAll", R"({"message":"x","exclude":["a",5]})", ApiCode::WrongFieldType);
    bad("exclude is an object", "sendToGroup", R"({"group":"g","message":"x","exclude":{}})", ApiCode::WrongFieldType);
    bad("client_id is a boolean", "sendToClient", R"({"client_id":true,"message":"x"})", ApiCode::WrongFieldType);
    bad("client_id is a fraction", "isOnline", R"({"client_id":1.5})", ApiCode::WrongFieldType);
    bad("client_id is an array", "getSession", R"({"client_id":["a"]})", ApiCode::WrongFieldType);
    bad("uid is an object", "bindUid", R"({"client_id":"0000","uid":{}})", ApiCode::WrongFieldType);
    bad("group is a boolean", "joinGroup", R"({"client_id":"0000","group":false})", ApiCode::WrongFieldType);
    bad("session is a string", "setSession", R"({"client_id":"0000","session":"x"})", ApiCode::WrongFieldType);
    bad("session is an array", "updateSession", R"({"client_id":"0000","session":[]})", ApiCode::WrongFieldType);
    bad("final message is a number", "closeClient", R"({"client_id":"0000","message":1})", ApiCode::WrongFieldType);
    bad("sender is a boolean", "sendToGroup", R"({"group":"g","message":"x","sender":true})", ApiCode::WrongFieldType);
    // A message over max-message-size.
    bad("message over max-message-size", "sendToAll",
        R"({"message":")" + QByteArray(kMaxMessageSize + 1, 'x') + R"("})", ApiCode::TooLarge, 413);
    bad("object message over max-message-size", "sendToUid",
        R"({"uid":"u","message":{"k":")" + QByteArray(kMaxMessageSize, 'x') + R"("}})", ApiCode::TooLarge, 413);
}

void TestHttpApi::badRequests()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(int, code);
    ChatClient *witness = connectClient(u"witness"_s);
    QVERIFY(witness);

    const HttpReply r = m_http->post(m_server->apiUrl(u"/api/"_s + command), body, key());
    QCOMPARE(errorOutcome(r), expectedError(status, code));
    QCOMPARE(r.contentType, "application/json"_ba);
    // Nothing was sent.
    const qsizetype frames = witness->ws.raw().size();
    QVERIFY(flushed(witness));
    QCOMPARE(witness->ws.raw().size(), frames + 1);
}

void TestHttpApi::unknownClientId_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QJsonObject>("args"); // client_id is added

    QTest::newRow("sendToClient") << u"sendToClient"_s << QJsonObject{{u"message"_s, u"x"_s}};
    QTest::newRow("bindUid") << u"bindUid"_s << QJsonObject{{u"uid"_s, u"u"_s}};
    QTest::newRow("unbindUid") << u"unbindUid"_s << QJsonObject{};
    QTest::newRow("joinGroup") << u"joinGroup"_s << QJsonObject{{u"group"_s, u"g"_s}};
    QTest::newRow("leaveGroup") << u"leaveGroup"_s << QJsonObject{{u"group"_s, u"g"_s}};
    QTest::newRow("getUidByClientId") << u"getUidByClientId"_s << QJsonObject{};
    QTest::newRow("getSession") << u"getSession"_s << QJsonObject{};
    QTest::newRow("setSession") << u"setSession"_s << QJsonObject{{u"session"_s, QJsonObject{}}};
    QTest::newRow("updateSession") << u"updateSession"_s << QJsonObject{{u"session"_s, QJsonObject{}}};
    QTest::newRow("closeClient") << u"closeClient"_s << QJsonObject{{u"message"_s, u"bye"_s}};
}

void TestHttpApi::unknownClientId()
{
    QFETCH(QString, command);
    QFETCH(QJsonObject, args);
    args.insert(u"client_id"_s, kOffline);
    const HttpReply r = api(command, args);
    QCOMPARE(errorOutcome(r), expectedError(404, ApiCode::NoSuchClient));
    QVERIFY2(r.json().value(u"error").toObject().value(u"message").toString().contains(kOffline), r.body.constData());
    QCOMPARE(call(u"getAllGroupCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    QCOMPARE(call(u"getAllUidCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

void TestHttpApi::oversizedBody_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("status");

    QTest::newRow("at max-request-size") << kMaxRequestSize << 200;
    QTest::newRow("one byte over") << kMaxRequestSize + 1 << 413;
    QTest::newRow("four times over") << kMaxRequestSize * 4 << 413;
    QTest::newRow("a megabyte") << qint64(1024 * 1024) << 413; // refused before it is buffered
}

void TestHttpApi::oversizedBody()
{
    QFETCH(qint64, size);
    QFETCH(int, status);
    ChatClient *witness = connectClient(u"witness"_s);
    QVERIFY(witness);
    // A short message padded with whitespace, which JSON allows: only the size is wrong.
    QByteArray body = R"({"message":"padded"})";
    body.append(QByteArray(size - body.size(), ' '));

    const HttpReply r = m_http->post(m_server->apiUrl(u"/api/sendToAll"_s), body, key());
    if (status == 200) {
        QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
        QVERIFY(receives(witness, u"padded"_s));
    } else {
        QCOMPARE(errorOutcome(r), expectedError(413, ApiCode::TooLarge));
        QVERIFY(flushed(witness));
        QCOMPARE(witness->ws.raw().count(u"padded"_s), 0);
    }
    // The server still answers.
    QCOMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
}

void TestHttpApi::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("command");

    QTest::newRow("GET a command") << "GET"_ba << u"getAllClientIdCount"_s;
    QTest::newRow("GET a sending command") << "GET"_ba << u"sendToAll"_s;
    QTest::newRow("PUT") << "PUT"_ba << u"sendToAll"_s;
    QTest::newRow("DELETE") << "DELETE"_ba << u"closeClient"_s;
    QTest::newRow("PATCH") << "PATCH"_ba << u"updateSession"_s;
}

void TestHttpApi::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, command);
    const QByteArray body = method == "GET" ? QByteArray() : R"({"message":"x"})"_ba;
    const HttpReply r = m_http->send(method, m_server->apiUrl(u"/api/"_s + command), body,
                                     {{"Authorization", "Bearer " + key()}, {"Content-Type", "application/json"}});
    QCOMPARE(errorOutcome(r), expectedError(405, ApiCode::MethodNotAllowed));
}

void TestHttpApi::unknownPath()
{
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/nowhere"_s), key())), expectedError(404, ApiCode::UnknownCommand));
    QCOMPARE(errorOutcome(m_http->post(m_server->apiUrl(u"/api"_s), "{}", key())), expectedError(404, ApiCode::UnknownCommand));
    // A form call of another type than publish is a bad form call: "fail", as web-msg-sender answers.
    const HttpReply other = m_http->get(url(u"/?type=subscribe&to=&content=x&key="_s + m_server->apiKey()));
    QCOMPARE(other.status, 400);
    QCOMPARE(other.body, "fail"_ba);
    QCOMPARE(m_http->get(url(u"/?type=&content=x&key="_s + m_server->apiKey())).body, "fail"_ba);
}

void TestHttpApi::legacyPublish_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("params");     // query (GET) or form body (POST); KEY is the API key
    QTest::addColumn<QByteArray>("keyHeader"); // a header carrying the key instead, or empty
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("aliceGets"); // alice is uid u-alice, bob uid u-bob; empty: nothing
    QTest::addColumn<QString>("bobGets");

    const QString root = u"/"_s;
    QTest::newRow("GET, key in the query") << "GET"_ba << root << u"type=publish&to=u-alice&content=hello&key=KEY"_s
                                           << QByteArray() << 200 << "ok"_ba << u"hello"_s << QString();
    QTest::newRow("POST form, key in the form") << "POST"_ba << root << u"type=publish&to=u-alice&content=hello&key=KEY"_s
                                                << QByteArray() << 200 << "ok"_ba << u"hello"_s << QString();
    QTest::newRow("POST form, key in X-Api-Key") << "POST"_ba << root << u"type=publish&to=u-bob&content=hello"_s
                                                 << "X-Api-Key"_ba << 200 << "ok"_ba << QString() << u"hello"_s;
    QTest::newRow("GET, key as bearer") << "GET"_ba << root << u"type=publish&to=u-bob&content=hi"_s
                                        << "Authorization"_ba << 200 << "ok"_ba << QString() << u"hi"_s;
    QTest::newRow("any path") << "POST"_ba << u"/push/anything"_s << u"type=publish&to=u-alice&content=x&key=KEY"_s
                              << QByteArray() << 200 << "ok"_ba << u"x"_s << QString();
    QTest::newRow("empty to: everyone") << "GET"_ba << root << u"type=publish&to=&content=all%20of%20you&key=KEY"_s
                                        << QByteArray() << 200 << "ok"_ba << u"all of you"_s << u"all of you"_s;
    QTest::newRow("no to: everyone") << "POST"_ba << root << u"type=publish&content=everyone&key=KEY"_s << QByteArray()
                                     << 200 << "ok"_ba << u"everyone"_s << u"everyone"_s;
    QTest::newRow("offline uid") << "GET"_ba << root << u"type=publish&to=u-nobody&content=x&key=KEY"_s << QByteArray()
                                 << 200 << "offline"_ba << QString() << QString();
    QTest::newRow("percent-encoded UTF-8 and reserved characters")
        << "POST"_ba << root << u"type=publish&to=u-alice&content=%E4%BD%A0%E5%A5%BD%20a%26b%3Dc%2B1&key=KEY"_s
        << QByteArray() << 200 << "ok"_ba << u"你好 a&b=c+1"_s << QString();
    QTest::newRow("JSON content verbatim") << "GET"_ba << root
                                           << u"type=publish&to=u-alice&content=%7B%22type%22%3A%22x%22%7D&key=KEY"_s
                                           << QByteArray() << 200 << "ok"_ba << uR"({"type":"x"})"_s << QString();
    QTest::newRow("form: + is a space") << "POST"_ba << root << u"type=publish&to=u-alice&content=hello+world&key=KEY"_s
                                        << QByteArray() << 200 << "ok"_ba << u"hello world"_s << QString();
    QTest::newRow("query: + is a space") << "GET"_ba << root << u"type=publish&to=u-alice&content=hello+there&key=KEY"_s
                                         << QByteArray() << 200 << "ok"_ba << u"hello there"_s << QString();
    QTest::newRow("query: %2B is a plus") << "GET"_ba << root << u"type=publish&to=u-alice&content=1%2B1&key=KEY"_s
                                          << QByteArray() << 200 << "ok"_ba << u"1+1"_s << QString();
    QTest::newRow("no key") << "GET"_ba << root << u"type=publish&to=&content=x"_s << QByteArray() << 401 << "fail"_ba
                            << QString() << QString();
    QTest::newRow("wrong key") << "POST"_ba << root << u"type=publish&to=&content=x&key=KEYx"_s << QByteArray() << 401
                               << "fail"_ba << QString() << QString();
    QTest::newRow("empty content") << "GET"_ba << root << u"type=publish&to=u-alice&content=&key=KEY"_s << QByteArray()
                                   << 400 << "fail"_ba << QString() << QString();
}

void TestHttpApi::legacyPublish()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, params);
    QFETCH(QByteArray, keyHeader);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    QFETCH(QString, aliceGets);
    QFETCH(QString, bobGets);
    ChatClient *alice = connectClient(u"alice"_s);
    ChatClient *bob = connectClient(u"bob"_s);
    QVERIFY(alice && bob);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, alice->clientId}, {u"uid"_s, u"u-alice"_s}}), kOk);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, bob->clientId}, {u"uid"_s, u"u-bob"_s}}), kOk);
    QVERIFY(flushed(alice) && flushed(bob));
    const qsizetype aliceBefore = alice->ws.raw().size(), bobBefore = bob->ws.raw().size();

    params.replace(u"KEY"_s, m_server->apiKey());
    QList<QPair<QByteArray, QByteArray>> headers;
    if (keyHeader == "Authorization")
        headers.emplace_back(keyHeader, "Bearer " + key());
    else if (!keyHeader.isEmpty())
        headers.emplace_back(keyHeader, key());
    HttpReply r;
    if (method == "GET") {
        r = m_http->send(method, url(path + u'?' + params), {}, headers);
    } else {
        headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        r = m_http->send(method, url(path), params.toUtf8(), headers);
    }
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
    QVERIFY2(r.contentType.startsWith("text/plain"), r.contentType.constData());

    for (const auto &[client, gets, before] : {std::tuple{alice, aliceGets, aliceBefore}, std::tuple{bob, bobGets, bobBefore}}) {
        if (!gets.isEmpty())
            QVERIFY2(receives(client, gets), qPrintable(client->ws.raw().join(u'\n')));
        QVERIFY(flushed(client));
        QCOMPARE(client->ws.raw().size(), before + (gets.isEmpty() ? 1 : 2)); // + the marker
    }
}

void TestHttpApi::healthzNeedsNoKey()
{
    ChatClient *a = connectClient(u"a"_s);
    QVERIFY(a);
    const HttpReply r = m_http->get(m_server->apiUrl(u"/healthz"_s));
    QCOMPARE(r.status, 200);
    const QJsonObject health = r.json();
    QCOMPARE(health.value(u"status").toString(), u"ok"_s);
    QCOMPARE(health.value(u"connections").toInt(), 1);
    QVERIFY(!health.value(u"version").toString().isEmpty());
    QCOMPARE(health.value(u"node_id").toString().size(), 8);
    QVERIFY(health.value(u"uptime_s").toInteger(-1) >= 0);
}

void TestHttpApi::metricsNeedTheKeyAndCount()
{
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/metrics"_s))), expectedError(401, ApiCode::Unauthorized));
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/metrics"_s), "wrong")), expectedError(401, ApiCode::Unauthorized));

    const auto scrape = [this] {
        const HttpReply r = m_http->get(m_server->apiUrl(u"/metrics"_s), key());
        return r.status == 200 && r.contentType.startsWith("text/plain; version=0.0.4") ? parseMetrics(r.body) : Samples();
    };
    const Samples before = scrape();
    for (const char *name : {"herald_connections", "herald_rooms", "herald_uids", "herald_admin_connections",
                             "herald_connections_accepted_total", "herald_connections_refused_total",
                             "herald_logins_total", "herald_messages_in_total", "herald_bytes_in_total",
                             "herald_messages_out_total", "herald_bytes_out_total", "herald_publishes_total"})
        QVERIFY2(before.contains(QLatin1String(name)), name);
    QCOMPARE(before.value(u"herald_connections"_s), 0);

    // Two logins, one protocol error, three API sends, one refused call, one client closing.
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"u"_s}}), kOk);
    a->ws.sendText(u"not json"_s);
    QVERIFY(!a->ws.waitFor(u"error"_s).isEmpty());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"m%1"_s.arg(i)}}), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(m_http->command(m_server->apiUrl(), u"sendToAll"_s, {{u"message"_s, u"x"_s}}, "wrong").status, 401);
    for (ChatClient *c : {a, b})
        QVERIFY(receives(c, u"m2"_s));

    const Samples during = scrape();
    const auto delta = [&](const Samples &after, const QString &name) {
        return qint64(after.value(name)) - qint64(before.value(name));
    };
    QCOMPARE(during.value(u"herald_connections"_s), 2);
    QCOMPARE(during.value(u"herald_rooms"_s), 1);
    QCOMPARE(during.value(u"herald_uids"_s), 1);
    QCOMPARE(delta(during, u"herald_connections_accepted_total"_s), 2);
    QCOMPARE(delta(during, u"herald_logins_total"_s), 2);
    QCOMPARE(delta(during, u"herald_messages_in_total"_s), 3); // two logins, one bad frame
    QCOMPARE(delta(during, uR"(herald_errors_total{kind="invalid_json"})"_s), 1);
    QCOMPARE(delta(during, uR"(herald_api_calls_total{command="sendToAll",status="200"})"_s), 3);
    QCOMPARE(delta(during, uR"(herald_api_calls_total{command="sendToAll",status="401"})"_s), 1);
    QCOMPARE(delta(during, uR"(herald_api_calls_total{command="bindUid",status="200"})"_s), 1);
    QVERIFY(delta(during, u"herald_publishes_total"_s) >= 3);
    // Every frame the clients received was counted, with its bytes.
    qint64 frames = 0, bytes = 0;
    for (ChatClient *c : {a, b}) {
        frames += c->ws.raw().size();
        for (const QString &f : c->ws.raw())
            bytes += f.toUtf8().size();
    }
    QCOMPARE(delta(during, u"herald_messages_out_total"_s), frames);
    QCOMPARE(delta(during, u"herald_bytes_out_total"_s), bytes);

    b->ws.socket().close();
    QVERIFY(b->ws.waitClosed());
    QTRY_COMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
    const Samples after = scrape();
    QCOMPARE(after.value(u"herald_connections"_s), 1);
    QCOMPARE(after.value(u"herald_uids"_s), 1);
    QCOMPARE(delta(after, uR"(herald_closes_total{reason="client"})"_s), 1);
}

ServerProcess *TestHttpApi::limitedServer()
{
    if (!m_limited)
        m_limited = ServerProcess::started(kLimitedFlags);
    return m_limited.get();
}

// Every error answer is logged with its status, what was asked and the address (the first of a kind in
// full, the rest of that kind in a summary line every 10 s).
void TestHttpApi::everyErrorIsLogged()
{
    const QString tag = QString::number(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/api/getAllClientIdCount"_s), key())),
             expectedError(405, ApiCode::MethodNotAllowed));
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/nowhere-"_s + tag), key())),
             expectedError(404, ApiCode::UnknownCommand));
    QCOMPARE(m_http->get(url(u"/?type=nosuch&key="_s + m_server->apiKey())).body, "fail"_ba);
    QCOMPARE(m_http->get(url(u"/?type=publish&to=u&key="_s + m_server->apiKey())).body, "fail"_ba); // no content
    QCOMPARE(errorOutcome(api(u"isOnline"_s)), expectedError(400, ApiCode::MissingField));

    QTRY_VERIFY(m_server->log().contains(u"404 for /nowhere-%1 from 127.0.0.1: no such path"_s.arg(tag)));
    const QString log = m_server->log();
    QVERIFY(log.contains(u"405 for /api/getAllClientIdCount from 127.0.0.1"_s));
    QVERIFY(log.contains(u"400 for publish from 127.0.0.1"_s));
    QVERIFY(log.contains(u"400 for isOnline from 127.0.0.1"_s));
}

void TestHttpApi::closesWhenTheRequestAsks_data()
{
    QTest::addColumn<QByteArray>("request"); // KEY stands for the API key
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("closes");

    const QByteArray command = "POST /api/getAllClientIdCount HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer KEY\r\n"
                               "Content-Type: application/json\r\nContent-Length: 2\r\n";
    QTest::newRow("HTTP/1.0") << "GET /healthz HTTP/1.0\r\n\r\n"_ba << 200 << true;
    QTest::newRow("HTTP/1.0, keep-alive") << "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << 200 << false;
    QTest::newRow("HTTP/1.1") << "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba << 200 << false;
    QTest::newRow("HTTP/1.1, Connection: close") << "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"_ba
                                                 << 200 << true;
    QTest::newRow("Connection: Keep-Alive, Close") << "GET /healthz HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n"_ba
                                                   << 200 << true;
    QTest::newRow("a command, HTTP/1.0 (PHP's stream functions)")
        << QByteArray(command).replace("HTTP/1.1", "HTTP/1.0") + "\r\n{}" << 200 << true;
    QTest::newRow("a command, Connection: close") << command + "Connection: close\r\n\r\n{}" << 200 << true;
    QTest::newRow("a command, kept alive") << command + "\r\n{}" << 200 << false;
    QTest::newRow("an error, HTTP/1.0") << "GET /nowhere HTTP/1.0\r\n\r\n"_ba << 404 << true;
    QTest::newRow("the form call, HTTP/1.0") << "GET /?type=publish&to=&content=x&key=KEY HTTP/1.0\r\n\r\n"_ba << 200 << true;
}

void TestHttpApi::closesWhenTheRequestAsks()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, closes);
    request.replace("KEY", key());
    const QByteArray statusLine = "HTTP/1.1 " + QByteArray::number(status) + ' ';
    RawHttpClient http;
    QVERIFY(http.connectTo(m_server->apiPort()));

    http.send(request);
    const QByteArray answer = http.answer();
    QVERIFY2(answer.startsWith(statusLine), answer.constData());
    if (closes) {
        QCOMPARE(headerValue(answer, "Connection").toLower(), "close"_ba);
        QVERIFY(http.waitClosed()); // a client that reads to the end of the stream is not left hanging
    } else {
        QVERIFY(headerValue(answer, "Connection").toLower() != "close");
        http.send(request); // the connection serves the next request
        QVERIFY(http.answer().startsWith(statusLine));
        QVERIFY(http.isOpen());
    }
}

namespace {
QByteArray chunk(const QByteArray &data, const QByteArray &extension = {})
{
    return QByteArray::number(data.size(), 16) + extension + "\r\n" + data + "\r\n";
}
} // namespace

void TestHttpApi::malformedChunkedBody_data()
{
    QTest::addColumn<QByteArray>("body"); // chunked, as sent
    QTest::addColumn<QString>("outcome"); // "200" or the error

    const QByteArray message = R"({"message":"chunked hi"})";
    QTest::newRow("two chunks") << chunk(R"({"message":)") + chunk(R"("chunked hi"})") + "0\r\n\r\n" << u"200"_s;
    QTest::newRow("a chunk extension") << chunk(message, ";name=value") + "0\r\n\r\n" << u"200"_s;
    QTest::newRow("upper-case size") << "1A\r\n" + message + "  \r\n0\r\n\r\n" << u"200"_s; // 24 bytes and 2 spaces
    QTest::newRow("only the last chunk: an empty body, as {}") << "0\r\n\r\n"_ba << expectedError(400, ApiCode::MissingField);
    QTest::newRow("size not hexadecimal") << "ZZ\r\n" + message + "\r\n0\r\n\r\n" << expectedError(400, ApiCode::BadRequest);
    QTest::newRow("negative size") << "-1\r\n" + message + "\r\n0\r\n\r\n" << expectedError(400, ApiCode::BadRequest);
    QTest::newRow("size shorter than the data") << "4\r\n" + message + "\r\n0\r\n\r\n" << expectedError(400, ApiCode::BadRequest);
}

void TestHttpApi::malformedChunkedBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, outcome);
    ChatClient *witness = connectClient(u"witness"_s);
    QVERIFY(witness);
    RawHttpClient http;
    QVERIFY(http.connectTo(m_server->apiPort()));

    http.send("POST /api/sendToAll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key()
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
    const QByteArray answer = http.answer();
    QVERIFY2(!answer.isEmpty(), "no answer");
    HttpReply reply;
    reply.status = answer.mid(9, 3).toInt();
    reply.body = answer.sliced(answer.indexOf("\r\n\r\n") + 4);
    if (outcome == u"200") {
        QCOMPARE(reply.json(), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
        QVERIFY(receives(witness, u"chunked hi"_s));
        return;
    }
    QCOMPARE(errorOutcome(reply), outcome);
    QVERIFY(flushed(witness));
    QVERIFY(!witness->ws.raw().contains(u"chunked hi"_s));
    if (reply.json().value(u"error"_s).toObject().value(u"code"_s).toInt() == ApiCode::BadRequest) {
        QVERIFY(reply.json().value(u"error"_s).toObject().value(u"message"_s).toString().startsWith(u"malformed chunked body"_s));
        QCOMPARE(headerValue(answer, "Connection"), "close"_ba); // where a next request would start is unknown
        QVERIFY(http.waitClosed());
    }
}

void TestHttpApi::integerIdsAreTheirDecimalText_data()
{
    QTest::addColumn<QJsonValue>("group");
    QTest::addColumn<QString>("outcome"); // "200" or the error
    QTest::newRow("1") << QJsonValue(1) << u"200"_s;
    QTest::newRow("\"1\"") << QJsonValue(u"1"_s) << u"200"_s;
    QTest::newRow("1.0") << QJsonValue(1.0) << u"200"_s;
    QTest::newRow("1.5") << QJsonValue(1.5) << expectedError(400, ApiCode::WrongFieldType);
    QTest::newRow("true") << QJsonValue(true) << expectedError(400, ApiCode::WrongFieldType);
    QTest::newRow("[1]") << QJsonValue(QJsonArray{1}) << expectedError(400, ApiCode::WrongFieldType);
}

// GatewayWorker backends send room ids as integers: 1 is group "1", as docs/api.md says; anything else
// is refused with a message that says what is accepted.
void TestHttpApi::integerIdsAreTheirDecimalText()
{
    QFETCH(QJsonValue, group);
    QFETCH(QString, outcome);
    ChatClient *one = connectClient(u"one"_s, u"1"_s);
    QVERIFY(one);

    const HttpReply r = api(u"getClientIdListByGroup"_s, {{u"group"_s, group}});
    if (outcome != u"200") {
        QCOMPARE(errorOutcome(r), outcome);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 uR"(argument "group" must be a string or an integer)"_s);
        return;
    }
    QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"client_ids"_s, QJsonArray{one->clientId}}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, group}, {u"message"_s, u"to room one"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QVERIFY(receives(one, u"to room one"_s));
}

// Past a few wrong keys in a row from one address, each further one is answered a second after the
// previous one at the earliest, however many connections carry them; the right key is answered at once
// and starts the count again. The log has the first refusal and then a summary line.
void TestHttpApi::repeatedWrongKeysAreSlowed()
{
    const QByteArray wrongKey = "wrong-key-of-the-throttle-test";
    const QByteArray wrong = "POST /api/getAllClientIdCount HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + wrongKey
        + "\r\nContent-Length: 2\r\n\r\n{}";
    QElapsedTimer clock;
    for (int i = 0; i < 5; ++i) {
        clock.start();
        QCOMPARE(m_http->command(m_server->apiUrl(), u"getAllClientIdCount"_s, {}, wrongKey).status, 401);
        QVERIFY2(clock.elapsed() < 800, "the first failures are answered at once");
    }
    RawHttpClient sixth;
    QVERIFY(sixth.connectTo(m_server->apiPort()));
    clock.start();
    sixth.send(wrong);
    QByteArray answer = sixth.answer();
    QVERIFY2(answer.startsWith("HTTP/1.1 401 "), answer.constData());
    QVERIFY2(clock.elapsed() >= 900, qPrintable(u"answered after %1 ms"_s.arg(clock.elapsed())));
    QCOMPARE(headerValue(answer, "Connection"), "close"_ba);
    QVERIFY(sixth.waitClosed());

    RawHttpClient seventh, eighth; // at once, on two connections: still one a second
    QVERIFY(seventh.connectTo(m_server->apiPort()) && eighth.connectTo(m_server->apiPort()));
    clock.start();
    seventh.send(wrong);
    eighth.send(wrong);
    QVERIFY(seventh.answer().startsWith("HTTP/1.1 401 "));
    QVERIFY(eighth.answer().startsWith("HTTP/1.1 401 "));
    QVERIFY2(clock.elapsed() >= 1800, qPrintable(u"both answered within %1 ms"_s.arg(clock.elapsed())));

    clock.start();
    QCOMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    QCOMPARE(m_http->command(m_server->apiUrl(), u"getAllClientIdCount"_s, {}, wrongKey).status, 401);
    QVERIFY2(clock.elapsed() < 800, "the right key starts the count again");

    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"more failed HTTP API logins from 127.0.0.1 in the last 10 s"_s), 15000);
    QVERIFY(!m_server->log().contains(QString::fromUtf8(wrongKey)));
}

// A peer that sends requests and does not read the answers is closed once max-send-buffer bytes of
// answers wait for it; the others are served.
void TestHttpApi::unreadAnswersCloseTheConnection()
{
    ServerProcess *server = limitedServer();
    QVERIFY(server);
    const QString closes = uR"(herald_door_closes_total{door="http",reason="reply_backlog"})"_s;
    QCOMPARE(server->metric(closes), 0);
    RawClient peer;
    QVERIFY(peer.connectTo(server->apiPort(), u"127.0.0.1"_s, 4096));
    peer.stopReading(); // the answers pile up in the kernel, then in the server
    peer.flood(QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").repeated(500), 40); // ~200 KiB of answers each
    QTRY_COMPARE_WITH_TIMEOUT(server->metric(closes), 1, 20000);
    QTRY_VERIFY(server->log().contains(u"bytes of answers unread (max-send-buffer 65536)"_s));
    QCOMPARE(m_http->get(server->apiUrl(u"/healthz"_s)).status, 200);
}

// A connection must send a request with the API key within handshake-timeout, and may then stay silent
// for idle-timeout seconds; sending without the key does not extend the first.
void TestHttpApi::silentConnectionsAreClosed()
{
    ServerProcess *server = limitedServer(); // 1000 ms to authenticate, 3 s of silence
    QVERIFY(server);
    const QByteArray withKey = "POST /api/getAllClientIdCount HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + server->apiKey().toUtf8() + "\r\nContent-Length: 2\r\n\r\n{}";
    const QByteArray withoutKey = "POST /api/getAllClientIdCount HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
    RawHttpClient never, keyless, idle, busy;
    for (RawHttpClient *c : {&never, &keyless, &idle, &busy})
        QVERIFY(c->connectTo(server->apiPort()));
    keyless.send(withoutKey);
    QVERIFY(keyless.answer().startsWith("HTTP/1.1 401 "));
    for (RawHttpClient *c : {&idle, &busy}) {
        c->send(withKey);
        QVERIFY(c->answer().startsWith("HTTP/1.1 200 "));
    }

    QVERIFY(never.waitClosed(5000));
    keyless.send(withoutKey); // no key, no more time
    QVERIFY(keyless.waitClosed(5000));
    busy.send(withKey); // a second after idle's last request: its clock starts again
    QVERIFY(busy.answer().startsWith("HTTP/1.1 200 "));
    QVERIFY(idle.isOpen());

    QVERIFY(idle.waitClosed(6000));
    QVERIFY2(busy.isOpen(), "closed with the idle one");
    QVERIFY(busy.waitClosed(6000));

    // At least: the test's own HTTP clients may have had idle connections closed too.
    QVERIFY(server->metric(uR"(herald_door_closes_total{door="http",reason="auth_timeout"})"_s) >= 2);
    QVERIFY(server->metric(uR"(herald_door_closes_total{door="http",reason="idle_timeout"})"_s) >= 2);
    QVERIFY(server->log().contains(u"no request with the API key within 1000 ms (handshake-timeout)"_s));
    QVERIFY(server->log().contains(u"silent for 3 s (idle-timeout)"_s));
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
