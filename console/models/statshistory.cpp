#include "models/statshistory.h"

namespace Herald::Console {

StatsHistory::StatsHistory(int capacity, QObject *parent) : QObject(parent), m_capacity(qMax(2, capacity)) {}

void StatsHistory::add(const Admin::Stats &stats)
{
    StatsSample s;
    s.time = stats.time;
    s.connections = stats.connections;
    if (m_haveLast) {
        const double seconds = qMax<qint64>(1, m_last.time.msecsTo(stats.time)) / 1000.0;
        // Counters restart with the server: a drop means a new process, not a negative rate.
        const auto rate = [seconds](qint64 now, qint64 before) { return now >= before ? (now - before) / seconds : 0.0; };
        s.loginsPerSecond = rate(stats.logins, m_last.logins);
        s.messagesInPerSecond = rate(stats.messagesIn, m_last.messagesIn);
        s.messagesOutPerSecond = rate(stats.messagesOut, m_last.messagesOut);
        s.bytesInPerSecond = rate(stats.bytesIn, m_last.bytesIn);
        s.bytesOutPerSecond = rate(stats.bytesOut, m_last.bytesOut);
    }
    m_last = stats;
    m_haveLast = true;
    if (m_samples.size() >= m_capacity)
        m_samples.removeFirst();
    m_samples.append(s);
    Q_EMIT sampleAdded(s);
}

void StatsHistory::clear()
{
    m_samples.clear();
    m_haveLast = false;
    m_last = {};
    Q_EMIT cleared();
}

} // namespace Herald::Console
