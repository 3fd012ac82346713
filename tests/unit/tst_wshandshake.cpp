// The server's side of the WebSocket opening handshake (RFC 6455 §4.2).
#include "protocol/wshandshake.h"

#include <QTest>

using namespace Herald::WebSocket;
using State = HandshakeRequest::State;

namespace {
const QByteArray kGood = "GET /chat?x=1 HTTP/1.1\r\n"
                         "Host: 127.0.0.1:7272\r\n"
                         "Upgrade: websocket\r\n"
                         "Connection: keep-alive, Upgrade\r\n"
                         "Origin: http://example.org\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n"
                         "\r\n";

QByteArray without(const QByteArray &header)
{
    QByteArray r = kGood;
    const qsizetype at = r.indexOf(header);
    r.remove(at, r.indexOf("\r\n", at) + 2 - at);
    return r;
}

QByteArray replaced(const QByteArray &from, const QByteArray &to)
{
    QByteArray r = kGood;
    return r.replace(from, to);
}
} // namespace

class TestWsHandshake final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsAGoodRequest();
    void acceptKeyIsTheRfcExample();
    void incompleteUntilTheBlankLine();
    void framesAfterTheRequestAreLeft();
    void bareLineFeedsAreAccepted_data();
    void bareLineFeedsAreAccepted();
    void headerNamesAndTokensAnyCase();
    void refused_data();
    void refused();
    void refusalAnswers();
};

