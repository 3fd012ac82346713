#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <QList>
#include <QSocketNotifier>

#include <set>
#include <utility>

namespace Herald {

// A Qt event dispatcher on Linux epoll. Qt's UNIX dispatcher hands every socket notifier to ppoll() on
// every pass of the event loop, so with 10,000 clients most of the server's CPU went into building and
// scanning the poll set while little was delivered (docs/benchmarks.md). Here the kernel keeps the set:
// a pass costs what is ready, not what is open. Timers are kept ordered by deadline (one epoll_wait
// timeout), wake-ups come through an eventfd. Level-triggered, like poll, so Qt's socket classes behave
// as they do on the UNIX dispatcher.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when the kernel refused epoll or eventfd: use Qt's own dispatcher instead.
    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    // The notifiers of one descriptor (one per kind, as Qt allows).
    struct Watch {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 inKernel = 0; // the events epoll has been told about (0: not registered there)
        bool empty() const { return !read && !write && !exception; }
    };
    // One readiness to deliver in this pass; the notifier is looked up again when it is delivered, as
    // an earlier one may have deleted it.
    struct Activation {
        int fd;
        QSocketNotifier::Type type;
    };
    struct Timer {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadlineMs = 0; // on the monotonic clock
        bool inEvent = false;  // its timer event is being delivered: no nested activation
    };

    void changed(int fd);
    void applyChanges();
    void removeTimer(QHash<int, Timer>::iterator it);
    int waitMs(bool canWait) const;
    int activateSocketNotifiers();
    int activateTimers();

    int m_epoll = -1;
    int m_wake = -1; // eventfd
    QAtomicInt m_wakePending; // written and not yet read: later posts need not write again
    bool m_selfPosted = false; // posted from this thread since the pass began: the next wait must not sleep
    QAtomicInt m_interrupted;
    QHash<int, Watch> m_watches;               // by descriptor
    QList<Activation> m_pending;               // activations of this pass, not yet delivered
    QList<int> m_changed;                      // descriptors whose notifiers changed since the last wait
    QHash<int, Timer> m_timers;                // by timer id
    std::set<std::pair<qint64, int>> m_queue;  // (deadline, timer id), soonest first
};

// The dispatcher for a new thread of the server: an epoll one unless HERALD_EVENT_DISPATCHER=unix or
// the kernel refuses it (nullptr: Qt's own, the UNIX one with QT_NO_GLIB=1).
QAbstractEventDispatcher *createEventDispatcher();

} // namespace Herald
