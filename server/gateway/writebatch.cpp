#include "gateway/writebatch.h"

#include "gateway/session.h"

namespace Herald {

WriteBatch::WriteBatch(QObject *parent) : QObject(parent), m_window(this)
{
    m_window.setSingleShot(true);
    m_window.setTimerType(Qt::PreciseTimer);
    connect(&m_window, &QTimer::timeout, this, &WriteBatch::flush);
}

void WriteBatch::add(Session *session)
{
    m_sessions.append(session);
    if (m_scheduled)
        return;
    m_scheduled = true;
    if (m_windowMs > 0)
        m_window.start(m_windowMs);
    else
        QMetaObject::invokeMethod(this, &WriteBatch::flush, Qt::QueuedConnection);
}

void WriteBatch::flush()
{
    m_scheduled = false;
    m_window.stop();
    const QList<QPointer<Session>> sessions = std::exchange(m_sessions, {});
    for (const QPointer<Session> &session : sessions) {
        if (session)
            session->flushHeld();
    }
}

} // namespace Herald
