// A peer's address packed in 17 bytes (IpAddress): what the gateway hands the hub, and the text the
// commands, the admin channel and the cluster's presence make of it.
#include "util/ipaddress.h"

#include <QTest>

using Herald::IpAddress;

class TestIpAddress final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writtenAsQHostAddressWritesIt_data();
    void writtenAsQHostAddressWritesIt();
    void noAddressIsUnknown_data();
    void noAddressIsUnknown();
};

void TestIpAddress::writtenAsQHostAddressWritesIt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("written");
    QTest::newRow("IPv4") << QStringLiteral("10.0.0.1") << QStringLiteral("10.0.0.1");
    QTest::newRow("IPv4 loopback") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv4 broadcast") << QStringLiteral("255.255.255.255") << QStringLiteral("255.255.255.255");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("IPv6") << QStringLiteral("2001:db8::8a2e:370:7334") << QStringLiteral("2001:db8::8a2e:370:7334");
    QTest::newRow("IPv6, long form") << QStringLiteral("2001:0DB8:0000:0000:0000:0000:0000:0001") << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv4 on a dual-stack listener") << QStringLiteral("::ffff:10.0.0.1") << QStringLiteral("10.0.0.1");
    QTest::newRow("any") << QStringLiteral("::") << QStringLiteral("::");
}

void TestIpAddress::writtenAsQHostAddressWritesIt()
{
    QFETCH(QString, text);
    QFETCH(QString, written);
    const IpAddress ip = IpAddress::fromText(text);
    QVERIFY(ip.known);
    QCOMPARE(ip.toString(), written);
    QCOMPARE(ip, written);
    QCOMPARE(IpAddress::fromText(written), ip);
    QCOMPARE(ip.toHostAddress(), QHostAddress(written));
    QVERIFY(sizeof(IpAddress) <= 17);
}

void TestIpAddress::noAddressIsUnknown_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("a name") << QStringLiteral("localhost");
    QTest::newRow("too many parts") << QStringLiteral("1.2.3.4.5");
    QTest::newRow("a port") << QStringLiteral("10.0.0.1:80");
}

void TestIpAddress::noAddressIsUnknown()
{
    QFETCH(QString, text);
    const IpAddress ip = IpAddress::fromText(text);
    QVERIFY(!ip.known);
    QCOMPARE(ip.toString(), QString());
    QVERIFY(ip.toHostAddress().isNull());
    QCOMPARE(ip, IpAddress());
}

QTEST_GUILESS_MAIN(TestIpAddress)
#include "tst_ipaddress.moc"
