// TLS on every port (docs/security.md): wss:// chat through the gateway's own OpenSSL layer, https://
// and wss://…/admin, the text port over TLS, each client verifying the server against a test CA; what
// the gateway refuses (old versions, plain HTTP, a handshake that never ends); and the certificate
// reloaded on SIGHUP without dropping anyone.
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QTest>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace HeraldTest;

namespace {
constexpr int kHandshakeTimeoutMs = 1500;

struct Probe {
    bool connected = false;
    QString error;   // OpenSSL's reason when the handshake failed
    QByteArray alpn; // the protocol the server chose
};

// A TLS handshake by OpenSSL's client, with the versions up to `maxVersion` offered (older ones allowed
// on this side, so that a refusal is the server's), ALPN http/1.1 offered, and the server verified.
Probe probe(quint16 port, int maxVersion, const QString &caFile)
{
    Probe result;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx, maxVersion);
    SSL_CTX_load_verify_locations(ctx, QFile::encodeName(caFile).constData(), nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    static const unsigned char alpn[] = "\x08http/1.1";
    SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const timeval limit{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SSL *ssl = SSL_new(ctx);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
        SSL_set_fd(ssl, fd);
        ERR_clear_error();
        result.connected = SSL_connect(ssl) == 1;
        if (result.connected) {
            const unsigned char *chosen = nullptr;
            unsigned int length = 0;
            SSL_get0_alpn_selected(ssl, &chosen, &length);
            result.alpn = QByteArray(reinterpret_cast<const char *>(chosen), int(length));
        } else {
            char text[256];
            ERR_error_string_n(ERR_get_error(), text, sizeof text);
            result.error = QString::fromLatin1(text);
        }
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    ::close(fd);
    return result;
}

QSslCertificate certificateIn(const QString &file)
{
    return QSslCertificate::fromPath(file, QSsl::Pem).value(0);
}

bool replace(const QString &target, const QString &source)
{
    QFile::remove(target);
    return QFile::copy(source, target);
}
} // namespace

class TestTls final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void chatOverWssWithVerification();
    void clientThatDoesNotTrustTheCaFails();
    void onlyTls12AndLaterWithAlpn();
    void plainHttpOnTheTlsPortIsToldAndClosed();
    void slowTlsHandshakeIsClosedByHandshakeTimeout();
    void httpsApiCall();
    void adminOverWss();
    void textPortOverTls();
    void bigMessagesToASlowReaderArriveWholeAndInOrder();
    void sighupGivesNewConnectionsTheNewCertificate();
    void sighupWithABadCertificateKeepsTheRunningOne();
    void badCertificateAtStartIsAClearError();

private:
    ChatClient *chat(const QString &name, const QString &room = u"lobby"_s);
    QString liveCertificate() const { return m_certs.certificateFile(u"live"_s); }
    QString liveKey() const { return m_certs.keyFile(u"live"_s); }

    TestCertificates m_certs;
    std::unique_ptr<ServerProcess> m_server;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
};

void TestTls::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
    QVERIFY2(m_certs.issue(u"renewed"_s), qPrintable(m_certs.errorString()));
    // The files the server is started with, replaced later to be reloaded.
    QVERIFY(replace(liveCertificate(), m_certs.certificateFile()));
    QVERIFY(replace(liveKey(), m_certs.keyFile()));
    m_server = ServerProcess::started({u"--tls-cert"_s, liveCertificate(), u"--tls-key"_s, liveKey(),
                                       u"--handshake-timeout"_s, QString::number(kHandshakeTimeoutMs),
                                       u"--max-message-size"_s, u"1M"_s, u"--max-send-buffer"_s, u"64M"_s,
                                       u"--ping-interval"_s, u"0"_s});
    QVERIFY(m_server);
    QVERIFY(m_server->isTls());
    QCOMPARE(m_server->clientUrl().scheme(), u"wss"_s);
}

void TestTls::cleanup()
{
    m_clients.clear();
}

