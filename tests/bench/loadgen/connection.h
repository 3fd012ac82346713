#pragma once

#include "framecodec.h"
#include "layout.h"

#include <cstdint>
#include <string>
#include <vector>

typedef struct ssl_st SSL;

namespace Loadgen {

class ClientPool;

// Sends as much of `out` as the kernel takes now and drops what went; true when nothing is left.
bool sendPending(int fd, std::string &out);

// Something registered in a pool's epoll set.
class EpollHandler
{
public:
    virtual ~EpollHandler() = default;
    virtual void onEvents(uint32_t events) = 0;
};

// One WebSocket client: non-blocking connect (from its source address), with --tls a TLS handshake
// (OpenSSL on the same non-blocking descriptor, its wants waited for in the pool's epoll set), the Upgrade handshake, then
// frames in (batched: every complete frame of a read is handled before the next read) and masked
// frames out. It answers pings, logs in on request, records stamped deliveries into its pool's stats.
class Connection final : public EpollHandler
{
public:
    enum class State { Idle, Connecting, TlsHandshaking, Handshaking, Open, Closed };

    Connection(ClientPool &pool, const ClientSpec &spec);
    ~Connection() override;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool start();                 // socket(), bind(), connect(); false (counted as failed) at once
    void onEvents(uint32_t events) override;
    void login();
    void say(uint32_t step, uint64_t dueNs, uint64_t nowNs); // one stamped say to the room
    void close();                 // abrupt: the server sees the peer go away

    State state() const { return m_state; }
    bool loggedIn() const { return m_loggedIn; }
    const std::string &clientId() const { return m_clientId; }
    const ClientSpec &spec() const { return m_spec; }
    uint64_t loggedInNs() const { return m_loggedInNs; }
    void setAutoLogin(bool on) { m_autoLogin = on; }

private:
    void onConnected();
    void continueTls();
    void sendUpgrade();
    ssize_t readSome(char *data, size_t size);        // recv() or SSL_read(), with recv()'s results
    ssize_t writeSome(const char *data, size_t size); // send() or SSL_write(), with send()'s results
    bool flush();                                     // writes m_out; true when it is empty
    void onReadable();
    void onWritable();
    size_t handleHandshake(char *data, size_t size);
    size_t handleFrames(char *data, size_t size, uint64_t nowNs);
    void handleMessage(const char *data, size_t size, uint64_t nowNs);
    void sendFrame(Opcode opcode, const char *data, size_t size);
    void writeRaw(const char *data, size_t size);
    void fail(const std::string &why);
    void closedByServer();
    void setEvents(uint32_t events);

    ClientPool &m_pool;
    ClientSpec m_spec;
    int m_fd = -1;
    SSL *m_ssl = nullptr;             // --tls: the session on m_fd
    State m_state = State::Idle;
    bool m_loggedIn = false;
    bool m_autoLogin = false;
    bool m_reading = true;
    uint32_t m_events = 0;
    uint32_t m_mask = 0;
    uint32_t m_seq = 0;               // as a publisher
    uint64_t m_connectStartNs = 0;
    uint64_t m_loggedInNs = 0;
    std::string m_accept;             // expected Sec-WebSocket-Accept
    std::string m_in;                 // an incomplete frame left from the last read
    std::string m_out;                // bytes the socket did not take yet
    std::string m_fragments;          // a fragmented message being assembled
    std::string m_clientId;
    std::vector<uint32_t> m_lastSeq;  // per sequence slot of the room
};

} // namespace Loadgen
