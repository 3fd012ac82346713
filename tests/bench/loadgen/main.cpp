// herald-loadgen: a WebSocket load generator for servers that speak the workerman-chat protocol
// (docs/loadgen.md). Named scenarios (storm, fanout, rooms, slow, peer) print their figures; exit code
// 0 when the run is valid, 1 when it could not run (nothing listening, connections refused), 2 for a
// bad command line, 3 when the generator itself was saturated (the figures measure it, not the server).
#include "options.h"
#include "scenarios.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>

int main(int argc, char **argv)
{
    using namespace Loadgen;
    std::signal(SIGPIPE, SIG_IGN);
    Options options;
    std::string error;
    if (!parseOptions(argc, argv, options, error)) {
        if (error == "help") {
            std::fputs(usage(), stdout);
            return ExitOk;
        }
        std::fprintf(stderr, "herald-loadgen: %s\n%s", error.c_str(), usage());
        return ExitUsage;
    }
    // As many descriptors as the hard limit allows.
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    if (options.command == "storm")
        return runStorm(options);
    if (options.command == "fanout")
        return runFanout(options);
    if (options.command == "rooms")
        return runRooms(options);
    if (options.command == "slow")
        return runSlow(options);
    return runPeer(options);
}
