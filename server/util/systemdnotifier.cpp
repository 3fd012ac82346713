#include "util/systemdnotifier.h"

#include "util/logging.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <ctime>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Herald {

namespace {
// CLOCK_MONOTONIC in µs: systemd wants it with RELOADING=1.
quint64 monotonicUsec()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return quint64(ts.tv_sec) * 1000000 + quint64(ts.tv_nsec) / 1000;
}
} // namespace

SystemdNotifier::SystemdNotifier(QObject *parent) : QObject(parent)
{
    const QByteArray path = qgetenv("NOTIFY_SOCKET");
    sockaddr_un addr{};
    if (path.isEmpty() || (path[0] != '/' && path[0] != '@') || size_t(path.size()) >= sizeof(addr.sun_path))
        return;
    addr.sun_family = AF_UNIX;
    std::copy(path.begin(), path.end(), addr.sun_path);
    if (path[0] == '@')
        addr.sun_path[0] = '\0'; // an abstract socket
    m_address = QByteArray(reinterpret_cast<const char *>(&addr), int(offsetof(sockaddr_un, sun_path) + size_t(path.size())));
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return;

    // WATCHDOG_PID, when set, says which process the watchdog is for (not a child that inherited it).
    const QByteArray pid = qgetenv("WATCHDOG_PID");
    bool ok = false;
    const qint64 usec = qgetenv("WATCHDOG_USEC").toLongLong(&ok);
    if (ok && usec > 0 && (pid.isEmpty() || pid.toLongLong() == qint64(::getpid()))) {
        m_watchdog.setInterval(int(qMax<qint64>(1, usec / 2000)));
        connect(&m_watchdog, &QTimer::timeout, this, [this] { notify("WATCHDOG=1"); });
        m_watchdog.start();
    }
}

SystemdNotifier::~SystemdNotifier()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool SystemdNotifier::notify(const QByteArray &state)
{
    if (m_fd < 0)
        return false;
    const ssize_t sent = ::sendto(m_fd, state.constData(), size_t(state.size()), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr *>(m_address.constData()), socklen_t(m_address.size()));
    if (sent == ssize_t(state.size()))
        return true;
    if (!m_warned) {
        m_warned = true;
        qCWarning(lcApp).noquote() << "cannot notify systemd through NOTIFY_SOCKET:" << qt_error_string(errno)
                                   << "(check the unit's NotifyAccess=)";
    }
    return false;
}

void SystemdNotifier::ready()
{
    if (notify("READY=1\nSTATUS=accepting clients") && !m_toldReady) {
        m_toldReady = true;
        qCInfo(lcApp).noquote() << (m_watchdog.isActive()
                                        ? QStringLiteral("told systemd we are ready; watchdog pings every %1 ms").arg(m_watchdog.interval())
                                        : QStringLiteral("told systemd we are ready; no watchdog"));
    }
}

void SystemdNotifier::reloading()
{
    notify("RELOADING=1\nMONOTONIC_USEC=" + QByteArray::number(monotonicUsec()));
}

void SystemdNotifier::stopping()
{
    notify("STOPPING=1\nSTATUS=closing clients");
}

} // namespace Herald
