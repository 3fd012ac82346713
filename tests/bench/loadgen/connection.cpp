#include "connection.h"

#include "clientpool.h"
#include "clock.h"
#include "handshake.h"
#include "options.h"
#include "payload.h"
#include "tlsclient.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>

namespace Loadgen {

namespace {

bool contains(const char *data, size_t size, const char *needle)
{
    return memmem(data, size, needle, std::strlen(needle)) != nullptr;
}

} // namespace

Connection::Connection(ClientPool &pool, const ClientSpec &spec)
    : m_pool(pool), m_spec(spec), m_lastSeq(pool.layout().slots(), 0)
{
}

Connection::~Connection()
{
    close();
}

bool Connection::start()
{
    const Options &o = m_pool.options();
    m_connectStartNs = monotonicNs();
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(std::string("socket(): ") + std::strerror(errno) + (errno == EMFILE ? " (raise ulimit -n)" : ""));
        return false;
    }
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (m_spec.sourceAddr) {
        // Several source addresses so that 50,000 connections do not run out of ephemeral ports; the
        // port is picked at connect() time for the whole 4-tuple.
        setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in src{};
        src.sin_family = AF_INET;
        src.sin_addr.s_addr = htonl(m_spec.sourceAddr);
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&src), sizeof src) != 0) {
            fail(std::string("bind() to a 127.0.0.x source address: ") + std::strerror(errno));
            return false;
        }
    }
    const sockaddr_in &target = o.targets.at(m_spec.node);
    const int r = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&target), sizeof target);
    if (r != 0 && errno != EINPROGRESS) {
        fail(std::string("connect(): ") + std::strerror(errno));
        return false;
    }
    m_state = State::Connecting;
    epoll_event ev{};
    ev.events = EPOLLOUT | EPOLLIN;
    ev.data.ptr = static_cast<EpollHandler *>(this);
    m_events = ev.events;
    if (epoll_ctl(m_pool.epollFd(), EPOLL_CTL_ADD, m_fd, &ev) != 0) {
        fail(std::string("epoll_ctl(): ") + std::strerror(errno));
        return false;
    }
    return true;
}

void Connection::setEvents(uint32_t events)
{
    if (events == m_events || m_fd < 0)
        return;
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = static_cast<EpollHandler *>(this);
    epoll_ctl(m_pool.epollFd(), EPOLL_CTL_MOD, m_fd, &ev);
    m_events = events;
}

void Connection::onEvents(uint32_t events)
{
    if (m_state == State::Connecting) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onConnected();
        return;
    }
    if (m_state == State::TlsHandshaking) {
        continueTls();
        return;
    }
    if (events & EPOLLOUT)
        onWritable();
    if (m_state != State::Closed && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        onReadable();
}

void Connection::onConnected()
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        fail(std::string("connect: ") + std::strerror(err));
        return;
    }
    if (m_pool.tls().enabled()) {
        m_ssl = m_pool.tls().newSession(m_fd, m_pool.options().host);
        if (!m_ssl) {
            fail("TLS: " + TlsClient::lastError(nullptr));
            return;
        }
        m_state = State::TlsHandshaking;
        continueTls();
        return;
    }
    sendUpgrade();
}

void Connection::continueTls()
{
    const int r = SSL_do_handshake(m_ssl);
    if (r == 1) {
        sendUpgrade();
        return;
    }
    switch (SSL_get_error(m_ssl, r)) {
    case SSL_ERROR_WANT_READ:
        setEvents(EPOLLIN);
        break;
    case SSL_ERROR_WANT_WRITE:
        setEvents(EPOLLIN | EPOLLOUT);
        break;
    default:
        fail("TLS handshake: " + TlsClient::lastError(m_ssl));
    }
}

void Connection::sendUpgrade()
{
    const Options &o = m_pool.options();
    const std::string key = Handshake::makeKey();
    m_accept = Handshake::expectedAccept(key);
    m_state = State::Handshaking;
    setEvents(EPOLLIN);
    const std::string req = Handshake::request(o.host, ntohs(o.targets.at(m_spec.node).sin_port), o.path, key);
    writeRaw(req.data(), req.size());
}

