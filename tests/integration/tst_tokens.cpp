// Connection tokens against the real server (docs/security.md): a JWT on the URL (?token=) or in the
// workerman-chat login binds the client's uid, its "rooms" are enforced, require-token closes clients
// without one (4001), expiry closes (4003) unless a refresh came first, every way a token is refused,
// RS256 and ES256 keys, tokens with the uid-first protocol, max-connections-per-uid (4002) and
// allowed-origins (403 before the upgrade).
#include "rawclient.h"
#include "serverprocess.h"
#include "testclients.h"
#include "testtokens.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QUrlQuery>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;
using Key = TestTokens::Key;

Q_DECLARE_METATYPE(TestTokens::Key)

namespace {
constexpr int kTokenRequired = 1012;
constexpr int kTokenInvalid = 1013;
constexpr int kRoomNotAllowed = 1014;
constexpr int kUidConnectionLimit = 1015;
constexpr int kCloseTokenInvalid = 4001;
constexpr int kCloseUidLimit = 4002;
constexpr int kCloseTokenExpired = 4003;

QUrl withToken(QUrl url, const QByteArray &token)
{
    QUrlQuery query;
    query.addQueryItem(u"token"_s, QString::fromLatin1(token));
    url.setQuery(query);
    return url;
}

QJsonObject login(const QString &name, const QString &room, const QByteArray &token = {})
{
    QJsonObject m{{u"type"_s, u"login"_s}, {u"client_name"_s, name}, {u"room_id"_s, room}};
    if (!token.isEmpty())
        m.insert(u"token"_s, QString::fromLatin1(token));
    return m;
}
} // namespace

class TestConnectionTokens final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tokenOnTheUrlBindsTheUid();
    void tokenInTheLoginBindsTheUid();
    void legacyClientsStayWithoutRequireToken();
    void refusedTokensClose4001_data();
    void refusedTokensClose4001();
    void roomsClaimIsEnforced();
    void requireTokenClosesClientsWithoutOne();
    void requireTokenClosesSilentClientsAtTheTimeout_data();
    void requireTokenClosesSilentClientsAtTheTimeout();
    void publicKeyServers_data();
    void publicKeyServers();
    void expiryCloses4003UnlessRefreshed();
    void refreshWithAnotherUidIsRefused();
    void uidFirstTakesTheUidFromTheToken();
    void connectionsPerUid();
    void allowedOrigins();

private:
    std::unique_ptr<ServerProcess> start(const QStringList &flags);
    QJsonObject call(ServerProcess &server, const QString &command, const QJsonObject &args);
    QString uidOf(ServerProcess &server, const QString &clientId);
    QByteArray token(const QString &uid, qint64 expiresIn = 3600) const
    {
        return m_tokens.sign(Key::Secret, TestTokens::claims(uid, expiresIn));
    }

    TestTokens m_tokens;
    std::unique_ptr<ServerProcess> m_server; // HS256, tokens optional
    HttpClient m_http;
};

void TestConnectionTokens::initTestCase()
{
    QVERIFY2(m_tokens.create(), qPrintable(m_tokens.errorString()));
    m_server = start({u"--token-secret-file"_s, m_tokens.secretFile()});
    QVERIFY(m_server);
    QVERIFY2(m_server->log().contains(u"connection tokens: HS256"_s), qPrintable(m_server->log()));
}

std::unique_ptr<ServerProcess> TestConnectionTokens::start(const QStringList &flags)
{
    return ServerProcess::started(flags + QStringList{u"--ping-interval"_s, u"0"_s});
}

QJsonObject TestConnectionTokens::call(ServerProcess &server, const QString &command, const QJsonObject &args)
{
    const HttpReply r = m_http.command(server.apiUrl(), command, args, server.apiKey().toUtf8());
    if (r.status == 200)
        return r.json();
    QJsonObject failure = r.json();
    failure.insert(u"status"_s, r.status);
    return failure;
}

QString TestConnectionTokens::uidOf(ServerProcess &server, const QString &clientId)
{
    return call(server, u"getUidByClientId"_s, {{u"client_id"_s, clientId}}).value(u"uid"_s).toString();
}

