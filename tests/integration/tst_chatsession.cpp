// Whole workerman-chat sessions against the built herald-server, driven by real QWebSocket clients:
// rooms, client lists, say to all and private say, escaping, moving rooms, logout, the heartbeat and
// every error reply of the client protocol (docs/protocol.md, shared/protocol/errorcodes.h).
#include "rawclient.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

using namespace HeraldTest;

namespace {

const QString kPing = QStringLiteral(R"({"type":"ping"})");

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// A message with a well-formed "time" (local YYYY-MM-DD HH:MM:SS, within a minute of now) replaced
// by "<time>", so whole messages compare at once; a malformed time stays and shows in the failure.
QString normalized(QJsonObject m)
{
    const QString t = m.value(u"time").toString();
    const QDateTime when = QDateTime::fromString(t, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (when.isValid() && qAbs(when.secsTo(QDateTime::currentDateTime())) < 60)
        m.insert(QStringLiteral("time"), QStringLiteral("<time>"));
    return compact(m);
}

// Expected server messages, with the placeholder time of normalized().
QJsonObject loginMessage(const QString &id, const QString &name)
{
    return {{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("client_id"), id},
            {QStringLiteral("client_name"), name}, {QStringLiteral("time"), QStringLiteral("<time>")}};
}

QJsonObject ownLoginMessage(const QString &id, const QString &name, const QJsonObject &clientList)
{
    QJsonObject m = loginMessage(id, name);
    m.insert(QStringLiteral("client_list"), clientList);
    return m;
}

QJsonObject sayMessage(const QString &from, const QString &fromName, const QString &to, const QString &content)
{
    return {{QStringLiteral("type"), QStringLiteral("say")}, {QStringLiteral("from_client_id"), from},
            {QStringLiteral("from_client_name"), fromName}, {QStringLiteral("to_client_id"), to},
            {QStringLiteral("content"), content}, {QStringLiteral("time"), QStringLiteral("<time>")}};
}

QJsonObject logoutMessage(const QString &from, const QString &fromName)
{
    return {{QStringLiteral("type"), QStringLiteral("logout")}, {QStringLiteral("from_client_id"), from},
            {QStringLiteral("from_client_name"), fromName}, {QStringLiteral("time"), QStringLiteral("<time>")}};
}

QStringList expected(std::initializer_list<QJsonObject> messages)
{
    QStringList out;
    for (const QJsonObject &m : messages)
        out.append(compact(m));
    return out;
}

} // namespace

class TestChatSession final : public QObject
{
    Q_OBJECT

private:
    // A new client owned by the test; closed and deleted in cleanup().
    ChatClient *newClient();
    // Logs in and forgets what arrived so far, so received() shows only what follows.
    bool login(ChatClient *c, const QString &name, const QJsonValue &room);
    // A room no other test uses.
    QString freshRoom() { return QStringLiteral("room-%1").arg(++m_rooms); }
    // Barrier: the server answers a client's {"type":"ping"} with {"type":"pong"} in order, so once the
    // pong is in, everything the server had already sent to that client is in too. List the clients that
    // just acted first: their pong proves the server has handled what they sent before it.
    bool settle(std::initializer_list<ChatClient *> clients);
    // Settles, then forgets what the clients received so far.
    bool forget(std::initializer_list<ChatClient *> clients);
    // What a client received since its login (normalized, without the barrier's pongs).
    static QStringList received(const ChatClient *c);
    bool waitOffline(const QString &clientId);

