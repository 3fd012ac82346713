// The admin channel's door (docs/admin-protocol.md, protocol 1): a WebSocket at /admin on the API port;
// a token in the Authorization header or the first message, never in the URL; a hello and a snapshot
// on connect; malformed messages answered and the session kept; wrong tokens slowed, a login in time,
// and a console that does not read closed. What it tells the console is in tst_adminevents, the
// commands over it in tst_admincommands.
#include "admintestcase.h"
#include "rawclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkRequest>

#include "testjson.h"

#include <QTest>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// A second server for the door limits: 1000 ms to log in, 64 KiB of unread messages.
const QStringList kLimitedFlags{u"--handshake-timeout"_s, u"1000"_s, u"--max-send-buffer"_s, u"65536"_s,
                                u"--ping-interval"_s, u"0"_s};

// The error code of {"type":"error","code":N,"message":"…"}, or -1 for anything else.
int errorCode(const QJsonObject &m)
{
    if (m.value(u"type") != u"error"_s || m.size() != 3 || m.value(u"message").toString().isEmpty())
        return -1;
    return m.value(u"code").toInt(-1);
}

} // namespace

class TestAdmin final : public AdminTestCase
{
    Q_OBJECT

private slots:
    void helloWithABearerHeader();
    void bearerSchemeInAnyCase_data();
    void bearerSchemeInAnyCase();
    void authWithTheFirstMessage_data();
    void authWithTheFirstMessage();
    void wrongTokenIsRefused_data();
    void wrongTokenIsRefused();
    void tokenInTheUrlIsNeverAccepted_data();
    void tokenInTheUrlIsNeverAccepted();
    void malformedMessages_data();
    void malformedMessages();
    void repeatedWrongTokensAreSlowed();
    void loginTimeoutIsHandshakeTimeout();
    void unreadMessagesCloseTheConsole();

private:
    ServerProcess *limitedServer();

    std::unique_ptr<ServerProcess> m_limited; // a short login timeout and a small cap on unread messages
};

void TestAdmin::helloWithABearerHeader()
{
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl(), 5000, m_server->adminToken().toUtf8()));
    QTRY_VERIFY(!admin.ofType(u"snapshot"_s).isEmpty());
    QJsonArray commands;
    for (const auto &[name, changes] : kCommands)
        commands.append(name);
    for (const char *more : {"registerDevice", "unregisterDevice", "listDevices", "getDeviceCount",
                             "pushToUid", "pushToTokens", "pushToAll", "getApnsStatus",
                             "createApiKey", "listApiKeys", "revokeApiKey", "getAuditLog", "sendToRobot", "listRobots"})
        commands.append(QLatin1String(more));
    QCOMPARE(admin.messages().first(), (QJsonObject{{u"type"_s, u"hello"_s}, {u"protocol"_s, 1},
                                                    {u"access"_s, u"full"_s}, {u"commands"_s, commands}}));
}

// RFC 7235 §2.1: the authentication scheme is case-insensitive.
void TestAdmin::bearerSchemeInAnyCase_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::newRow("bearer") << "bearer"_ba;
    QTest::newRow("BEARER") << "BEARER"_ba;
    QTest::newRow("bEaReR") << "bEaReR"_ba;
}

void TestAdmin::bearerSchemeInAnyCase()
{
    QFETCH(QByteArray, scheme);
    WsClient admin;
    QNetworkRequest request(m_server->adminUrl());
    request.setRawHeader("Authorization", scheme + ' ' + m_server->adminToken().toUtf8());
    admin.socket().open(request);
    const QJsonObject hello = admin.waitFor(u"hello"_s);
    QCOMPARE(hello.value(u"access"), u"full"_s);
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
}

void TestAdmin::authWithTheFirstMessage_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<QString>("access");
    QTest::newRow("full token") << false << u"full"_s;
    QTest::newRow("read-only token") << true << u"readonly"_s;
}