void TestConnectionTokens::tokenOnTheUrlBindsTheUid()
{
    ChatClient c;
    QVERIFY(c.connectAndLogin(withToken(m_server->clientUrl(), token(u"alice"_s)), u"Alice"_s, u"lobby"_s));
    QCOMPARE(uidOf(*m_server, c.clientId), u"alice"_s);
    QVERIFY(c.ws.ofType(u"error"_s).isEmpty());
}

void TestConnectionTokens::tokenInTheLoginBindsTheUid()
{
    WsClient ws;
    QVERIFY(ws.open(m_server->clientUrl()));
    ws.sendJson(login(u"Bob"_s, u"lobby"_s, token(u"bob"_s)));
    const QJsonObject reply = ws.waitFor(u"login"_s);
    QVERIFY(reply.contains(u"client_list"_s));
    QCOMPARE(uidOf(*m_server, reply.value(u"client_id"_s).toString()), u"bob"_s);
    QCOMPARE(m_server->metric(u"herald_tokens_total{outcome=\"accepted\"}"_s) >= 1, true);
}

void TestConnectionTokens::legacyClientsStayWithoutRequireToken()
{
    ChatClient legacy;
    QVERIFY(legacy.connectAndLogin(m_server->clientUrl(), u"Old"_s, u"lobby"_s));
    QCOMPARE(uidOf(*m_server, legacy.clientId), QString());
    QVERIFY(sayGoesRound(m_server->clientUrl(), u"lobby"_s, &legacy));
}

void TestConnectionTokens::refusedTokensClose4001_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("onUrl");
    QTest::addColumn<QString>("error");

    const QJsonObject good = TestTokens::claims(u"mallory"_s);
    QJsonObject notYet = good;
    notYet.insert(u"nbf"_s, QDateTime::currentSecsSinceEpoch() + 600);
    QJsonObject noSub = good;
    noSub.remove(u"sub"_s);
    const QByteArray wrongSecret = TestTokens::signHs256("not-the-servers-secret-but-long-enough", good);
    QTest::newRow("expired, login") << token(u"mallory"_s, -600) << false << u"expired"_s;
    QTest::newRow("expired, url") << token(u"mallory"_s, -600) << true << u"expired"_s;
    QTest::newRow("not yet valid") << m_tokens.sign(Key::Secret, notYet) << false << u"not valid yet"_s;
    QTest::newRow("wrong signature, login") << wrongSecret << false << u"signature"_s;
    QTest::newRow("wrong signature, url") << wrongSecret << true << u"signature"_s;
    QTest::newRow("alg none") << TestTokens::unsignedToken(good) << true << u"\"none\""_s;
    QTest::newRow("RS256 on an HS256 server") << m_tokens.sign(Key::Rsa, good) << false << u"\"RS256\""_s;
    QTest::newRow("no sub") << m_tokens.sign(Key::Secret, noSub) << false << u"\"sub\""_s;
    QTest::newRow("not a JWT") << QByteArray("hello") << true << u"not a JWT"_s;
}

void TestConnectionTokens::refusedTokensClose4001()
{
    QFETCH(QByteArray, token);
    QFETCH(bool, onUrl);
    QFETCH(QString, error);
    ChatClient bystander; // logged in before: not disturbed
    QVERIFY(bystander.connectAndLogin(m_server->clientUrl(), u"Bea"_s, u"lobby"_s));
    const qint64 invalid = m_server->metric(u"herald_tokens_total{outcome=\"invalid\"}"_s);

    WsClient ws;
    QVERIFY(ws.open(onUrl ? withToken(m_server->clientUrl(), token) : m_server->clientUrl()));
    if (!onUrl)
        ws.sendJson(login(u"Mal"_s, u"lobby"_s, token));
    const QJsonObject reply = ws.waitFor(u"error"_s);
    QCOMPARE(reply.value(u"code"_s).toInt(), kTokenInvalid);
    QVERIFY2(reply.value(u"message"_s).toString().contains(error), qPrintable(reply.value(u"message"_s).toString()));
    QVERIFY(ws.waitClosed());
    QCOMPARE(int(ws.socket().closeCode()), kCloseTokenInvalid);
    QVERIFY(ws.ofType(u"login"_s).isEmpty()); // the room never heard of it
    QVERIFY(bystander.ws.ofType(u"login"_s).size() == 1);
    QCOMPARE(m_server->metric(u"herald_tokens_total{outcome=\"invalid\"}"_s), invalid + 1);
    QVERIFY(sayGoesRound(m_server->clientUrl(), u"lobby"_s, &bystander));
}

