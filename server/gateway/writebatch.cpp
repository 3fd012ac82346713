#include "gateway/writebatch.h"

#include "gateway/session.h"

#include <algorithm>

namespace Herald {

WriteBatch::WriteBatch(QObject *parent) : QObject(parent) {}

void WriteBatch::add(Session *session)
{
    m_sessions.push_back(session);
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &WriteBatch::flush, Qt::QueuedConnection);
}

void WriteBatch::remove(Session *session)
{
    m_sessions.erase(std::remove(m_sessions.begin(), m_sessions.end(), session), m_sessions.end());
}

void WriteBatch::flush()
{
    m_scheduled = false;
    const std::vector<Session *> sessions = std::exchange(m_sessions, {});
    for (Session *session : sessions)
        session->flushHeld(); // writing never deletes a session: that happens from the event loop
}

} // namespace Herald
