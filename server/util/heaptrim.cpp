#include "util/heaptrim.h"

#include <QElapsedTimer>
#include <QFile>

#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Herald {

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds interval, Activity activity, std::chrono::milliseconds quiet,
                         QObject *parent)
    : QObject(parent), m_timer(this), m_quietTimer(this), m_activity(std::move(activity))
{
    connect(&m_timer, &QTimer::timeout, this, &HeapTrimmer::trim);
    m_timer.start(interval);
    if (m_activity) {
        m_lastActivity = m_activity();
        m_lastHeap = heapInUse();
        connect(&m_quietTimer, &QTimer::timeout, this, &HeapTrimmer::checkActivity);
        m_quietTimer.start(quiet);
    }
}

void HeapTrimmer::checkActivity()
{
    const quint64 activity = m_activity();
    bool moved = activity != m_lastActivity;
    m_lastActivity = activity;
    // The heap is read only while the activity stands still: mallinfo2 walks every arena under its lock,
    // which the gateway threads would wait for once a second under load, when the answer is known anyway.
    if (!moved) {
        const qint64 heap = heapInUse();
        moved = qAbs(heap - m_lastHeap) >= kQuietHeapBytes;
        m_lastHeap = heap;
    }
    if (moved)
        m_moved = true;
    else if (m_moved) // a whole quiet period since it last moved: the burst is over
        trim();
}

void HeapTrimmer::trim()
{
    m_moved = false;
    Q_EMIT aboutToTrim();
    QElapsedTimer clock;
    clock.start();
    const qint64 released = trimNow();
    Q_EMIT trimmed(released, clock.nsecsElapsed() / 1000);
}

qint64 HeapTrimmer::residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * qint64(sysconf(_SC_PAGESIZE)) : 0;
}

qint64 HeapTrimmer::heapInUse()
{
#ifdef __GLIBC__
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
#else
    return 0;
#endif
}

qint64 HeapTrimmer::trimNow()
{
#ifdef __GLIBC__
    const qint64 before = residentBytes();
    malloc_trim(0);
    return qMax<qint64>(0, before - residentBytes());
#else
    return 0;
#endif
}

} // namespace Herald
