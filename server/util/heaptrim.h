#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Herald {

// Hands the heap's free pages back to the kernel. After a burst (a connection storm, a room's logins)
// glibc's arenas keep what was freed inside them, and the process holds megabytes it no longer uses;
// malloc_trim releases every arena's free pages. It trims on its interval, and also once the process
// has been quiet for a whole `quiet` period after a burst: the activity count it is given (anything
// that moves with connections and messages) unchanged, and the bytes the heap has in use (mallinfo2)
// changed by less than kQuietHeapBytes — so the clients' last backlogs are written and freed too.
// Right after a burst settles, then, not up to an interval later.
// A no-op where the C library is not glibc.
class HeapTrimmer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeapTrimmer)

public:
    using Activity = std::function<quint64()>;

    explicit HeapTrimmer(std::chrono::milliseconds interval, Activity activity = {},
                         std::chrono::milliseconds quiet = std::chrono::seconds(1), QObject *parent = nullptr);

    static constexpr qint64 kQuietHeapBytes = 64 * 1024;

    // Trims now; returns the resident bytes released (0 when nothing was, or without glibc).
    static qint64 trimNow();
    // The process's resident set, in bytes (/proc/self/statm); 0 when unknown.
    static qint64 residentBytes();
    // The bytes the heap has in use, every arena and mapped block (mallinfo2); 0 without glibc.
    static qint64 heapInUse();

Q_SIGNALS:
    // Right before a trim: what the process keeps for reuse (buffers sized by the last burst) can go
    // now, so that the trim returns its pages too.
    void aboutToTrim();
    void trimmed(qint64 releasedBytes, qint64 microseconds);

private:
    void trim();
    void checkActivity();

    QTimer m_timer;
    QTimer m_quietTimer;
    Activity m_activity;
    quint64 m_lastActivity = 0;
    qint64 m_lastHeap = 0;
    bool m_moved = false; // activity or the heap moved since the last trim
};

} // namespace Herald
