// The server's WebSocket frames: what it sends, and how it reads what clients send (RFC 6455 §5).
#include "protocol/wsframe.h"

#include <QTest>

using namespace Herald::WebSocket;

namespace {
// A client frame: FIN and opcode in the first byte, masked with `mask` (RFC 6455 §5.3).
QByteArray clientFrame(quint8 firstByte, const QByteArray &payload, QByteArray mask = QByteArrayLiteral("\x11\x22\x33\x44"))
{
    QByteArray frame(1, char(firstByte));
    const quint64 n = quint64(payload.size());
    if (n < 126) {
        frame.append(char(0x80 | n));
    } else if (n <= 0xFFFF) {
        frame.append(char(0x80 | 126)).append(char(n >> 8)).append(char(n & 0xFF));
    } else {
        frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((n >> shift) & 0xFF));
    }
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

QByteArray text(const QByteArray &payload) { return clientFrame(0x81, payload); }

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xFF) + reason;
}

struct Read {
    QList<Message> messages;
    std::optional<ReadError> error;
};

Read readAll(FrameReader &reader, const QByteArray &bytes, qsizetype chunk = 0)
{
    Read r;
    const auto sink = [&r](Message &&m) { r.messages.append(std::move(m)); };
    if (chunk <= 0)
        chunk = qMax<qsizetype>(1, bytes.size());
    for (qsizetype at = 0; at < bytes.size() && !r.error; at += chunk)
        r.error = reader.read(QByteArrayView(bytes).sliced(at, qMin(chunk, bytes.size() - at)), sink);
    return r;
}
} // namespace

class TestWsFrame final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverFrameLengths_data();
    void serverFrameLengths();
    void closeFrameCutsTheReasonOnACharacter();
    void readsMessagesInAnyChunking_data();
    void readsMessagesInAnyChunking();
    void controlFramesBetweenFragments();
    void closeFrame_data();
    void closeFrame();
    void badInput_data();
    void badInput();
    void oversizedFrameRefusedFromItsHeader();
    void nothingIsReadAfterAnError();
    void idleReaderHoldsNothing();
};

void TestWsFrame::serverFrameLengths_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("empty") << 0 << QByteArray("\x81\x00", 2);
    QTest::newRow("125") << 125 << QByteArray("\x81\x7d");
    QTest::newRow("126") << 126 << QByteArray("\x81\x7e\x00\x7e", 4);
    QTest::newRow("65535") << 65535 << QByteArray("\x81\x7e\xff\xff");
    QTest::newRow("65536") << 65536 << QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
}

void TestWsFrame::serverFrameLengths()
{
    QFETCH(int, size);
    QFETCH(QByteArray, header);
    QByteArray payload(size, 'x');
    if (size > 0)
        payload[size - 1] = '\xff'; // bytes pass through as they are
    QCOMPARE(serverTextFrame(payload), header + payload);
    QCOMPARE(serverFrame(Opcode::Pong, "hi"), QByteArray("\x8a\x02hi"));
}

void TestWsFrame::closeFrameCutsTheReasonOnACharacter()
{
    QCOMPARE(serverCloseFrame(1001, QStringLiteral("bye")), QByteArray("\x88\x05\x03\xe9" "bye"));
    // 61 two-byte characters are 122 bytes; a 62nd would pass the 123 bytes a close reason may have
    const QByteArray frame = serverCloseFrame(1000, QString(70, QChar(0xe9)));
    QCOMPARE(frame.size(), 2 + 2 + 122);
    QCOMPARE(QString::fromUtf8(frame.sliced(4)), QString(61, QChar(0xe9)));
}

void TestWsFrame::readsMessagesInAnyChunking_data()
{
    QTest::addColumn<int>("chunk");
    for (int chunk : {0, 1, 2, 3, 7, 64})
        QTest::newRow(qPrintable(QString::number(chunk))) << chunk;
}

