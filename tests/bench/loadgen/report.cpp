#include "report.h"

#include "serverprobe.h"

#include <cstdio>

namespace Loadgen {

void Report::header(const Options &o, const Layout &layout, const std::string &target, long serverPid)
{
    std::printf("herald-loadgen %s against %s: %zu clients in %d rooms, via %s, %d-byte messages, %d thread(s) "
                "on %d core(s)%s; server pid %ld\n",
                o.command.c_str(), target.c_str(), layout.clients.size(), layout.rooms, o.via.c_str(), o.size,
                o.threads, ServerProbe::cores(),
                layout.sourceAddresses ? (", " + std::to_string(layout.sourceAddresses) + " source addresses").c_str() : "",
                serverPid);
    if (layout.perNode.size() > 1) {
        std::printf("nodes:");
        for (size_t i = 0; i < layout.perNode.size(); ++i)
            std::printf("%s %s %u clients", i ? "," : "", o.targetName(i).c_str(), layout.perNode[i]);
        std::printf(" (each room's members round-robin over them)\n");
    }
    std::fflush(stdout);
}

void Report::connect(const ConnectResult &r)
{
    std::printf("connect: %llu of %llu in %.3f s = %.0f connections/s, failures %llu, timed out %llu, "
                "handshake p50 %.2f ms p99 %.2f ms max %.2f ms\n",
                (unsigned long long)r.connected, (unsigned long long)r.wanted, r.seconds, r.perSecond,
                (unsigned long long)r.failed, (unsigned long long)r.timedOut, ms(r.handshake.quantile(0.5)),
                ms(r.handshake.quantile(0.99)), ms(r.handshake.max()));
    if (!r.firstError.empty())
        std::printf("connect: first error: %s\n", r.firstError.c_str());
    std::fflush(stdout);
}

void Report::stepHeader()
{
    std::printf("%4s %9s %12s %10s %10s %7s %8s %8s %8s %8s %7s %7s %8s %s\n", "step", "publish/s", "deliveries/s",
                "expected", "received", "lost", "p50_ms", "p99_ms", "p999_ms", "max_ms", "gen_cpu", "srv_cpu",
                "srv_MiB", "verdict");
}

void Report::step(const StepResult &r)
{
    std::printf("%4d %9.0f %12.0f %10llu %10llu %7llu %8.2f %8.2f %8.2f %8.2f %6.1f%% %6.1f%% %8.1f %s\n", r.step,
                r.rate, r.deliveriesPerS, (unsigned long long)r.expected, (unsigned long long)r.received,
                (unsigned long long)r.lost, ms(r.latency.quantile(0.5)), ms(r.latency.quantile(0.99)),
                ms(r.latency.quantile(0.999)), ms(r.latency.max()), r.ownCpuPct, r.serverCpuPct, r.serverRssMiB,
                r.saturated ? "generator saturated" : r.clean ? "clean" : r.lost || r.gaps ? "LOSS" : "p99 over");
    if (r.gaps || r.reordered || r.lagMaxMs > 5)
        std::printf("     step %d: sequence gaps %llu, reordered %llu, worst send lateness %.2f ms\n", r.step,
                    (unsigned long long)r.gaps, (unsigned long long)r.reordered, r.lagMaxMs);
    std::fflush(stdout);
}

void Report::redisPublishes(const StepResult &r, uint64_t publishes)
{
    std::printf("     step %d: Redis PUBLISH %llu for %llu room messages = %.3f per room message\n", r.step,
                (unsigned long long)publishes, (unsigned long long)r.published,
                r.published ? double(publishes) / double(r.published) : 0.0);
    std::fflush(stdout);
}

void Report::summary(const std::string &label, const std::vector<StepResult> &steps, double maxP99Ms)
{
    const StepResult *best = nullptr;
    uint64_t lost = 0;
    for (const StepResult &r : steps) {
        lost += r.lost;
        if (r.clean && (!best || r.deliveriesPerS > best->deliveriesPerS))
            best = &r;
    }
    if (best) {
        std::printf("%s: highest clean rate %.0f deliveries/s (%.0f publishes/s; p99 %.2f ms <= %.0f ms, nothing "
                    "lost), generator cpu %.1f%%, server cpu %.1f%%\n",
                    label.c_str(), best->deliveriesPerS, best->rate, ms(best->latency.quantile(0.99)), maxP99Ms,
                    best->ownCpuPct, best->serverCpuPct);
    } else {
        std::printf("%s: no clean step (p99 <= %.0f ms and nothing lost)\n", label.c_str(), maxP99Ms);
    }
    const StepResult &last = steps.back();
    std::printf("summary: %s deliveries_per_s=%.0f best_clean_deliveries_per_s=%.0f lost=%llu p50_ms=%.3f "
                "p99_ms=%.3f p999_ms=%.3f max_ms=%.3f gen_cpu_pct=%.1f server_cpu_pct=%.1f server_rss_mib=%.1f\n",
                label.c_str(), last.deliveriesPerS, best ? best->deliveriesPerS : 0.0, (unsigned long long)lost,
                ms(last.latency.quantile(0.5)), ms(last.latency.quantile(0.99)), ms(last.latency.quantile(0.999)),
                ms(last.latency.max()), last.ownCpuPct, last.serverCpuPct, last.serverRssMiB);
    std::fflush(stdout);
}

void Report::saturated(const StepResult &r)
{
    std::printf("generator saturated: measures the generator, not the server (own cpu %.1f%% of its cores in "
                "step %d; use --threads, fewer clients or a lower rate)\n",
                r.ownCpuPct, r.step);
    std::fflush(stdout);
}

void Report::line(const std::string &text)
{
    std::printf("%s\n", text.c_str());
    std::fflush(stdout);
}

} // namespace Loadgen
