// The admin channel's codec, both directions: what the console makes of each server message, what the
// server makes of each request, every message encoded and decoded back, and bad input of every kind.
#include "protocol/admincommands.h"
#include "protocol/adminprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Herald::Admin;

Q_DECLARE_METATYPE(Herald::Admin::Message)
Q_DECLARE_METATYPE(Herald::Admin::Request)
Q_DECLARE_METATYPE(Herald::Admin::PushRequest)
Q_DECLARE_METATYPE(Herald::Admin::Device)

namespace {
QByteArray json(const char *text)
{
    return QByteArray(text);
}

QJsonObject object(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

QDateTime utc(int h, int m, int s, int ms = 0)
{
    return QDateTime(QDate(2026, 11, 24), QTime(h, m, s, ms), Qt::UTC);
}

QByteArray encoded(const Message &m)
{
    return std::visit([](const auto &v) -> QByteArray {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, DecodeError>)
            return {};
        else
            return encode(v);
    }, m);
}

QByteArray encoded(const Request &r)
{
    return std::visit([](const auto &v) -> QByteArray {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, RequestError>)
            return {};
        else
            return encode(v);
    }, r);
}

ClientInfo sampleClient()
{
    ClientInfo c;
    c.id = QStringLiteral("0a1b2c3d000100000009");
    c.name = QStringLiteral("Zoë &lt;3");
    c.uid = QStringLiteral("u-9");
    c.rooms = {QStringLiteral("a"), QStringLiteral("b")};
    c.address = QStringLiteral("::ffff:10.0.0.1");
    c.port = 65535;
    c.connectedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    c.messagesIn = 1;
    c.bytesIn = 2;
    c.messagesOut = 3;
    c.bytesOut = Q_INT64_C(5000000000);
    return c;
}

Stats sampleStats()
{
    Stats s;
    s.time = utc(12, 0, 1);
    s.connections = 2;
    s.rooms = 1;
    s.uids = 1;
    s.connectionsAccepted = 5;
    s.connectionsRefused = 1;
    s.logins = 4;
    s.messagesIn = 20;
    s.bytesIn = Q_INT64_C(12345678901);
    s.messagesOut = 60;
    s.bytesOut = 9000;
    s.publishes = 25;
    return s;
}

Event makeEvent(EventKind kind, const char *name)
{
    Event e;
    e.kind = kind;
    e.kindName = QLatin1String(name);
    e.time = utc(12, 0, 0, 1);
    if (kind != EventKind::Apns && kind != EventKind::ApnsProgress && kind != EventKind::Robot)
        e.clientId = QStringLiteral("c1");
    return e;
}

ApnsResult sampleApnsResult()
{
    ApnsResult r;
    r.status = 410;
    r.reason = QStringLiteral("Unregistered");
    r.explanation = QStringLiteral("The device token is no longer active for the topic.");
    r.apnsId = QStringLiteral("5e5b2c3a-0000-4000-8000-000000000001");
    r.uniqueId = QStringLiteral("a8f3");
    r.timestampMs = Q_INT64_C(1700000000000);
    r.latencyMs = 12.5;
    r.attempts = 1;
    r.outcome = QStringLiteral("token-dead");
    return r;
}

// Whether a reader refused its input with an error that mentions `mentions` (printed when it did not).
template<typename T>
bool refused(const std::variant<T, QString> &read, const QString &mentions)
{
    const auto *error = std::get_if<QString>(&read);
    if (!error)
        qWarning("read without an error");
    else if (!error->contains(mentions))
        qWarning("error \"%s\" does not mention \"%s\"", qPrintable(*error), qPrintable(mentions));
    return error && error->contains(mentions);
}

PushRequest samplePush(PushRequest::Kind kind)
{
    PushRequest p;
    p.kind = kind;
    if (kind == PushRequest::Kind::Uid) {
        p.uid = QStringLiteral("u1");
    } else {
        p.tokens = {QStringLiteral("8e0b8b2f"), QStringLiteral("9f1c9c30")};
        p.topic = QStringLiteral("com.example.chat");
        p.environment = QStringLiteral("sandbox");
    }
    p.apns.payload = object(R"({"aps":{"alert":"hi"}})");
    p.apns.pushType = QStringLiteral("background");
    p.apns.priority = 5;
    p.apns.expiration = 0;
    p.apns.collapseId = QStringLiteral("c1");
    p.apns.apnsId = QStringLiteral("5e5b2c3a-0000-4000-8000-000000000002");
    return p;
}
} // namespace

class TestAdminProtocol : public QObject
{
    Q_OBJECT

private slots:
    void hello();
    void snapshot();
    void events();
    void apnsEvents();
    void stats();
    void traffic();
    void result();
    void pongAndError();
    void malformed_data();
    void malformed();
    void clientRoundTrip();
    void encoders();

    void serverMessagesRoundTrip_data();
    void serverMessagesRoundTrip();
    void serverMessagesAsTheServerWritesThem();
    void badServerMessages_data();
    void badServerMessages();
    void requestsRoundTrip_data();
    void requestsRoundTrip();
    void requestsAsTheServerReadsThem_data();
    void requestsAsTheServerReadsThem();
    void pushRequestRoundTrip_data();
    void pushRequestRoundTrip();
    void badPushRequests_data();
    void badPushRequests();
    void devicesRoundTrip();
    void badDeviceLists_data();
    void badDeviceLists();
    void pushIdsOfEveryReply();
    void consoleCommands();
    void commandReplies();
    void badClientLists_data();
    void badClientLists();
    void tailingAndErrorBodies();
    void apnsStatusRoundTrip();
    void badApnsStatus_data();
    void badApnsStatus();
    void pushRepliesRoundTrip();
    void pushRepliesAsTheServerWritesThem();
    void badPushReplies();
};

void TestAdminProtocol::hello()
{
    const Message m = decode(json(R"({"type":"hello","protocol":1,"access":"full","commands":["sendToAll","closeClient"]})"));
    const auto *h = std::get_if<Hello>(&m);
    QVERIFY(h);
    QCOMPARE(h->protocol, 1);
    QCOMPARE(h->readOnly, false);
    QCOMPARE(h->commands, QStringList({QStringLiteral("sendToAll"), QStringLiteral("closeClient")}));
    const Message ro = decode(json(R"({"type":"hello","protocol":1,"access":"readonly","commands":[]})"));
    QCOMPARE(std::get<Hello>(ro).readOnly, true);
}