    std::unique_ptr<ServerProcess> m_server;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
    HttpClient m_http;
    int m_rooms = 0;

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void clientIdsAreTwentyHexAndUnique();
    void newcomerGetsClientListRoomGetsLogin_data();
    void newcomerGetsClientListRoomGetsLogin();
    void sayToAllReachesOnlyTheRoom();
    void privateSayReachesTargetAndEchoesToSender();
    void privateSayReachesAClientOfAnotherRoom();
    void namesAndContentAreEscaped_data();
    void namesAndContentAreEscaped();
    void secondLoginMovesTheClient();
    void disconnectAnnouncesLogoutToTheRoom();
    void errorReplyKeepsConnectionOpen_data();
    void errorReplyKeepsConnectionOpen();
    void heartbeatClosesOnlyTheSilentClient();
    void webSocketPongsKeepAClientAlive();
    void heartbeatIsSpreadOverTheInterval();
    void pongIsAbsorbedByTheGateway();
    void clientThatSpeaksIsNotPinged();
};

ChatClient *TestChatSession::newClient()
{
    m_clients.push_back(std::make_unique<ChatClient>());
    return m_clients.back().get();
}

bool TestChatSession::login(ChatClient *c, const QString &name, const QJsonValue &room)
{
    if (!c->connectAndLogin(m_server->clientUrl(), name, room))
        return false;
    c->ws.clear();
    return true;
}

bool TestChatSession::settle(std::initializer_list<ChatClient *> clients)
{
    for (ChatClient *c : clients) {
        c->ws.sendJson({{QStringLiteral("type"), QStringLiteral("ping")}});
        if (c->ws.waitFor(QStringLiteral("pong")).isEmpty())
            return false;
    }
    return true;
}

bool TestChatSession::forget(std::initializer_list<ChatClient *> clients)
{
    if (!settle(clients))
        return false;
    for (ChatClient *c : clients)
        c->ws.clear();
    return true;
}

QStringList TestChatSession::received(const ChatClient *c)
{
    QStringList out;
    for (const QJsonObject &m : c->ws.messages()) {
        if (m.value(u"type").toString() != u"pong")
            out.append(normalized(m));
    }
    return out;
}

bool TestChatSession::waitOffline(const QString &clientId)
{
    const auto online = [&] {
        return m_http
            .command(m_server->apiUrl(), QStringLiteral("isOnline"), {{QStringLiteral("client_id"), clientId}},
                     m_server->apiKey().toUtf8())
            .json()
            .value(u"online")
            .toBool(true);
    };
    return QTest::qWaitFor([&] { return !online(); }, 5000);
}

void TestChatSession::initTestCase()
{
    // No heartbeat here: the sessions below must not be disturbed by pings (heartbeat test has its own server).
    m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--node-id"), QStringLiteral("c0ffee"),
                                                           QStringLiteral("--ping-interval"), QStringLiteral("0")});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestChatSession::cleanup()
{
    m_clients.clear();
}

void TestChatSession::clientIdsAreTwentyHexAndUnique()
{
    // node id (8 hex) | boot epoch (4 hex) | per-boot counter (8 hex)
    static const QRegularExpression format(QStringLiteral("^00c0ffee[0-9a-f]{12}$"));
    const QString room = freshRoom();
    QSet<QString> ids;
    constexpr int kClients = 6;
    for (int i = 0; i < kClients; ++i) {
        ChatClient *c = newClient();
        QVERIFY(login(c, QStringLiteral("user%1").arg(i), room));
        QVERIFY2(format.match(c->clientId).hasMatch(), qPrintable(c->clientId));
        ids.insert(c->clientId);
    }
    QCOMPARE(ids.size(), kClients);
}

void TestChatSession::newcomerGetsClientListRoomGetsLogin_data()
{
    QTest::addColumn<QJsonValue>("firstRoom");
    QTest::addColumn<QJsonValue>("secondRoom");
    QTest::newRow("number, then the same room as a string") << QJsonValue(101) << QJsonValue(QStringLiteral("101"));
    QTest::newRow("string, then the same room as a number") << QJsonValue(QStringLiteral("102")) << QJsonValue(102);
    QTest::newRow("named room") << QJsonValue(QStringLiteral("lobby")) << QJsonValue(QStringLiteral("lobby"));
}

