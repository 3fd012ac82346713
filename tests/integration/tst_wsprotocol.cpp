// The client port's WebSocket protocol against the built herald-server, frame by frame with a client
// written by hand: the opening handshake and its refusals, pings, fragments, frames in the handshake's
// packet, the close handshake from either side, and every protocol error with its close code. After
// each bad input the server still serves a client that was already logged in.
#include "rawclient.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QJsonDocument>
#include <QTest>
#include <QtEndian>

#include <memory>

using namespace HeraldTest;

namespace {
constexpr int kWaitMs = 5000;

QByteArray login(const QString &name)
{
    return QStringLiteral(R"({"type":"login","client_name":"%1","room_id":"1"})").arg(name).toUtf8();
}

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xFF) + reason;
}

// True once the frames received include a text frame containing `needle`.
bool hasText(const RawClient &c, const QByteArray &needle)
{
    for (const RawClient::Frame &f : c.frames())
        if (f.opcode() == 0x1 && f.payload.contains(needle))
            return true;
    return false;
}
} // namespace

class TestWsProtocol final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pingIsAnsweredWithItsPayload();
    void framesInTheHandshakePacket();
    void fragmentedMessageWithAPingBetween();
    void clientCloseIsEchoedThenTheServerCloses_data();
    void clientCloseIsEchoedThenTheServerCloses();
    void kickSendsACloseFrameAfterWhatWasSent();
    void protocolErrors_data();
    void protocolErrors();
    void refusedHandshakes_data();
    void refusedHandshakes();
    void droppedConnectionLeavesTheRoom();

private:
    qint64 closes(const char *reason);
    std::unique_ptr<RawClient> openRaw();

    std::unique_ptr<ServerProcess> m_server;
    HttpClient m_http;
};

void TestWsProtocol::init()
{
    m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--ping-interval"), QStringLiteral("0")});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestWsProtocol::cleanup() { m_server.reset(); }

qint64 TestWsProtocol::closes(const char *reason)
{
    const HttpReply r = m_http.get(m_server->apiUrl(QStringLiteral("/metrics")), m_server->apiKey().toUtf8());
    return prometheusSample(r.body, QStringLiteral(R"(herald_closes_total{reason="%1"})").arg(QLatin1String(reason)));
}

std::unique_ptr<RawClient> TestWsProtocol::openRaw()
{
    auto c = std::make_unique<RawClient>();
    if (!c->connectTo(m_server->clientPort()) || !c->handshake())
        return nullptr;
    return c;
}

void TestWsProtocol::pingIsAnsweredWithItsPayload()
{
    std::unique_ptr<RawClient> c = openRaw();
    QVERIFY(c);
    c->write(RawClient::maskedFrame(0x89, "are you there"));
    QTRY_COMPARE_WITH_TIMEOUT(c->frames().size(), 1, kWaitMs);
    QCOMPARE(c->frames()[0].firstByte, quint8(0x8A)); // final pong
    QCOMPARE(c->frames()[0].payload, QByteArray("are you there"));
}

void TestWsProtocol::framesInTheHandshakePacket()
{
    RawClient c;
    QVERIFY(c.connectTo(m_server->clientPort()));
    QVERIFY(c.handshake(RawClient::maskedFrame(0x81, login(QStringLiteral("eager")))));
    QTRY_VERIFY_WITH_TIMEOUT(hasText(c, R"("type":"login")"), kWaitMs);
    QVERIFY(hasText(c, R"("client_name":"eager")"));
}

void TestWsProtocol::fragmentedMessageWithAPingBetween()
{
    std::unique_ptr<RawClient> c = openRaw();
    QVERIFY(c);
    const QByteArray message = login(QString::fromUtf8("\xe4\xb8\xad\xe6\x96\x87")); // "中文", cut inside a character
    c->write(RawClient::maskedFrame(0x01, message.first(40)));
    c->write(RawClient::maskedFrame(0x89, "p"));
    c->write(RawClient::maskedFrame(0x00, message.sliced(40, 3)));
    c->write(RawClient::maskedFrame(0x80, message.sliced(43)));
    QTRY_VERIFY_WITH_TIMEOUT(hasText(*c, R"("type":"login")"), kWaitMs);
    QCOMPARE(c->frames()[0].opcode(), quint8(0xA)); // the ping was answered before the message finished
    QVERIFY(hasText(*c, "\xe4\xb8\xad\xe6\x96\x87"));
}

void TestWsProtocol::clientCloseIsEchoedThenTheServerCloses_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("echo");
    QTest::newRow("1000 with a reason") << closePayload(1000, "done") << closePayload(1000);
    QTest::newRow("4001") << closePayload(4001) << closePayload(4001);
    QTest::newRow("no code") << QByteArray() << QByteArray();
}

