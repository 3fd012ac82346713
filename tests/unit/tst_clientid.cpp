// Client ids: 20 lowercase hex characters, 8 node | 12 sequence number, the sequence taken in reserved blocks.
#include "protocol/clientid.h"

#include <QList>
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
    void countsUpFromTheFirstNumber();
    void manyIdsAreUniqueAndWellFormed();
    void nodesAndBlocksNeverCollide();
    void takesANewBlockWhenOneIsUsedUp();
    void goesOnPastItsBlockWhenNoneCanBeReserved();
    void isWellFormed_data();
    void isWellFormed();
    void nodeIdOf_data();
    void nodeIdOf();
};

void TestClientId::layout_data()
{
    QTest::addColumn<quint32>("node");
    QTest::addColumn<quint64>("first");
    QTest::addColumn<QString>("id");

    QTest::newRow("small values padded") << quint32(0xa) << quint64(1) << QStringLiteral("0000000a000000000001");
    QTest::newRow("lowercase hex") << quint32(0xDEADBEEF) << quint64(0xABCD00000001) << QStringLiteral("deadbeefabcd00000001");
    QTest::newRow("beyond 32 bits") << quint32(1) << quint64(0x123456789ab) << QStringLiteral("000000010123456789ab");
    QTest::newRow("maxima") << quint32(0xffffffff) << quint64(0xffffffffffff) << QStringLiteral("ffffffffffffffffffff");
    QTest::newRow("zeros") << quint32(0) << quint64(0) << QStringLiteral("00000000000000000000");
}

void TestClientId::layout()
{
    QFETCH(quint32, node);
    QFETCH(quint64, first);
    QFETCH(QString, id);

    ClientIdGenerator ids(node, first);
    QCOMPARE(ids.nodeId(), node);
    QCOMPARE(ids.next(), id);
}

void TestClientId::countsUpFromTheFirstNumber()
{
    ClientIdGenerator ids(0x01020304, 0x050600000001);
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
    ClientIdGenerator ids(0x7f000001, 0x2a00000000);
    QSet<QString> seen;
    seen.reserve(count);
    for (int i = 0; i < count; ++i) {
        const QString id = ids.next();
        if (!shape.match(id).hasMatch() || !ClientIdGenerator::isWellFormed(id))
            QFAIL(qPrintable(QStringLiteral("malformed id ") + id));
        if (!id.startsWith(u"7f000001002a"))
            QFAIL(qPrintable(QStringLiteral("wrong node or sequence in ") + id));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), count);
}

void TestClientId::nodesAndBlocksNeverCollide()
{
    // The same numbers on different nodes, and one node's next block (a restart).
    constexpr quint64 block = ClientIdGenerator::kBlockSize;
    ClientIdGenerator nodeA(1, block), nodeB(2, block), nodeARestarted(1, 2 * block);
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i) {
        seen.insert(nodeA.next());
        seen.insert(nodeB.next());
        seen.insert(nodeARestarted.next());
    }
    QCOMPARE(seen.size(), 3000);
    QCOMPARE(ClientIdGenerator(1, block).next(), QStringLiteral("00000001000000100000"));
    QCOMPARE(ClientIdGenerator(2, block).next(), QStringLiteral("00000002000000100000"));
    QCOMPARE(ClientIdGenerator(1, 2 * block).next(), QStringLiteral("00000001000000200000"));
}

// A boot that uses up its block reserves the next one, past its own numbers, and goes on there.
void TestClientId::takesANewBlockWhenOneIsUsedUp()
{
    constexpr quint64 block = ClientIdGenerator::kBlockSize;
    QList<quint64> asked;
    ClientIdGenerator ids(7, 3 * block, [&asked](quint64 notBelow) -> std::optional<quint64> {
        asked.append(notBelow);
        return 9 * block; // another boot reserved the blocks between
    });
    QString last;
    for (quint64 i = 0; i < block; ++i)
        last = ids.next();
    QCOMPARE(last, QStringLiteral("00000007%1").arg(4 * block - 1, 12, 16, QLatin1Char('0')));
    QVERIFY(asked.isEmpty()); // not before the block is used up
    QCOMPARE(ids.next(), QStringLiteral("00000007%1").arg(9 * block, 12, 16, QLatin1Char('0')));
    QCOMPARE(asked, QList<quint64>{4 * block});
}

// When the store cannot reserve a block, ids go on after the last one (never back), and the next
// reservation starts past them.
void TestClientId::goesOnPastItsBlockWhenNoneCanBeReserved()
{
    constexpr quint64 block = ClientIdGenerator::kBlockSize;
    QList<quint64> asked;
    ClientIdGenerator ids(7, block, [&asked](quint64 notBelow) -> std::optional<quint64> {
        asked.append(notBelow);
        if (asked.size() == 1)
            return std::nullopt;
        return notBelow;
    });
    quint64 previous = 0;
    for (quint64 i = 0; i < 3 * block; ++i) {
        const quint64 number = ids.next().mid(8).toULongLong(nullptr, 16);
        if (number <= previous)
            QFAIL(qPrintable(QStringLiteral("%1 after %2").arg(number).arg(previous)));
        previous = number;
    }
    QCOMPARE(asked, (QList<quint64>{2 * block, 3 * block}));
    QCOMPARE(ids.next(), QStringLiteral("00000007%1").arg(4 * block, 12, 16, QLatin1Char('0')));
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
