#include "histogram.h"

#include <algorithm>

namespace Loadgen {

namespace {
constexpr int kLinear = 1 << Histogram::kSubBits;      // 128 exact buckets
constexpr int kHalf = 1 << (Histogram::kSubBits - 1);  // 64 buckets per octave above
}

int HistogramSnapshot::bucketOf(uint64_t ns)
{
    if (ns < uint64_t(kLinear))
        return int(ns);
    const int msb = 63 - __builtin_clzll(ns);
    const int shift = msb - (Histogram::kSubBits - 1);
    const int top = int(ns >> shift); // in [64, 128)
    const int b = kLinear + (msb - Histogram::kSubBits) * kHalf + (top - kHalf);
    return std::min(b, Histogram::kBuckets - 1);
}

uint64_t HistogramSnapshot::upperEdge(int bucket)
{
    if (bucket < kLinear)
        return uint64_t(bucket);
    const int octave = (bucket - kLinear) / kHalf;
    const int top = (bucket - kLinear) % kHalf + kHalf;
    const int shift = octave + 1;
    return ((uint64_t(top) + 1) << shift) - 1;
}

void Histogram::record(uint64_t ns)
{
    auto &c = m_counts[size_t(HistogramSnapshot::bucketOf(ns))];
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (ns > m_max.load(std::memory_order_relaxed))
        m_max.store(ns, std::memory_order_relaxed);
}

void Histogram::clear()
{
    for (auto &c : m_counts)
        c.store(0, std::memory_order_relaxed);
    m_max.store(0, std::memory_order_relaxed);
}

void Histogram::addTo(HistogramSnapshot &out) const
{
    for (int i = 0; i < kBuckets; ++i) {
        const uint64_t n = m_counts[size_t(i)].load(std::memory_order_relaxed);
        if (n)
            out.add(i, n);
    }
    out.addMax(m_max.load(std::memory_order_relaxed));
}

void HistogramSnapshot::add(int bucket, uint64_t count)
{
    m_counts[size_t(bucket)] += count;
    m_total += count;
}

void HistogramSnapshot::addMax(uint64_t ns)
{
    m_max = std::max(m_max, ns);
}

void HistogramSnapshot::merge(const HistogramSnapshot &other)
{
    for (int i = 0; i < Histogram::kBuckets; ++i)
        m_counts[size_t(i)] += other.m_counts[size_t(i)];
    m_total += other.m_total;
    m_max = std::max(m_max, other.m_max);
}

uint64_t HistogramSnapshot::quantile(double q) const
{
    if (m_total == 0)
        return 0;
    const uint64_t rank = std::max<uint64_t>(1, uint64_t(q * double(m_total) + 0.5));
    uint64_t seen = 0;
    for (int i = 0; i < Histogram::kBuckets; ++i) {
        seen += m_counts[size_t(i)];
        if (seen >= rank)
            return std::min(upperEdge(i), m_max);
    }
    return m_max;
}

} // namespace Loadgen