void TestWsHandshake::acceptsAGoodRequest()
{
    const HandshakeRequest r = parseHandshake(kGood);
    QCOMPARE(r.state, State::Accepted);
    QCOMPARE(r.consumed, kGood.size());
    QCOMPARE(r.target, QByteArray("/chat?x=1"));
    QCOMPARE(r.origin, QByteArray("http://example.org"));
    QCOMPARE(r.key, QByteArray("dGhlIHNhbXBsZSBub25jZQ=="));
    QCOMPARE(acceptResponse(r), QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                           "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
}

void TestWsHandshake::acceptKeyIsTheRfcExample()
{
    QCOMPARE(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")); // RFC 6455 §1.3
}

void TestWsHandshake::incompleteUntilTheBlankLine()
{
    for (qsizetype n = 0; n < kGood.size(); ++n)
        QCOMPARE(parseHandshake(kGood.first(n)).state, State::Incomplete);
}

void TestWsHandshake::framesAfterTheRequestAreLeft()
{
    const HandshakeRequest r = parseHandshake(QByteArray(kGood + "\x81\x80xxxx"));
    QCOMPARE(r.state, State::Accepted);
    QCOMPARE(r.consumed, kGood.size());
}

// RFC 9112 §2.2: a recipient may take a bare LF as a line end. Such a request is answered at once,
// not left waiting for a CRLF CRLF that never comes.
void TestWsHandshake::bareLineFeedsAreAccepted_data()
{
    QTest::addColumn<QByteArray>("request");
    QByteArray lf = kGood;
    lf.replace("\r\n", "\n");
    QTest::newRow("every line ends with LF") << lf;
    QTest::newRow("CRLF lines, LF blank line") << QByteArray(kGood.chopped(2) + "\n");
    QTest::newRow("LF lines, CRLF blank line") << QByteArray(lf.chopped(1) + "\r\n");
    QTest::newRow("mixed") << replaced("Upgrade: websocket\r\n", "Upgrade: websocket\n");
}

void TestWsHandshake::bareLineFeedsAreAccepted()
{
    QFETCH(QByteArray, request);
    for (qsizetype n = 0; n < request.size(); ++n)
        QCOMPARE(parseHandshake(request.first(n)).state, State::Incomplete);
    const HandshakeRequest r = parseHandshake(QByteArray(request + "\x81\x80xxxx"));
    QCOMPARE(r.state, State::Accepted);
    QCOMPARE(r.consumed, request.size()); // the frames after it are left for the frame reader
    QCOMPARE(r.target, QByteArray("/chat?x=1"));
    QCOMPARE(r.origin, QByteArray("http://example.org"));
    QCOMPARE(r.key, QByteArray("dGhlIHNhbXBsZSBub25jZQ=="));
}

void TestWsHandshake::headerNamesAndTokensAnyCase()
{
    QByteArray request = kGood;
    request.replace("Upgrade: websocket", "upgrade: WebSocket").replace("Connection: keep-alive, Upgrade", "CONNECTION: upgrade");
    QCOMPARE(parseHandshake(request).state, State::Accepted);
}

void TestWsHandshake::refused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("plain HTTP GET") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << QByteArray("not a WebSocket upgrade");
    QTest::newRow("POST") << replaced("GET /chat", "POST /chat") << 400 << QByteArray("GET request");
    QTest::newRow("HTTP/1.0") << replaced("HTTP/1.1\r\nHost", "HTTP/1.0\r\nHost") << 400 << QByteArray("HTTP/1.1");
    QTest::newRow("garbage request line") << QByteArray("\x16\x03\x01\x02\x00\r\n\r\n", 9) << 400 << QByteArray("GET request");
    QTest::newRow("no Host") << without("Host:") << 400 << QByteArray("Host");
    QTest::newRow("no Upgrade") << without("Upgrade:") << 400 << QByteArray("not a WebSocket upgrade");
    QTest::newRow("Connection without upgrade") << replaced("keep-alive, Upgrade", "keep-alive") << 400
                                                << QByteArray("not a WebSocket upgrade");
    QTest::newRow("no version") << without("Sec-WebSocket-Version:") << 426 << QByteArray("version 13");
    QTest::newRow("version 8") << replaced("Version: 13", "Version: 8") << 426 << QByteArray("version 13");
    QTest::newRow("no key") << without("Sec-WebSocket-Key:") << 400 << QByteArray("16 bytes");
    QTest::newRow("short key") << replaced("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=") << 400 << QByteArray("16 bytes");
    QTest::newRow("line without a colon") << replaced("Origin: http://example.org", "Origin example.org") << 400
                                          << QByteArray("malformed header");
    QTest::newRow("folded header") << replaced("Origin: http://example.org", "Origin: http://\r\n example.org") << 400
                                   << QByteArray("malformed header");
    QTest::newRow("TLS to the plain port, refused at once")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400 << QByteArray("GET request");
    QTest::newRow("LF line without a colon") << replaced("Origin: http://example.org\r\n", "Origin example.org\n") << 400
                                             << QByteArray("malformed header");
    QTest::newRow("no Host, LF lines") << without("Host:").replace("\r\n", "\n") << 400 << QByteArray("Host");
    QTest::newRow("too long") << replaced("Origin: http://example.org", "Origin: " + QByteArray(9000, 'o')) << 431
                              << QByteArray("too long");
    QTest::newRow("too long and unfinished") << QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(9000, 'o') << 431
                                             << QByteArray("too long");
}

void TestWsHandshake::refused()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, says);
    const HandshakeRequest r = parseHandshake(request);
    QCOMPARE(r.state, State::Refused);
    QCOMPARE(r.status, status);
    QVERIFY2(r.error.contains(says), r.error.constData());
}

void TestWsHandshake::refusalAnswers()
{
    const QByteArray answer = refusalResponse(parseHandshake(replaced("Version: 13", "Version: 8")));
    QVERIFY(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"));
    QVERIFY(answer.contains("\r\nSec-WebSocket-Version: 13\r\n"));
    QVERIFY(answer.contains("\r\nConnection: close\r\n"));
    const QByteArray body = answer.sliced(answer.indexOf("\r\n\r\n") + 4);
    QVERIFY(answer.contains(QByteArray("Content-Length: " + QByteArray::number(body.size()) + "\r\n")));
    QCOMPARE(body, QByteArray("only WebSocket version 13 is supported\n"));
    QVERIFY(refusalResponse(parseHandshake("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n"));
}

QTEST_APPLESS_MAIN(TestWsHandshake)
#include "tst_wshandshake.moc"