void Connection::onReadable()
{
    if (!m_reading)
        return;
    for (int round = 0; round < 16 && m_state != State::Closed && m_reading; ++round) {
        std::vector<char> &buf = m_pool.readBuffer();
        if (buf.size() < m_in.size() + 65536)
            m_pool.ensureReadBuffer(m_in.size() * 2 + 65536);
        const size_t have = m_in.size();
        if (have)
            std::memcpy(buf.data(), m_in.data(), have);
        const size_t room = buf.size() - have;
        const ssize_t n = readSome(buf.data() + have, room);
        if (n == 0) {
            closedByServer();
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                closedByServer();
            return;
        }
        const uint64_t now = monotonicNs();
        bump(m_pool.stats().bytesIn, uint64_t(n));
        const size_t total = have + size_t(n);
        size_t used = 0;
        if (m_state == State::Handshaking)
            used = handleHandshake(buf.data(), total);
        if (m_state == State::Open)
            used += handleFrames(buf.data() + used, total - used, now);
        if (m_state == State::Closed)
            return;
        m_in.assign(buf.data() + used, total - used);
        if (size_t(n) < room && !m_ssl)
            return; // the socket is drained (SSL_read gives one record at a time: read on until it wants more)
    }
}

size_t Connection::handleHandshake(char *data, size_t size)
{
    const Handshake::Answer a = Handshake::parseAnswer(data, size, m_accept);
    if (a.status == Handshake::Answer::NeedMore)
        return 0;
    if (a.status == Handshake::Answer::Refused) {
        fail("handshake: " + a.error);
        return 0;
    }
    m_state = State::Open;
    ThreadStats &s = m_pool.stats();
    const uint64_t now = monotonicNs();
    s.handshake.record(now - m_connectStartNs);
    bump(s.connected);
    s.lastConnectDoneNs.store(now, std::memory_order_relaxed);
    m_pool.onConnectDone(this);
    if (m_autoLogin)
        login();
    return a.headerSize;
}

size_t Connection::handleFrames(char *data, size_t size, uint64_t nowNs)
{
    size_t used = 0;
    while (used < size && m_state == State::Open) {
        const DecodeResult r = decodeServerFrame(data + used, size - used);
        if (r.status == DecodeResult::NeedMore) {
            if (r.needed > m_pool.readBuffer().size() / 2)
                m_pool.ensureReadBuffer(r.needed * 2 + 65536);
            break;
        }
        if (r.status == DecodeResult::Error) {
            bump(m_pool.stats().protocolErrors);
            m_pool.noteError(std::string("protocol error from the server: ") + r.error);
            closedByServer();
            return used;
        }
        used += r.consumed;
        const Frame &f = r.frame;
        switch (f.opcode) {
        case Opcode::Text:
        case Opcode::Binary:
            if (f.fin && m_fragments.empty())
                handleMessage(f.payload, f.size, nowNs);
            else
                m_fragments.assign(f.payload, f.size);
            break;
        case Opcode::Continuation:
            m_fragments.append(f.payload, f.size);
            if (f.fin) {
                handleMessage(m_fragments.data(), m_fragments.size(), nowNs);
                m_fragments.clear();
            }
            break;
        case Opcode::Ping:
            sendFrame(Opcode::Pong, f.payload, f.size);
            break;
        case Opcode::Pong:
            break;
        case Opcode::Close:
            sendFrame(Opcode::Close, f.payload, f.size < 2 ? 0 : 2);
            closedByServer();
            return used;
        }
    }
    return used;
}

void Connection::handleMessage(const char *data, size_t size, uint64_t nowNs)
{
    ThreadStats &s = m_pool.stats();
    bump(s.framesIn);
    Stamp st;
    if (findStamp(data, size, st)) {
        if (st.step >= uint32_t(kMaxSteps))
            return;
        StepCounters &c = s.steps[st.step];
        bump(c.received);
        c.latency.record(nowNs > st.sentNs ? nowNs - st.sentNs : 0);
        if (st.slot < m_lastSeq.size()) {
            uint32_t &last = m_lastSeq[st.slot];
            if (st.seq > last + 1)
                bump(c.gaps, st.seq - last - 1);
            else if (st.seq <= last)
                bump(c.reordered);
            if (st.seq > last)
                last = st.seq;
        }
        return;
    }
    if (size < 40 && contains(data, size, "\"ping\"")) {
        static const char pong[] = "{\"type\":\"pong\"}";
        sendFrame(Opcode::Text, pong, sizeof pong - 1);
        bump(s.pings);
        return;
    }
    if (!m_loggedIn && contains(data, size, "\"client_list\"")) {
        m_loggedIn = true;
        m_loggedInNs = nowNs;
        m_clientId = jsonString(data, size, "client_id");
        bump(s.loggedIn);
        if (m_spec.slow) { // a slow consumer: never reads again
            m_reading = false;
            epoll_ctl(m_pool.epollFd(), EPOLL_CTL_DEL, m_fd, nullptr);
            m_events = 0;
        }
        return;
    }
    if (contains(data, size, "\"type\":\"error\"")) {
        bump(s.serverErrors);
        m_pool.noteError("server error message: " + std::string(data, std::min<size_t>(size, 200)));
    }
}