ChatClient *TestTls::chat(const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    client->ws.setSslConfiguration(m_certs.clientConfiguration());
    if (!client->connectAndLogin(m_server->clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
}

void TestTls::chatOverWssWithVerification()
{
    ChatClient *alice = chat(u"alice"_s);
    QVERIFY(alice);
    ChatClient *bob = chat(u"bob"_s);
    QVERIFY(bob);
    QCOMPARE(alice->ws.socket().sslConfiguration().peerCertificate(), certificateIn(m_certs.certificateFile()));
    bob->say(u"hello over TLS"_s);
    QCOMPARE(alice->ws.waitFor(u"say"_s).value(u"content").toString(), u"hello over TLS"_s);
}

void TestTls::clientThatDoesNotTrustTheCaFails()
{
    WsClient stranger; // the system's CAs only: the test CA is unknown to it
    QList<QSslError> errors;
    connect(&stranger.socket(), &QWebSocket::sslErrors, this, [&](const QList<QSslError> &e) { errors = e; });
    QVERIFY(!stranger.open(m_server->clientUrl(), 3000));
    QVERIFY(!errors.isEmpty());
    // The server is unharmed: a trusting client still gets in.
    QVERIFY(chat(u"trusting"_s));
}

void TestTls::onlyTls12AndLaterWithAlpn()
{
    const Probe old = probe(m_server->clientPort(), TLS1_1_VERSION, m_certs.caFile());
    QVERIFY(!old.connected);
    QVERIFY2(old.error.contains(u"protocol version"_s) || old.error.contains(u"unsupported protocol"_s), qPrintable(old.error));
    for (const int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
        const Probe current = probe(m_server->clientPort(), version, m_certs.caFile());
        QVERIFY2(current.connected, qPrintable(current.error));
        QCOMPARE(current.alpn, "http/1.1"_ba);
    }
    const Probe text = probe(m_server->textPort(), TLS1_1_VERSION, m_certs.caFile());
    QVERIFY(!text.connected);
    const Probe api = probe(m_server->apiPort(), TLS1_1_VERSION, m_certs.caFile());
    QVERIFY(!api.connected);
    QVERIFY(probe(m_server->apiPort(), TLS1_2_VERSION, m_certs.caFile()).connected);
}

void TestTls::plainHttpOnTheTlsPortIsToldAndClosed()
{
    RawHttpClient plain;
    QVERIFY(plain.connectTo(m_server->clientPort()));
    plain.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    const QByteArray answer = plain.answer();
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    QVERIFY2(answer.contains("wss://"), answer.constData());
    QVERIFY(plain.waitClosed());
    QVERIFY(chat(u"after-plain"_s));
    HttpClient http;
    http.setSslConfiguration(m_certs.clientConfiguration());
    QTRY_VERIFY(prometheusSample(http.get(m_server->apiUrl(u"/metrics"_s), m_server->apiKey().toUtf8()).body,
                                 uR"(herald_closes_total{reason="tls_failed"})"_s) >= 1);

    // The doors on Qt's TLS close a plain client too, and still serve.
    TextClient plainText;
    QVERIFY(plainText.open(m_server->textPort()));
    plainText.writeLine(R"({"cmd":"auth","key":"whatever"})");
    QCOMPARE(plainText.readLine(5000), QByteArray());
    QTRY_COMPARE(plainText.socket().state(), QAbstractSocket::UnconnectedState);
    RawHttpClient plainApi;
    QVERIFY(plainApi.connectTo(m_server->apiPort()));
    plainApi.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(plainApi.waitClosed());
    TextClient text;
    text.setSslConfiguration(m_certs.clientConfiguration());
    QVERIFY(text.open(m_server->textPort()));
}

void TestTls::slowTlsHandshakeIsClosedByHandshakeTimeout()
{
    QTcpSocket slow;
    slow.connectToHost(u"127.0.0.1"_s, m_server->clientPort());
    QVERIFY(slow.waitForConnected(5000));
    QElapsedTimer elapsed;
    elapsed.start();
    slow.write(QByteArray::fromHex("1603010200")); // a ClientHello's record header, its body never sent
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState, kHandshakeTimeoutMs + 5000);
    QVERIFY2(elapsed.elapsed() >= kHandshakeTimeoutMs - 200, qPrintable(QString::number(elapsed.elapsed())));
}

void TestTls::httpsApiCall()
{
    ChatClient *alice = chat(u"alice"_s);
    QVERIFY(alice);
    HttpClient http;
    http.setSslConfiguration(m_certs.clientConfiguration());
    const HttpReply reply = http.command(m_server->apiUrl(), u"sendToClient"_s,
                                         {{u"client_id"_s, alice->clientId}, {u"message"_s, u"{\"type\":\"api\"}"_s}},
                                         m_server->apiKey().toUtf8());
    QCOMPARE(reply.status, 200);
    QVERIFY(!alice->ws.waitFor(u"api"_s).isEmpty());
    // A client that does not trust the CA gets no answer from the API.
    HttpClient stranger;
    QCOMPARE(stranger.get(m_server->apiUrl(u"/healthz"_s)).status, 0);
}

void TestTls::adminOverWss()
{
    WsClient admin;
    admin.setSslConfiguration(m_certs.clientConfiguration());
    QCOMPARE(m_server->adminUrl().scheme(), u"wss"_s);
    QVERIFY(admin.open(m_server->adminUrl(), 5000, m_server->adminToken().toUtf8()));
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
}

void TestTls::textPortOverTls()
{
    TextClient text;
    text.setSslConfiguration(m_certs.clientConfiguration());
    QVERIFY(text.open(m_server->textPort()));
    QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), QJsonObject({{u"ok"_s, true}}));
    QVERIFY(text.call({{u"cmd"_s, u"getAllClientIdCount"_s}}).contains(u"count"_s));
}

