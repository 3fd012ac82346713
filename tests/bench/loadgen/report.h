#pragma once

#include "runner.h"

#include <string>
#include <vector>

namespace Loadgen {

// Prints what a run measured: one table row per step, then "key=value" summary lines that scripts and
// the smoke test read.
class Report
{
public:
    static void header(const Options &o, const Layout &layout, const std::string &target, long serverPid);
    static void connect(const ConnectResult &r);
    static void stepHeader();
    static void step(const StepResult &r);
    static void redisPublishes(const StepResult &r, uint64_t publishes);
    static void summary(const std::string &label, const std::vector<StepResult> &steps, double maxP99Ms);
    static void saturated(const StepResult &r);
    static void line(const std::string &text);
    static double ms(uint64_t ns) { return double(ns) / 1e6; }
};

} // namespace Loadgen