void TestChatSession::newcomerGetsClientListRoomGetsLogin()
{
    QFETCH(QJsonValue, firstRoom);
    QFETCH(QJsonValue, secondRoom);
    ChatClient *alice = newClient(), *bob = newClient(), *carol = newClient();
    QVERIFY(login(alice, QStringLiteral("Alice"), firstRoom));
    QVERIFY(login(carol, QStringLiteral("Carol"), freshRoom()));
    QCOMPARE(normalized(alice->loginReply),
             compact(ownLoginMessage(alice->clientId, QStringLiteral("Alice"),
                                     {{alice->clientId, QStringLiteral("Alice")}})));

    QVERIFY(bob->connectAndLogin(m_server->clientUrl(), QStringLiteral("Bob"), secondRoom));
    // the newcomer alone gets the whole room, itself included
    QCOMPARE(normalized(bob->loginReply),
             compact(ownLoginMessage(bob->clientId, QStringLiteral("Bob"),
                                     {{alice->clientId, QStringLiteral("Alice")}, {bob->clientId, QStringLiteral("Bob")}})));
    QCOMPARE(bob->ws.ofType(QStringLiteral("login")).size(), 1);
    // the room gets a plain login; other rooms get nothing
    QVERIFY(settle({alice, carol}));
    QCOMPARE(received(alice), expected({loginMessage(bob->clientId, QStringLiteral("Bob"))}));
    QCOMPARE(received(carol), QStringList());
}

void TestChatSession::sayToAllReachesOnlyTheRoom()
{
    const QString room = freshRoom();
    ChatClient *alice = newClient(), *bob = newClient(), *carol = newClient();
    QVERIFY(login(alice, QStringLiteral("Alice"), room));
    QVERIFY(login(bob, QStringLiteral("Bob"), room));
    QVERIFY(login(carol, QStringLiteral("Carol"), freshRoom()));
    QVERIFY(forget({alice}));

    alice->say(QStringLiteral("hello room"));
    const QStringList toRoom = expected({sayMessage(alice->clientId, QStringLiteral("Alice"), QStringLiteral("all"),
                                                    QStringLiteral("hello room"))});
    QVERIFY(settle({alice, bob, carol}));
    QCOMPARE(received(bob), toRoom);
    QCOMPARE(received(alice), toRoom); // the sender is in the room too, as in workerman-chat
    QCOMPARE(received(carol), QStringList());
}

void TestChatSession::privateSayReachesTargetAndEchoesToSender()
{
    const QString room = freshRoom();
    ChatClient *alice = newClient(), *bob = newClient(), *dave = newClient();
    QVERIFY(login(alice, QStringLiteral("Alice"), room));
    QVERIFY(login(bob, QStringLiteral("Bob"), room));
    QVERIFY(login(dave, QStringLiteral("Dave"), room));
    QVERIFY(forget({alice, bob}));

    alice->say(QStringLiteral("psst"), bob->clientId, QStringLiteral("Bob"));
    QVERIFY(settle({alice, bob, dave}));
    QCOMPARE(received(bob), expected({sayMessage(alice->clientId, QStringLiteral("Alice"), bob->clientId,
                                                 QStringLiteral("<b>对你说: </b>psst"))}));
    QCOMPARE(received(alice), expected({sayMessage(alice->clientId, QStringLiteral("Alice"), bob->clientId,
                                                   QStringLiteral("<b>你对Bob说: </b>psst"))}));
    QCOMPARE(received(dave), QStringList());
}

// As in workerman-chat and GatewayWorker (Gateway::sendToClient), a private say goes to any client online,
// whatever its room (docs/protocol.md); nobody else of either room hears it.
void TestChatSession::privateSayReachesAClientOfAnotherRoom()
{
    const QString here = freshRoom(), there = freshRoom();
    ChatClient *alice = newClient(), *carol = newClient(), *erin = newClient();
    QVERIFY(login(alice, QStringLiteral("Alice"), here));
    QVERIFY(login(carol, QStringLiteral("Carol"), there));
    QVERIFY(login(erin, QStringLiteral("Erin"), there));
    QVERIFY(forget({alice, carol, erin}));

    alice->say(QStringLiteral("across"), carol->clientId, QStringLiteral("Carol"));
    QVERIFY(settle({alice, carol, erin}));
    QCOMPARE(received(carol), expected({sayMessage(alice->clientId, QStringLiteral("Alice"), carol->clientId,
                                                   QStringLiteral("<b>对你说: </b>across"))}));
    QCOMPARE(received(alice), expected({sayMessage(alice->clientId, QStringLiteral("Alice"), carol->clientId,
                                                   QStringLiteral("<b>你对Carol说: </b>across"))}));
    QCOMPARE(received(erin), QStringList());
}