void TestWsProtocol::clientCloseIsEchoedThenTheServerCloses()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, echo);
    std::unique_ptr<RawClient> c = openRaw();
    QVERIFY(c);
    const qint64 before = closes("client");
    c->write(RawClient::maskedFrame(0x88, payload));
    QVERIFY(c->waitClosed(kWaitMs)); // the server closes the TCP connection first (RFC 6455 §7.1.1)
    QCOMPARE(c->frames().size(), 1);
    QCOMPARE(c->frames()[0].firstByte, quint8(0x88));
    QCOMPARE(c->frames()[0].payload, echo);
    QTRY_COMPARE_WITH_TIMEOUT(closes("client"), before + 1, kWaitMs);
}

void TestWsProtocol::kickSendsACloseFrameAfterWhatWasSent()
{
    std::unique_ptr<RawClient> c = openRaw();
    QVERIFY(c);
    c->write(RawClient::maskedFrame(0x81, login(QStringLiteral("kicked"))));
    QTRY_VERIFY_WITH_TIMEOUT(hasText(*c, R"("type":"login")"), kWaitMs);
    const QString id = QJsonDocument::fromJson(c->frames().last().payload).object().value(u"client_id").toString();
    QVERIFY(!id.isEmpty());
    const HttpReply r = m_http.command(m_server->apiUrl(), QStringLiteral("closeClient"),
                                       {{u"client_id"_qs, id}, {u"message"_qs, u"last words"_qs}},
                                       m_server->apiKey().toUtf8());
    QCOMPARE(r.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!c->frames().isEmpty() && c->frames().last().opcode() == 0x8, kWaitMs);
    const QList<RawClient::Frame> frames = c->frames();
    QVERIFY(frames[frames.size() - 2].payload.contains("last words"));
    QCOMPARE(c->closeCode(), std::optional<int>(1000));
    QVERIFY(c->isOpen()); // the server waits for the client's close frame…
    c->write(RawClient::maskedFrame(0x88, closePayload(1000)));
    QVERIFY(c->waitClosed(kWaitMs)); // …then closes
    QCOMPARE(closes("kicked"), 1);
}

void TestWsProtocol::protocolErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QByteArray>("kind");
    QTest::newRow("unmasked frame") << QByteArray("\x81\x02hi", 4) << 1002 << QByteArray("protocol_error");
    QTest::newRow("reserved bit (compression not negotiated)") << RawClient::maskedFrame(0xC1, "x") << 1002
                                                               << QByteArray("protocol_error");
    QTest::newRow("unknown opcode") << RawClient::maskedFrame(0x83, "x") << 1002 << QByteArray("protocol_error");
    QTest::newRow("fragmented ping") << RawClient::maskedFrame(0x09, "x") << 1002 << QByteArray("protocol_error");
    QTest::newRow("continuation without a start") << RawClient::maskedFrame(0x80, "x") << 1002
                                                  << QByteArray("protocol_error");
    QTest::newRow("text that is not UTF-8") << RawClient::maskedFrame(0x81, "\xff\xfe") << 1007 << QByteArray("bad_data");
    QTest::newRow("close code 1006 sent") << RawClient::maskedFrame(0x88, closePayload(1006)) << 1002
                                          << QByteArray("protocol_error");
}