void TestAdminProtocol::snapshot()
{
    const Message m = decode(json(R"({"type":"snapshot",
        "server":{"version":"0.1.0","node_id":"0a1b2c3d","started_at":"2026-11-24T10:00:00Z","listen":["clients ws://0.0.0.0:7272/"],
                  "event_dispatcher":"QEventDispatcherUNIX","max_message_size":65536},
        "clients":[{"id":"0a1b2c3d000100000001","name":"Ann","uid":"u1","rooms":["1","2"],"address":"127.0.0.1","port":5000,
                    "connected_at":"2026-11-24T10:00:01.500Z","messages_in":2,"bytes_in":100,"messages_out":3,"bytes_out":300}],
        "rooms":[{"room":"1","members":1},{"room":2,"members":4,"nodes":{"0a1b2c3d":1,"0a1b2c3e":3,"0a1b2c3f":"x"}}],
        "stats":{"time":"2026-11-24T10:00:02.000Z","connections":1,"rooms":2,"uids":1,"logins":1,"messages_out":3}})"));
    const auto *s = std::get_if<Snapshot>(&m);
    QVERIFY(s);
    QCOMPARE(s->server.nodeId, QStringLiteral("0a1b2c3d"));
    QCOMPARE(s->server.maxMessageSize, 65536);
    QCOMPARE(s->server.startedAt, QDateTime(QDate(2026, 11, 24), QTime(10, 0), Qt::UTC));
    QCOMPARE(s->clients.size(), 1);
    const ClientInfo &c = s->clients.first();
    QCOMPARE(c.id, QStringLiteral("0a1b2c3d000100000001"));
    QCOMPARE(c.rooms, QStringList({QStringLiteral("1"), QStringLiteral("2")}));
    QCOMPARE(c.connectedAt, QDateTime(QDate(2026, 11, 24), QTime(10, 0, 1, 500), Qt::UTC));
    QCOMPARE(c.bytesOut, 300);
    QCOMPARE(s->rooms.size(), 2);
    QCOMPARE(s->rooms.at(1).room, QStringLiteral("2")); // a numeric room id reads as its text
    QCOMPARE(s->rooms.at(1).members, 4);
    QVERIFY(s->rooms.at(0).nodes.isEmpty()); // a server of before the split
    // each node's members; a count that is no number is left out
    QCOMPARE(s->rooms.at(1).nodes, (QMap<QString, int>{{QStringLiteral("0a1b2c3d"), 1}, {QStringLiteral("0a1b2c3e"), 3}}));
    QCOMPARE(s->stats.connections, 1);
    QCOMPARE(s->stats.messagesOut, 3);
}

void TestAdminProtocol::events()
{
    const Message m = decode(json(R"({"type":"events","events":[
        {"event":"connect","client":{"id":"c1","address":"::1","port":1},"time":"2026-11-24T10:00:00.000Z"},
        {"event":"login","client_id":"c1","name":"Ann","room":"7","time":"2026-11-24T10:00:00.001Z"},
        {"event":"join","client_id":"c1","room":7},
        {"event":"bind","client_id":"c1","uid":"u9"},
        {"event":"session","client_id":"c1","session":{"client_name":"Ann"}},
        {"event":"disconnect","client_id":"c1","reason":"ping_timeout"},
        {"event":"teleport","client_id":"c1"}]})"));
    const auto *e = std::get_if<Events>(&m);
    QVERIFY(e);
    QCOMPARE(e->events.size(), 7);
    QCOMPARE(e->events.at(0).kind, EventKind::Connect);
    QCOMPARE(e->events.at(0).clientId, QStringLiteral("c1")); // taken from the client for connects
    QCOMPARE(e->events.at(1).kind, EventKind::Login);
    QCOMPARE(e->events.at(1).name, QStringLiteral("Ann"));
    QCOMPARE(e->events.at(2).room, QStringLiteral("7"));
    QCOMPARE(e->events.at(3).uid, QStringLiteral("u9"));
    QCOMPARE(e->events.at(4).session.value(u"client_name").toString(), QStringLiteral("Ann"));
    QCOMPARE(e->events.at(5).reason, QStringLiteral("ping_timeout"));
    QCOMPARE(e->events.at(6).kind, EventKind::Unknown); // a newer server's event is kept, by name
    QCOMPARE(e->events.at(6).kindName, QStringLiteral("teleport"));
}

void TestAdminProtocol::apnsEvents()
{
    const Message m = decode(json(R"({"type":"events","events":[
        {"event":"apns","push_id":7,"token":"8e0b8b2f","result":{"status":410,"reason":"Unregistered"}},
        {"event":"apns_progress","push_id":9,"everyone":true,"total":120000,"sent":4000,"delivered":3900,
         "failed":60,"dead":40,"done":false}]})"));
    const auto *e = std::get_if<Events>(&m);
    QVERIFY(e);
    QCOMPARE(e->events.size(), 2);
    const Event &result = e->events.at(0);
    QCOMPARE(result.kind, EventKind::Apns);
    QCOMPARE(result.pushId, 7);
    QCOMPARE(result.token, QStringLiteral("8e0b8b2f"));
    QCOMPARE(result.result.status, 410);
    const Event &progress = e->events.at(1);
    QCOMPARE(progress.kind, EventKind::ApnsProgress);
    QCOMPARE(progress.pushId, 9);
    QVERIFY(progress.progress.everyone && !progress.progress.done);
    QCOMPARE(progress.progress.total, 120000);
    QCOMPARE(progress.progress.sent, 4000);
    QCOMPARE(progress.progress.delivered, 3900);
    QCOMPARE(progress.progress.failed, 60);
    QCOMPARE(progress.progress.dead, 40);
}

void TestAdminProtocol::stats()
{
    const Message m = decode(json(R"({"type":"stats","stats":{"time":"2026-11-24T10:00:00.000Z","connections":5,"bytes_in":12345678901}})"));
    const auto *s = std::get_if<StatsUpdate>(&m);
    QVERIFY(s);
    QCOMPARE(s->stats.connections, 5);
    QCOMPARE(s->stats.bytesIn, Q_INT64_C(12345678901));
}

void TestAdminProtocol::traffic()
{
    const Message m = decode(json(R"({"type":"traffic","dropped":3,"messages":[{"time":"2026-11-24T10:00:00.000Z","room":"1","sender":"c1","size":12,"recipients":2,"content":"hi"}]})"));
    const auto *t = std::get_if<Traffic>(&m);
    QVERIFY(t);
    QCOMPARE(t->dropped, 3);
    QCOMPARE(t->messages.size(), 1);
    QCOMPARE(t->messages.first().sender, QStringLiteral("c1"));
    QCOMPARE(t->messages.first().size, 12);
    QCOMPARE(t->messages.first().recipients, 2);
    QCOMPARE(t->messages.first().content, QStringLiteral("hi"));
}

void TestAdminProtocol::result()
{
    const Message ok = decode(json(R"({"type":"result","id":7,"status":200,"result":{"ok":true,"count":3}})"));
    const auto *r = std::get_if<Result>(&ok);
    QVERIFY(r);
    QCOMPARE(r->id.toInt(), 7);
    QVERIFY(r->ok());
    QCOMPARE(r->body.value(u"count").toInt(), 3);
    QCOMPARE(r->errorMessage(), QString());

    const Message bad = decode(json(R"({"type":"result","id":8,"status":403,"result":{"error":{"code":2009,"message":"read-only"}}})"));
    const Result &f = std::get<Result>(bad);
    QVERIFY(!f.ok());
    QCOMPARE(f.errorCode(), 2009);
    QCOMPARE(f.errorMessage(), QStringLiteral("read-only"));
}

