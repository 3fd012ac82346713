// The HTTP API's connections (docs/api.md, docs/security.md): closed when the request asks (HTTP/1.0,
// Connection: close) and kept alive otherwise; chunked bodies read, malformed ones refused; a peer that
// does not read its answers, or is silent too long, closed while the others are served.
#include "httpapitestcase.h"
#include "rawclient.h"

#include "testjson.h"

#include <QTest>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// A second server for the door limits: 1000 ms to authenticate, 3 s of silence, 64 KiB of unread answers.
const QStringList kLimitedFlags{u"--handshake-timeout"_s, u"1000"_s, u"--idle-timeout"_s, u"3"_s,
                                u"--max-send-buffer"_s, u"65536"_s, u"--ping-interval"_s, u"0"_s};

QByteArray chunk(const QByteArray &data, const QByteArray &extension = {})
{
    return QByteArray::number(data.size(), 16) + extension + "\r\n" + data + "\r\n";
}

} // namespace

class TestHttpConnection final : public HttpApiTestCase
{
    Q_OBJECT

private slots:
    void closesWhenTheRequestAsks_data();
    void closesWhenTheRequestAsks();
    void malformedChunkedBody_data();
    void malformedChunkedBody();
    void unreadAnswersCloseTheConnection();
    void silentConnectionsAreClosed();

private:
    ServerProcess *limitedServer();

    std::unique_ptr<ServerProcess> m_limited; // short door timeouts and a small reply cap
};

ServerProcess *TestHttpConnection::limitedServer()
{
    if (!m_limited)
        m_limited = ServerProcess::started(kLimitedFlags);
    return m_limited.get();
}

void TestHttpConnection::closesWhenTheRequestAsks_data()
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

void TestHttpConnection::closesWhenTheRequestAsks()
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

void TestHttpConnection::malformedChunkedBody_data()
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

void TestHttpConnection::malformedChunkedBody()
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

// A peer that sends requests and does not read the answers is closed once max-send-buffer bytes of
// answers wait for it; the others are served.
void TestHttpConnection::unreadAnswersCloseTheConnection()
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
void TestHttpConnection::silentConnectionsAreClosed()
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

QTEST_GUILESS_MAIN(TestHttpConnection)
#include "tst_httpconnection.moc"
