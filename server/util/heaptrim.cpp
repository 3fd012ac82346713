#include "util/heaptrim.h"

#include <QElapsedTimer>
#include <QFile>

#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Herald {

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds interval, QObject *parent) : QObject(parent), m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        QElapsedTimer clock;
        clock.start();
        const qint64 released = trimNow();
        Q_EMIT trimmed(released, clock.nsecsElapsed() / 1000);
    });
    m_timer.start(interval);
}

qint64 HeapTrimmer::residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * qint64(sysconf(_SC_PAGESIZE)) : 0;
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
