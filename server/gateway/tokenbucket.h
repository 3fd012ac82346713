#pragma once

#include <QtGlobal>

namespace Herald {

// The inbound limit of one connection: a token bucket that refills at `rate` tokens a second up to
// `burst`, starting full. The rate and burst are passed at each call, not kept: a reload applies to
// every connection at once, and a connection holds 12 bytes.
class TokenBucket
{
public:
    struct Limit {
        int rate = 0;  // tokens a second; 0: unlimited
        int burst = 0; // most tokens held (at least one)
    };

    // Takes `cost` tokens (at most `burst`) if they are there at `nowMs` (a monotonic clock); false
    // leaves the bucket as it was, but refilled.
    bool take(int cost, qint64 nowMs, const Limit &limit);

private:
    float m_tokens = -1; // negative: never used, full
    qint32 m_lastMs = 0; // when last refilled: the clock's low 32 bits, compared as a difference
};

// A monotonic clock in milliseconds, cheap enough to read per message (the kernel's coarse clock).
qint64 coarseMonotonicMs();

} // namespace Herald
