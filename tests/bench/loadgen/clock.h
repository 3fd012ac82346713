#pragma once

#include <cstdint>
#include <ctime>

namespace Loadgen {

// CLOCK_MONOTONIC in nanoseconds: the one clock publishers and receivers share.
inline uint64_t monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

} // namespace Loadgen