void TestAdminProtocol::pongAndError()
{
    QCOMPARE(std::get<Pong>(decode(json(R"({"type":"pong","id":42})"))).id.toInt(), 42);
    const ServerError e = std::get<ServerError>(decode(json(R"({"type":"error","code":2002,"message":"wrong admin token"})")));
    QCOMPARE(e.code, 2002);
    QCOMPARE(e.message, QStringLiteral("wrong admin token"));
}

void TestAdminProtocol::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not JSON") << QByteArray("{nope") << QStringLiteral("not JSON");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not JSON");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::newRow("no type") << QByteArray(R"({"x":1})") << QStringLiteral("unknown message type \"\"");
    QTest::newRow("unknown type") << QByteArray(R"({"type":"dance"})") << QStringLiteral("unknown message type \"dance\"");
}

void TestAdminProtocol::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, mentions);
    const Message m = decode(input);
    const auto *e = std::get_if<DecodeError>(&m);
    QVERIFY(e);
    QVERIFY2(e->message.contains(mentions), qPrintable(e->message));
}

void TestAdminProtocol::clientRoundTrip()
{
    const ClientInfo c = sampleClient();
    const auto back = clientsOf(Result{QJsonValue(1), 200, clientsReply({c})});
    QVERIFY(std::holds_alternative<QList<ClientInfo>>(back));
    QCOMPARE(std::get<QList<ClientInfo>>(back), QList<ClientInfo>{c});
}

void TestAdminProtocol::encoders()
{
    QCOMPARE(encodeAuth(QStringLiteral("t0k")), QByteArray(R"({"token":"t0k","type":"auth"})"));
    QCOMPARE(encodeCommand(QJsonValue(3), QStringLiteral("closeClient"), {{QStringLiteral("client_id"), QStringLiteral("c1")}}),
             QByteArray(R"({"args":{"client_id":"c1"},"cmd":"closeClient","id":3,"type":"command"})"));
    QCOMPARE(encodeSubscribe(QJsonValue(1), QStringLiteral("r"), true), QByteArray(R"({"id":1,"room":"r","type":"subscribe"})"));
    QCOMPARE(encodeSubscribe(QJsonValue(), QStringLiteral("r"), false), QByteArray(R"({"id":null,"room":"r","type":"unsubscribe"})"));
    QCOMPARE(encodePing(QJsonValue(9)), QByteArray(R"({"id":9,"type":"ping"})"));
}

// Every server message, encoded and decoded back, equals itself.
void TestAdminProtocol::serverMessagesRoundTrip_data()
{
    QTest::addColumn<Message>("message");
    QTest::newRow("hello full") << Message(Hello{1, false, {QStringLiteral("sendToAll"), QStringLiteral("closeClient")}});
    QTest::newRow("hello read-only") << Message(Hello{1, true, {}});

    Snapshot snapshot;
    snapshot.server = {QStringLiteral("0.1.0"), QStringLiteral("0a1b2c3d"), utc(11, 0, 0), 3600,
                       {QStringLiteral("clients ws://0.0.0.0:7272/"), QStringLiteral("api http://127.0.0.1:7273/")},
                       QStringLiteral("Herald::EpollEventDispatcher"), 65536};
    snapshot.clients = {sampleClient(), ClientInfo{QStringLiteral("c2"), {}, {}, {}, QStringLiteral("::1"), 1, {}, 0, 0, 0, 0}};
    snapshot.rooms = {{QStringLiteral("1"), 2, {{QStringLiteral("0a1b2c3d"), 1}, {QStringLiteral("0a1b2c3e"), 1}}},
                      {QStringLiteral("lobby"), 1, {}}};
    snapshot.stats = sampleStats();
    QTest::newRow("snapshot") << Message(snapshot);
    QTest::newRow("empty snapshot") << Message(Snapshot{});

    Event connect = makeEvent(EventKind::Connect, "connect");
    connect.client = sampleClient();
    connect.clientId = connect.client.id;
    Event disconnect = makeEvent(EventKind::Disconnect, "disconnect");
    disconnect.reason = QStringLiteral("ping_timeout");
    Event login = makeEvent(EventKind::Login, "login");
    login.name = QStringLiteral("Ann");
    login.room = QStringLiteral("7");
    Event join = makeEvent(EventKind::Join, "join");
    join.room = QStringLiteral("7");
    Event leave = makeEvent(EventKind::Leave, "leave");
    leave.room = QStringLiteral("7");
    Event bind = makeEvent(EventKind::Bind, "bind");
    bind.uid = QStringLiteral("u42");
    Event unbind = makeEvent(EventKind::Unbind, "unbind");
    unbind.uid = QStringLiteral("u42");
    Event session = makeEvent(EventKind::Session, "session");
    session.session = object(R"({"client_name":"Ann","room_id":"1","n":[1,2]})");
    Event kick = makeEvent(EventKind::Kick, "kick");
    kick.reason = QStringLiteral("kicked from the console");
    Event apns = makeEvent(EventKind::Apns, "apns");
    apns.pushId = 7;
    apns.uid = QStringLiteral("u42");
    apns.token = QStringLiteral("8a1fe3");
    apns.topic = QStringLiteral("com.example.chat");
    apns.environment = QStringLiteral("sandbox");
    apns.result = sampleApnsResult();
    Event raw = apns; // a raw token: no uid (null on the wire), a delivered result without the optional fields
    raw.uid.clear();
    raw.result = ApnsResult{200, {}, {}, QStringLiteral("id-1"), {}, std::nullopt, 3.25, 2, QStringLiteral("delivered")};
    Event progress = makeEvent(EventKind::ApnsProgress, "apns_progress");
    progress.pushId = 9;
    progress.progress = {true, 120000, 5000, 4890, 3, 7, false};
    Event unknown = makeEvent(EventKind::Unknown, "teleport");
    Event robot = makeEvent(EventKind::Robot, "robot");
    robot.name = QStringLiteral("ops");
    robot.robotResult = QStringLiteral("rejected");
    robot.messages = 3;
    robot.reason = QStringLiteral("The message lacks every keyword the bot's security settings require.");
    QTest::newRow("robot event") << Message(Events{{robot}});
    QTest::newRow("events") << Message(Events{{connect, disconnect, login, join, leave, bind, unbind, session, kick}});
    QTest::newRow("apns events") << Message(Events{{apns, raw, progress}});
    QTest::newRow("a newer server's event") << Message(Events{{unknown}});
    QTest::newRow("no events") << Message(Events{});

    QTest::newRow("stats") << Message(StatsUpdate{sampleStats()});
    TrafficMessage tail{utc(12, 0, 2, 5), QStringLiteral("1"), QStringLiteral("c1"), 165, 2,
                        QStringLiteral(R"({"type":"say","content":"hi"})")};
    QTest::newRow("traffic") << Message(Traffic{{tail, tail}, 3});
    QTest::newRow("result") << Message(Result{QJsonValue(7), 200, object(R"({"ok":true,"count":3})")});
    QTest::newRow("result without id") << Message(Result{QJsonValue(QJsonValue::Undefined), 200, object(R"({"ok":true})")});
    QTest::newRow("result with a text id") << Message(Result{QJsonValue(QStringLiteral("r1")), 404,
                                                             object(R"({"error":{"code":2006,"message":"no such client"}})")});
    QTest::newRow("pong") << Message(Pong{QJsonValue(123)});
    QTest::newRow("pong without id") << Message(Pong{QJsonValue(QJsonValue::Undefined)});
    QTest::newRow("error") << Message(ServerError{2002, QStringLiteral("wrong admin token")});
    const NodeInfo self{QStringLiteral("0a1b2c3d"), true, NodeDegraded, QStringLiteral("0.1.0"),
                        {QStringLiteral("clients ws://0.0.0.0:7272/")}, utc(11, 0, 0), {}, 3, 1};
    const NodeInfo other{QStringLiteral("0a1b2c3e"), false, NodeUp, QStringLiteral("0.1.0"), {}, utc(11, 0, 1),
                         utc(12, 0, 0, 250), 5, 2};
    NodeInfo newer = other;
    newer.state = QStringLiteral("draining"); // a newer server's state, kept as sent
    QTest::newRow("nodes") << Message(Nodes{{self, other}});
    QTest::newRow("a newer server's node state") << Message(Nodes{{newer}});
    QTest::newRow("no nodes") << Message(Nodes{});
}

