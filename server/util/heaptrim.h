#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace Herald {

// Hands the heap's free pages back to the kernel now and then. After a burst (a connection storm, a
// room's logins) glibc's arenas keep what was freed inside them, and the process holds megabytes it no
// longer uses; malloc_trim releases every arena's free pages. A no-op where the C library is not glibc.
class HeapTrimmer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeapTrimmer)

public:
    explicit HeapTrimmer(std::chrono::milliseconds interval, QObject *parent = nullptr);

    // Trims now; returns the resident bytes released (0 when nothing was, or without glibc).
    static qint64 trimNow();
    // The process's resident set, in bytes (/proc/self/statm); 0 when unknown.
    static qint64 residentBytes();

Q_SIGNALS:
    void trimmed(qint64 releasedBytes, qint64 microseconds);

private:
    QTimer m_timer;
};

} // namespace Herald
