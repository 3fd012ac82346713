#include "gateway/tokenbucket.h"

#include <algorithm>

#include <time.h>

namespace Herald {

bool TokenBucket::take(int cost, qint64 nowMs, const Limit &limit)
{
    if (limit.rate <= 0)
        return true;
    const float burst = float(std::max(1, limit.burst));
    const qint32 now = qint32(quint32(quint64(nowMs)));
    if (m_tokens < 0) {
        m_tokens = burst;
    } else {
        // A monotonic clock never goes back: a negative difference is an idle time past 24 days.
        const qint32 elapsed = qint32(quint32(now) - quint32(m_lastMs));
        if (elapsed < 0)
            m_tokens = burst;
        else if (elapsed > 0)
            m_tokens = std::min(burst, m_tokens + float(elapsed) * float(limit.rate) / 1000.0f);
    }
    m_lastMs = now;
    const float needed = std::min(float(std::max(1, cost)), burst);
    if (m_tokens < needed)
        return false;
    m_tokens -= needed;
    return true;
}

qint64 coarseMonotonicMs()
{
    timespec ts {};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

} // namespace Herald
