// The admin channel codec: what the console makes of each server message, and what it sends.
#include "protocol/adminprotocol.h"

#include <QJsonDocument>
#include <QTest>

using namespace Herald::Admin;

namespace {
QByteArray json(const char *text)
{
    return QByteArray(text);
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
        "rooms":[{"room":"1","members":1},{"room":2,"members":4}],
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
    QCOMPARE(result.pushId, QStringLiteral("7"));
    QCOMPARE(result.token, QStringLiteral("8e0b8b2f"));
    QCOMPARE(result.result.value(u"status").toInt(), 410);
    const Event &progress = e->events.at(1);
    QCOMPARE(progress.kind, EventKind::ApnsProgress);
    QCOMPARE(progress.pushId, QStringLiteral("9"));
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
    QCOMPARE(clientFromJson(toJson(c)), c);
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

QTEST_GUILESS_MAIN(TestAdminProtocol)
#include "tst_adminprotocol.moc"
