#include "apipublisher.h"

#include "clientpool.h"
#include "clock.h"
#include "connection.h"
#include "options.h"
#include "payload.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <strings.h>

namespace Loadgen {

// One TCP connection to the API or the text port.
class ApiPublisher::Link final : public EpollHandler
{
public:
    Link(ApiPublisher &owner, Mode mode) : m_owner(owner), m_mode(mode) {}
    ~Link() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool open(int port, std::string &error)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr = m_owner.m_pool.options().target;
        addr.sin_port = htons(uint16_t(port));
        if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            error = std::string(m_mode == Mode::Http ? "HTTP API" : "text port") + " at port " +
                    std::to_string(port) + ": " + std::strerror(errno);
            return false;
        }
        const int one = 1;
        setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(m_fd, F_SETFL, O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = static_cast<EpollHandler *>(this);
        epoll_ctl(m_owner.m_pool.epollFd(), EPOLL_CTL_ADD, m_fd, &ev);
        return true;
    }

    size_t waiting() const { return m_inFlight + m_queuedSizes.size() - m_queuedHead; }

    // A whole request (HTTP) or line (text).
    void send(const char *data, size_t size)
    {
        if (m_mode == Mode::Http && m_inFlight) {
            m_queued.append(data, size);
            m_queuedSizes.push_back(uint32_t(size));
            return;
        }
        ++m_inFlight;
        write(data, size);
    }

    void onEvents(uint32_t events) override
    {
        if (events & EPOLLOUT)
            flush();
        if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            readAll();
    }

private:
    void write(const char *data, size_t size)
    {
        if (m_fd < 0)
            return;
        if (!m_out.empty()) {
            m_out.append(data, size);
            return;
        }
        ssize_t n = ::send(m_fd, data, size, MSG_NOSIGNAL);
        if (n < 0)
            n = 0;
        if (size_t(n) < size) {
            m_out.assign(data + n, size - size_t(n));
            setEvents(EPOLLIN | EPOLLOUT);
        }
    }

    void flush()
    {
        if (sendPending(m_fd, m_out))
            setEvents(EPOLLIN);
    }

    void setEvents(uint32_t events)
    {
        epoll_event ev{};
        ev.events = events;
        ev.data.ptr = static_cast<EpollHandler *>(this);
        epoll_ctl(m_owner.m_pool.epollFd(), EPOLL_CTL_MOD, m_fd, &ev);
    }

    void readAll()
    {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                ::close(m_fd);
                m_fd = -1;
                m_owner.onBroken("the server closed an API connection");
                return;
            }
            if (n < 0)
                break;
            m_in.append(buf, size_t(n));
            if (size_t(n) < sizeof buf)
                break;
        }
        m_mode == Mode::Text ? parseLines() : parseResponses();
    }

    void parseLines()
    {
        size_t pos = 0;
        for (;;) {
            const size_t eol = m_in.find('\n', pos);
            if (eol == std::string::npos)
                break;
            const char *line = m_in.data() + pos;
            const size_t len = eol - pos;
            --m_inFlight;
            m_owner.onAnswer(memmem(line, len, "\"ok\":true", 9) != nullptr, line, len);
            pos = eol + 1;
        }
        m_in.erase(0, pos);
    }

    void parseResponses()
    {
        for (;;) {
            const size_t headEnd = m_in.find("\r\n\r\n");
            if (headEnd == std::string::npos)
                return;
            size_t length = 0;
            for (size_t p = m_in.find("\r\n"); p < headEnd; p = m_in.find("\r\n", p + 2)) {
                if (strncasecmp(m_in.data() + p + 2, "content-length:", 15) == 0)
                    length = size_t(std::strtoul(m_in.data() + p + 17, nullptr, 10));
            }
            if (m_in.size() < headEnd + 4 + length)
                return;
            const bool ok = m_in.compare(0, 12, "HTTP/1.1 200") == 0;
            --m_inFlight;
            m_owner.onAnswer(ok, m_in.data() + headEnd + 4, length);
            m_in.erase(0, headEnd + 4 + length);
            if (m_queuedHead < m_queuedSizes.size()) {
                const uint32_t size = m_queuedSizes[m_queuedHead++];
                ++m_inFlight;
                write(m_queued.data() + m_queuedOffset, size);
                m_queuedOffset += size;
                if (m_queuedHead == m_queuedSizes.size()) {
                    m_queued.clear();
                    m_queuedSizes.clear();
                    m_queuedHead = 0;
                    m_queuedOffset = 0;
                }
            }
        }
    }

    ApiPublisher &m_owner;
    const Mode m_mode;
    int m_fd = -1;
    size_t m_inFlight = 0;
    std::string m_in, m_out;
    std::string m_queued;                  // HTTP requests waiting for their connection
    std::vector<uint32_t> m_queuedSizes;
    size_t m_queuedHead = 0, m_queuedOffset = 0;
};