void TestWsFrame::readsMessagesInAnyChunking()
{
    QFETCH(int, chunk);
    const QByteArray big(70000, 'b');
    const QByteArray stream = text("hello") + clientFrame(0x82, QByteArray("\x00\x01", 2)) + text(QByteArray(300, 'm'))
        + clientFrame(0x01, "frag") + clientFrame(0x00, "men") + clientFrame(0x80, "ted") + clientFrame(0x89, "p?")
        + clientFrame(0x8A, "") + text(QString(QChar(0x4e2d)).toUtf8()) + clientFrame(0x82, big).chopped(1);
    FrameReader reader({100000, 100000});
    const Read r = readAll(reader, stream, chunk);
    QVERIFY2(!r.error, r.error ? qPrintable(r.error->text) : "");
    QCOMPARE(r.messages.size(), 7);
    QCOMPARE(r.messages[0].payload, QByteArray("hello"));
    QCOMPARE(r.messages[1].opcode, Opcode::Binary);
    QCOMPARE(r.messages[1].payload, QByteArray("\x00\x01", 2));
    QCOMPARE(r.messages[2].payload.size(), 300);
    QCOMPARE(r.messages[3].payload, QByteArray("fragmented"));
    QCOMPARE(r.messages[3].opcode, Opcode::Text);
    QCOMPARE(r.messages[4].opcode, Opcode::Ping);
    QCOMPARE(r.messages[4].payload, QByteArray("p?"));
    QCOMPARE(r.messages[5].opcode, Opcode::Pong);
    QCOMPARE(QString::fromUtf8(r.messages[6].payload), QString(QChar(0x4e2d)));
    QCOMPARE(reader.buffered(), big.size() + 14 - 1); // the unfinished last frame, header and mask included
    QCOMPARE(readAll(reader, {}).messages.size(), 0);
}

void TestWsFrame::controlFramesBetweenFragments()
{
    FrameReader reader;
    const Read r = readAll(reader, clientFrame(0x01, "a") + clientFrame(0x89, "ping") + clientFrame(0x80, "b"));
    QVERIFY(!r.error);
    QCOMPARE(r.messages.size(), 2);
    QCOMPARE(r.messages[0].opcode, Opcode::Ping); // a control frame may come between fragments (§5.4)
    QCOMPARE(r.messages[1].payload, QByteArray("ab"));
}

void TestWsFrame::closeFrame_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("no body") << QByteArray() << int(CloseNoStatus) << QByteArray();
    QTest::newRow("1000") << closePayload(1000) << 1000 << QByteArray();
    QTest::newRow("1001 with a reason") << closePayload(1001, "gone") << 1001 << QByteArray("gone");
    QTest::newRow("4000 (private use)") << closePayload(4000) << 4000 << QByteArray();
}

void TestWsFrame::closeFrame()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    FrameReader reader;
    const Read r = readAll(reader, clientFrame(0x88, payload));
    QVERIFY(!r.error);
    QCOMPARE(r.messages.size(), 1);
    QCOMPARE(r.messages[0].opcode, Opcode::Close);
    QCOMPARE(int(r.messages[0].closeCode), code);
    QCOMPARE(r.messages[0].payload, reason);
}

