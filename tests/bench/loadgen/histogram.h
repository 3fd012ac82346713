#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace Loadgen {

// Log-linear latency histogram in nanoseconds (HDR-style): exact below 128 ns, then 64 buckets per
// power of two, so every recorded value is known to within 1.6%; up to 2^41 ns (about 36 minutes).
// One writer thread (plain loads and stores, no locked instructions), any number of readers.
class Histogram
{
public:
    static constexpr int kSubBits = 7;
    static constexpr int kBuckets = (1 << kSubBits) + (41 - kSubBits) * (1 << (kSubBits - 1));

    void record(uint64_t ns);
    void clear();
    void addTo(class HistogramSnapshot &out) const;

private:
    std::array<std::atomic<uint64_t>, kBuckets> m_counts{};
    std::atomic<uint64_t> m_max{0};
    friend class HistogramSnapshot;
};

// A plain copy for merging threads and reading percentiles.
class HistogramSnapshot
{
public:
    void add(int bucket, uint64_t count);
    void addMax(uint64_t ns);
    void merge(const HistogramSnapshot &other);
    uint64_t count() const { return m_total; }
    uint64_t max() const { return m_max; }
    // The value at quantile q (0..1), in nanoseconds: the upper edge of the bucket holding it.
    uint64_t quantile(double q) const;

    static int bucketOf(uint64_t ns);
    static uint64_t upperEdge(int bucket);

private:
    std::array<uint64_t, Histogram::kBuckets> m_counts{};
    uint64_t m_total = 0;
    uint64_t m_max = 0;
};

} // namespace Loadgen
