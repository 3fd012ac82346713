// The back-off of APNs retries and reconnects: doubling from the first wait up to the cap, each wait
// longer by up to a quarter at random.
#include "apns/backoff.h"

#include <QSet>
#include <QTest>

using namespace Herald::Apns;

class TestApnsBackoff : public QObject
{
    Q_OBJECT

private slots:
    void doublesUpToTheCapWithJitter_data();
    void doublesUpToTheCapWithJitter();
    void jitterSpreadsTheWaits();
};

void TestApnsBackoff::doublesUpToTheCapWithJitter_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("base"); // the wait before jitter
    QTest::newRow("first") << 1 << 1000;
    QTest::newRow("second") << 2 << 2000;
    QTest::newRow("fifth") << 5 << 16000;
    QTest::newRow("capped") << 6 << 30000;
    QTest::newRow("far past the cap") << 1000 << 30000;
}

void TestApnsBackoff::doublesUpToTheCapWithJitter()
{
    QFETCH(int, n);
    QFETCH(int, base);
    for (int i = 0; i < 200; ++i) {
        const int wait = backoffMs(n, 1000, 30000);
        QVERIFY2(wait >= base && wait <= base + base / 4, qPrintable(QString::number(wait)));
    }
}

void TestApnsBackoff::jitterSpreadsTheWaits()
{
    QSet<int> waits;
    for (int i = 0; i < 50; ++i)
        waits.insert(backoffMs(1, 1000, 30000));
    QVERIFY2(waits.size() > 10, "fifty clients failing together would come back together");
}

QTEST_GUILESS_MAIN(TestApnsBackoff)
#include "tst_apnsbackoff.moc"
