// The server's text frame: header forms at each length boundary (RFC 6455 §5.2), payload untouched.
#include "protocol/wsframe.h"

#include <QTest>

using Herald::WebSocket::serverTextFrame;

class TestWsFrame : public QObject
{
    Q_OBJECT

private slots:
    void header_data();
    void header();
};

void TestWsFrame::header_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("empty") << 0 << QByteArray::fromHex("8100");
    QTest::newRow("125: one length byte") << 125 << QByteArray::fromHex("817d");
    QTest::newRow("126: 16-bit length") << 126 << QByteArray::fromHex("817e007e");
    QTest::newRow("65535: largest 16-bit") << 65535 << QByteArray::fromHex("817effff");
    QTest::newRow("65536: 64-bit length") << 65536 << QByteArray::fromHex("817f0000000000010000");
}

void TestWsFrame::header()
{
    QFETCH(int, length);
    QFETCH(QByteArray, header);
    QByteArray payload(length, 'x');
    if (length > 0)
        payload[length - 1] = '\xff'; // bytes pass through as they are
    const QByteArray frame = serverTextFrame(payload);
    QCOMPARE(frame.left(header.size()).toHex(), header.toHex());
    QCOMPARE(frame.size(), header.size() + length);
    QCOMPARE(frame.mid(header.size()), payload);
}

QTEST_GUILESS_MAIN(TestWsFrame)
#include "tst_wsframe.moc"
