#pragma once

namespace Loadgen {

struct Options;

// Exit codes of herald-loadgen.
enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitSaturated = 3 };

// The named scenarios; each prints its figures and returns an exit code.
int runStorm(const Options &o);
int runFanout(const Options &o);
int runRooms(const Options &o);
int runSlow(const Options &o);
int runPeer(const Options &o);

} // namespace Loadgen
