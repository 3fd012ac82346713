#pragma once

#include "histogram.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace Loadgen {

// Adds to a counter that only one thread writes (no locked instruction); others read it relaxed.
inline void bump(std::atomic<uint64_t> &c, uint64_t n = 1)
{
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

constexpr int kMaxSteps = 32;

// What one measurement step (one publish rate) saw in one thread.
struct StepCounters {
    std::atomic<uint64_t> published{0};  // messages sent by this thread's publishers
    std::atomic<uint64_t> expected{0};   // deliveries those messages should make (healthy receivers)
    std::atomic<uint64_t> received{0};   // stamped deliveries received by this thread's clients
    std::atomic<uint64_t> gaps{0};       // messages missing in a publisher's sequence at a receiver
    std::atomic<uint64_t> reordered{0};  // a sequence number at or below one already seen
    std::atomic<uint64_t> publishLagMaxNs{0}; // worst delay between a message's due time and its send
    Histogram latency;                   // publish-to-receive, nanoseconds
};

// One thread's counters. Written by that thread only.
struct ThreadStats {
    std::atomic<uint64_t> connected{0};       // handshakes completed
    std::atomic<uint64_t> connectFailed{0};   // connect() or handshake failed
    std::atomic<uint64_t> loggedIn{0};        // got their own login answer (with client_list)
    std::atomic<uint64_t> closedByServer{0};  // closed by the server after the handshake
    std::atomic<uint64_t> framesIn{0};        // every message received, stamped or not
    std::atomic<uint64_t> bytesIn{0};
    std::atomic<uint64_t> pings{0};           // workerman-chat pings answered
    std::atomic<uint64_t> serverErrors{0};    // {"type":"error"} messages
    std::atomic<uint64_t> protocolErrors{0};  // broken frames from the server
    std::atomic<uint64_t> churnOpened{0};
    std::atomic<uint64_t> churnClosed{0};
    std::atomic<uint64_t> apiReplies{0};
    std::atomic<uint64_t> apiFailures{0};     // API answers that were not 200 / ok
    std::atomic<uint64_t> lastConnectDoneNs{0};
    Histogram handshake;                       // connect() to the 101 answer
    std::array<StepCounters, kMaxSteps> steps;
};

// The sum over threads, for one step or for the run.
struct StepTotals {
    uint64_t published = 0, expected = 0, received = 0, gaps = 0, reordered = 0, publishLagMaxNs = 0;
    HistogramSnapshot latency;
};

StepTotals sumStep(const std::vector<const ThreadStats *> &threads, int step);

struct RunTotals {
    uint64_t connected = 0, connectFailed = 0, loggedIn = 0, closedByServer = 0, framesIn = 0, bytesIn = 0,
             pings = 0, serverErrors = 0, protocolErrors = 0, churnOpened = 0, churnClosed = 0, apiReplies = 0,
             apiFailures = 0, lastConnectDoneNs = 0;
    HistogramSnapshot handshake;
};

RunTotals sumRun(const std::vector<const ThreadStats *> &threads);

} // namespace Loadgen
