#include "util/epolldispatcher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>

namespace Herald {

namespace {

constexpr int kMaxEventsPerPass = 512;
constexpr quint32 kUnknown = ~0u; // Watch::inKernel when epoll may or may not know the descriptor

// Milliseconds left until `deadline`, as an int: 0 when passed.
int msUntil(qint64 deadline, qint64 now)
{
    return int(std::clamp<qint64>(deadline - now, 0, std::numeric_limits<int>::max()));
}

qint64 nowMs()
{
    return QDeadlineTimer::current(Qt::PreciseTimer).deadline();
}

// The epoll events a descriptor's notifiers want.
quint32 eventsFor(bool read, bool write, bool exception)
{
    return (read ? EPOLLIN : 0u) | (write ? EPOLLOUT : 0u) | (exception ? EPOLLPRI : 0u);
}


} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent),
      m_epoll(epoll_create1(EPOLL_CLOEXEC)),
      m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (!isValid())
        return;
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = m_wake;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &e) != 0) {
        ::close(m_wake);
        m_wake = -1;
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Watch &w = m_watches[fd];
    QSocketNotifier **slot = notifier->type() == QSocketNotifier::Read ? &w.read
        : notifier->type() == QSocketNotifier::Write                   ? &w.write
                                                                        : &w.exception;
    // Another notifier still on this number: its descriptor was closed without unregistering, and epoll
    // dropped it with the close. Whatever epoll was told no longer holds.
    if (*slot && *slot != notifier)
        w.inKernel = kUnknown;
    *slot = notifier;
    changed(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    if (it->read == notifier)
        it->read = nullptr;
    if (it->write == notifier)
        it->write = nullptr;
    if (it->exception == notifier)
        it->exception = nullptr;
    if (!it->empty()) {
        changed(fd);
        return;
    }
    // The last one: the descriptor is about to be closed, and its number may be handed out again in
    // this very pass. epoll forgets it now, not at the next wait.
    if (it->inKernel)
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); // fails harmlessly when it is closed already
    m_watches.erase(it);
}

// Notifiers come and go many times a pass (a socket enables its write notifier for each write and
// disables it once flushed): epoll is told only the state they end in, just before the next wait.
void EpollEventDispatcher::changed(int fd)
{
    m_changed.append(fd);
}

void EpollEventDispatcher::applyChanges()
{
    for (int fd : std::as_const(m_changed)) {
        const auto it = m_watches.find(fd);
        if (it == m_watches.end())
            continue; // unregistered since
        const quint32 wanted = eventsFor(it->read, it->write, it->exception);
        if (wanted == it->inKernel)
            continue;
        epoll_event e{};
        e.events = wanted;
        e.data.fd = fd;
        // A descriptor closed without unregistering leaves epoll by itself, and its number may come back:
        // then MOD finds nothing and ADD is right; for a new one ADD is right and MOD not.
        const int first = it->inKernel != 0 ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        if (epoll_ctl(m_epoll, first, fd, &e) != 0)
            epoll_ctl(m_epoll, first == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &e);
        it->inKernel = wanted;
    }
    m_changed.clear();
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Timer t;
    t.intervalMs = qMax<qint64>(0, interval);
    t.type = timerType;
    t.object = object;
    t.deadlineMs = nowMs() + t.intervalMs;
    m_timers.insert(timerId, t);
    m_queue.emplace(t.deadlineMs, timerId);
}

void EpollEventDispatcher::removeTimer(QHash<int, Timer>::iterator it)
{
    m_queue.erase({it->deadlineMs, it.key()});
    m_timers.erase(it);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    removeTimer(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object != object) {
            ++it;
            continue;
        }
        m_queue.erase({it->deadlineMs, it.key()});
        it = m_timers.erase(it);
        any = true;
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            list.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    return msUntil(it->deadlineMs, nowMs());
}

