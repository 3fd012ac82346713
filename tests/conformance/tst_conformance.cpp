// RFC 6455 conformance of the client port, case by case after the Autobahn testsuite's list (the cases
// are in wscases.cpp), against one built herald-server: each case logs a fresh raw client into a room
// of its own, sends its frames and compares every answer, close code and the end of the connection.
// The last lines of the output are the number of cases passed in each section (docs/security.md).
#include "rawclient.h"
#include "serverprocess.h"
#include "wscases.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <QtEndian>

#include <memory>

using namespace HeraldTest;
using namespace Conformance;

namespace {
constexpr int kWaitMs = 10000;

// The answers after the first `from` frames, as the cases spell them, and "end" once the server closed.
QStringList answers(const RawClient &client, qsizetype from)
{
    QStringList out;
    const QList<RawClient::Frame> frames = client.frames();
    for (qsizetype i = from; i < frames.size(); ++i) {
        const RawClient::Frame &f = frames[i];
        switch (f.opcode()) {
        case 0x1: {
            const QJsonObject o = QJsonDocument::fromJson(f.payload).object();
            if (o.value(u"type").toString() == u"say")
                out << sayAnswer(o.value(u"content").toString().toUtf8());
            else if (o.value(u"type").toString() == u"error")
                out << QStringLiteral("error:%1").arg(o.value(u"code").toInt());
            else
                out << QStringLiteral("text:") + describe(f.payload);
            break;
        }
        case 0x8:
            out << (f.payload.size() >= 2 ? QStringLiteral("close:%1").arg(qFromBigEndian<quint16>(f.payload.constData()))
                                          : QStringLiteral("close"));
            break;
        case 0xA: out << QStringLiteral("pong:") + describe(f.payload); break;
        default: out << QStringLiteral("frame 0x%1:").arg(f.firstByte, 2, 16) + describe(f.payload);
        }
    }
    if (!client.isOpen())
        out << QStringLiteral("end");
    return out;
}

void write(RawClient &client, const Step &step)
{
    const qsizetype chop = step.chop > 0 ? step.chop : step.bytes.size();
    for (qsizetype at = 0; at < step.bytes.size() && client.isOpen(); at += chop) {
        client.write(step.bytes.mid(at, chop));
        client.socket().waitForBytesWritten(kWaitMs); // each write its own segment, as far as TCP allows
    }
}

QString sectionOf(const QString &id) { return id.section(u'.', 0, 0); }
} // namespace

class TestConformance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void autobahn_data();
    void autobahn();
    void compressionIsDeclined_data();
    void compressionIsDeclined();

private:
    std::unique_ptr<RawClient> loggedIn(const QByteArray &room, const QByteArray &handshakeHeaders = {});

    std::unique_ptr<ServerProcess> m_server;
    QList<Case> m_cases;
    QMap<int, QPair<int, int>> m_tally; // section number → (passed, run)
};

void TestConformance::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringList{
        QStringLiteral("--ping-interval"), QStringLiteral("0"), QStringLiteral("--client-message-rate"), QStringLiteral("0"),
        QStringLiteral("--max-message-size"), QString::number(kMaxMessage),
        // The answer to the largest message, and the probe's behind it, may wait unsent together.
        QStringLiteral("--max-send-buffer"), QString::number(4 * kMaxMessage)});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestConformance::cleanupTestCase()
{
    int passed = 0, run = 0;
    for (auto it = m_tally.cbegin(); it != m_tally.cend(); ++it) {
        qInfo("section %2d: %3d of %3d cases passed", it.key(), it->first, it->second);
        passed += it->first;
        run += it->second;
    }
    qInfo("all sections: %d of %d cases passed", passed, run);
    m_server.reset();
}

std::unique_ptr<RawClient> TestConformance::loggedIn(const QByteArray &room, const QByteArray &handshakeHeaders)
{
    auto client = std::make_unique<RawClient>();
    const QByteArray login = R"({"type":"login","client_name":"conformance","room_id":")" + room + R"("})";
    if (!client->connectTo(m_server->clientPort()) || !client->handshake(frame(0x81, login), "/", handshakeHeaders))
        return nullptr;
    const bool in = QTest::qWaitFor([&] {
        const QList<RawClient::Frame> frames = client->frames();
        return frames.size() == 1 && frames[0].payload.contains(R"("type":"login")");
    }, kWaitMs);
    return in ? std::move(client) : nullptr;
}

void TestConformance::autobahn_data()
{
    QTest::addColumn<int>("index");
    m_cases = allCases();
    for (int i = 0; i < m_cases.size(); ++i)
        QTest::newRow(qPrintable(m_cases[i].id + u' ' + m_cases[i].title)) << i;
}

void TestConformance::autobahn()
{
    QFETCH(int, index);
    const Case &c = m_cases.at(index);
    auto &[passed, run] = m_tally[sectionOf(c.id).toInt()];
    ++run;
    std::unique_ptr<RawClient> client = loggedIn("case" + QByteArray::number(index));
    QVERIFY(client);
    const auto answered = [&] { return answers(*client, 1); }; // after the login's answer
    for (const Step &step : c.steps) {
        QVERIFY2(QTest::qWaitFor([&] { return answered().size() >= step.after; }, kWaitMs),
                 qPrintable(u"waiting for "_qs + QString::number(step.after) + u" answers before the next write, got: "_qs
                            + answered().join(u", ")));
        write(*client, step);
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered(), c.expected, kWaitMs);
    ++passed;
}

void TestConformance::compressionIsDeclined_data()
{
    QTest::addColumn<QByteArray>("offer");
    QTest::newRow("12.1 permessage-deflate") << QByteArray("Sec-WebSocket-Extensions: permessage-deflate\r\n");
    QTest::newRow("13.1 permessage-deflate with its parameters")
        << QByteArray("Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; "
                      "client_max_window_bits, permessage-deflate\r\n");
}

// Herald negotiates no extension (sections 12 and 13 test permessage-deflate): it accepts the handshake
// without one, and a compressed frame (RSV1) fails the connection.
void TestConformance::compressionIsDeclined()
{
    QFETCH(QByteArray, offer);
    auto &[passed, run] = m_tally[sectionOf(QString::fromLatin1(QTest::currentDataTag())).toInt()];
    ++run;
    std::unique_ptr<RawClient> client = loggedIn("compression", offer);
    QVERIFY(client);
    QVERIFY2(!client->handshakeAnswer().contains("Sec-WebSocket-Extensions"), client->handshakeAnswer().constData());
    client->write(frame(0xC1, QByteArray("\xf2\x48\xcd\xc9\xc9\x07\x00", 7))); // "Hello", deflated
    QTRY_COMPARE_WITH_TIMEOUT(answers(*client, 1), (QStringList{QStringLiteral("close:1002"), QStringLiteral("end")}), kWaitMs);
    ++passed;
}

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