void TestAdminProtocol::serverMessagesRoundTrip()
{
    QFETCH(Message, message);
    const QByteArray bytes = encoded(message);
    QVERIFY(!bytes.isEmpty());
    QCOMPARE(decode(bytes), message);
}

// The bytes the server has always sent (tst_admin reads them from the real server).
void TestAdminProtocol::serverMessagesAsTheServerWritesThem()
{
    QCOMPARE(encode(Hello{1, true, {QStringLiteral("sendToAll")}}),
             json(R"({"access":"readonly","commands":["sendToAll"],"protocol":1,"type":"hello"})"));
    QCOMPARE(encode(Result{QJsonValue(QJsonValue::Undefined), 200, object(R"({"ok":true})")}),
             json(R"({"result":{"ok":true},"status":200,"type":"result"})"));
    QCOMPARE(encode(Pong{QJsonValue(QJsonValue::Undefined)}), json(R"({"type":"pong"})"));
    QCOMPARE(encode(ServerError{2003, QStringLiteral("unknown message type \"x\"")}),
             json(R"({"code":2003,"message":"unknown message type \"x\"","type":"error"})"));
    Event apns = makeEvent(EventKind::Apns, "apns");
    apns.pushId = 7;
    apns.token = QStringLiteral("8a1f");
    apns.result = ApnsResult{200, {}, {}, QStringLiteral("id-1"), {}, std::nullopt, 12.5, 1, QStringLiteral("delivered")};
    QCOMPARE(encode(Events{{apns}}),
             json(R"({"events":[{"environment":"","event":"apns","push_id":7,"result":{"apns_id":"id-1","attempts":1,)"
                  R"("explanation":"","latency_ms":12.5,"outcome":"delivered","reason":"","status":200},"time":"2026-11-24T12:00:00.001Z",)"
                  R"("token":"8a1f","topic":"","uid":null}],"type":"events"})"));
    QCOMPARE(encode(Nodes{{NodeInfo{QStringLiteral("0a1b2c3d"), true, NodeUp, QStringLiteral("0.1.0"), {}, utc(11, 0, 0, 250),
                                    {}, 2, 1}}}),
             json(R"({"nodes":[{"clients":2,"listen":[],"node":"0a1b2c3d","rooms":1,"self":true,"started_at":"2026-11-24T11:00:00Z",)"
                  R"("state":"up","version":"0.1.0"}],"type":"nodes"})")); // self: no heartbeat; the start to the second
    ServerInfo server{QStringLiteral("0.1.0"), QStringLiteral("0a1b2c3d"), utc(11, 0, 0, 250), 5, {}, {}, 1};
    QCOMPARE(toJson(server).value(u"started_at").toString(), QStringLiteral("2026-11-24T11:00:00Z")); // to the second
}

