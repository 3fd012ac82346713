#include "api/auththrottle.h"

namespace Herald {

AuthThrottle::AuthThrottle(const QString &door, DampedLog::Category category) : m_door(door), m_log(category)
{
    m_clock.start();
}

AuthThrottle::Record &AuthThrottle::recordFor(const QHostAddress &address, qint64 now)
{
    const auto found = m_records.find(address);
    if (found != m_records.end())
        return *found;
    if (m_records.size() >= kMaxAddresses) {
        m_records.removeIf([now](const auto &it) { return now - it.value().lastFailureMs > kForget.count(); });
        if (m_records.size() >= kMaxAddresses)
            return m_others;
    }
    return m_records[address];
}

std::chrono::milliseconds AuthThrottle::failed(const QHostAddress &address, const QString &what, const QString &why)
{
    const qint64 now = m_clock.elapsed();
    Record &r = recordFor(address, now);
    if (now - r.lastFailureMs > kForget.count())
        r = {};
    r.lastFailureMs = now;
    qint64 delay = 0;
    if (++r.failures > kFreeFailures) {
        r.nextAnswerMs = qMax(now, r.nextAnswerMs) + kStep.count();
        delay = r.nextAnswerMs - now;
    }
    const QString from = address.toString();
    m_log.warning(QStringLiteral("failed %1 logins from %2").arg(m_door, from),
                  QStringLiteral("401 for %1 from %2: %3%4")
                      .arg(what, from, why,
                           delay > 0 ? QStringLiteral(" (failure %1 in a row from this address: answered after %2 ms)")
                                           .arg(r.failures).arg(delay)
                                     : QString()));
    return std::chrono::milliseconds(delay);
}

void AuthThrottle::succeeded(const QHostAddress &address)
{
    m_records.remove(address);
}

} // namespace Herald
