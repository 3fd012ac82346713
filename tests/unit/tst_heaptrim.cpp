// The heap trimmer: freed heap pages go back to the kernel when it trims, and it trims on its interval
// and once a burst of activity has settled.
#include "util/heaptrim.h"

#include <QSignalSpy>
#include <QTest>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cstdlib>
#include <cstring>
#include <vector>

using Herald::HeapTrimmer;

class TestHeapTrim final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trimReleasesWhatWasFreed();
    void trimsOnItsInterval();
    void announcesEachTrimFirst();
    void trimsOnceABurstSettles();
    void trimsOnceTheHeapStopsMoving();
    void noBurstNoTrim();
};

// 40 MB in small blocks, then all freed but the last, which pins the top of the heap so that free()
// cannot shrink it: the pages stay resident until a trim releases them.
void TestHeapTrim::trimReleasesWhatWasFreed()
{
#ifndef __GLIBC__
    QSKIP("malloc_trim is glibc's");
#endif
    constexpr int kBlocks = 160000;
    constexpr size_t kSize = 256;
    std::vector<void *> blocks(kBlocks);
    for (void *&b : blocks) {
        b = std::malloc(kSize);
        std::memset(b, 1, kSize);
    }
    const qint64 full = HeapTrimmer::residentBytes();
    QVERIFY(full > 0);
    for (int i = 0; i + 1 < kBlocks; ++i)
        std::free(blocks[size_t(i)]);
    const qint64 released = HeapTrimmer::trimNow();
    std::free(blocks.back());
    QVERIFY2(released >= 20 * 1024 * 1024, qPrintable(QStringLiteral("released %1 bytes of %2 resident").arg(released).arg(full)));
}

void TestHeapTrim::trimsOnItsInterval()
{
    HeapTrimmer trimmer(std::chrono::milliseconds(10));
    QSignalSpy trimmed(&trimmer, &HeapTrimmer::trimmed);
    QTRY_VERIFY(trimmed.count() >= 2);
    QVERIFY(trimmed.first().at(0).toLongLong() >= 0);
}

// Whatever keeps buffers for reuse drops them on aboutToTrim, so it must come before each trim.
void TestHeapTrim::announcesEachTrimFirst()
{
    HeapTrimmer trimmer(std::chrono::milliseconds(10));
    QStringList order;
    connect(&trimmer, &HeapTrimmer::aboutToTrim, this, [&order] { order << QStringLiteral("about"); });
    connect(&trimmer, &HeapTrimmer::trimmed, this, [&order] { order << QStringLiteral("trimmed"); });
    QTRY_VERIFY(order.size() >= 4);
    for (qsizetype i = 0; i + 1 < order.size(); i += 2)
        QCOMPARE(order.mid(i, 2), (QStringList {QStringLiteral("about"), QStringLiteral("trimmed")}));
}

// The interval is an hour: only the activity can make it trim. The count moves, then stands still
// for a whole quiet period: one trim, and no other while it stays still.
void TestHeapTrim::trimsOnceABurstSettles()
{
    quint64 activity = 0;
    int checks = 0;
    HeapTrimmer trimmer(std::chrono::hours(1), [&] { ++checks; return activity; }, std::chrono::milliseconds(10));
    QSignalSpy trimmed(&trimmer, &HeapTrimmer::trimmed);
    activity = 500; // a burst of connections and messages
    QTRY_COMPARE(trimmed.count(), 1);
    const int checked = checks;
    QTRY_VERIFY(checks >= checked + 5);
    QCOMPARE(trimmed.count(), 1);
    activity = 600; // the next burst
    QTRY_COMPARE(trimmed.count(), 2);
}

// The clients' backlogs drain after the last message came in: the heap moving counts as a burst too.
void TestHeapTrim::trimsOnceTheHeapStopsMoving()
{
#ifndef __GLIBC__
    QSKIP("mallinfo2 is glibc's");
#endif
    int checks = 0;
    HeapTrimmer trimmer(std::chrono::hours(1), [&] { ++checks; return quint64(42); }, std::chrono::milliseconds(10));
    QSignalSpy trimmed(&trimmer, &HeapTrimmer::trimmed);
    QTRY_VERIFY(checks >= 2);
    std::vector<char> backlog(4 * 1024 * 1024, 'x'); // written out and freed while no message comes in
    const qint64 inUse = HeapTrimmer::heapInUse();
    QVERIFY2(inUse >= qint64(backlog.size()), qPrintable(QStringLiteral("%1 bytes in use").arg(inUse)));
    QTRY_COMPARE(trimmed.count(), 1);
}

// A server whose count never moves (nobody connects) is not trimmed every quiet period.
void TestHeapTrim::noBurstNoTrim()
{
    int checks = 0;
    HeapTrimmer trimmer(std::chrono::hours(1), [&] { ++checks; return quint64(42); }, std::chrono::milliseconds(10));
    QSignalSpy trimmed(&trimmer, &HeapTrimmer::trimmed);
    QTRY_VERIFY(checks >= 6);
    QCOMPARE(trimmed.count(), 0);
}

QTEST_GUILESS_MAIN(TestHeapTrim)
#include "tst_heaptrim.moc"