void EpollEventDispatcher::wakeUp()
{
    // A post from this thread comes while it runs, not while it waits: the next pass sends it and must
    // not sleep first; no system call needed (a gateway thread posts to itself every pass).
    if (QThread::currentThread() == thread()) {
        m_selfPosted = true;
        return;
    }
    // From another thread. Once written, the eventfd stays readable until this thread reads it and
    // then sends what was posted: a post meanwhile needs no write.
    if (!m_wakePending.testAndSetAcquire(0, 1))
        return;
    const eventfd_t one = 1;
    (void)::write(m_wake, &one, sizeof one); // a full counter is awake anyway
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

// How long epoll_wait may sleep: until the next timer, forever without one, not at all when it may not.
int EpollEventDispatcher::waitMs(bool canWait) const
{
    if (!canWait)
        return 0;
    if (m_queue.empty())
        return -1;
    return msUntil(m_queue.begin()->first, nowMs());
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    Q_EMIT awake();
    // Everything posted before this pass (a post from another thread also wakes the epoll_wait below,
    // one from this thread keeps it from sleeping, so none waits for a timeout: the next pass sends it).
    m_selfPosted = false;
    QCoreApplication::sendPostedEvents();

    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.loadRelaxed() && !m_selfPosted;
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;

    applyChanges();
    epoll_event events[kMaxEventsPerPass];
    int ready = epoll_wait(m_epoll, events, kMaxEventsPerPass, waitMs(canWait && !m_selfPosted)); // aboutToBlock may post
    if (ready < 0)
        ready = 0; // EINTR: a signal; the loop comes round again
    if (ready > 0 && canWait)
        Q_EMIT awake();

    const bool notifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    bool posted = false;
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wake) {
            eventfd_t count = 0;
            (void)eventfd_read(m_wake, &count);
            // After the read, never before: a write between a clear and the read would be read
            // here and leave the flag set with nothing to wake the next wait. A post between the
            // read and the clear wrote nothing but is sent by the next pass, which comes at once.
            m_wakePending.storeRelease(0);
            posted = true;
            continue;
        }
        const auto it = m_watches.constFind(fd);
        if (!notifiers || it == m_watches.cend())
            continue; // level-triggered: an excluded notifier is ready again on a later pass
        const quint32 e = events[i].events;
        // As poll: an error or a hang-up wakes the reader and the writer, who find out what happened.
        if (it->read && (e & (EPOLLIN | EPOLLHUP | EPOLLERR)))
            m_pending.append({fd, QSocketNotifier::Read});
        if (it->write && (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)))
            m_pending.append({fd, QSocketNotifier::Write});
        if (it->exception && (e & EPOLLPRI))
            m_pending.append({fd, QSocketNotifier::Exception});
    }
    // What was posted before this wait ended goes before the readiness it found: another thread's
    // post that led to a socket's data (a client told of its own connection) must not come after it.
    if (posted)
        QCoreApplication::sendPostedEvents();
    int handled = activateSocketNotifiers();
    if (!(flags & QEventLoop::X11ExcludeTimers))
        handled += activateTimers();
    return handled > 0;
}

int EpollEventDispatcher::activateSocketNotifiers()
{
    int n = 0;
    // A notifier may delete or unregister others: each is looked up when its turn comes. A handler may
    // also run a nested event loop, whose passes use m_pending afresh.
    const QList<Activation> pending = std::exchange(m_pending, {});
    for (const Activation &a : pending) {
        const auto it = m_watches.constFind(a.fd);
        if (it == m_watches.cend())
            continue;
        QSocketNotifier *notifier = a.type == QSocketNotifier::Read ? it->read
            : a.type == QSocketNotifier::Write                      ? it->write
                                                                    : it->exception;
        if (!notifier)
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++n;
    }
    return n;
}

// Delivers the timers that are due, each once per pass, and schedules their next time.
int EpollEventDispatcher::activateTimers()
{
    if (m_queue.empty())
        return 0;
    const qint64 now = nowMs();
    QList<int> due;
    for (auto it = m_queue.begin(); it != m_queue.end() && it->first <= now; ++it)
        due.append(it->second);
    int n = 0;
    for (int id : std::as_const(due)) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->inEvent)
            continue; // killed by an earlier timer event, or already being delivered further up the stack
        m_queue.erase({it->deadlineMs, id});
        // The next time follows the schedule; a timer that fell behind starts again from now.
        it->deadlineMs += it->intervalMs;
        if (it->deadlineMs < now)
            it->deadlineMs = now + it->intervalMs;
        m_queue.emplace(it->deadlineMs, id);
        it->inEvent = true;
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++n;
        it = m_timers.find(id); // the event may have killed it, or registered others
        if (it != m_timers.end())
            it->inEvent = false;
    }
    return n;
}

QAbstractEventDispatcher *createEventDispatcher()
{
    if (qgetenv("HERALD_EVENT_DISPATCHER") == "unix")
        return nullptr;
    auto *epoll = new EpollEventDispatcher;
    if (epoll->isValid())
        return epoll;
    delete epoll;
    return nullptr;
}

} // namespace Herald