void TestWsProtocol::protocolErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, closeCode);
    QFETCH(QByteArray, kind);
    ChatClient bystander;
    QVERIFY(bystander.connectAndLogin(m_server->clientUrl(), QStringLiteral("bystander"), QStringLiteral("1")));
    std::unique_ptr<RawClient> c = openRaw();
    QVERIFY(c);
    c->write(RawClient::maskedFrame(0x81, login(QStringLiteral("rude"))));
    QTRY_VERIFY_WITH_TIMEOUT(hasText(*c, R"("client_name":"rude")"), kWaitMs);
    c->write(bytes + QByteArray(100000, 'z')); // still sending after the bad frame: the close must get through
    QTRY_COMPARE_WITH_TIMEOUT(c->closeCode(), std::optional<int>(closeCode), kWaitMs);
    QVERIFY(c->waitClosed(kWaitMs)); // no close frame needed from a client that broke the protocol
    QCOMPARE(closes(kind.constData()), 1);
    QCOMPARE(bystander.ws.waitFor(QStringLiteral("logout")).value(u"from_client_name").toString(), u"rude"_qs);
    QVERIFY(sayGoesRound(m_server->clientUrl(), QStringLiteral("1"), &bystander)); // it still hears its room
}

void TestWsProtocol::refusedHandshakes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("a plain web page request") << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                                              << QByteArray("HTTP/1.1 400 Bad Request") << QByteArray("Upgrade: websocket");
    QByteArray v8 = RawClient::upgradeRequest();
    v8.replace("Version: 13", "Version: 8");
    QTest::newRow("WebSocket version 8") << v8 << QByteArray("HTTP/1.1 426 Upgrade Required")
                                         << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("TLS to the plain port") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)
                                           << QByteArray("HTTP/1.1 400 Bad Request") << QByteArray("GET request");
    QTest::newRow("headers past 8 KiB") << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(9000, 'b'))
                                        << QByteArray("HTTP/1.1 431") << QByteArray("too long");
}

void TestWsProtocol::refusedHandshakes()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, says);
    ChatClient bystander;
    QVERIFY(bystander.connectAndLogin(m_server->clientUrl(), QStringLiteral("bystander"), QStringLiteral("1")));
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_server->clientPort());
    QVERIFY(s.waitForConnected(kWaitMs));
    s.write(request);
    QByteArray answer;
    QVERIFY(QTest::qWaitFor([&] {
        answer += s.readAll();
        return s.state() != QAbstractSocket::ConnectedState;
    }, kWaitMs)); // answered, then closed by the server
    answer += s.readAll();
    QVERIFY2(answer.startsWith(statusLine), answer.constData());
    QVERIFY2(answer.contains(says), answer.constData());
    QCOMPARE(closes("bad_handshake"), 1);
    QVERIFY(sayGoesRound(m_server->clientUrl(), QStringLiteral("1"), &bystander)); // it still hears its room
}

void TestWsProtocol::droppedConnectionLeavesTheRoom()
{
    ChatClient bystander;
    QVERIFY(bystander.connectAndLogin(m_server->clientUrl(), QStringLiteral("bystander"), QStringLiteral("1")));
    std::unique_ptr<RawClient> c = openRaw();
    QVERIFY(c);
    c->write(RawClient::maskedFrame(0x81, login(QStringLiteral("gone"))));
    QTRY_VERIFY_WITH_TIMEOUT(bystander.ws.ofType(QStringLiteral("login")).size() == 2, kWaitMs); // its own, then gone's
    QCOMPARE(bystander.ws.ofType(QStringLiteral("login")).last().value(u"client_name").toString(), u"gone"_qs);
    c->socket().abort(); // no close frame
    QCOMPARE(bystander.ws.waitFor(QStringLiteral("logout"), kWaitMs).value(u"from_client_name").toString(), u"gone"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(closes("client"), 1, kWaitMs);
}

QTEST_GUILESS_MAIN(TestWsProtocol)
#include "tst_wsprotocol.moc"