ApiPublisher::ApiPublisher(ClientPool &pool, Mode mode, int port, int connections)
    : m_pool(pool), m_mode(mode), m_port(port)
{
    for (int i = 0; i < connections; ++i)
        m_links.push_back(std::make_unique<Link>(*this, mode));
    m_roomSeq.assign(size_t(pool.layout().rooms), 0);
    m_uidSeq.assign(pool.layout().clients.size(), 0);
    m_body.reserve(size_t(pool.options().size) + 1024);
}

ApiPublisher::~ApiPublisher() = default;

bool ApiPublisher::start(std::string &error)
{
    for (auto &link : m_links) {
        if (!link->open(m_port, error))
            return false;
        if (m_mode == Mode::Text) {
            const std::string auth = "{\"cmd\":\"auth\",\"key\":\"" + m_pool.options().apiKey + "\"}\n";
            m_sent.fetch_add(1, std::memory_order_relaxed);
            link->send(auth.data(), auth.size());
        }
    }
    return true;
}

void ApiPublisher::command(const char *name, const std::string &args)
{
    const Options &o = m_pool.options();
    std::string &b = m_body;
    b.clear();
    if (m_mode == Mode::Text) {
        b += "{\"cmd\":\"";
        b += name;
        b += "\",";
        b += args;
        b += "}\n";
    } else {
        const size_t bodySize = args.size() + 2;
        b += "POST /api/";
        b += name;
        b += " HTTP/1.1\r\nHost: ";
        b += o.host;
        b += "\r\nAuthorization: Bearer ";
        b += o.apiKey;
        b += "\r\nContent-Type: application/json\r\nContent-Length: ";
        b += std::to_string(bodySize);
        b += "\r\n\r\n{";
        b += args;
        b += "}";
    }
    // The link with the least waiting (HTTP: one in flight each), round-robin among equals.
    Link *best = nullptr;
    for (size_t i = 0; i < m_links.size(); ++i) {
        Link *l = m_links[(m_cursor + i) % m_links.size()].get();
        if (!best || l->waiting() < best->waiting())
            best = l;
    }
    ++m_cursor;
    m_sent.fetch_add(1, std::memory_order_relaxed);
    best->send(b.data(), b.size());
}

void ApiPublisher::publish(uint32_t step, uint64_t dueNs, uint64_t nowNs)
{
    const Layout &layout = m_pool.layout();
    const double share = m_pool.options().uidShare;
    const uint64_t k = m_publishes++;
    const bool toUid = share > 0 && std::floor(double(k + 1) * share) > std::floor(double(k) * share);
    Stamp st;
    st.step = step;
    st.sentNs = dueNs;
    char stamp[65600];
    std::string &args = m_args; // reused: no allocation per message
    args.clear();
    uint64_t expected = 0;
    if (toUid) {
        uint32_t c = m_uidCursor++ % uint32_t(layout.clients.size());
        for (size_t tries = 0; layout.clients[c].slow && tries < layout.clients.size(); ++tries)
            c = m_uidCursor++ % uint32_t(layout.clients.size());
        st.slot = layout.uidSlot();
        st.seq = ++m_uidSeq[c];
        const size_t n = writeStamp(stamp, size_t(m_pool.options().size), st);
        args += "\"uid\":\"";
        args += Layout::uidOf(c);
        args += "\",\"message\":\"";
        args.append(stamp, n);
        args += "\"";
        expected = 1;
        command("sendToUid", args);
    } else {
        const uint32_t r = m_roomCursor++ % uint32_t(layout.rooms);
        st.slot = 0;
        st.seq = ++m_roomSeq[r];
        const size_t n = writeStamp(stamp, size_t(m_pool.options().size), st);
        args += "\"group\":\"";
        args += Layout::roomName(r);
        args += "\",\"message\":\"";
        args.append(stamp, n);
        args += "\"";
        expected = layout.healthyPerRoom[r];
        command("sendToGroup", args);
    }
    StepCounters &c = m_pool.stats().steps[step];
    bump(c.published);
    bump(c.expected, expected);
    if (nowNs > dueNs && nowNs - dueNs > c.publishLagMaxNs.load(std::memory_order_relaxed))
        c.publishLagMaxNs.store(nowNs - dueNs, std::memory_order_relaxed);
}

void ApiPublisher::onAnswer(bool ok, const char *body, size_t size)
{
    m_answered.fetch_add(1, std::memory_order_relaxed);
    bump(m_pool.stats().apiReplies);
    if (!ok) {
        bump(m_pool.stats().apiFailures);
        m_pool.noteError("API answer: " + std::string(body, std::min<size_t>(size, 200)));
    }
}

void ApiPublisher::onBroken(const std::string &why)
{
    m_broken = true;
    m_pool.noteError(why);
}

} // namespace Loadgen
