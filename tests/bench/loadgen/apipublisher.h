#pragma once

#include "connection.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace Loadgen {

class ClientPool;

// Herald's backend API as a publisher (and for bindUid): newline-delimited JSON on the text port,
// pipelined; or HTTP/1.1 keep-alive POST /api/<command>, one request in flight per connection with the
// rest queued (so a slow server shows as latency, not as a slower schedule). Lives in one pool's epoll.
class ApiPublisher final
{
public:
    enum class Mode { Http, Text };

    ApiPublisher(ClientPool &pool, Mode mode, int port, int connections);
    ~ApiPublisher();

    // Connects (and authenticates, on the text port); call in the pool's thread.
    bool start(std::string &error);
    // One stamped send: to a room (sendToGroup) or, for --uid-share of them, to a uid (sendToUid).
    void publish(uint32_t step, uint64_t dueNs, uint64_t nowNs);
    // Any command with its JSON arguments (an object's members without the braces).
    void command(const char *name, const std::string &args);

    uint64_t sent() const { return m_sent.load(std::memory_order_relaxed); }
    uint64_t answered() const { return m_answered.load(std::memory_order_relaxed); }
    bool broken() const { return m_broken.load(std::memory_order_relaxed); }

private:
    class Link;
    void onAnswer(bool ok, const char *body, size_t size);
    void onBroken(const std::string &why);

    ClientPool &m_pool;
    const Mode m_mode;
    const int m_port;
    std::vector<std::unique_ptr<Link>> m_links;
    size_t m_cursor = 0;
    uint64_t m_publishes = 0;
    std::vector<uint32_t> m_roomSeq, m_uidSeq;
    uint32_t m_roomCursor = 0, m_uidCursor = 0;
    std::string m_body, m_args;
    std::atomic<uint64_t> m_sent{0}, m_answered{0};
    std::atomic<bool> m_broken{false};
};

} // namespace Loadgen
