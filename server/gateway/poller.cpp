#include "gateway/poller.h"

#include "util/logging.h"

#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace Herald {

namespace {
constexpr int kEventsPerPass = 256; // the rest is told in the next pass of the event loop

quint32 epollEvents(quint8 interest)
{
    return ((interest & Poller::Read) ? quint32(EPOLLIN) : 0u) | ((interest & Poller::Write) ? quint32(EPOLLOUT) : 0u);
}
} // namespace

Poller::Poller(QObject *parent) : QObject(parent), m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0) {
        qCCritical(lcGateway).noquote() << "cannot create an epoll set for a gateway thread:" << std::strerror(errno)
                                        << "(check the open-files limit)";
        return;
    }
    m_notifier = new QSocketNotifier(qintptr(m_epoll), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &Poller::dispatch);
}

Poller::~Poller()
{
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool Poller::watch(int fd, Watcher *watcher, quint8 interest, quint8 &current)
{
    if (interest == current || m_epoll < 0)
        return m_epoll >= 0;
    epoll_event event {};
    event.events = epollEvents(interest);
    event.data.ptr = watcher;
    const int op = current == None ? EPOLL_CTL_ADD : interest == None ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    if (::epoll_ctl(m_epoll, op, fd, &event) != 0)
        return false;
    current = interest;
    return true;
}

void Poller::dispatch()
{
    std::array<epoll_event, kEventsPerPass> events;
    const int count = ::epoll_wait(m_epoll, events.data(), kEventsPerPass, 0);
    // A watcher told here never deletes another (owners are deleted from the event loop), and each
    // ignores what it no longer watches: a closed descriptor's leftover readiness is harmless.
    for (int i = 0; i < count; ++i) {
        auto *watcher = static_cast<Watcher *>(events[size_t(i)].data.ptr);
        const quint32 ready = events[size_t(i)].events;
        const bool failed = ready & (EPOLLERR | EPOLLHUP); // told to both: whichever it watches finds out
        if (ready & EPOLLIN || failed)
            watcher->readyRead();
        if (ready & EPOLLOUT || failed)
            watcher->readyWrite();
    }
}

} // namespace Herald
