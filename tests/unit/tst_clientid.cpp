// Client ids: 20 lowercase hex characters, 8 node | 4 boot epoch | 8 counter, unique per generator.
#include "protocol/clientid.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Herald;

class TestClientId final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layout_data();
    void layout();
    void countsUpFromOne();
    void manyIdsAreUniqueAndWellFormed();
    void nodesAndEpochsNeverCollide();
    void isWellFormed_data();
    void isWellFormed();
    void nodeIdOf_data();
    void nodeIdOf();
};

void TestClientId::layout_data()
{
    QTest::addColumn<quint32>("node");
    QTest::addColumn<quint16>("epoch");
    QTest::addColumn<QString>("first");

    QTest::newRow("small values padded") << quint32(0xa) << quint16(1) << QStringLiteral("0000000a000100000001");
    QTest::newRow("lowercase hex") << quint32(0xDEADBEEF) << quint16(0xABCD) << QStringLiteral("deadbeefabcd00000001");
    QTest::newRow("maxima") << quint32(0xffffffff) << quint16(0xffff) << QStringLiteral("ffffffffffff00000001");
    QTest::newRow("zeros") << quint32(0) << quint16(0) << QStringLiteral("00000000000000000001");
}

void TestClientId::layout()
{
    QFETCH(quint32, node);
    QFETCH(quint16, epoch);
    QFETCH(QString, first);

    ClientIdGenerator ids(node, epoch);
    QCOMPARE(ids.nodeId(), node);
    QCOMPARE(ids.next(), first);
}

void TestClientId::countsUpFromOne()
{
    ClientIdGenerator ids(0x01020304, 0x0506);
    QStringList got;
    for (int i = 0; i < 17; ++i)
        got.append(ids.next());
    QCOMPARE(got.first(), QStringLiteral("01020304050600000001"));
    QCOMPARE(got.at(9), QStringLiteral("0102030405060000000a"));
    QCOMPARE(got.last(), QStringLiteral("01020304050600000011"));
}

void TestClientId::manyIdsAreUniqueAndWellFormed()
{
    static const QRegularExpression shape(QStringLiteral("^[0-9a-f]{20}$"));
    constexpr int count = 100000;
    ClientIdGenerator ids(0x7f000001, 0x2a);
    QSet<QString> seen;
    seen.reserve(count);
    for (int i = 0; i < count; ++i) {
        const QString id = ids.next();
        if (!shape.match(id).hasMatch() || !ClientIdGenerator::isWellFormed(id))
            QFAIL(qPrintable(QStringLiteral("malformed id ") + id));
        if (!id.startsWith(u"7f000001002a"))
            QFAIL(qPrintable(QStringLiteral("wrong node/epoch prefix in ") + id));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), count);
}

void TestClientId::nodesAndEpochsNeverCollide()
{
    // Same counter positions on different nodes, and on one node across restarts (new epoch).
    ClientIdGenerator nodeA(1, 7), nodeB(2, 7), nodeARestarted(1, 8);
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i) {
        seen.insert(nodeA.next());
        seen.insert(nodeB.next());
        seen.insert(nodeARestarted.next());
    }
    QCOMPARE(seen.size(), 3000);
    QCOMPARE(ClientIdGenerator(1, 7).next(), QStringLiteral("00000001000700000001"));
    QCOMPARE(ClientIdGenerator(2, 7).next(), QStringLiteral("00000002000700000001"));
    QCOMPARE(ClientIdGenerator(1, 8).next(), QStringLiteral("00000001000800000001"));
}

void TestClientId::isWellFormed_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("wellFormed");

    QTest::newRow("generated") << ClientIdGenerator(0xabc, 3).next() << true;
    QTest::newRow("all digits") << QStringLiteral("01234567890123456789") << true;
    QTest::newRow("all letters") << QStringLiteral("abcdefabcdefabcdefab") << true;
    QTest::newRow("uppercase") << QStringLiteral("0000000A000100000001") << false;
    QTest::newRow("19 characters") << QStringLiteral("0000000a00010000000") << false;
    QTest::newRow("21 characters") << QStringLiteral("0000000a0001000000011") << false;
    QTest::newRow("non-hex letter") << QStringLiteral("0000000g000100000001") << false;
    QTest::newRow("space") << QStringLiteral("0000000a 00100000001") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("all") << QStringLiteral("all") << false;
    QTest::newRow("fullwidth digit") << QStringLiteral("0000000a00010000000\uff11") << false;
}

void TestClientId::isWellFormed()
{
    QFETCH(QString, id);
    QFETCH(bool, wellFormed);
    QCOMPARE(ClientIdGenerator::isWellFormed(id), wellFormed);
}

void TestClientId::nodeIdOf_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<quint32>("node");

    QTest::newRow("generated") << ClientIdGenerator(0xc0a80001, 9).next() << quint32(0xc0a80001);
    QTest::newRow("max node") << QStringLiteral("ffffffff000000000001") << quint32(0xffffffff);
    QTest::newRow("small node") << QStringLiteral("0000002a000100000001") << quint32(42);
    QTest::newRow("malformed gives 0") << QStringLiteral("0000002A000100000001") << quint32(0);
    QTest::newRow("short gives 0") << QStringLiteral("0000002a") << quint32(0);
}

void TestClientId::nodeIdOf()
{
    QFETCH(QString, id);
    QFETCH(quint32, node);
    QCOMPARE(ClientIdGenerator::nodeIdOf(id), node);
}

QTEST_APPLESS_MAIN(TestClientId)
#include "tst_clientid.moc"
