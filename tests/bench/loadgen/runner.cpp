#include "runner.h"

#include "apipublisher.h"
#include "clock.h"

#include <dirent.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace Loadgen {

namespace {

void sleepMs(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// Sleeps until the monotonic clock reaches t.
void sleepUntil(uint64_t t)
{
    for (uint64_t now = monotonicNs(); now < t; now = monotonicNs())
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<uint64_t>(t - now, 20000000)));
}

} // namespace

Runner::Runner(const Options &options, Layout layout, long serverPid)
    : m_options(options), m_layout(std::move(layout)), m_server(serverPid)
{
}

Runner::~Runner()
{
    for (auto &p : m_pools)
        p->stopThread();
    m_publisher.reset();
    m_binder.reset();
}

int Runner::coresUsed() const
{
    return std::max(1, std::min(m_options.threads, ServerProbe::cores()));
}

std::vector<const ThreadStats *> Runner::threadStats() const
{
    std::vector<const ThreadStats *> out;
    for (const auto &p : m_pools)
        out.push_back(p->statsPtr().get());
    return out;
}

bool Runner::start(std::string &error)
{
    const int threads = m_options.threads;
    std::vector<std::vector<uint32_t>> share(static_cast<size_t>(threads));
    int publishers = 0;
    for (const ClientSpec &c : m_layout.clients) {
        share[c.index % uint32_t(threads)].push_back(c.index);
        publishers += c.slot >= 0;
    }
    for (int t = 0; t < threads; ++t)
        m_pools.push_back(std::make_unique<ClientPool>(t, m_options, m_layout, m_control, publishers, std::move(share[size_t(t)])));
    for (auto &p : m_pools) {
        if (!p->startThread(error))
            return false;
    }
    return true;
}

ConnectResult Runner::connect()
{
    ConnectResult r;
    r.wanted = m_layout.clients.size();
    const int perThread = std::max(1, m_options.connectConcurrency / int(m_pools.size()));
    const uint64_t start = monotonicNs();
    for (auto &p : m_pools) {
        ClientPool *pool = p.get();
        pool->post([pool, perThread] { pool->connectAll(perThread); });
    }
    const uint64_t deadline = start + uint64_t(m_options.connectTimeout * 1e9);
    RunTotals t;
    for (;;) {
        t = totals();
        if (t.connected + t.connectFailed >= r.wanted || monotonicNs() > deadline)
            break;
        sleepMs(2);
    }
    r.connected = t.connected;
    r.failed = t.connectFailed;
    r.timedOut = r.wanted - std::min(r.wanted, r.connected + r.failed);
    const uint64_t end = t.lastConnectDoneNs > start ? t.lastConnectDoneNs : monotonicNs();
    r.seconds = double(end - start) / 1e9;
    r.perSecond = r.seconds > 0 ? double(r.connected) / r.seconds : 0;
    r.handshake = t.handshake;
    r.firstError = firstError();
    return r;
}

bool Runner::login(std::string &error)
{
    for (auto &p : m_pools) {
        ClientPool *pool = p.get();
        pool->post([pool] { pool->loginAll(); });
    }
    const uint64_t deadline = monotonicNs() + uint64_t(m_options.connectTimeout * 1e9);
    for (;;) {
        const RunTotals t = totals();
        if (t.loggedIn >= t.connected - std::min(t.connected, t.closedByServer))
            break;
        if (monotonicNs() > deadline) {
            error = std::to_string(t.loggedIn) + " of " + std::to_string(t.connected) +
                    " clients got their login answer (with client_list) within --connect-timeout";
            const std::string e = firstError();
            if (!e.empty())
                error += "; first error: " + e;
            return false;
        }
        sleepMs(5);
    }
    settle(300, m_options.connectTimeout);
    return true;
}

void Runner::settle(int quietMs, double maxSec)
{
    const uint64_t deadline = monotonicNs() + uint64_t(maxSec * 1e9);
    uint64_t last = totals().framesIn;
    uint64_t quietSince = monotonicNs();
    while (monotonicNs() < deadline) {
        sleepMs(20);
        const uint64_t now = totals().framesIn;
        if (now != last) {
            last = now;
            quietSince = monotonicNs();
        } else if (monotonicNs() - quietSince >= uint64_t(quietMs) * 1000000ull) {
            return;
        }
    }
}

bool Runner::bindUids(std::string &error)
{
    std::vector<std::pair<uint32_t, std::string>> ids;
    for (auto &p : m_pools) {
        ClientPool *pool = p.get();
        pool->call([pool, &ids] {
            for (Connection *c : pool->connections()) {
                if (c->loggedIn() && !c->clientId().empty())
                    ids.emplace_back(c->spec().index, c->clientId());
            }
        });
    }
    ClientPool &pool = *m_pools.front();
    const bool text = m_options.bindVia == "text";
    m_binder = std::make_unique<ApiPublisher>(pool, text ? ApiPublisher::Mode::Text : ApiPublisher::Mode::Http,
                                              text ? m_options.textPort : m_options.apiPort, m_options.apiConnections);
    bool ok = false;
    pool.call([&] {
        ok = m_binder->start(error);
        if (!ok)
            return;
        for (const auto &[index, id] : ids)
            m_binder->command("bindUid", "\"client_id\":\"" + id + "\",\"uid\":\"" + Layout::uidOf(index) + "\"");
    });
    if (!ok)
        return false;
    const uint64_t deadline = monotonicNs() + uint64_t(m_options.connectTimeout * 1e9);
    while (m_binder->answered() < m_binder->sent()) {
        if (monotonicNs() > deadline || m_binder->broken()) {
            error = "bindUid: " + std::to_string(m_binder->answered()) + " of " + std::to_string(m_binder->sent()) +
                    " answered within --connect-timeout" + (firstError().empty() ? "" : "; " + firstError());
            return false;
        }
        sleepMs(5);
    }
    if (totals().apiFailures) {
        error = "bindUid failed: " + firstError();
        return false;
    }
    return true;
}

