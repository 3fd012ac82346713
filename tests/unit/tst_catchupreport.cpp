// The catch-up report a cluster's Redis publishes to a node (server/cluster/catchupreport): read whole,
// offsets following from the count, and anything else refused with a reason.
#include "cluster/catchupreport.h"

#include <QTest>

using namespace Herald;

class TestCatchUpReport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAWholeReport();
    void refusesAnythingElse_data();
    void refusesAnythingElse();
};

void TestCatchUpReport::readsAWholeReport()
{
    const QByteArray e1 = R"(1796121600123 {"a":1,"offset":4,"epoch":"k3x"})", e2 = "1796121600456 plain: text";
    const QByteArray bytes = "3 k3x 5 2 2\n" + QByteArray::number(e1.size()) + ':' + e1 + QByteArray::number(e2.size()) + ':' + e2;
    const std::optional<CatchUpReport> r = CatchUpReport::decode(bytes);
    QVERIFY(r);
    QCOMPARE(r->id, 3u);
    QCOMPARE(r->epoch, QStringLiteral("k3x"));
    QCOMPARE(r->last, 5u);
    QCOMPARE(r->first, 2u);
    QCOMPARE(r->missed.size(), 2);
    QCOMPARE(r->missed[0].offset, 4u);
    QCOMPARE(r->missed[0].at, 1796121600123);
    QCOMPARE(r->missed[0].text, QByteArray(R"({"a":1,"offset":4,"epoch":"k3x"})"));
    QCOMPARE(r->missed[1].offset, 5u);
    QCOMPARE(r->missed[1].text, QByteArray("plain: text"));

    const std::optional<CatchUpReport> none = CatchUpReport::decode("9 e 0 1 0\n"); // a new epoch: nothing kept
    QVERIFY(none);
    QVERIFY(none->missed.isEmpty());
}

void TestCatchUpReport::refusesAnythingElse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("why");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("no header line");
    QTest::newRow("four fields") << QByteArray("1 e 5 4\n") << QStringLiteral("not five fields");
    QTest::newRow("a sign") << QByteArray("1 e -5 4 0\n") << QStringLiteral("header field");
    QTest::newRow("no epoch") << QByteArray("1  5 4 0\n") << QStringLiteral("header field");
    QTest::newRow("past 64 bits") << QByteArray("1 e 99999999999999999999 4 0\n") << QStringLiteral("header field");
    QTest::newRow("more messages than offsets") << QByteArray("1 e 1 1 2\n") << QStringLiteral("more messages");
    QTest::newRow("a message cut short") << QByteArray("1 e 5 4 1\n20:1 abc") << QStringLiteral("past the end");
    QTest::newRow("a message missing") << QByteArray("1 e 5 4 2\n5:1 abc") << QStringLiteral("past the end");
    QTest::newRow("no length") << QByteArray("1 e 5 4 1\n:1 abc") << QStringLiteral("length");
    QTest::newRow("no time") << QByteArray("1 e 5 4 1\n3:abc") << QStringLiteral("no time");
    QTest::newRow("bytes after") << QByteArray("1 e 5 4 1\n5:1 abcX") << QStringLiteral("bytes after");
}

void TestCatchUpReport::refusesAnythingElse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!CatchUpReport::decode(bytes, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCatchUpReport)
#include "tst_catchupreport.moc"
