#include "gateway/writebatch.h"

#include "gateway/session.h"

namespace Herald {

WriteBatch::WriteBatch(QObject *parent) : QObject(parent) {}

void WriteBatch::add(Session *session)
{
    m_sessions.append(session);
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &WriteBatch::flush, Qt::QueuedConnection);
}

void WriteBatch::flush()
{
    m_scheduled = false;
    const QList<QPointer<Session>> sessions = std::exchange(m_sessions, {});
    for (const QPointer<Session> &session : sessions) {
        if (session)
            session->flushHeld();
    }
}

} // namespace Herald