void Connection::login()
{
    if (m_state != State::Open)
        return;
    const std::string room = m_spec.churn ? std::string(Layout::churnRoom()) : Layout::roomName(m_spec.room);
    const std::string msg = "{\"type\":\"login\",\"client_name\":\"" + Layout::clientName(m_spec.index) +
                            "\",\"room_id\":\"" + room + "\"}";
    sendFrame(Opcode::Text, msg.data(), msg.size());
}

void Connection::say(uint32_t step, uint64_t dueNs, uint64_t nowNs)
{
    if (m_state != State::Open || !m_loggedIn)
        return;
    static const char head[] = "{\"type\":\"say\",\"to_client_id\":\"all\",\"content\":\"";
    static const char tail[] = "\"}";
    char body[sizeof head + sizeof tail + 65536];
    std::memcpy(body, head, sizeof head - 1);
    size_t n = sizeof head - 1;
    Stamp st;
    st.step = step;
    st.slot = uint32_t(m_spec.slot);
    st.seq = ++m_seq;
    st.sentNs = dueNs;
    n += writeStamp(body + n, size_t(m_pool.options().size), st);
    std::memcpy(body + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    sendFrame(Opcode::Text, body, n);
    StepCounters &c = m_pool.stats().steps[step];
    bump(c.published);
    bump(c.expected, m_pool.layout().healthyPerRoom[m_spec.room]);
    if (nowNs > dueNs && nowNs - dueNs > c.publishLagMaxNs.load(std::memory_order_relaxed))
        c.publishLagMaxNs.store(nowNs - dueNs, std::memory_order_relaxed);
}

void Connection::sendFrame(Opcode opcode, const char *data, size_t size)
{
    std::string &out = m_pool.scratch();
    out.clear();
    encodeClientFrame(out, opcode, data, size, m_pool.nextMask());
    writeRaw(out.data(), out.size());
}

void Connection::writeRaw(const char *data, size_t size)
{
    if (m_fd < 0 || m_state == State::Closed)
        return;
    if (!m_out.empty()) {
        m_out.append(data, size);
        return;
    }
    ssize_t n = writeSome(data, size);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return; // the read side will see the close
        n = 0;
    }
    if (size_t(n) < size) {
        m_out.assign(data + n, size - size_t(n));
        if (m_reading)
            setEvents(EPOLLIN | EPOLLOUT);
    }
}

bool sendPending(int fd, std::string &out)
{
    while (!out.empty()) {
        const ssize_t n = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        out.erase(0, size_t(n));
    }
    return true;
}

ssize_t Connection::readSome(char *data, size_t size)
{
    if (!m_ssl)
        return ::recv(m_fd, data, size, 0);
    const int n = SSL_read(m_ssl, data, int(std::min<size_t>(size, 1 << 30)));
    if (n > 0)
        return n;
    switch (SSL_get_error(m_ssl, n)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN: // close_notify
        return 0;
    default:
        errno = ECONNRESET;
        return -1;
    }
}

ssize_t Connection::writeSome(const char *data, size_t size)
{
    if (!m_ssl)
        return ::send(m_fd, data, size, MSG_NOSIGNAL);
    const int n = SSL_write(m_ssl, data, int(std::min<size_t>(size, 1 << 30)));
    if (n > 0)
        return n;
    const int error = SSL_get_error(m_ssl, n);
    errno = error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ ? EAGAIN : EPIPE;
    return -1;
}

bool Connection::flush()
{
    while (!m_out.empty()) {
        const ssize_t n = writeSome(m_out.data(), m_out.size());
        if (n <= 0)
            return false;
        m_out.erase(0, size_t(n));
    }
    return true;
}

void Connection::onWritable()
{
    if (flush())
        setEvents(EPOLLIN);
}

void Connection::fail(const std::string &why)
{
    const bool counted = m_state == State::Idle || m_state == State::Connecting ||
                         m_state == State::TlsHandshaking || m_state == State::Handshaking;
    close();
    if (counted) {
        bump(m_pool.stats().connectFailed);
        m_pool.noteError(why);
        m_pool.onConnectDone(this);
    }
}

void Connection::closedByServer()
{
    if (m_state != State::Open) {
        fail("the server closed the connection during the handshake");
        return;
    }
    bump(m_pool.stats().closedByServer);
    close();
}

void Connection::close()
{
    SSL_free(m_ssl); // abrupt, like the plain close: no close_notify
    m_ssl = nullptr;
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_state = State::Closed;
}

} // namespace Loadgen
