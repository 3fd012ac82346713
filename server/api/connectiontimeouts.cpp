#include "api/connectiontimeouts.h"

namespace Herald {

ConnectionTimeouts::ConnectionTimeouts(const DoorLimits &limits, QObject *socket) : QObject(socket), m_limits(limits)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this,
            [this] { Q_EMIT expired(m_authenticated ? Clock::Idle : Clock::Authentication); });
    if (m_limits.authTimeoutMs > 0)
        m_timer.start(m_limits.authTimeoutMs);
}

void ConnectionTimeouts::authenticated()
{
    m_authenticated = true;
    activity();
}

void ConnectionTimeouts::activity()
{
    if (!m_authenticated)
        return; // the authentication clock runs on whatever the peer sends
    if (m_limits.idleTimeoutMs > 0)
        m_timer.start(m_limits.idleTimeoutMs);
    else
        m_timer.stop();
}

} // namespace Herald
