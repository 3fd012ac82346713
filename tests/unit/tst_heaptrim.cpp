// The heap trimmer: freed heap pages go back to the kernel when it trims, and it trims on its interval.
#include "util/heaptrim.h"

#include <QSignalSpy>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestHeapTrim)
#include "tst_heaptrim.moc"