void TestConnectionTokens::roomsClaimIsEnforced()
{
    QJsonObject claims = TestTokens::claims(u"carol"_s);
    claims.insert(u"rooms"_s, QJsonArray{u"lobby"_s, 7});
    WsClient ws;
    QVERIFY(ws.open(withToken(m_server->clientUrl(), m_tokens.sign(Key::Secret, claims))));
    ws.sendJson(login(u"Carol"_s, u"kitchen"_s));
    const QJsonObject refused = ws.waitFor(u"error"_s);
    QCOMPARE(refused.value(u"code"_s).toInt(), kRoomNotAllowed);
    QVERIFY(refused.value(u"message"_s).toString().contains(u"kitchen"_s));
    QCOMPARE(call(*m_server, u"getClientIdCountByGroup"_s, {{u"group"_s, u"kitchen"_s}}).value(u"count"_s).toInt(), 0);
    // still open, and the rooms it lists are open to it (7 and "7" are one room)
    ws.sendJson(QJsonObject{{u"type"_s, u"login"_s}, {u"client_name"_s, u"Carol"_s}, {u"room_id"_s, 7}});
    QVERIFY(ws.waitFor(u"login"_s).contains(u"client_list"_s));
    QVERIFY(ws.isOpen());
}

void TestConnectionTokens::requireTokenClosesClientsWithoutOne()
{
    const auto server = start({u"--token-secret-file"_s, m_tokens.secretFile(), u"--require-token"_s, u"true"_s});
    QVERIFY(server);
    // a legacy login, and a say before any login: error 1012, then closed 4001
    for (const QJsonObject &first : {login(u"Old"_s, u"lobby"_s),
                                     QJsonObject{{u"type"_s, u"say"_s}, {u"to_client_id"_s, u"all"_s}, {u"content"_s, u"hi"_s}}}) {
        WsClient ws;
        QVERIFY(ws.open(server->clientUrl()));
        ws.sendJson(first);
        QCOMPARE(ws.waitFor(u"error"_s).value(u"code"_s).toInt(), kTokenRequired);
        QVERIFY(ws.waitClosed());
        QCOMPARE(int(ws.socket().closeCode()), kCloseTokenInvalid);
        QCOMPARE(ws.socket().closeReason(), u"token required"_s);
    }
    QCOMPARE(server->metric(u"herald_tokens_total{outcome=\"missing\"}"_s), 2);
    // with a token, on the URL or in the login, it is served
    ChatClient onUrl;
    QVERIFY(onUrl.connectAndLogin(withToken(server->clientUrl(), token(u"dave"_s)), u"Dave"_s, u"lobby"_s));
    WsClient inLogin;
    QVERIFY(inLogin.open(server->clientUrl()));
    inLogin.sendJson(login(u"Eve"_s, u"lobby"_s, token(u"eve"_s)));
    QVERIFY(inLogin.waitFor(u"login"_s).contains(u"client_list"_s));
    QVERIFY(onUrl.ws.waitFor(u"login"_s).value(u"client_name"_s) == u"Eve"_s);
}

void TestConnectionTokens::requireTokenClosesSilentClientsAtTheTimeout_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("workerman-chat") << u"workerman-chat"_s;
    QTest::newRow("uid-first") << u"uid-first"_s;
}