void TestAdminProtocol::badServerMessages_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("hello without protocol") << json(R"({"type":"hello","access":"full"})")
                                            << QStringLiteral("hello: missing field \"protocol\"");
    QTest::newRow("hello's protocol as text") << json(R"({"type":"hello","protocol":"1","access":"full"})")
                                              << QStringLiteral("hello: field \"protocol\" must be a number");
    QTest::newRow("hello without access") << json(R"({"type":"hello","protocol":1})")
                                          << QStringLiteral("hello: missing field \"access\"");
    QTest::newRow("hello's commands not strings") << json(R"({"type":"hello","protocol":1,"access":"full","commands":[1]})")
                                                  << QStringLiteral("field \"commands\" must be an array of strings");
    QTest::newRow("snapshot without server") << json(R"({"type":"snapshot","clients":[],"rooms":[],"stats":{}})")
                                             << QStringLiteral("snapshot: missing field \"server\"");
    QTest::newRow("snapshot's clients not an array") << json(R"({"type":"snapshot","server":{},"clients":{},"rooms":[],"stats":{}})")
                                                     << QStringLiteral("snapshot: field \"clients\" must be an array");
    QTest::newRow("a client without id") << json(R"({"type":"snapshot","server":{},"clients":[{"name":"Ann"}],"rooms":[],"stats":{}})")
                                         << QStringLiteral("snapshot: clients[0]: missing field \"id\"");
    QTest::newRow("a client's port as text") << json(R"({"type":"snapshot","server":{},"clients":[{"id":"c1","port":"80"}],"rooms":[],"stats":{}})")
                                             << QStringLiteral("clients[0]: field \"port\" must be a number");
    QTest::newRow("a client that is no object") << json(R"({"type":"snapshot","server":{},"clients":["c1"],"rooms":[],"stats":{}})")
                                                << QStringLiteral("snapshot: clients[0] must be an object");
    QTest::newRow("a room without name") << json(R"({"type":"snapshot","server":{},"clients":[],"rooms":[{"members":2}],"stats":{}})")
                                         << QStringLiteral("snapshot: rooms[0]: missing field \"room\"");
    QTest::newRow("server's start not a time") << json(R"({"type":"snapshot","server":{"started_at":"yesterday"},"clients":[],"rooms":[],"stats":{}})")
                                               << QStringLiteral("snapshot: server: field \"started_at\" is not an ISO 8601 time");
    QTest::newRow("events not an array") << json(R"({"type":"events","events":{}})")
                                         << QStringLiteral("events: field \"events\" must be an array");
    QTest::newRow("events missing") << json(R"({"type":"events"})") << QStringLiteral("events: missing field \"events\"");
    QTest::newRow("an event without kind") << json(R"({"type":"events","events":[{"client_id":"c1"}]})")
                                           << QStringLiteral("events: events[0]: missing field \"event\"");
    QTest::newRow("a join without room") << json(R"({"type":"events","events":[{"event":"join","client_id":"c1"}]})")
                                         << QStringLiteral("events[0]: missing field \"room\"");
    QTest::newRow("a bind without client") << json(R"({"type":"events","events":[{"event":"bind","uid":"u1"}]})")
                                           << QStringLiteral("events[0]: missing field \"client_id\"");
    QTest::newRow("a connect without client") << json(R"({"type":"events","events":[{"event":"connect"}]})")
                                              << QStringLiteral("events[0]: missing field \"client\"");
    QTest::newRow("a session that is no object") << json(R"({"type":"events","events":[{"event":"session","client_id":"c1","session":"x"}]})")
                                                 << QStringLiteral("field \"session\" must be an object");
    QTest::newRow("an apns event without token") << json(R"({"type":"events","events":[{"event":"apns","push_id":1,"result":{"status":200}}]})")
                                                 << QStringLiteral("events[0]: missing field \"token\"");
    QTest::newRow("an apns result without status") << json(R"({"type":"events","events":[{"event":"apns","push_id":1,"token":"t","result":{}}]})")
                                                   << QStringLiteral("events[0]: result: missing field \"status\"");
    QTest::newRow("progress counted in text") << json(R"({"type":"events","events":[{"event":"apns_progress","push_id":1,"total":"9"}]})")
                                              << QStringLiteral("field \"total\" must be a number");
    QTest::newRow("robot without its name") << json(R"({"type":"events","events":[{"event":"robot","result":"rejected"}]})")
                                            << QStringLiteral("events[0]: missing field \"robot\"");
    QTest::newRow("progress done as text") << json(R"({"type":"events","events":[{"event":"apns_progress","push_id":1,"done":"yes"}]})")
                                           << QStringLiteral("field \"done\" must be true or false");
    QTest::newRow("stats missing") << json(R"({"type":"stats"})") << QStringLiteral("stats: missing field \"stats\"");
    QTest::newRow("stats as text") << json(R"({"type":"stats","stats":{"connections":"2"}})")
                                   << QStringLiteral("stats: stats: field \"connections\" must be a number");
    QTest::newRow("traffic without messages") << json(R"({"type":"traffic","dropped":0})")
                                              << QStringLiteral("traffic: missing field \"messages\"");
    QTest::newRow("a tailed message without room") << json(R"({"type":"traffic","messages":[{"size":1}]})")
                                                   << QStringLiteral("traffic: messages[0]: missing field \"room\"");
    QTest::newRow("result without status") << json(R"({"type":"result","id":1,"result":{}})")
                                           << QStringLiteral("result: missing field \"status\"");
    QTest::newRow("result's body not an object") << json(R"({"type":"result","status":200,"result":[1]})")
                                                 << QStringLiteral("result: field \"result\" must be an object");
    QTest::newRow("a node's count past an integer") // found by fuzz_adminprotocol
        << json(R"({"type":"nodes","nodes":[{"node":"00000001","state":"up","rooms":1e44}]})") << QStringLiteral("nodes[0]: field \"rooms\" must be an integer");
    QTest::newRow("nodes missing") << json(R"({"type":"nodes"})") << QStringLiteral("nodes: missing field \"nodes\"");
    QTest::newRow("nodes not an array") << json(R"({"type":"nodes","nodes":{}})")
                                        << QStringLiteral("nodes: field \"nodes\" must be an array");
    QTest::newRow("a node without id") << json(R"({"type":"nodes","nodes":[{"state":"up"}]})")
                                       << QStringLiteral("nodes: nodes[0]: missing field \"node\"");
    QTest::newRow("a node without state") << json(R"({"type":"nodes","nodes":[{"node":"0a1b2c3d"}]})")
                                          << QStringLiteral("nodes: nodes[0]: missing field \"state\"");
    QTest::newRow("a node's clients as text") << json(R"({"type":"nodes","nodes":[{"node":"0a1b2c3d","state":"up","clients":"3"}]})")
                                              << QStringLiteral("nodes[0]: field \"clients\" must be a number");
    QTest::newRow("a node's heartbeat not a time") << json(R"({"type":"nodes","nodes":[{"node":"n","state":"up","last_heartbeat":"now"}]})")
                                                   << QStringLiteral("nodes[0]: field \"last_heartbeat\" is not an ISO 8601 time");
    QTest::newRow("a node that is no object") << json(R"({"type":"nodes","nodes":["0a1b2c3d"]})")
                                              << QStringLiteral("nodes: nodes[0] must be an object");
    QTest::newRow("error without code") << json(R"({"type":"error","message":"x"})")
                                        << QStringLiteral("error: missing field \"code\"");
    QTest::newRow("error's message a number") << json(R"({"type":"error","code":1,"message":2})")
                                              << QStringLiteral("error: field \"message\" must be a string");
}

void TestAdminProtocol::badServerMessages()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, mentions);
    const Message m = decode(input);
    const auto *e = std::get_if<DecodeError>(&m);
    QVERIFY2(e, toString(m));
    QVERIFY2(e->message.contains(mentions), qPrintable(e->message));
}

void TestAdminProtocol::requestsRoundTrip_data()
{
    QTest::addColumn<Request>("request");
    QTest::newRow("auth") << Request(Auth{QStringLiteral("t0k")});
    QTest::newRow("command") << Request(Command{QJsonValue(7), QStringLiteral("closeClient"),
                                                object(R"({"client_id":"c1","message":"bye"})"), {}});
    QTest::newRow("command without id") << Request(Command{QJsonValue(QJsonValue::Undefined), QStringLiteral("getAllClientIdCount"), {}, {}});
    QTest::newRow("subscribe") << Request(Subscribe{QJsonValue(1), QStringLiteral("1"), true});
    QTest::newRow("unsubscribe, id null") << Request(Subscribe{QJsonValue(), QStringLiteral("lobby"), false});
    QTest::newRow("ping") << Request(Ping{QJsonValue(123.5)});
    QTest::newRow("ping without id") << Request(Ping{QJsonValue(QJsonValue::Undefined)});
}

void TestAdminProtocol::requestsRoundTrip()
{
    QFETCH(Request, request);
    QCOMPARE(decodeRequest(encoded(request)), request);
}

