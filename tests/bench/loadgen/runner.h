#pragma once

#include "clientpool.h"
#include "layout.h"
#include "options.h"
#include "serverprobe.h"
#include "stats.h"

#include <memory>
#include <string>
#include <vector>

namespace Loadgen {

class ApiPublisher;

struct ConnectResult {
    uint64_t wanted = 0, connected = 0, failed = 0, timedOut = 0;
    double seconds = 0, perSecond = 0;
    HistogramSnapshot handshake;
    std::string firstError;
};

struct StepResult {
    int step = 0;
    double rate = 0;               // publishes per second asked
    double seconds = 0;            // publish window
    uint64_t published = 0, expected = 0, received = 0, lost = 0, gaps = 0, reordered = 0;
    double deliveriesPerS = 0;
    HistogramSnapshot latency;
    double lagMaxMs = 0;           // worst lateness of a send against its schedule
    double ownCpuPct = 0;          // of the cores the generator uses
    double serverCpuPct = 0;       // of one core
    double serverRssMiB = 0;       // at the end of the window
    bool saturated = false;
    bool clean = false;
};

// Drives one run against one server: the threads and their clients, connecting, logging in, the steps
// (rate, window, drain) and what each step measured. The coordinator thread only sleeps and reads
// counters; the pools do all socket work.
class Runner final
{
public:
    Runner(const Options &options, Layout layout, long serverPid);
    ~Runner();
    Runner(const Runner &) = delete;
    Runner &operator=(const Runner &) = delete;

    bool start(std::string &error);
    ConnectResult connect();
    // Logs every connected client in and waits for each one's own login answer, then for the
    // announcements to stop; false after --connect-timeout.
    bool login(std::string &error);
    bool bindUids(std::string &error);     // through the HTTP API, every client to its uid
    bool startApiPublisher(std::string &error);
    void startChurn(double perSecond, double lifetimeSec);
    // Waits until nothing arrived for quietMs (at most maxSec).
    void settle(int quietMs, double maxSec);

    // A step: publishing at `rate` for `seconds` from now; returns when the window ends. Steps may
    // follow each other without a drain (publishing goes on); stopPublishing() ends it.
    StepResult beginStep(int step, double rate, double seconds);
    void stopPublishing();
    // Waits for the steps' deliveries (received == expected) at most --drain seconds.
    void drain(int firstStep, int lastStep);
    void finishStep(StepResult &r) const;  // fills in the counts and the verdict

    void closeAll();
    RunTotals totals() const;
    std::string firstError() const;
    const ServerProbe &server() const { return m_server; }
    const Layout &layout() const { return m_layout; }
    int coresUsed() const;

private:
    const Options &m_options;
    Layout m_layout;
    ServerProbe m_server;
    StepControl m_control;
    std::vector<std::unique_ptr<ClientPool>> m_pools;
    std::unique_ptr<ApiPublisher> m_publisher, m_binder;
    std::vector<const ThreadStats *> threadStats() const;
};

} // namespace Loadgen
