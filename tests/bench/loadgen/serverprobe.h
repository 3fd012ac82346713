#pragma once

#include <cstdint>
#include <string>

namespace Loadgen {

// The measured server's resident memory and CPU time from /proc (Linux), and this process's own CPU.
class ServerProbe
{
public:
    explicit ServerProbe(long pid) : m_pid(pid) {}
    // The process that listens on the TCP port (from /proc/net/tcp{,6} and /proc/*/fd), or 0.
    static long findByPort(int port);

    long pid() const { return m_pid; }
    bool valid() const;
    uint64_t rssKiB() const;     // VmRSS
    double cpuSeconds() const;   // utime + stime
    int openFds() const;         // entries of /proc/PID/fd (its connections and a few files)
    static double ownCpuSeconds(); // getrusage(RUSAGE_SELF), every thread
    static int cores();

private:
    long m_pid = 0;
};

} // namespace Loadgen