void TestChatSession::namesAndContentAreEscaped_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("escapedName");
    QTest::addColumn<QString>("escapedContent");
    QTest::newRow("markup") << QStringLiteral("<img src=x onerror=alert(1)>") << QStringLiteral("<script>x()</script>")
                            << QStringLiteral("&lt;img src=x onerror=alert(1)&gt;")
                            << QStringLiteral("&lt;script&gt;x()&lt;/script&gt;");
    QTest::newRow("quotes and ampersand") << QStringLiteral("Tom & \"Jerry\" 'O'") << QStringLiteral("a&b \"c\" 'd'")
                                          << QStringLiteral("Tom &amp; &quot;Jerry&quot; &#039;O&#039;")
                                          << QStringLiteral("a&amp;b &quot;c&quot; &#039;d&#039;");
    QTest::newRow("newline") << QStringLiteral("Nl") << QStringLiteral("one\ntwo") << QStringLiteral("Nl")
                             << QStringLiteral("one<br />\ntwo");
    QTest::newRow("crlf and markup") << QStringLiteral("Cr") << QStringLiteral("<i>one</i>\r\ntwo\n")
                                     << QStringLiteral("Cr") << QStringLiteral("&lt;i&gt;one&lt;/i&gt;<br />\r\ntwo<br />\n");
}

void TestChatSession::namesAndContentAreEscaped()
{
    QFETCH(QString, name);
    QFETCH(QString, content);
    QFETCH(QString, escapedName);
    QFETCH(QString, escapedContent);
    const QString room = freshRoom();
    ChatClient *bob = newClient(), *eve = newClient();
    QVERIFY(login(bob, QStringLiteral("Bob"), room));

    // the name, escaped, in the newcomer's own login and client list and in the room's login
    QVERIFY(eve->connectAndLogin(m_server->clientUrl(), name, room));
    QCOMPARE(normalized(eve->loginReply),
             compact(ownLoginMessage(eve->clientId, escapedName,
                                     {{bob->clientId, QStringLiteral("Bob")}, {eve->clientId, escapedName}})));
    QVERIFY(settle({bob}));
    QCOMPARE(received(bob), expected({loginMessage(eve->clientId, escapedName)}));
    QVERIFY(forget({bob, eve}));

    // name and content, escaped, in a say to the room
    eve->say(content);
    QVERIFY(settle({eve, bob}));
    QCOMPARE(received(bob), expected({sayMessage(eve->clientId, escapedName, QStringLiteral("all"), escapedContent)}));
    QVERIFY(forget({bob}));

    // to_client_name, escaped, in the echo of a private say
    bob->say(content, eve->clientId, name);
    QVERIFY(settle({bob, eve}));
    QCOMPARE(received(bob), expected({sayMessage(bob->clientId, QStringLiteral("Bob"), eve->clientId,
                                                 QStringLiteral("<b>你对") + escapedName + QStringLiteral("说: </b>")
                                                     + escapedContent)}));
    QCOMPARE(received(eve),
             expected({sayMessage(eve->clientId, escapedName, QStringLiteral("all"), escapedContent),
                       sayMessage(bob->clientId, QStringLiteral("Bob"), eve->clientId,
                                  QStringLiteral("<b>对你说: </b>") + escapedContent)}));
}