// A client that opens its WebSocket and never presents a token (no ?token=, no message) is closed 4001
// at handshake-timeout, not left to the heartbeat (off here); clients with a token stay.
void TestConnectionTokens::requireTokenClosesSilentClientsAtTheTimeout()
{
    QFETCH(QString, protocol);
    constexpr int kTimeoutMs = 700;
    const auto server = start({u"--token-secret-file"_s, m_tokens.secretFile(), u"--require-token"_s, u"true"_s,
                               u"--client-protocol"_s, protocol, u"--handshake-timeout"_s, QString::number(kTimeoutMs)});
    QVERIFY(server);
    WsClient withToken_;
    QVERIFY(withToken_.open(withToken(server->clientUrl(), token(u"fay"_s))));
    WsClient silent;
    QElapsedTimer opened;
    QVERIFY(silent.open(server->clientUrl()));
    opened.start();
    QVERIFY(silent.waitClosed(kTimeoutMs + 5000));
    QVERIFY2(opened.elapsed() >= kTimeoutMs - 100, qPrintable(QString::number(opened.elapsed())));
    QCOMPARE(int(silent.socket().closeCode()), kCloseTokenInvalid);
    QCOMPARE(silent.socket().closeReason(), u"no token within %1 ms (handshake-timeout)"_s.arg(kTimeoutMs));
    QCOMPARE(server->metric(u"herald_tokens_total{outcome=\"missing\"}"_s), 1);
    QCOMPARE(withToken_.socket().state(), QAbstractSocket::ConnectedState);
}

void TestConnectionTokens::publicKeyServers_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("RS256") << Key::Rsa << u"RS256"_s;
    QTest::newRow("ES256") << Key::Ec << u"ES256"_s;
}

void TestConnectionTokens::publicKeyServers()
{
    QFETCH(Key, key);
    QFETCH(QString, algorithm);
    const QString publicKey = key == Key::Rsa ? m_tokens.rsaPublicKeyFile() : m_tokens.ecPublicKeyFile();
    const auto server = start({u"--token-public-key-file"_s, publicKey});
    QVERIFY(server);
    QVERIFY(server->log().contains(u"connection tokens: "_s + algorithm));
    ChatClient c;
    QVERIFY(c.connectAndLogin(withToken(server->clientUrl(), m_tokens.sign(key, TestTokens::claims(u"frank"_s))),
                              u"Frank"_s, u"lobby"_s));
    QCOMPARE(uidOf(*server, c.clientId), u"frank"_s);

    // The confusion attack: HS256 "signed" with the public key the server verifies with.
    QFile file(publicKey);
    QVERIFY(file.open(QIODevice::ReadOnly));
    WsClient forged;
    QVERIFY(forged.open(withToken(server->clientUrl(), TestTokens::signHs256(file.readAll(), TestTokens::claims(u"frank"_s)))));
    QCOMPARE(forged.waitFor(u"error"_s).value(u"code"_s).toInt(), kTokenInvalid);
    QVERIFY(forged.waitClosed());
    QCOMPARE(int(forged.socket().closeCode()), kCloseTokenInvalid);
    QCOMPARE(call(*server, u"getClientIdByUid"_s, {{u"uid"_s, u"frank"_s}}).value(u"client_ids"_s).toArray().size(), 1);
}

void TestConnectionTokens::expiryCloses4003UnlessRefreshed()
{
    const auto server = start({u"--token-secret-file"_s, m_tokens.secretFile(), u"--token-leeway"_s, u"0"_s});
    QVERIFY(server);
    ChatClient expiring, refreshing;
    QVERIFY(expiring.connectAndLogin(withToken(server->clientUrl(), token(u"gina"_s, 2)), u"Gina"_s, u"lobby"_s));
    QVERIFY(refreshing.connectAndLogin(withToken(server->clientUrl(), token(u"hank"_s, 2)), u"Hank"_s, u"lobby"_s));
    const QByteArray fresh = token(u"hank"_s, 3600);
    refreshing.ws.sendJson({{u"type"_s, u"refresh"_s}, {u"token"_s, QString::fromLatin1(fresh)}});
    const QJsonObject refreshed = refreshing.ws.waitFor(u"refreshed"_s);
    QVERIFY(refreshed.value(u"exp"_s).toInteger() > QDateTime::currentSecsSinceEpoch() + 3000);

    QVERIFY(expiring.ws.waitClosed(5000));
    QCOMPARE(int(expiring.ws.socket().closeCode()), kCloseTokenExpired);
    QCOMPARE(expiring.ws.socket().closeReason(), u"token expired"_s);
    QCOMPARE(server->metric(u"herald_tokens_total{outcome=\"expired\"}"_s), 1);
    // past the first token's expiry: the refreshed client is still served
    QVERIFY(refreshing.ws.isOpen());
    QVERIFY(sayGoesRound(server->clientUrl(), u"lobby"_s, &refreshing));
    QCOMPARE(uidOf(*server, refreshing.clientId), u"hank"_s);
}

