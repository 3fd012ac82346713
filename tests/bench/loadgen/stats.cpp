#include "stats.h"

#include <algorithm>

namespace Loadgen {

namespace {
uint64_t get(const std::atomic<uint64_t> &a)
{
    return a.load(std::memory_order_relaxed);
}
}

StepTotals sumStep(const std::vector<const ThreadStats *> &threads, int step)
{
    StepTotals t;
    for (const auto &ts : threads) {
        const StepCounters &s = ts->steps[size_t(step)];
        t.published += get(s.published);
        t.expected += get(s.expected);
        t.received += get(s.received);
        t.gaps += get(s.gaps);
        t.reordered += get(s.reordered);
        t.publishLagMaxNs = std::max(t.publishLagMaxNs, get(s.publishLagMaxNs));
        s.latency.addTo(t.latency);
    }
    return t;
}

RunTotals sumRun(const std::vector<const ThreadStats *> &threads)
{
    RunTotals t;
    for (const auto &ts : threads) {
        t.connected += get(ts->connected);
        t.connectFailed += get(ts->connectFailed);
        t.loggedIn += get(ts->loggedIn);
        t.closedByServer += get(ts->closedByServer);
        t.framesIn += get(ts->framesIn);
        t.bytesIn += get(ts->bytesIn);
        t.pings += get(ts->pings);
        t.serverErrors += get(ts->serverErrors);
        t.protocolErrors += get(ts->protocolErrors);
        t.churnOpened += get(ts->churnOpened);
        t.churnClosed += get(ts->churnClosed);
        t.apiReplies += get(ts->apiReplies);
        t.apiFailures += get(ts->apiFailures);
        t.lastConnectDoneNs = std::max(t.lastConnectDoneNs, get(ts->lastConnectDoneNs));
        ts->handshake.addTo(t.handshake);
    }
    return t;
}

} // namespace Loadgen