void TestChatSession::secondLoginMovesTheClient()
{
    const QString oldRoom = freshRoom(), newRoom = freshRoom();
    ChatClient *alice = newClient(), *bob = newClient(), *carol = newClient();
    QVERIFY(login(alice, QStringLiteral("Alice"), oldRoom));
    QVERIFY(login(bob, QStringLiteral("Bob"), oldRoom));
    QVERIFY(login(carol, QStringLiteral("Carol"), newRoom));
    const QString aliceId = alice->clientId;

    QVERIFY(alice->connectAndLogin(m_server->clientUrl(), QStringLiteral("Alice2"), newRoom));
    QCOMPARE(alice->clientId, aliceId); // same connection, same id
    QCOMPARE(normalized(alice->loginReply),
             compact(ownLoginMessage(aliceId, QStringLiteral("Alice2"),
                                     {{carol->clientId, QStringLiteral("Carol")}, {aliceId, QStringLiteral("Alice2")}})));
    QVERIFY(settle({bob, carol}));
    QCOMPARE(received(bob), expected({logoutMessage(aliceId, QStringLiteral("Alice"))}));
    QCOMPARE(received(carol), expected({loginMessage(aliceId, QStringLiteral("Alice2"))}));
    QVERIFY(forget({alice, carol}));

    // the old room no longer reaches her; the new one does
    bob->say(QStringLiteral("old room"));
    carol->say(QStringLiteral("new room"));
    QVERIFY(settle({bob, carol, alice}));
    QCOMPARE(received(alice), expected({sayMessage(carol->clientId, QStringLiteral("Carol"), QStringLiteral("all"),
                                                   QStringLiteral("new room"))}));
}

void TestChatSession::disconnectAnnouncesLogoutToTheRoom()
{
    const QString room = freshRoom();
    ChatClient *alice = newClient(), *bob = newClient(), *carol = newClient();
    QVERIFY(login(alice, QStringLiteral("Alice"), room));
    QVERIFY(login(bob, QStringLiteral("Bob"), room));
    QVERIFY(login(carol, QStringLiteral("Carol"), freshRoom()));

    alice->ws.socket().close();
    QVERIFY(waitOffline(alice->clientId));
    carol->ws.socket().close(); // another room: not announced to Bob
    QVERIFY(waitOffline(carol->clientId));
    QVERIFY(settle({bob}));
    QCOMPARE(received(bob), expected({logoutMessage(alice->clientId, QStringLiteral("Alice"))}));
}

void TestChatSession::errorReplyKeepsConnectionOpen_data()
{
    QTest::addColumn<bool>("loggedIn");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("code");            // ChatError in shared/protocol/errorcodes.h, literal on purpose:
    QTest::addColumn<QString>("mentions");    // the codes are append-only, a renumbering must fail here

    const QByteArray longText(129, 'x');
    const auto row = [](const char *name, bool loggedIn, const QByteArray &frame, int code, const char *mentions,
                        bool binary = false) {
        QTest::newRow(name) << loggedIn << binary << frame << code << QString::fromUtf8(mentions);
    };
    row("invalid JSON", false, R"({"type":"login",)", 1001, "invalid JSON");
    row("not JSON at all", true, "hello", 1001, "invalid JSON");
    row("array", false, R"([{"type":"login"}])", 1002, "object");
    row("string", true, R"("login")", 1002, "object");
    row("unknown type", false, R"({"type":"dance"})", 1003, "dance");
    row("type missing", true, R"({"client_name":"x","room_id":1})", 1003, "type");
    row("type not a string", false, R"({"type":7})", 1003, "type");
    row("login without client_name", false, R"({"type":"login","room_id":1})", 1004, "client_name");
    row("login without room_id", true, R"({"type":"login","client_name":"x"})", 1004, "room_id");
    row("login with empty room_id", false, R"({"type":"login","client_name":"x","room_id":""})", 1004, "room_id");
    row("say without content", true, R"({"type":"say","to_client_id":"all"})", 1004, "content");
    row("say without to_client_id", true, R"({"type":"say","content":"hi"})", 1004, "to_client_id");
    row("client_name a number", false, R"({"type":"login","client_name":5,"room_id":1})", 1005, "client_name");
    row("room_id a boolean", false, R"({"type":"login","client_name":"x","room_id":true})", 1005, "room_id");
    row("room_id a fraction", true, R"({"type":"login","client_name":"x","room_id":1.5})", 1005, "room_id");
    row("content an array", true, R"({"type":"say","to_client_id":"all","content":[1]})", 1005, "content");
    row("say before login", false, R"({"type":"say","to_client_id":"all","content":"hi"})", 1006, "login");
    row("private say to unknown client", true,
        R"({"type":"say","to_client_id":"00000000000000000000","content":"hi"})", 1007, "00000000000000000000");
    row("client_name too long", false, R"({"type":"login","room_id":1,"client_name":")" + longText + "\"}", 1008,
        "client_name");
    row("room_id too long", true, R"({"type":"login","client_name":"x","room_id":")" + longText + "\"}", 1008,
        "room_id");
    row("to_client_name too long", true,
        R"({"type":"say","to_client_id":"all","content":"hi","to_client_name":")" + longText + "\"}", 1008,
        "to_client_name");
    row("binary frame", false, R"({"type":"login","client_name":"x","room_id":1})", 1010, "binary", true);
    row("binary frame after login", true, "\x01\x02", 1010, "binary", true);
}