void TestAdmin::authWithTheFirstMessage()
{
    QFETCH(bool, readOnly);
    QFETCH(QString, access);
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl()));
    admin.sendJson({{u"type"_s, u"auth"_s}, {u"token"_s, readOnly ? m_server->readonlyToken() : m_server->adminToken()}});
    const QJsonObject hello = admin.waitFor(u"hello"_s);
    QCOMPARE(hello.value(u"access"), access);
    QCOMPARE(hello.value(u"protocol"), 1);
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
    QCOMPARE(command(admin, u"getAllClientIdCount"_s).value(u"result").toObject(),
             (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

void TestAdmin::wrongTokenIsRefused_data()
{
    QTest::addColumn<bool>("inHeader");
    QTest::addColumn<QString>("token"); // FULL and READONLY stand for the real tokens

    QTest::newRow("header: wrong token") << true << u"not-the-token"_s;
    QTest::newRow("header: one character more") << true << u"FULLx"_s;
    QTest::newRow("header: the API key") << true << u"APIKEY"_s;
    QTest::newRow("message: wrong token") << false << u"not-the-token"_s;
    QTest::newRow("message: read-only token and a character more") << false << u"READONLY!"_s;
    QTest::newRow("message: empty token") << false << QString();
    QTest::newRow("message: the API key") << false << u"APIKEY"_s;
}

void TestAdmin::wrongTokenIsRefused()
{
    QFETCH(bool, inHeader);
    QFETCH(QString, token);
    token.replace(u"FULL"_s, m_server->adminToken())
        .replace(u"READONLY"_s, m_server->readonlyToken())
        .replace(u"APIKEY"_s, m_server->apiKey());
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl(), 5000, inHeader ? token.toUtf8() : QByteArray()));
    if (!inHeader)
        admin.sendJson({{u"type"_s, u"auth"_s}, {u"token"_s, token}});

    QVERIFY(admin.waitClosed());
    QCOMPARE(admin.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(admin.messages().size(), 1);
    QCOMPARE(errorCode(admin.messages().first()), int(ApiCode::Unauthorized));
}

void TestAdmin::tokenInTheUrlIsNeverAccepted_data()
{
    QTest::addColumn<QString>("path"); // FULL stands for the full admin token

    QTest::newRow("?token=") << u"/admin?token=FULL"_s;
    QTest::newRow("?access_token=") << u"/admin?access_token=FULL"_s;
    QTest::newRow("?auth=") << u"/admin?auth=Bearer%20FULL"_s;
}

void TestAdmin::tokenInTheUrlIsNeverAccepted()
{
    QFETCH(QString, path);
    WsClient admin;
    QUrl url = m_server->adminUrl();
    const qsizetype q = path.indexOf(u'?');
    url.setQuery(path.mid(q + 1).replace(u"FULL"_s, m_server->adminToken()));
    QVERIFY(admin.open(url));

    // Connected but not authenticated: no hello, commands refused until a real auth.
    admin.sendJson({{u"type"_s, u"command"_s}, {u"cmd"_s, u"getAllClientIdCount"_s}, {u"id"_s, 1}});
    QTRY_COMPARE(admin.messages().size(), 1);
    QCOMPARE(errorCode(admin.messages().first()), int(ApiCode::NotAuthenticated));
    QVERIFY(admin.ofType(u"hello"_s).isEmpty());
    admin.sendJson({{u"type"_s, u"auth"_s}, {u"token"_s, m_server->adminToken()}});
    QCOMPARE(admin.waitFor(u"hello"_s).value(u"access"), u"full"_s);
}

void TestAdmin::malformedMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected"); // "code" only for errors; a whole reply otherwise

    QTest::newRow("not JSON") << u"hello"_s << QJsonObject{{u"code"_s, ApiCode::BadRequest}};
    QTest::newRow("a JSON array") << uR"([{"type":"ping"}])"_s << QJsonObject{{u"code"_s, ApiCode::BadRequest}};
    QTest::newRow("unknown type") << uR"({"type":"launch"})"_s << QJsonObject{{u"code"_s, ApiCode::UnknownCommand}};
    QTest::newRow("no type") << uR"({"cmd":"getAllClientIdCount"})"_s << QJsonObject{{u"code"_s, ApiCode::UnknownCommand}};
    QTest::newRow("ping") << uR"({"type":"ping","id":"p1"})"_s
                          << QJsonObject{{u"type"_s, u"pong"_s}, {u"id"_s, u"p1"_s}};
    QTest::newRow("unknown command") << uR"({"type":"command","id":"c1","cmd":"launch"})"_s
                                     << QJsonObject{{u"status"_s, 404}, {u"code"_s, ApiCode::UnknownCommand}};
    QTest::newRow("command without args") << uR"({"type":"command","id":"c2","cmd":"isOnline"})"_s
                                          << QJsonObject{{u"status"_s, 400}, {u"code"_s, ApiCode::MissingField}};
    QTest::newRow("subscribe without room") << uR"({"type":"subscribe","id":"s1"})"_s
                                            << QJsonObject{{u"status"_s, 400}, {u"code"_s, ApiCode::MissingField}};
}