// What the server makes of requests, well-formed or not: the lenient readings it always had, and the
// errors it answers.
void TestAdminProtocol::requestsAsTheServerReadsThem_data()
{
    const QJsonValue none(QJsonValue::Undefined);
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Request>("expected");
    QTest::newRow("not JSON") << json("{nope")
                              << Request(RequestError{RequestError::Kind::NotAnObject, none, {},
                                                      QStringLiteral("not JSON: unterminated object")});
    QTest::newRow("an array") << json("[1]")
                              << Request(RequestError{RequestError::Kind::NotAnObject, none, {}, QStringLiteral("not a JSON object")});
    QTest::newRow("no type") << json(R"({"id":3})")
                             << Request(RequestError{RequestError::Kind::UnknownType, QJsonValue(3), {},
                                                     QStringLiteral("unknown message type \"\"")});
    QTest::newRow("unknown type") << json(R"({"type":"dance"})")
                                  << Request(RequestError{RequestError::Kind::UnknownType, none, QStringLiteral("dance"),
                                                          QStringLiteral("unknown message type \"dance\"")});
    QTest::newRow("subscribe without room") << json(R"({"type":"subscribe","id":4})")
                                            << Request(RequestError{RequestError::Kind::MissingField, QJsonValue(4),
                                                                    QStringLiteral("subscribe"), QStringLiteral("missing \"room\"")});
    QTest::newRow("unsubscribe from an object") << json(R"({"type":"unsubscribe","room":{}})")
                                                << Request(RequestError{RequestError::Kind::MissingField, none,
                                                                        QStringLiteral("unsubscribe"), QStringLiteral("missing \"room\"")});
    QTest::newRow("a numeric room") << json(R"({"type":"subscribe","room":7})")
                                    << Request(Subscribe{none, QStringLiteral("7"), true});
    QTest::newRow("a token that is no string") << json(R"({"type":"auth","token":42})") << Request(Auth{QString()});
    QTest::newRow("auth without token") << json(R"({"type":"auth"})") << Request(Auth{QString()});
    QTest::newRow("command without cmd") << json(R"({"type":"command","id":1})")
                                         << Request(Command{QJsonValue(1), QString(), {}, {}});
    QTest::newRow("arguments that are no object") << json(R"({"type":"command","cmd":"sendToAll","args":[1]})")
                                                  << Request(Command{none, QStringLiteral("sendToAll"), {}, {}});
}

void TestAdminProtocol::requestsAsTheServerReadsThem()
{
    QFETCH(QByteArray, input);
    QFETCH(Request, expected);
    QCOMPARE(decodeRequest(input), expected);
}

void TestAdminProtocol::pushRequestRoundTrip_data()
{
    QTest::addColumn<PushRequest>("push");
    QTest::newRow("to tokens") << samplePush(PushRequest::Kind::Tokens);
    QTest::newRow("to a uid") << samplePush(PushRequest::Kind::Uid);
    PushRequest minimal;
    minimal.tokens = {QStringLiteral("8e0b8b2f")};
    minimal.apns.payload = object(R"({"aps":{}})");
    QTest::newRow("server's defaults") << minimal;
}

void TestAdminProtocol::pushRequestRoundTrip()
{
    QFETCH(PushRequest, push);
    const Command c = Herald::Admin::push(push);
    const auto back = pushRequestFromJson(c.cmd, decodeRequest(encode(c)).index() == 1
                                                     ? std::get<Command>(decodeRequest(encode(c))).args
                                                     : QJsonObject());
    QVERIFY(std::holds_alternative<PushRequest>(back));
    QCOMPARE(std::get<PushRequest>(back), push);
}

void TestAdminProtocol::badPushRequests_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no uid") << QStringLiteral("pushToUid") << json(R"({"apns":{"payload":{}}})")
                            << QStringLiteral("pushToUid: missing field \"uid\"");
    QTest::newRow("no tokens") << QStringLiteral("pushToTokens") << json(R"({"apns":{"payload":{}}})")
                               << QStringLiteral("pushToTokens: missing field \"tokens\"");
    QTest::newRow("tokens not strings") << QStringLiteral("pushToTokens") << json(R"({"tokens":[1],"apns":{"payload":{}}})")
                                        << QStringLiteral("field \"tokens\" must be an array of strings");
    QTest::newRow("no apns") << QStringLiteral("pushToUid") << json(R"({"uid":"u1"})")
                             << QStringLiteral("pushToUid: missing field \"apns\"");
    QTest::newRow("no payload") << QStringLiteral("pushToUid") << json(R"({"uid":"u1","apns":{}})")
                                << QStringLiteral("pushToUid: apns: missing field \"payload\"");
    QTest::newRow("payload as text") << QStringLiteral("pushToUid") << json(R"({"uid":"u1","apns":{"payload":"{}"}})")
                                     << QStringLiteral("apns: field \"payload\" must be an object");
    QTest::newRow("priority as text") << QStringLiteral("pushToUid") << json(R"({"uid":"u1","apns":{"payload":{},"priority":"high"}})")
                                      << QStringLiteral("apns: field \"priority\" must be a number");
    QTest::newRow("no push command") << QStringLiteral("sendToAll") << json(R"({})")
                                     << QStringLiteral("\"sendToAll\" is not a push command");
}

void TestAdminProtocol::badPushRequests()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, args);
    QFETCH(QString, mentions);
    const auto back = pushRequestFromJson(command, QJsonDocument::fromJson(args).object());
    QVERIFY(refused(back, mentions));
}

void TestAdminProtocol::devicesRoundTrip()
{
    Device d;
    d.token = QStringLiteral("8e0b8b2f");
    d.uid = QStringLiteral("u1");
    d.platform = QStringLiteral("ios");
    d.topic = QStringLiteral("com.example.chat");
    d.environment = QStringLiteral("sandbox");
    d.appVersion = QStringLiteral("2.1");
    d.createdAt = utc(9, 0, 0, 1);
    d.lastSeen = utc(10, 0, 0, 2);
    Device dead = d;
    dead.token = QStringLiteral("9f1c9c30");
    dead.active = false;
    dead.deactivatedReason = QStringLiteral("Unregistered");
    dead.provider = QStringLiteral("fcm");
    const auto back = devicesOf(devicesReply({d, dead}));
    QVERIFY(std::holds_alternative<QList<Device>>(back));
    QCOMPARE(std::get<QList<Device>>(back), (QList<Device>{d, dead}));

    // Times may come as milliseconds since the epoch; a device without a token is left out.
    const auto loose = devicesOf(object(R"({"devices":[{"token":"ab","created_at":1700000000000},{"uid":"u2"}]})"));
    QVERIFY(std::holds_alternative<QList<Device>>(loose));
    QCOMPARE(std::get<QList<Device>>(loose).size(), 1);
    QCOMPARE(std::get<QList<Device>>(loose).first().createdAt, QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC));
    QVERIFY(std::get<QList<Device>>(loose).first().active); // active unless it says otherwise
    QCOMPARE(std::get<QList<Device>>(loose).first().provider, QStringLiteral("apns")); // a server from before providers
}

void TestAdminProtocol::badDeviceLists_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no devices") << json(R"({"ok":true})") << QStringLiteral("listDevices: missing field \"devices\"");
    QTest::newRow("devices not an array") << json(R"({"devices":{}})") << QStringLiteral("field \"devices\" must be an array");
    QTest::newRow("token a number") << json(R"({"devices":[{"token":5}]})")
                                    << QStringLiteral("devices[0]: field \"token\" must be a string");
    QTest::newRow("active as text") << json(R"({"devices":[{"token":"ab","active":"no"}]})")
                                    << QStringLiteral("devices[0]: field \"active\" must be true or false");
    QTest::newRow("last seen not a time") << json(R"({"devices":[{"token":"ab","last_seen":"soon"}]})")
                                          << QStringLiteral("field \"last_seen\" is not an ISO 8601 time");
}