void TestWsFrame::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("says");
    const QByteArray unmasked("\x81\x02hi", 4);
    QTest::newRow("unmasked") << unmasked << 1002 << u"masked"_qs;
    QTest::newRow("reserved bit") << clientFrame(0xC1, "x") << 1002 << u"reserved bits"_qs;
    QTest::newRow("opcode 3") << clientFrame(0x83, "x") << 1002 << u"unknown opcode 0x3"_qs;
    QTest::newRow("opcode 0xB") << clientFrame(0x8B, "") << 1002 << u"unknown opcode 0xb"_qs;
    QTest::newRow("fragmented ping") << clientFrame(0x09, "x") << 1002 << u"control frame"_qs;
    QTest::newRow("ping of 126 bytes") << clientFrame(0x89, QByteArray(126, 'p')) << 1002 << u"control frame"_qs;
    QTest::newRow("continuation first") << clientFrame(0x80, "x") << 1002 << u"continuation"_qs;
    QTest::newRow("text inside a fragmented message")
        << clientFrame(0x01, "a") + clientFrame(0x81, "b") << 1002 << u"before the fragmented"_qs;
    QTest::newRow("64-bit length with the top bit")
        << QByteArray("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 14) << 1002 << u"most significant"_qs;
    QTest::newRow("invalid UTF-8") << text("\xc3\x28") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("overlong UTF-8") << text("\xc0\xaf") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("UTF-16 surrogate in UTF-8") << text("\xed\xa0\x80") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("fragments that cut a character are fine, a bad end is not")
        << clientFrame(0x01, "\xe4\xb8") + clientFrame(0x80, "\xad\xff") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("fail fast: a fragment that breaks the text, before the message ends")
        << clientFrame(0x01, "\xce\xba") + clientFrame(0x00, "\xf4\x90\x80\x80") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("fail fast: a character cut between fragments, made invalid by the second")
        << clientFrame(0x01, "\xce\xba\xf4") + clientFrame(0x00, "\x90") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("text ending inside a character") << text("\xce\xba\xe1") << 1007 << u"not UTF-8"_qs;
    QTest::newRow("close with one byte") << clientFrame(0x88, "\x03") << 1002 << u"one-byte"_qs;
    QTest::newRow("close code 1005") << clientFrame(0x88, closePayload(1005)) << 1002 << u"1005 may not"_qs;
    QTest::newRow("close code 999") << clientFrame(0x88, closePayload(999)) << 1002 << u"999 may not"_qs;
    QTest::newRow("close code 2000") << clientFrame(0x88, closePayload(2000)) << 1002 << u"2000 may not"_qs;
    QTest::newRow("close reason not UTF-8") << clientFrame(0x88, closePayload(1000, "\xff")) << 1007 << u"not UTF-8"_qs;
    QTest::newRow("message over the limit in fragments")
        << clientFrame(0x01, QByteArray(600, 'a')) + clientFrame(0x80, QByteArray(500, 'b')) << 1009
        << u"a message of 1100 bytes is over the limit of 1000"_qs;
    QTest::newRow("frame over the limit") << text(QByteArray(1001, 'a')) << 1009
                                          << u"a frame of 1001 bytes is over the limit of 1000"_qs;
}

void TestWsFrame::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, closeCode);
    QFETCH(QString, says);
    for (const qsizetype chunk : {qsizetype(0), qsizetype(1)}) {
        FrameReader reader({1000, 1000});
        const Read r = readAll(reader, text("before") + bytes, chunk);
        QVERIFY(r.error);
        QCOMPARE(int(r.error->closeCode), closeCode);
        QVERIFY2(r.error->text.contains(says), qPrintable(r.error->text));
        QCOMPARE(r.messages.size(), 1); // what came before the bad frame was read
        QCOMPARE(r.messages[0].payload, QByteArray("before"));
        QVERIFY(reader.failed());
    }
}

void TestWsFrame::oversizedFrameRefusedFromItsHeader()
{
    FrameReader reader({1000, 1000});
    QByteArray header = clientFrame(0x82, QByteArray(1 << 20, 'x')).first(14); // the header and mask only
    const Read r = readAll(reader, header);
    QVERIFY(r.error);
    QCOMPARE(int(r.error->closeCode), 1009);
    QCOMPARE(reader.buffered(), 0);
}

void TestWsFrame::nothingIsReadAfterAnError()
{
    FrameReader reader;
    QVERIFY(readAll(reader, clientFrame(0x83, "x")).error);
    const Read after = readAll(reader, text("late"));
    QVERIFY(after.error);
    QVERIFY(after.messages.isEmpty());
}

void TestWsFrame::idleReaderHoldsNothing()
{
    FrameReader reader;
    QCOMPARE(readAll(reader, text("a") + text("b")).messages.size(), 2);
    QCOMPARE(reader.buffered(), 0);
    QCOMPARE(readAll(reader, text("abc").first(4)).messages.size(), 0);
    QCOMPARE(reader.buffered(), 4);
}

QTEST_APPLESS_MAIN(TestWsFrame)
#include "tst_wsframe.moc"