void TestChatSession::errorReplyKeepsConnectionOpen()
{
    QFETCH(bool, loggedIn);
    QFETCH(bool, binary);
    QFETCH(QByteArray, frame);
    QFETCH(int, code);
    QFETCH(QString, mentions);
    const QString room = freshRoom();
    ChatClient *c = newClient();
    if (loggedIn)
        QVERIFY(login(c, QStringLiteral("Erin"), room));
    else
        QVERIFY(c->ws.open(m_server->clientUrl()));

    if (binary)
        c->ws.socket().sendBinaryMessage(frame);
    else
        c->ws.sendText(QString::fromUtf8(frame));
    const QJsonObject error = c->ws.waitFor(QStringLiteral("error"));
    QCOMPARE(error.value(u"code").toInt(), code);
    QCOMPARE(QStringList(error.keys()), (QStringList{QStringLiteral("code"), QStringLiteral("message"),
                                                     QStringLiteral("type")}));
    const QString message = error.value(u"message").toString();
    QVERIFY2(message.contains(mentions), qPrintable(message));

    // still open and served: a login succeeds on the same connection, with no other reply in between
    QVERIFY(c->ws.isOpen());
    QVERIFY(c->connectAndLogin(m_server->clientUrl(), QStringLiteral("Erin"), room));
    QCOMPARE(c->ws.ofType(QStringLiteral("error")).size(), 1);
    QCOMPARE(c->ws.messages().size(), 2);
}