void TestAdminProtocol::badDeviceLists()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    const auto back = devicesOf(QJsonDocument::fromJson(body).object());
    QVERIFY(refused(back, mentions));
}

void TestAdminProtocol::pushIdsOfEveryReply()
{
    QCOMPARE(pushIdsOf(object(R"({"push_id":3,"total":1})")), QStringList{QStringLiteral("3")});
    QCOMPARE(pushIdsOf(object(R"({"apns":{"push_id":4,"queued":2},"delivered":0,"online":false})")), QStringList{QStringLiteral("4")});
    QCOMPARE(pushIdsOf(object(R"({"apns":{"push_id":null,"queued":0,"skipped":"online"},"delivered":1})")), QStringList());
    QCOMPARE(pushIdsOf(object(R"({"push_ids":[5,6],"pushes":[{"push_id":6},{"push_id":"7"}]})")),
             (QStringList{QStringLiteral("5"), QStringLiteral("6"), QStringLiteral("7")}));
    QCOMPARE(pushIdsOf(object(R"({"apns":"queued"})")), QStringList()); // nothing readable: nothing queued
}

// The commands the console sends, byte for byte.
void TestAdminProtocol::consoleCommands()
{
    const auto bytes = [](Command c) {
        c.id = 1;
        return encode(c);
    };
    QCOMPARE(bytes(closeClient(QStringLiteral("c1"), QStringLiteral("kicked from the console"))),
             json(R"({"args":{"client_id":"c1","reason":"kicked from the console"},"cmd":"closeClient","id":1,"type":"command"})"));
    QCOMPARE(bytes(closeClient(QStringLiteral("c1"), QStringLiteral("r"), QStringLiteral("bye"))),
             json(R"({"args":{"client_id":"c1","message":"bye","reason":"r"},"cmd":"closeClient","id":1,"type":"command"})"));
    QCOMPARE(bytes(joinGroup(QStringLiteral("c1"), QStringLiteral("7"))),
             json(R"({"args":{"client_id":"c1","group":"7"},"cmd":"joinGroup","id":1,"type":"command"})"));
    QCOMPARE(bytes(leaveGroup(QStringLiteral("c1"), QStringLiteral("7"))).contains(R"("cmd":"leaveGroup")"), true);
    QCOMPARE(bytes(bindUid(QStringLiteral("c1"), QStringLiteral("u1"))),
             json(R"({"args":{"client_id":"c1","uid":"u1"},"cmd":"bindUid","id":1,"type":"command"})"));
    QCOMPARE(bytes(unbindUid(QStringLiteral("c1"))), json(R"({"args":{"client_id":"c1"},"cmd":"unbindUid","id":1,"type":"command"})"));
    QCOMPARE(bytes(ungroup(QStringLiteral("7"))), json(R"({"args":{"group":"7"},"cmd":"ungroup","id":1,"type":"command"})"));
    QCOMPARE(bytes(sendToClient(QStringLiteral("c1"), QStringLiteral("hi"))),
             json(R"({"args":{"client_id":"c1","message":"hi"},"cmd":"sendToClient","id":1,"type":"command"})"));
    QCOMPARE(bytes(sendToAll(QStringLiteral("hi"), {})), json(R"({"args":{"exclude":[],"message":"hi"},"cmd":"sendToAll","id":1,"type":"command"})"));
    QCOMPARE(bytes(sendToGroup(QStringLiteral("7"), QStringLiteral("hi"), {QStringLiteral("c2")}, QStringLiteral("console"))),
             json(R"({"args":{"exclude":["c2"],"group":"7","message":"hi","sender":"console"},"cmd":"sendToGroup","id":1,"type":"command"})"));
    QCOMPARE(bytes(sendToUid(QStringLiteral("u1"), QStringLiteral("hi"), {})),
             json(R"({"args":{"exclude":[],"message":"hi","uid":"u1"},"cmd":"sendToUid","id":1,"type":"command"})"));
    QCOMPARE(bytes(getSession(QStringLiteral("c1"))), json(R"({"args":{"client_id":"c1"},"cmd":"getSession","id":1,"type":"command"})"));
    QCOMPARE(bytes(setSession(QStringLiteral("c1"), object(R"({"a":1})"))),
             json(R"({"args":{"client_id":"c1","session":{"a":1}},"cmd":"setSession","id":1,"type":"command"})"));
    QCOMPARE(bytes(listClients()), json(R"({"args":{},"cmd":"listClients","id":1,"type":"command"})"));
    QCOMPARE(bytes(listDevices(QStringLiteral("u1"))), json(R"({"args":{"uid":"u1"},"cmd":"listDevices","id":1,"type":"command"})"));
    QCOMPARE(bytes(Herald::Admin::push(samplePush(PushRequest::Kind::Uid))),
             json(R"({"args":{"always":true,"apns":{"apns_id":"5e5b2c3a-0000-4000-8000-000000000002","collapse_id":"c1",)"
                  R"("expiration":0,"payload":{"aps":{"alert":"hi"}},"priority":5,"push_type":"background"},"uid":"u1"},)"
                  R"("cmd":"pushToUid","id":1,"type":"command"})"));
}

void TestAdminProtocol::commandReplies()
{
    const Delivery sent = deliveryOf(Result{QJsonValue(1), 200, object(R"({"ok":true,"delivered":3})")});
    QCOMPARE(sent.delivered, 3);
    QVERIFY(!sent.online);
    const Delivery offline = deliveryOf(Result{QJsonValue(1), 200, object(R"({"delivered":0,"online":false})")});
    QCOMPARE(offline.online, std::optional<bool>(false));
    QCOMPARE(deliveryOf(Result{QJsonValue(1), 200, object(R"({"delivered":"3"})")}).delivered, 0); // not a count: none
    QCOMPARE(sessionOf(Result{QJsonValue(1), 200, object(R"({"ok":true,"session":{"a":1}})")}), object(R"({"a":1})"));
    QCOMPARE(sessionOf(Result{QJsonValue(1), 200, object(R"({"ok":true,"session":null})")}), QJsonObject());
}

void TestAdminProtocol::badClientLists_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no clients") << json(R"({"ok":true})") << QStringLiteral("listClients: missing field \"clients\"");
    QTest::newRow("a client without id") << json(R"({"clients":[{"name":"Ann"}]})")
                                         << QStringLiteral("listClients: clients[0]: missing field \"id\"");
    QTest::newRow("counters as text") << json(R"({"clients":[{"id":"c1","bytes_in":"9"}]})")
                                      << QStringLiteral("field \"bytes_in\" must be a number");
}

