#pragma once

#include <cstdint>
#include <string>

namespace Loadgen {

// Counts what a cluster's Redis carried: `INFO commandstats` on a short blocking loopback connection,
// the calls of PUBLISH so far. Read before and after a step, it gives Redis messages per room message.
class RedisProbe
{
public:
    explicit RedisProbe(int port) : m_port(port) {}
    bool valid() const { return m_port > 0; }
    // PUBLISH calls so far (0 when there were none yet); false with error when Redis did not answer.
    bool publishCalls(uint64_t &calls, std::string &error) const;
    // The calls of one command in an INFO commandstats answer ("cmdstat_publish:calls=12,..."), 0 if absent.
    static uint64_t callsIn(const std::string &info, const std::string &command);

private:
    int m_port = 0;
};

} // namespace Loadgen