void TestChatSession::heartbeatClosesOnlyTheSilentClient()
{
    constexpr int kLimit = 2; // unanswered pings before the close
    ServerProcess server({QStringLiteral("--ping-interval"), QStringLiteral("1"), QStringLiteral("--ping-limit"),
                          QString::number(kLimit)});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ChatClient answering;
    RawClient silent; // a half-open connection: nothing answers, not even its WebSocket
    QElapsedTimer clock;
    clock.start();
    QList<qint64> pingTimes;
    // QWebSocket does not answer application-level pings: only this handler does, for one client
    connect(&answering.ws.socket(), &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        if (text == kPing) {
            pingTimes.append(clock.elapsed());
            answering.ws.sendJson({{QStringLiteral("type"), QStringLiteral("pong")}});
        }
    });
    const QString room = QStringLiteral("heartbeat");
    QVERIFY(answering.connectAndLogin(server.clientUrl(), QStringLiteral("Ann"), room));
    QVERIFY(silent.connectTo(server.clientPort()) && silent.handshake());
    silent.sendText(R"({"type":"login","client_name":"Sid","room_id":"heartbeat"})");
    const QJsonObject sidLogin = answering.ws.waitFor(QStringLiteral("login"));
    QCOMPARE(sidLogin.value(u"client_name").toString(), QStringLiteral("Sid"));

    // the silent client: closed normally after exactly kLimit heartbeats since its last message (the
    // login), each the JSON ping and a WebSocket ping
    QVERIFY(silent.waitClosed(5000 * kLimit));
    QCOMPARE(silent.closeCode(), 1000);
    QList<RawClient::Frame> frames = silent.frames();
    QVERIFY(frames.size() > 2 * kLimit + 1);
    QCOMPARE(frames.last().payload.mid(2), QByteArray("ping timeout"));
    frames = frames.mid(frames.size() - 2 * kLimit - 1, 2 * kLimit);
    for (int i = 0; i < kLimit; ++i) {
        QCOMPARE(frames[2 * i].opcode(), quint8(0x1));
        QCOMPARE(QString::fromUtf8(frames[2 * i].payload), kPing);
        QCOMPARE(frames[2 * i + 1].opcode(), quint8(0x9));
    }
    QCOMPARE(normalized(answering.ws.waitFor(QStringLiteral("logout"))),
             compact(logoutMessage(sidLogin.value(u"client_id").toString(), QStringLiteral("Sid"))));

    // the answering client: pinged on and on at the configured interval, never closed, still served
    const qsizetype seen = pingTimes.size();
    QTRY_VERIFY_WITH_TIMEOUT(pingTimes.size() >= seen + 2, 10000);
    QVERIFY(answering.ws.isOpen());
    for (qsizetype i = 1; i < pingTimes.size(); ++i) {
        const qint64 gap = pingTimes[i] - pingTimes[i - 1];
        QVERIFY2(gap >= 500 && gap <= 3000, qPrintable(QStringLiteral("ping gap %1 ms, configured 1000").arg(gap)));
    }
    answering.say(QStringLiteral("still here"));
    QCOMPARE(normalized(answering.ws.waitFor(QStringLiteral("say"))),
             compact(sayMessage(answering.clientId, QStringLiteral("Ann"), QStringLiteral("all"),
                                QStringLiteral("still here"))));
}

