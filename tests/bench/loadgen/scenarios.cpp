#include "scenarios.h"

#include "clock.h"
#include "options.h"
#include "redisprobe.h"
#include "report.h"
#include "runner.h"
#include "serverprobe.h"

#include <arpa/inet.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

namespace Loadgen {

namespace {

std::string targetName(const Options &o)
{
    std::string name = o.targetName(0);
    if (o.targets.size() > 1)
        name += " and " + std::to_string(o.targets.size() - 1) + " more node(s)";
    return name;
}

long serverPid(long given, int port)
{
    const long pid = given ? given : ServerProbe::findByPort(port);
    if (!pid)
        std::printf("note: no process on this machine listens on port %d that I can see: server RSS and CPU are "
                    "not measured (give --server-pid)\n", port);
    return pid;
}

// Refuses a run that needs more descriptors than this process may open.
bool enoughDescriptors(uint64_t clients, std::string &error)
{
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    const uint64_t need = clients + 64;
    if (lim.rlim_cur != RLIM_INFINITY && need > lim.rlim_cur) {
        error = std::to_string(clients) + " clients need " + std::to_string(need) +
                " file descriptors; ulimit -n is " + std::to_string(lim.rlim_cur) +
                " (the hard limit; raise it, e.g. LimitNOFILE or ulimit -Hn as root) — the server needs as many";
        return false;
    }
    return true;
}

std::vector<double> stepRates(const Options &o)
{
    if (!o.rates.empty())
        return o.rates;
    std::vector<double> rates;
    double r = o.rate;
    for (int i = 0; i < o.steps; ++i, r *= o.stepFactor)
        rates.push_back(std::round(r));
    return rates;
}

void sleepSeconds(double s)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

// The storm's barrier between generators: this one says it is connected (its ready file), then holds its
// clients (the runner's threads keep serving them) until the file that releases every generator exists.
void holdAtBarrier(const Options &o, int n)
{
    if (!o.readyFile.empty()) {
        if (std::FILE *f = std::fopen(o.readyFile.c_str(), "w"))
            std::fclose(f);
        else
            std::printf("storm %d: cannot create the ready file %s\n", n, o.readyFile.c_str());
    }
    if (o.holdUntil.empty())
        return;
    std::printf("storm %d: holding every client until %s exists\n", n, o.holdUntil.c_str());
    std::fflush(stdout);
    while (::access(o.holdUntil.c_str(), F_OK) != 0)
        sleepSeconds(0.1);
}

// Connects and logs in every client of the runner; false with the reason printed.
bool setUp(Runner &runner, const Options &o)
{
    std::string error;
    if (!runner.start(error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        return false;
    }
    const ConnectResult c = runner.connect();
    Report::connect(c);
    if (c.connected < c.wanted) {
        std::fprintf(stderr, "herald-loadgen: could not connect %llu of %llu clients to %s: %s\n",
                     (unsigned long long)(c.wanted - c.connected), (unsigned long long)c.wanted,
                     targetName(o).c_str(), c.firstError.empty() ? "timed out" : c.firstError.c_str());
        return false;
    }
    if (!runner.login(error)) {
        std::fprintf(stderr, "herald-loadgen: login: %s\n", error.c_str());
        return false;
    }
    return true;
}

struct SearchOutcome {
    int exitCode = ExitOk;
    double bestClean = 0;
    std::vector<StepResult> steps;
};

// The fanout step search: each rate for --duration, drained, until a step is not clean.
SearchOutcome fanoutSearch(const Options &o, const std::string &label, long pid)
{
    SearchOutcome out;
    std::string error;
    if (!enoughDescriptors(uint64_t(o.clients), error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        out.exitCode = ExitFailed;
        return out;
    }
    Runner runner(o, Layout::build(o, o.clients, o.rooms), pid);
    Report::header(o, runner.layout(), targetName(o), pid);
    if (!setUp(runner, o)) {
        out.exitCode = ExitFailed;
        return out;
    }
    if (o.via != "say" && !runner.startApiPublisher(error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        out.exitCode = ExitFailed;
        return out;
    }
    Report::stepHeader();
    const std::vector<double> rates = stepRates(o);
    const RedisProbe redis(o.redisPort);
    uint64_t redisPublishes = 0, roomMessages = 0;
    for (size_t i = 0; i < rates.size() && int(i) < kMaxSteps; ++i) {
        uint64_t before = 0, after = 0;
        const bool counting = redis.valid() && redis.publishCalls(before, error);
        StepResult r = runner.beginStep(int(i), rates[i], o.duration);
        runner.stopPublishing();
        runner.drain(int(i), int(i));
        runner.finishStep(r);
        Report::step(r);
        if (counting && redis.publishCalls(after, error)) {
            redisPublishes += after - before;
            roomMessages += r.published;
            Report::redisPublishes(r, after - before);
        } else if (redis.valid()) {
            std::printf("warning: %s\n", error.c_str());
        }
        out.steps.push_back(r);
        if (r.clean)
            out.bestClean = std::max(out.bestClean, r.deliveriesPerS);
        if (!r.clean)
            break;
    }
    const RunTotals t = runner.totals();
    if (t.closedByServer)
        std::printf("warning: the server closed %llu clients during the run\n", (unsigned long long)t.closedByServer);
    if (t.serverErrors)
        std::printf("warning: %llu error messages from the server: %s\n", (unsigned long long)t.serverErrors,
                    runner.firstError().c_str());
    Report::summary(label, out.steps, o.maxP99Ms);
    if (roomMessages)
        std::printf("summary: %s_redis publishes=%llu room_messages=%llu per_room_message=%.3f\n", label.c_str(),
                    (unsigned long long)redisPublishes, (unsigned long long)roomMessages,
                    double(redisPublishes) / double(roomMessages));
    if (out.steps.back().saturated) {
        Report::saturated(out.steps.back());
        out.exitCode = ExitSaturated;
    }
    runner.closeAll();
    return out;
}

} // namespace

int runFanout(const Options &o)
{
    return fanoutSearch(o, "fanout", serverPid(o.serverPid, o.port)).exitCode;
}

int runPeer(const Options &o)
{
    Options peer = o;
    peer.port = o.peerPort;
    peer.target.sin_port = htons(uint16_t(o.peerPort));
    peer.targets = {peer.target};
    peer.via = "say";
    const SearchOutcome other = fanoutSearch(peer, "peer", serverPid(o.peerPid, o.peerPort));
    if (other.exitCode == ExitFailed)
        return ExitFailed;
    sleepSeconds(1); // let the peer's disconnects settle before the other server is measured
    Options herald = o;
    herald.via = "say";
    const SearchOutcome mine = fanoutSearch(herald, "herald", serverPid(o.serverPid, o.port));
    if (mine.exitCode == ExitFailed)
        return ExitFailed;
    const double ratio = other.bestClean > 0 ? mine.bestClean / other.bestClean : 0;
    std::printf("peer: herald %.0f deliveries/s, peer %.0f deliveries/s (highest clean rates): ratio %.2f\n",
                mine.bestClean, other.bestClean, ratio);
    std::printf("summary: peer herald_deliveries_per_s=%.0f peer_deliveries_per_s=%.0f ratio=%.2f\n", mine.bestClean,
                other.bestClean, ratio);
    if (mine.exitCode == ExitSaturated || other.exitCode == ExitSaturated)
        return ExitSaturated;
    return ExitOk;
}

int runStorm(const Options &o)
{
    int exitCode = ExitOk;
    const long pid = serverPid(o.serverPid, o.port);
    for (int n : o.stormClients) {
        std::string error;
        if (!enoughDescriptors(uint64_t(n), error)) {
            std::printf("storm %d: skipped: %s\n", n, error.c_str());
            exitCode = ExitFailed;
            continue;
        }
        Options oo = o;
        oo.clients = n;
        const int rooms = o.rooms > 0 ? o.rooms : std::max(1, n / 100);
        Runner runner(oo, Layout::build(oo, n, rooms), pid);
        Report::header(oo, runner.layout(), targetName(o), pid);
        const ServerProbe &server = runner.server();
        const uint64_t rssBefore = server.valid() ? server.rssKiB() : 0;
        if (!runner.start(error)) {
            std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
            return ExitFailed;
        }
        const double own0 = ServerProbe::ownCpuSeconds();
        const double srv0 = server.valid() ? server.cpuSeconds() : 0;
        const ConnectResult c = runner.connect();
        const double ownPct = c.seconds > 0 ? 100.0 * (ServerProbe::ownCpuSeconds() - own0) / (c.seconds * runner.coresUsed()) : 0;
        const double srvPct = c.seconds > 0 && server.valid() ? 100.0 * (server.cpuSeconds() - srv0) / c.seconds : 0;
        Report::connect(c);
        const uint64_t rssConnected = server.valid() ? server.rssKiB() : 0;
        bool loggedIn = c.connected > 0 && runner.login(error);
        if (!loggedIn && c.connected > 0)
            std::printf("storm %d: login: %s\n", n, error.c_str());
        const uint64_t rssLoggedIn = server.valid() ? server.rssKiB() : 0;
        holdAtBarrier(o, n);
        if (o.idle > 0)
            std::printf("storm %d: idle %.0f s before reading the server's memory\n", n, o.idle);
        std::fflush(stdout);
        sleepSeconds(o.idle);
        const uint64_t rssIdle = server.valid() ? server.rssKiB() : 0;
        const RunTotals t = runner.totals();
        const double perConn = c.connected ? double(rssIdle - std::min(rssIdle, rssBefore)) / double(c.connected) : 0;
        std::printf("storm %d: %.0f connections/s, %llu failures, %llu timed out, handshake p99 %.2f ms; generator "
                    "cpu %.1f%%, server cpu %.1f%% while connecting\n",
                    n, c.perSecond, (unsigned long long)c.failed, (unsigned long long)c.timedOut,
                    Report::ms(c.handshake.quantile(0.99)), ownPct, srvPct);
        std::printf("storm %d: server RSS %.1f MiB before, %.1f MiB connected, %.1f MiB logged in, %.1f MiB after "
                    "%.0f s idle: %.2f KiB per connection; %llu closed by the server\n",
                    n, rssBefore / 1024.0, rssConnected / 1024.0, rssLoggedIn / 1024.0, rssIdle / 1024.0, o.idle,
                    perConn, (unsigned long long)t.closedByServer);
        std::printf("summary: storm_%d connections_per_s=%.0f failures=%llu handshake_p99_ms=%.3f "
                    "rss_per_conn_kib=%.2f gen_cpu_pct=%.1f\n",
                    n, c.perSecond, (unsigned long long)(c.failed + c.timedOut), Report::ms(c.handshake.quantile(0.99)),
                    perConn, ownPct);
        std::fflush(stdout);
        if (ownPct > o.maxOwnCpu) {
            StepResult r;
            r.ownCpuPct = ownPct;
            Report::saturated(r);
            exitCode = ExitSaturated;
        }
        if (c.connected < c.wanted && exitCode == ExitOk)
            exitCode = ExitFailed;
        const int fdsBefore = server.valid() ? server.openFds() : 0;
        runner.closeAll();
        // Wait for the server to let go of the connections before the next count.
        for (int i = 0; i < 300 && server.valid() && server.openFds() > fdsBefore - int(c.connected) + 64; ++i)
            sleepSeconds(0.05);
    }
    return exitCode;
}

int runRooms(const Options &o)
{
    if (o.via == "say") {
        std::fprintf(stderr, "herald-loadgen: rooms sends to uids through the API: use --via text or --via http\n");
        return ExitUsage;
    }
    std::string error;
    if (!enoughDescriptors(uint64_t(o.clients), error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        return ExitFailed;
    }
    const long pid = serverPid(o.serverPid, o.port);
    Runner runner(o, Layout::build(o, o.clients, o.rooms), pid);
    Report::header(o, runner.layout(), targetName(o), pid);
    if (!setUp(runner, o))
        return ExitFailed;
    const uint64_t t0 = monotonicNs();
    if (o.bindUids && !runner.bindUids(error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        return ExitFailed;
    }
    std::printf("rooms: %zu uids bound through the %s in %.2f s\n", runner.layout().clients.size(),
                o.bindVia == "text" ? "text port" : "HTTP API", double(monotonicNs() - t0) / 1e9);
    if (!runner.startApiPublisher(error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        return ExitFailed;
    }
    runner.settle(200, 5);
    Report::stepHeader();
    std::vector<StepResult> steps;
    double best = 0, bestRate = 0;
    const std::vector<double> rates = stepRates(o);
    auto runOne = [&](int i, double rate) {
        StepResult r = runner.beginStep(i, rate, o.duration);
        runner.stopPublishing();
        runner.drain(i, i);
        runner.finishStep(r);
        Report::step(r);
        steps.push_back(r);
        return r;
    };
    for (size_t i = 0; i < rates.size() && int(i) < kMaxSteps - 1; ++i) {
        const StepResult r = runOne(int(i), rates[i]);
        if (!r.clean)
            break;
        if (r.deliveriesPerS > best) {
            best = r.deliveriesPerS;
            bestRate = r.rate;
        }
    }
    Report::summary("rooms", steps, o.maxP99Ms);
    int exitCode = steps.back().saturated ? ExitSaturated : ExitOk;
    if (exitCode == ExitSaturated)
        Report::saturated(steps.back());
    if (bestRate > 0) {
        const StepResult half = runOne(int(steps.size()), std::round(bestRate / 2));
        std::printf("rooms: at half the highest clean rate (%.0f sends/s, %.0f deliveries/s): p99 %.2f ms, lost %llu\n",
                    half.rate, half.deliveriesPerS, Report::ms(half.latency.quantile(0.99)), (unsigned long long)half.lost);
        std::printf("summary: rooms_half deliveries_per_s=%.0f p99_ms=%.3f lost=%llu\n", half.deliveriesPerS,
                    Report::ms(half.latency.quantile(0.99)), (unsigned long long)half.lost);
        if (half.saturated) {
            Report::saturated(half);
            exitCode = ExitSaturated;
        }
    }
    const RunTotals t = runner.totals();
    if (t.apiFailures)
        std::printf("warning: %llu API calls failed: %s\n", (unsigned long long)t.apiFailures, runner.firstError().c_str());
    return exitCode;
}

int runSlow(const Options &o)
{
    std::string error;
    if (!enoughDescriptors(uint64_t(o.clients) + uint64_t(o.churn * o.churnLifetime * 2), error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        return ExitFailed;
    }
    const long pid = serverPid(o.serverPid, o.port);
    Runner runner(o, Layout::build(o, o.clients, o.rooms), pid);
    Report::header(o, runner.layout(), targetName(o), pid);
    size_t slow = 0;
    for (const ClientSpec &c : runner.layout().clients)
        slow += c.slow;
    if (!setUp(runner, o))
        return ExitFailed;
    if (o.via != "say" && !runner.startApiPublisher(error)) {
        std::fprintf(stderr, "herald-loadgen: %s\n", error.c_str());
        return ExitFailed;
    }
    const double rate = o.rates.empty() ? o.rate : o.rates.front();
    const int seconds = std::max(1, std::min(kMaxSteps, int(std::lround(o.duration))));
    std::printf("slow: %zu of %zu clients stop reading; %.0f connects and disconnects a second (lifetime %.2f s); "
                "%.0f publishes/s for %d s, one row a second\n",
                slow, runner.layout().clients.size(), o.churn, o.churnLifetime, rate, seconds);
    std::fflush(stdout);
    runner.startChurn(o.churn, o.churnLifetime);
    std::vector<StepResult> steps;
    for (int i = 0; i < seconds; ++i)
        steps.push_back(runner.beginStep(i, rate, 1.0));
    runner.stopPublishing();
    runner.startChurn(0, o.churnLifetime);
    runner.drain(0, seconds - 1);
    Report::stepHeader();
    HistogramSnapshot all;
    double rssMax = 0;
    bool saturated = false;
    for (StepResult &r : steps) {
        runner.finishStep(r);
        Report::step(r);
        all.merge(r.latency);
        rssMax = std::max(rssMax, r.serverRssMiB);
        saturated = saturated || r.saturated;
    }
    const RunTotals t = runner.totals();
    std::printf("slow: healthy clients' p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms over the run; server RSS "
                "%.1f MiB first second, %.1f MiB last, %.1f MiB most; churn %llu opened, %llu closed; %llu healthy "
                "clients closed by the server\n",
                Report::ms(all.quantile(0.5)), Report::ms(all.quantile(0.99)), Report::ms(all.quantile(0.999)),
                Report::ms(all.max()), steps.front().serverRssMiB, steps.back().serverRssMiB, rssMax,
                (unsigned long long)t.churnOpened, (unsigned long long)t.churnClosed,
                (unsigned long long)t.closedByServer);
    Report::summary("slow", steps, o.maxP99Ms);
    if (saturated) {
        for (const StepResult &r : steps) {
            if (r.saturated) {
                Report::saturated(r);
                break;
            }
        }
        return ExitSaturated;
    }
    return ExitOk;
}

} // namespace Loadgen