void TestAdmin::malformedMessages()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    std::unique_ptr<WsClient> admin = openAdmin(m_server->adminToken());
    QVERIFY(admin);
    const qsizetype from = admin->messages().size();
    admin->sendText(text);

    const QJsonObject reply = waitFor(*admin, [](const QJsonObject &m) { return m.value(u"type") != u"stats"_s; }, from);
    if (expected.contains(u"status"_s))
        QCOMPARE(resultError(reply), u"%1 code %2"_s.arg(expected.value(u"status").toInt()).arg(expected.value(u"code").toInt()));
    else if (expected.contains(u"code"_s))
        QCOMPARE(errorCode(reply), expected.value(u"code").toInt());
    else
        QCOMPARE(reply, expected);
    // The session goes on.
    QCOMPARE(command(*admin, u"getAllClientIdCount"_s).value(u"status"), 200);
}

ServerProcess *TestAdmin::limitedServer()
{
    if (!m_limited)
        m_limited = ServerProcess::started(kLimitedFlags);
    return m_limited.get();
}

// Past a few wrong tokens in a row from one address, each further one is refused a second after the
// previous one at the earliest; the right token is still let in at once. The log has the first refusal
// and then a summary line, never the token.
void TestAdmin::repeatedWrongTokensAreSlowed()
{
    QVERIFY(openAdmin(m_server->adminToken())); // a login: the address starts from no failures
    const QByteArray wrong = "wrong-token-of-the-throttle-test";
    QElapsedTimer clock;
    const auto refusedAfter = [&] {
        WsClient admin;
        clock.start();
        if (!admin.open(m_server->adminUrl(), 5000, wrong) || !admin.waitClosed(5000)
            || admin.socket().closeCode() != QWebSocketProtocol::CloseCodePolicyViolated)
            return qint64(-1);
        return clock.elapsed();
    };
    for (int i = 0; i < 5; ++i) {
        const qint64 ms = refusedAfter();
        QVERIFY2(ms >= 0 && ms < 800, qPrintable(u"refused after %1 ms"_s.arg(ms)));
    }
    const qint64 sixth = refusedAfter();
    QVERIFY2(sixth >= 900, qPrintable(u"refused after %1 ms"_s.arg(sixth)));

    clock.start();
    QVERIFY(openAdmin(m_server->adminToken()));
    QVERIFY2(clock.elapsed() < 800, "the right token is let in at once");
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"more failed admin logins from 127.0.0.1 in the last 10 s"_s), 15000);
    QVERIFY(!m_server->log().contains(QString::fromUtf8(wrong)));
}

// A connection that does not log in within handshake-timeout is closed.
void TestAdmin::loginTimeoutIsHandshakeTimeout()
{
    ServerProcess *server = limitedServer(); // 1000 ms
    QVERIFY(server);
    WsClient admin;
    QVERIFY(admin.open(server->adminUrl()));
    admin.sendJson({{u"type"_s, u"ping"_s}}); // anything but a login does not extend it
    QVERIFY(admin.waitClosed(5000));
    QCOMPARE(admin.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(admin.socket().closeReason(), u"authentication timeout"_s);
    QCOMPARE(server->metric(uR"(herald_door_closes_total{door="admin",reason="auth_timeout"})"_s), 1);
    QVERIFY(server->log().contains(u"no login within 1000 ms (handshake-timeout)"_s));
}

// A console that does not read what it is sent is closed once max-send-buffer bytes wait for it (31 MB
// of {} used to grow the server by 280 MB); the others are served.
void TestAdmin::unreadMessagesCloseTheConsole()
{
    ServerProcess *server = limitedServer();
    QVERIFY(server);
    RawClient raw;
    QVERIFY(raw.connectTo(server->apiPort(), u"127.0.0.1"_s, 4096));
    const QByteArray login = compact({{u"type"_s, u"auth"_s}, {u"token"_s, server->adminToken()}});
    QVERIFY(raw.handshake(RawClient::maskedFrame(0x81, login), "/admin"));
    raw.stopReading();

    raw.flood(RawClient::maskedFrame(0x81, "{}").repeated(20000), 40); // each answered by an error message
    QTRY_COMPARE_WITH_TIMEOUT(server->metric(uR"(herald_door_closes_total{door="admin",reason="reply_backlog"})"_s), 1, 20000);
    QTRY_VERIFY(server->log().contains(u"bytes unread (max-send-buffer 65536)"_s));

    WsClient next;
    QVERIFY(next.open(server->adminUrl(), 5000, server->adminToken().toUtf8()));
    QVERIFY(!next.waitFor(u"snapshot"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