// Beside the JSON ping goes a WebSocket ping, which any WebSocket stack answers by itself: a client that
// never answers {"type":"ping"} but whose connection is alive (its pongs arrive) stays; one that answers
// nothing at all, as a half-open connection, is closed after ping-limit heartbeats.
void TestChatSession::webSocketPongsKeepAClientAlive()
{
    ServerProcess server({QStringLiteral("--ping-interval"), QStringLiteral("1"), QStringLiteral("--ping-limit"),
                          QStringLiteral("2")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawClient ponging, halfOpen;
    QVERIFY(ponging.connectTo(server.clientPort()) && ponging.handshake());
    QVERIFY(halfOpen.connectTo(server.clientPort()) && halfOpen.handshake());
    int pongs = 0;
    QObject::connect(&ponging.socket(), &QTcpSocket::readyRead, this, [&] { // after RawClient has read it
        const QList<RawClient::Frame> frames = ponging.frames();
        const auto pings = std::count_if(frames.cbegin(), frames.cend(), [](const RawClient::Frame &f) { return f.opcode() == 0x9; });
        for (; pongs < pings; ++pongs)
            ponging.write(RawClient::maskedFrame(0x8A, {}));
    });
    QVERIFY(halfOpen.waitClosed(10000));
    QCOMPARE(halfOpen.closeCode(), 1000);
    QTRY_VERIFY_WITH_TIMEOUT(pongs >= 4, 10000); // two ping-limits past the half-open one's close
    QVERIFY(ponging.isOpen());
    QVERIFY(!ponging.closeCode());
    const QList<RawClient::Frame> frames = ponging.frames();
    QVERIFY(std::count_if(frames.cbegin(), frames.cend(), [&](const RawClient::Frame &f) {
                return f.opcode() == 0x1 && QString::fromUtf8(f.payload) == kPing;
            }) >= 4); // the JSON pings it never answered
}

// A gateway thread pings its clients over the whole interval, not all in one pass (a stall a second
// at 10,000 clients): clients that connected together get their first pings spread over it.
void TestChatSession::heartbeatIsSpreadOverTheInterval()
{
    constexpr int kClients = 50; // one for each 20 ms slot of the thread's 1 s wheel
    ServerProcess server({QStringLiteral("--ping-interval"), QStringLiteral("1"), QStringLiteral("--gateway-threads"),
                          QStringLiteral("1")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<WsClient>> clients;
    QList<qint64> firstPing(kClients, -1);
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<WsClient>());
        connect(&clients.back()->socket(), &QWebSocket::textMessageReceived, this, [&, i](const QString &text) {
            if (text == kPing && firstPing[i] < 0)
                firstPing[i] = clock.elapsed();
        });
        QVERIFY(clients.back()->open(server.clientUrl()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::none_of(firstPing.cbegin(), firstPing.cend(), [](qint64 t) { return t < 0; }), 5000);
    const auto [first, last] = std::minmax_element(firstPing.cbegin(), firstPing.cend());
    QVERIFY2(*last - *first >= 500,
             qPrintable(QStringLiteral("first pings from %1 to %2 ms: not spread over the 1 s interval").arg(*first).arg(*last)));
}

// The answer to the heartbeat is recognised in the gateway's thread: it keeps the client alive and
// never reaches the hub (the messages-in counter does not move), in its usual form or another.
void TestChatSession::pongIsAbsorbedByTheGateway()
{
    ServerProcess server({QStringLiteral("--ping-interval"), QStringLiteral("1"), QStringLiteral("--ping-limit"),
                          QStringLiteral("1")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto messagesIn = [&] {
        return prometheusSample(m_http.get(server.apiUrl(QStringLiteral("/metrics")), server.apiKey().toUtf8()).body,
                                QStringLiteral("herald_messages_in_total"));
    };
    ChatClient c;
    int pings = 0;
    connect(&c.ws.socket(), &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        if (text == kPing) // every other answer with spaces and a key more: still a pong
            c.ws.sendText(++pings % 2 ? QStringLiteral(R"({"type":"pong"})") : QStringLiteral(R"({ "type" : "pong", "t": 1 })"));
    });
    QVERIFY(c.connectAndLogin(server.clientUrl(), QStringLiteral("Pat"), QStringLiteral("absorb")));
    const qint64 before = messagesIn();
    QVERIFY(before >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(pings >= 4, 10000); // with ping-limit 1 a pong that did not count would close it
    QVERIFY(c.ws.isOpen());
    QCOMPARE(messagesIn(), before);
}

// A client that sent something during the interval is alive: it is not pinged.
void TestChatSession::clientThatSpeaksIsNotPinged()
{
    ServerProcess server({QStringLiteral("--ping-interval"), QStringLiteral("1"), QStringLiteral("--ping-limit"),
                          QStringLiteral("1")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    WsClient chatty;
    RawClient silent; // answers nothing, not even WebSocket pings
    QVERIFY(chatty.open(server.clientUrl()));
    QVERIFY(silent.connectTo(server.clientPort()) && silent.handshake());
    QTimer speak; // from the first interval on: the handshake counts as a sign of life for it
    connect(&speak, &QTimer::timeout, this, [&] { chatty.sendJson({{QStringLiteral("type"), QStringLiteral("ping")}}); });
    speak.start(250);
    // the silent one is pinged, then closed; by then the chatty one has been through two intervals
    QTRY_VERIFY_WITH_TIMEOUT(silent.received().contains(kPing.toUtf8()), 5000);
    QVERIFY(silent.waitClosed(5000));
    QTRY_VERIFY_WITH_TIMEOUT(chatty.ofType(QStringLiteral("pong")).size() >= 12, 10000); // 3 s of speaking
    QVERIFY(chatty.isOpen());
    QVERIFY2(!chatty.raw().contains(kPing), "a client that spoke during the interval was pinged");
}

QTEST_GUILESS_MAIN(TestChatSession)
#include "tst_chatsession.moc"
