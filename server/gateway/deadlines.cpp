#include "gateway/deadlines.h"

#include "gateway/session.h"
#include "gateway/tokenbucket.h"

#include <algorithm>

namespace Herald {

Deadlines::Deadlines(QObject *parent) : QObject(parent), m_timer(this)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Deadlines::fire);
}

void Deadlines::set(Session *session, qint64 monotonicMs)
{
    const auto known = m_bySession.find(session);
    if (known != m_bySession.end()) {
        m_queue.erase({known->second, session});
        m_bySession.erase(known);
    }
    if (monotonicMs > 0) {
        m_queue.insert({monotonicMs, session});
        m_bySession.emplace(session, monotonicMs);
    }
    arm();
}

void Deadlines::fire()
{
    const qint64 now = coarseMonotonicMs();
    while (!m_queue.empty() && m_queue.begin()->first <= now) {
        Session *session = m_queue.begin()->second;
        m_queue.erase(m_queue.begin());
        m_bySession.erase(session);
        session->deadlinePassed(); // may set a new deadline for itself
    }
    arm();
}

void Deadlines::arm()
{
    if (m_queue.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::max<qint64>(1, m_queue.begin()->first - coarseMonotonicMs());
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(std::min<qint64>(wait, INT_MAX)));
}

} // namespace Herald