void TestAdminProtocol::badClientLists()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    const auto back = clientsOf(Result{QJsonValue(1), 200, QJsonDocument::fromJson(body).object()});
    QVERIFY(refused(back, mentions));
}

void TestAdminProtocol::tailingAndErrorBodies()
{
    const QStringList rooms{QStringLiteral("1"), QStringLiteral("lobby")};
    const Result tailing{QJsonValue(1), 200, tailingReply(rooms)};
    QCOMPARE(encode(tailing), json(R"({"id":1,"result":{"ok":true,"tailing":["1","lobby"]},"status":200,"type":"result"})"));
    QCOMPARE(std::get<QStringList>(tailingOf(tailing)), rooms);
    const auto missing = tailingOf(Result{QJsonValue(1), 200, object(R"({"ok":true})")});
    QVERIFY(std::holds_alternative<QString>(missing));
    QVERIFY(std::get<QString>(missing).contains(QStringLiteral("subscribe: missing field \"tailing\"")));
    QVERIFY(std::holds_alternative<QString>(tailingOf(Result{QJsonValue(1), 200, object(R"({"tailing":"1"})")})));

    const Result failed{QJsonValue(2), 404, errorBody(2006, QStringLiteral("no such client"))};
    QCOMPARE(failed.errorCode(), 2006);
    QCOMPARE(failed.errorMessage(), QStringLiteral("no such client"));
    QCOMPARE(std::get<Result>(decode(encode(failed))), failed);
}

void TestAdminProtocol::apnsStatusRoundTrip()
{
    ApnsStatus s;
    s.enabled = true;
    s.auth = QStringLiteral("token");
    s.summary = QStringLiteral("p8 key ABC123DEFG of team DEF123GHIJ");
    s.topic = QStringLiteral("com.example.chat");
    s.environment = QStringLiteral("production");
    s.endpoints = {{QStringLiteral("production"), QStringLiteral("https://127.0.0.1:1/"), false},
                   {QStringLiteral("sandbox"), QStringLiteral("https://127.0.0.1:2/"), true}};
    s.concurrency = 100;
    s.counters = {{QStringLiteral("delivered"), 9}, {QStringLiteral("token-dead"), 1}};
    s.deactivated = 1;
    s.inFlight = 2;
    s.queued = 3;
    s.pushes = {{9, {true, 120000, 5000, 4890, 3, 7, false}}};
    s.eventsDropped = 4;
    const auto back = apnsStatusOf(toJson(s));
    QVERIFY(std::holds_alternative<ApnsStatus>(back));
    QCOMPARE(std::get<ApnsStatus>(back), s);

    ApnsStatus off;
    off.reason = QStringLiteral("APNs is not configured on this server");
    QCOMPARE(toJson(off), object(R"({"enabled":false,"ok":true,"reason":"APNs is not configured on this server"})"));
    QCOMPARE(std::get<ApnsStatus>(apnsStatusOf(toJson(off))), off);
}

void TestAdminProtocol::badApnsStatus_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no enabled") << json(R"({"reason":"x"})") << QStringLiteral("getApnsStatus: missing field \"enabled\"");
    QTest::newRow("enabled as text") << json(R"({"enabled":"yes"})") << QStringLiteral("field \"enabled\" must be true or false");
    QTest::newRow("a counter as text") << json(R"({"enabled":true,"counters":{"delivered":"9"}})")
                                       << QStringLiteral("counters: field \"delivered\" must be a number");
    QTest::newRow("a push without id") << json(R"({"enabled":true,"pushes":[{"total":1}]})")
                                       << QStringLiteral("getApnsStatus: pushes[0]: missing field \"push_id\"");
    QTest::newRow("endpoints not an array") << json(R"({"enabled":true,"endpoints":{}})")
                                            << QStringLiteral("field \"endpoints\" must be an array");
}

void TestAdminProtocol::badApnsStatus()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    const auto back = apnsStatusOf(QJsonDocument::fromJson(body).object());
    QVERIFY(refused(back, mentions));
}

void TestAdminProtocol::pushRepliesRoundTrip()
{
    const PushToTokensReply tokens{{7, 2, {}}};
    QCOMPARE(std::get<PushToTokensReply>(pushToTokensReplyOf(toJson(tokens))), tokens);
    const PushToUidReply queued{1, true, {8, 3, {}}};
    QCOMPARE(std::get<PushToUidReply>(pushToUidReplyOf(toJson(queued))), queued);
    const PushToUidReply skipped{2, true, {std::nullopt, 0, QStringLiteral("online")}};
    QCOMPARE(std::get<PushToUidReply>(pushToUidReplyOf(toJson(skipped))), skipped);
    const PushToAllReply all{9, 120000};
    QCOMPARE(std::get<PushToAllReply>(pushToAllReplyOf(toJson(all))), all);
    // The console's reading of the push ids agrees.
    QCOMPARE(pushIdsOf(toJson(tokens)), QStringList{QStringLiteral("7")});
    QCOMPARE(pushIdsOf(toJson(skipped)), QStringList());
    QCOMPARE(pushIdsOf(toJson(all)), QStringList{QStringLiteral("9")});
}

// The bodies the push commands have always answered with (docs/api.md).
void TestAdminProtocol::pushRepliesAsTheServerWritesThem()
{
    QCOMPARE(toJson(PushToTokensReply{{7, 2, {}}}), object(R"({"ok":true,"apns":{"push_id":7,"queued":2}})"));
    QCOMPARE(toJson(PushToUidReply{2, true, {std::nullopt, 0, QStringLiteral("online")}}),
             object(R"({"ok":true,"delivered":2,"online":true,"apns":{"push_id":null,"queued":0,"skipped":"online"}})"));
    QCOMPARE(toJson(PushToAllReply{9, 5}), object(R"({"ok":true,"push_id":9,"total":5})"));
}

void TestAdminProtocol::badPushReplies()
{
    QVERIFY(refused(pushToTokensReplyOf(object(R"({"ok":true})")), QStringLiteral("pushToTokens: missing field \"apns\"")));
    QVERIFY(refused(pushToTokensReplyOf(object(R"({"apns":{"push_id":"7"}})")),
                    QStringLiteral("pushToTokens: apns: field \"push_id\" must be a number")));
    QVERIFY(refused(pushToUidReplyOf(object(R"({"apns":{}})")), QStringLiteral("pushToUid: missing field \"delivered\"")));
    QVERIFY(refused(pushToUidReplyOf(object(R"({"delivered":1,"online":1,"apns":{}})")),
                    QStringLiteral("pushToUid: field \"online\" must be true or false")));
    QVERIFY(refused(pushToAllReplyOf(object(R"({"total":3})")), QStringLiteral("pushToAll: missing field \"push_id\"")));
    QVERIFY(refused(pushToAllReplyOf(object(R"({"push_id":1,"total":[]})")),
                    QStringLiteral("pushToAll: field \"total\" must be a number")));
}

QTEST_GUILESS_MAIN(TestAdminProtocol)
#include "tst_adminprotocol.moc"