bool Runner::startApiPublisher(std::string &error)
{
    ClientPool &pool = *m_pools.front();
    const bool text = m_options.via == "text";
    m_publisher = std::make_unique<ApiPublisher>(pool, text ? ApiPublisher::Mode::Text : ApiPublisher::Mode::Http,
                                                 text ? m_options.textPort : m_options.apiPort, m_options.apiConnections);
    bool ok = false;
    pool.call([&] {
        ok = m_publisher->start(error);
        if (ok)
            pool.setApiPublisher(m_publisher.get());
    });
    if (!ok)
        return false;
    const uint64_t deadline = monotonicNs() + 5000000000ull;
    while (m_publisher->answered() < m_publisher->sent() && monotonicNs() < deadline)
        sleepMs(2);
    if (totals().apiFailures) {
        error = "the text port refused the API key: " + firstError();
        return false;
    }
    return true;
}

void Runner::startChurn(double perSecond, double lifetimeSec)
{
    const double each = perSecond / double(m_pools.size());
    for (auto &p : m_pools) {
        ClientPool *pool = p.get();
        pool->post([pool, each, lifetimeSec] { pool->setChurn(each, lifetimeSec); });
    }
}

StepResult Runner::beginStep(int step, double rate, double seconds)
{
    StepResult r;
    r.step = step;
    r.rate = rate;
    r.seconds = seconds;
    const uint64_t start = monotonicNs() + 2000000; // 2 ms: every pool sees it before it is due
    const uint64_t end = start + uint64_t(seconds * 1e9);
    m_control.step.store(step, std::memory_order_relaxed);
    m_control.rate.store(rate, std::memory_order_relaxed);
    m_control.startNs.store(start, std::memory_order_relaxed);
    m_control.endNs.store(end, std::memory_order_relaxed);
    m_control.publishing.store(true, std::memory_order_relaxed);
    m_control.generation.fetch_add(1, std::memory_order_release);
    for (auto &p : m_pools)
        p->post([] {}); // wakes the pool: it reads the step and arms its timer
    sleepUntil(start);
    const double own0 = ServerProbe::ownCpuSeconds();
    const double srv0 = m_server.valid() ? m_server.cpuSeconds() : 0;
    const uint64_t t0 = monotonicNs();
    sleepUntil(end);
    const double wall = double(monotonicNs() - t0) / 1e9;
    r.ownCpuPct = 100.0 * (ServerProbe::ownCpuSeconds() - own0) / (wall * coresUsed());
    if (m_server.valid()) {
        r.serverCpuPct = 100.0 * (m_server.cpuSeconds() - srv0) / wall;
        r.serverRssMiB = double(m_server.rssKiB()) / 1024.0;
    }
    r.saturated = r.ownCpuPct > m_options.maxOwnCpu;
    return r;
}

void Runner::stopPublishing()
{
    m_control.publishing.store(false, std::memory_order_relaxed);
    m_control.generation.fetch_add(1, std::memory_order_release);
    for (auto &p : m_pools)
        p->post([] {});
}

void Runner::drain(int firstStep, int lastStep)
{
    const uint64_t deadline = monotonicNs() + uint64_t(m_options.drain * 1e9);
    const auto stats = threadStats();
    for (;;) {
        bool done = true;
        for (int s = firstStep; s <= lastStep && done; ++s) {
            const StepTotals t = sumStep(stats, s);
            done = t.received >= t.expected;
        }
        if (done || monotonicNs() > deadline)
            return;
        sleepMs(5);
    }
}

void Runner::finishStep(StepResult &r) const
{
    const StepTotals t = sumStep(threadStats(), r.step);
    r.published = t.published;
    r.expected = t.expected;
    r.received = t.received;
    r.lost = t.expected > t.received ? t.expected - t.received : 0;
    r.gaps = t.gaps;
    r.reordered = t.reordered;
    r.latency = t.latency;
    r.lagMaxMs = double(t.publishLagMaxNs) / 1e6;
    r.deliveriesPerS = r.seconds > 0 ? double(t.received) / r.seconds : 0;
    const double p99Ms = double(r.latency.quantile(0.99)) / 1e6;
    r.clean = r.lost == 0 && r.gaps == 0 && r.received > 0 && p99Ms <= m_options.maxP99Ms && !r.saturated;
}

void Runner::closeAll()
{
    for (auto &p : m_pools)
        p->call([pool = p.get()] { pool->closeAll(); });
}

RunTotals Runner::totals() const
{
    return sumRun(threadStats());
}

std::string Runner::firstError() const
{
    for (const auto &p : m_pools) {
        const std::string e = p->firstError();
        if (!e.empty())
            return e;
    }
    return {};
}

} // namespace Loadgen
