#include "util/acceptguard.h"

#include <QEvent>
#include <QSocketNotifier>
#include <QTcpServer>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Herald {

namespace {
std::atomic<quint64> g_exhausted{0};
std::atomic<quint64> g_shed{0};
constexpr int kMaxShedPerPause = 4096; // a storm cannot keep the loop closing connections for long

int openSpare()
{
    return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}
} // namespace

AcceptGuard::AcceptGuard(QTcpServer &server, const QString &name, DampedLog::Category category, Handler handler)
    : QObject(&server), m_server(server), m_name(name), m_handler(std::move(handler)), m_log(category)
{
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (m_spare < 0)
            m_spare = openSpare();
        if (m_server.isListening())
            m_server.resumeAccepting();
    });
}

AcceptGuard::~AcceptGuard()
{
    if (m_spare >= 0)
        ::close(m_spare);
}

quint64 AcceptGuard::exhaustedCount()
{
    return g_exhausted.load();
}

quint64 AcceptGuard::shedCount()
{
    return g_shed.load();
}

bool AcceptGuard::attach()
{
    // The listening socket's read notifier belongs to the server's socket engine, a child of the server.
    const qintptr listening = m_server.socketDescriptor();
    for (QSocketNotifier *notifier : m_server.findChildren<QSocketNotifier *>()) {
        if (notifier->type() == QSocketNotifier::Read && notifier->socket() == listening) {
            notifier->installEventFilter(this);
            if (m_spare < 0)
                m_spare = openSpare();
            return true;
        }
    }
    qCWarning(m_log.category()).noquote() << m_name << ": cannot watch the listening socket's accepts; running out "
                                                       "of file descriptors may stop this port";
    return false;
}

bool AcceptGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::SockAct)
        return QObject::eventFilter(watched, event);
    acceptPending();
    return true; // QTcpServer's own accept loop does not run
}

void AcceptGuard::acceptPending()
{
    const int listening = int(m_server.socketDescriptor());
    for (;;) {
        const int descriptor = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            if (m_failing) {
                m_failing = false;
                qCInfo(m_log.category()).noquote()
                    << QStringLiteral("%1: accepting again; %2 connections were closed at accept meanwhile")
                           .arg(m_name).arg(m_shedSince);
                m_shedSince = 0;
            }
            m_handler(descriptor);
            if (!m_server.isListening())
                return; // closed by the handler
            continue;
        }
        const int error = errno;
        if (error == EINTR || error == ECONNABORTED || error == EPROTO || error == EPERM)
            continue; // this connection failed, not the listener
        if (error != EAGAIN && error != EWOULDBLOCK)
            exhausted(error);
        return;
    }
}

void AcceptGuard::exhausted(int error)
{
    m_server.pauseAccepting();
    m_resume.start(kPauseMs);
    ++g_exhausted;
    const int shed = shedBacklog();
    m_shedSince += quint64(shed);
    g_shed += quint64(shed);
    m_failing = true;
    const bool descriptors = error == EMFILE || error == ENFILE;
    m_log.warning(QStringLiteral("times the %1 could not accept (%2)").arg(m_name, QString::fromLocal8Bit(std::strerror(error))),
                  QStringLiteral("%1: cannot accept: %2; accepting paused for %3 ms and new connections closed at once "
                                 "until it can again%4")
                      .arg(m_name, QString::fromLocal8Bit(std::strerror(error)))
                      .arg(kPauseMs)
                      .arg(descriptors ? QStringLiteral(" (raise the open-files limit: LimitNOFILE=, ulimit -n; "
                                                        "or lower max-connections)")
                                       : QString()));
}

// Gives up the spare descriptor to accept each waiting connection and close it at once: its client
// hears at once that it cannot be served instead of waiting until it times out.
int AcceptGuard::shedBacklog()
{
    if (m_spare >= 0) {
        ::close(m_spare);
        m_spare = -1;
    }
    const int listening = int(m_server.socketDescriptor());
    int shed = 0;
    for (int descriptor; shed < kMaxShedPerPause && (descriptor = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC)) >= 0;
         ++shed)
        ::close(descriptor);
    m_spare = openSpare(); // -1 if the descriptor was taken meanwhile: tried again when accepting resumes
    return shed;
}

} // namespace Herald