void TestConnectionTokens::refreshWithAnotherUidIsRefused()
{
    ChatClient c;
    QVERIFY(c.connectAndLogin(withToken(m_server->clientUrl(), token(u"ivy"_s)), u"Ivy"_s, u"lobby"_s));
    c.ws.sendJson({{u"type"_s, u"refresh"_s}, {u"token"_s, QString::fromLatin1(token(u"jack"_s))}});
    const QJsonObject error = c.ws.waitFor(u"error"_s);
    QCOMPARE(error.value(u"code"_s).toInt(), kTokenInvalid);
    QVERIFY(error.value(u"message"_s).toString().contains(u"same uid"_s));
    QVERIFY(c.ws.waitClosed());
    QCOMPARE(int(c.ws.socket().closeCode()), kCloseTokenInvalid);
    QCOMPARE(call(*m_server, u"isUidOnline"_s, {{u"uid"_s, u"jack"_s}}).value(u"online"_s).toBool(), false);
}

void TestConnectionTokens::uidFirstTakesTheUidFromTheToken()
{
    const auto server = start({u"--client-protocol"_s, u"uid-first"_s, u"--token-secret-file"_s, m_tokens.secretFile()});
    QVERIFY(server);
    const auto online = [&](const QString &uid) {
        return call(*server, u"isUidOnline"_s, {{u"uid"_s, uid}}).value(u"online"_s).toBool();
    };
    QWebSocket onUrl, firstMessage, legacy, forged;
    QSignalSpy urlUp(&onUrl, &QWebSocket::connected), firstUp(&firstMessage, &QWebSocket::connected),
        legacyUp(&legacy, &QWebSocket::connected), forgedClosed(&forged, &QWebSocket::disconnected);
    onUrl.open(withToken(server->clientUrl(), token(u"kim"_s)));
    QTRY_COMPARE(urlUp.size(), 1);
    QTRY_VERIFY(online(u"kim"_s));
    firstMessage.open(server->clientUrl());
    QTRY_COMPARE(firstUp.size(), 1);
    firstMessage.sendTextMessage(QString::fromLatin1(token(u"lee"_s)));
    QTRY_VERIFY(online(u"lee"_s));
    legacy.open(server->clientUrl()); // no token: without require-token the first message is the uid
    QTRY_COMPARE(legacyUp.size(), 1);
    legacy.sendTextMessage(u"max"_s);
    QTRY_VERIFY(online(u"max"_s));
    forged.open(server->clientUrl());
    QTRY_COMPARE(forged.state(), QAbstractSocket::ConnectedState);
    forged.sendTextMessage(QString::fromLatin1(TestTokens::unsignedToken(TestTokens::claims(u"ned"_s))));
    QTRY_COMPARE(forgedClosed.size(), 1);
    QCOMPARE(int(forged.closeCode()), kCloseTokenInvalid);
    QVERIFY(!online(u"ned"_s));
    QVERIFY(onUrl.state() == QAbstractSocket::ConnectedState && firstMessage.state() == QAbstractSocket::ConnectedState);
}