void TestTls::bigMessagesToASlowReaderArriveWholeAndInOrder()
{
    ChatClient *reader = chat(u"reader"_s);
    QVERIFY(reader);
    TextClient text;
    text.setSslConfiguration(m_certs.clientConfiguration());
    QVERIFY(text.open(m_server->textPort()));
    QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), QJsonObject({{u"ok"_s, true}}));
    // The text client's calls wait on its own socket only: the reader reads nothing meanwhile, so the
    // kernel's buffers fill and the server's TLS writes are partial, then queued.
    constexpr int kMessages = 40;
    const QString pad(256 * 1024, u'x');
    for (int i = 0; i < kMessages; ++i) {
        const QString message = QStringLiteral(R"({"type":"big","n":%1,"pad":"%2"})").arg(i).arg(pad);
        const QJsonObject reply = text.call({{u"cmd"_s, u"sendToClient"_s}, {u"client_id"_s, reader->clientId},
                                             {u"message"_s, message}});
        QVERIFY2(reply.value(u"ok").toBool(), QJsonDocument(reply).toJson().constData());
    }
    QTRY_COMPARE_WITH_TIMEOUT(reader->ws.ofType(u"big"_s).size(), kMessages, 30000);
    const QList<QJsonObject> big = reader->ws.ofType(u"big"_s);
    for (int i = 0; i < kMessages; ++i) {
        QCOMPARE(big[i].value(u"n").toInt(), i);
        QCOMPARE(big[i].value(u"pad").toString().size(), pad.size());
    }
}

void TestTls::sighupGivesNewConnectionsTheNewCertificate()
{
    ChatClient *before = chat(u"before"_s);
    QVERIFY(before);
    QCOMPARE(before->ws.socket().sslConfiguration().peerCertificate(), certificateIn(m_certs.certificateFile()));
    QVERIFY(replace(liveCertificate(), m_certs.certificateFile(u"renewed"_s)));
    QVERIFY(replace(liveKey(), m_certs.keyFile(u"renewed"_s)));
    m_server->sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"TLS certificate reloaded"_s), 5000);

    ChatClient *after = chat(u"after"_s);
    QVERIFY(after);
    QCOMPARE(after->ws.socket().sslConfiguration().peerCertificate(), certificateIn(m_certs.certificateFile(u"renewed"_s)));
    TextClient text;
    text.setSslConfiguration(m_certs.clientConfiguration());
    QVERIFY(text.open(m_server->textPort()));
    QCOMPARE(text.socket().peerCertificate(), certificateIn(m_certs.certificateFile(u"renewed"_s)));
    // The connection made before the reload is still there, on its old certificate.
    after->say(u"both still here"_s);
    QCOMPARE(before->ws.waitFor(u"say"_s).value(u"content").toString(), u"both still here"_s);
    QVERIFY(before->ws.isOpen());
}

void TestTls::sighupWithABadCertificateKeepsTheRunningOne()
{
    const QSslCertificate running = certificateIn(liveCertificate());
    QFile broken(liveCertificate());
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
    broken.close();
    m_server->sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"TLS certificate not reloaded, the running one stays"_s), 5000);
    ChatClient *client = chat(u"after-bad-reload"_s);
    QVERIFY(client);
    QCOMPARE(client->ws.socket().sslConfiguration().peerCertificate(), running);
}

void TestTls::badCertificateAtStartIsAClearError()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(u"bad.pem"_s);
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not PEM at all\n");
    file.close();
    ServerProcess server({u"--tls-cert"_s, bad, u"--tls-key"_s, m_certs.keyFile()});
    QVERIFY(!server.start());
    QVERIFY2(server.log().contains(u"cannot use tls-cert "_s + bad), qPrintable(server.log()));

    ServerProcess half({u"--tls-cert"_s, m_certs.certificateFile()});
    QVERIFY(!half.start());
    QVERIFY2(half.log().contains(u"tls-cert and tls-key go together"_s), qPrintable(half.log()));

    ServerProcess mismatched({u"--tls-cert"_s, m_certs.certificateFile(), u"--tls-key"_s, m_certs.keyFile(u"renewed"_s)});
    QVERIFY(!mismatched.start());
    QVERIFY2(mismatched.log().contains(u"is not the key of tls-cert"_s), qPrintable(mismatched.log()));
}

QTEST_MAIN(TestTls)
#include "tst_tls.moc"