void TestConnectionTokens::connectionsPerUid()
{
    const auto server = start({u"--token-secret-file"_s, m_tokens.secretFile(), u"--max-connections-per-uid"_s, u"2"_s});
    QVERIFY(server);
    ChatClient first, second;
    QVERIFY(first.connectAndLogin(withToken(server->clientUrl(), token(u"olga"_s)), u"Olga"_s, u"lobby"_s));
    QVERIFY(second.connectAndLogin(withToken(server->clientUrl(), token(u"olga"_s)), u"Olga"_s, u"lobby"_s));
    // the newest is refused: an error, then closed 4002; the two before it stay
    WsClient third;
    QVERIFY(third.open(server->clientUrl()));
    third.sendJson(login(u"Olga"_s, u"lobby"_s, token(u"olga"_s)));
    const QJsonObject error = third.waitFor(u"error"_s);
    QCOMPARE(error.value(u"code"_s).toInt(), kUidConnectionLimit);
    QVERIFY(error.value(u"message"_s).toString().contains(u"max-connections-per-uid"_s));
    QVERIFY(third.waitClosed());
    QCOMPARE(int(third.socket().closeCode()), kCloseUidLimit);
    QCOMPARE(server->metric(u"herald_uid_limit_refusals_total"_s), 1);
    QCOMPARE(call(*server, u"getClientIdByUid"_s, {{u"uid"_s, u"olga"_s}}).value(u"client_ids"_s).toArray().size(), 2);
    QVERIFY(first.ws.isOpen() && second.ws.isOpen());

    // the same limit for a backend's bindUid: 409, the client stays unbound
    ChatClient legacy;
    QVERIFY(legacy.connectAndLogin(server->clientUrl(), u"Pat"_s, u"lobby"_s));
    const QJsonObject bind = call(*server, u"bindUid"_s, {{u"client_id"_s, legacy.clientId}, {u"uid"_s, u"olga"_s}});
    QCOMPARE(bind.value(u"status"_s).toInt(), 409);
    QCOMPARE(bind.value(u"error"_s).toObject().value(u"code"_s).toInt(), ApiCode::LimitReached);
    QCOMPARE(uidOf(*server, legacy.clientId), QString());
    QCOMPARE(server->metric(u"herald_uid_limit_refusals_total"_s), 2);
    // once one goes, there is room again
    first.ws.socket().close();
    QTRY_COMPARE(call(*server, u"bindUid"_s, {{u"client_id"_s, legacy.clientId}, {u"uid"_s, u"olga"_s}}).value(u"ok"_s).toBool(),
                 true);
}

void TestConnectionTokens::allowedOrigins()
{
    const auto server = start({u"--allowed-origins"_s, u"https://chat.example.com, http://127.0.0.1:8080"_s});
    QVERIFY(server);
    QVERIFY(!server->log().contains(u"allowed-origins is empty"_s));
    QVERIFY(m_server->log().contains(u"allowed-origins is empty"_s)); // the warning where it is empty
    const auto handshake = [&](const QByteArray &origin) {
        RawClient raw;
        if (!raw.connectTo(server->clientPort()))
            return QByteArray("no connection");
        QByteArray request = RawClient::upgradeRequest();
        if (!origin.isEmpty())
            request.insert(request.size() - 2, "Origin: " + origin + "\r\n");
        raw.write(request);
        if (!QTest::qWaitFor([&] { return raw.received().contains("\r\n\r\n") || !raw.isOpen(); }, 5000))
            return QByteArray("no answer");
        return raw.received().left(12);
    };
    QCOMPARE(handshake("https://chat.example.com"), "HTTP/1.1 101"_ba);
    QCOMPARE(handshake("http://127.0.0.1:8080"), "HTTP/1.1 101"_ba);
    QCOMPARE(handshake({}), "HTTP/1.1 101"_ba); // no Origin: not a browser
    QCOMPARE(handshake("https://evil.example.net"), "HTTP/1.1 403"_ba);
    QCOMPARE(handshake("https://chat.example.com.evil.net"), "HTTP/1.1 403"_ba);
    QCOMPARE(handshake("http://chat.example.com"), "HTTP/1.1 403"_ba); // another scheme is another origin
    QTRY_COMPARE(server->metric(u"herald_closes_total{reason=\"refused_origin\"}"_s), 3);
    QVERIFY(sayGoesRound(server->clientUrl(), u"lobby"_s));

    // a bad origin in the config stops the start, naming the key
    ServerProcess bad({u"--allowed-origins"_s, u"chat.example.com"_s});
    QVERIFY(!bad.start());
    QVERIFY2(bad.log().contains(u"allowed-origins"_s), qPrintable(bad.log()));
}

QTEST_GUILESS_MAIN(TestConnectionTokens)
#include "tst_tokens.moc"
