// What one idle, logged-in chat connection costs the server's heap: a gateway (two threads), the hub
// and the chat service in this process, 2,000 real loopback WebSocket clients that log into 20 rooms
// of 100 (the storm scenario's room size), and malloc's own count of the bytes in use (mallinfo2)
// before and after. Bytes, not time: the figure does not depend on the machine's load.
#include "auth/clientauth.h"
#include "chat/chatservice.h"
#include "gateway/gateway.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "util/metrics.h"

#include <QLoggingCategory>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Herald;

namespace {
constexpr int kClients = 2000;
constexpr int kRooms = 20;
// Issue 19's target is 2 KB of RSS per idle connection, and the RSS holds more than the heap's live
// bytes (docs/benchmarks.md): the heap's share must not pass the target itself (about 1,450 today).
constexpr double kMaxBytesPerConnection = 2048;

// Runs the event loop until `done` (checked every 10 ms) or the timeout; unlike QTest::qWaitFor it
// does not sleep between passes, so the hub's thread accepts the clients as fast as they come.
template<typename Predicate>
bool runUntil(Predicate done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        if (done())
            loop.quit();
    });
    poll.start(10);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

size_t heapInUse()
{
    const struct mallinfo2 info = mallinfo2(); // every arena: the gateway threads have their own
    return info.uordblks + info.hblkhd;
}

// The clients: plain blocking sockets in a thread of their own that allocates nothing on the heap, so
// that what the heap gains is the server's. Each connects, completes the handshake, sends its login
// (a masked text frame) and from then on only has its socket drained.
class Clients
{
public:
    explicit Clients(quint16 port) : m_port(port) { m_fds.reserve(kClients); }
    ~Clients()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        for (int fd : m_fds)
            ::close(fd);
    }

    void start() { m_thread = std::thread([this] { run(); }); }
    bool allLoggedIn() const { return m_loggedIn.load() == kClients; }
    const char *error() const { return m_error.load(); }

private:
    void run()
    {
        for (int i = 0; i < kClients && !m_stop; ++i) {
            const int fd = connectOne(i);
            if (fd < 0)
                return;
            m_fds.push_back(fd);
            ++m_loggedIn;
            if (i % 50 == 0)
                drain(); // the rooms' login broadcasts, so that no send buffer fills up on the server
        }
        while (!m_stop)
            drain(20);
    }

    int connectOne(int i)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            return fail(fd, "connect failed");
        static const char request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                      "Sec-WebSocket-Version: 13\r\n\r\n";
        if (!sendAll(fd, request, sizeof request - 1))
            return fail(fd, "handshake not sent");
        char answer[1024];
        size_t got = 0;
        while (got < sizeof answer - 1) { // the 101 and nothing after it: the client has not logged in yet
            const ssize_t n = ::recv(fd, answer + got, sizeof answer - 1 - got, 0);
            if (n <= 0)
                return fail(fd, "no handshake answer");
            got += size_t(n);
            answer[got] = 0;
            if (std::strstr(answer, "\r\n\r\n"))
                break;
        }
        if (std::strncmp(answer, "HTTP/1.1 101", 12) != 0)
            return fail(fd, "handshake refused");
        char login[128];
        const int length = std::snprintf(login, sizeof login, R"({"type":"login","client_name":"user%d","room_id":"room%d"})",
                                         i, i % kRooms);
        char frame[136] = {char(0x81), char(0x80 | length), 0, 0, 0, 0}; // masked with a zero key
        std::memcpy(frame + 6, login, size_t(length));
        if (!sendAll(fd, frame, size_t(length) + 6))
            return fail(fd, "login not sent");
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        return fd;
    }

    void drain(int waitMs = 0)
    {
        char buffer[16384];
        for (int fd : m_fds) {
            while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
            }
        }
        if (waitMs > 0)
            ::poll(nullptr, 0, waitMs);
    }

    static bool sendAll(int fd, const char *bytes, size_t size)
    {
        return ::send(fd, bytes, size, MSG_NOSIGNAL) == ssize_t(size);
    }

    int fail(int fd, const char *error)
    {
        if (fd >= 0)
            ::close(fd);
        m_error = error;
        return -1;
    }

    quint16 m_port;
    std::vector<int> m_fds;
    std::thread m_thread;
    std::atomic<int> m_loggedIn {0};
    std::atomic<bool> m_stop {false};
    std::atomic<const char *> m_error {nullptr};
};
} // namespace

class TestConnectionMemory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void idleLoggedInConnectionsStayUnderTheTarget();
};

void TestConnectionMemory::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("herald.*.info=false")); // a line per client otherwise
    rlimit files {};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &files) == 0);
    files.rlim_cur = files.rlim_max;
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &files) == 0);
    if (files.rlim_cur < rlim_t(2 * kClients + 200))
        QSKIP("the open-files limit is below what 2,000 clients and their server ends need");
}

void TestConnectionMemory::idleLoggedInConnectionsStayUnderTheTarget()
{
    Metrics metrics;
    Hub hub(metrics);
    ClientAuth auth(hub, metrics);
    ChatService chat(hub, metrics, auth);
    ClientIdGenerator ids(1, 1);
    Gateway gateway(hub, chat, ids, metrics, 2);
    GatewayLimits limits;
    limits.maxConnectionsPerIp = 0;
    gateway.setLimits(limits);
    QString error;
    QVERIFY2(gateway.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));

    const auto groupedClients = [&hub] {
        int grouped = 0;
        for (const QString &room : hub.groups())
            grouped += hub.groupSize(room);
        return grouped;
    };
    // Settled: the heap no longer moving over a few polls (the last writes and deletions done; the
    // threads' timers still come and go by a few bytes).
    constexpr size_t kNoise = 16 * 1024;
    size_t last = 0;
    int unchanged = 0;
    const auto settled = [&] {
        const size_t now = heapInUse();
        const size_t before = std::exchange(last, now);
        unchanged = (now > before ? now - before : before - now) < kNoise ? unchanged + 1 : 0;
        return unchanged >= 5;
    };

    Clients clients(gateway.port());
    QVERIFY(runUntil(settled, 5000));
    const size_t before = heapInUse();
    clients.start();
    QVERIFY2(runUntil([&] { return clients.allLoggedIn() || clients.error(); }, 60000),
             "the clients did not all connect in a minute");
    QVERIFY2(!clients.error(), clients.error());
    QVERIFY2(runUntil([&] { return groupedClients() == kClients; }, 30000), "not every client got into its room");
    unchanged = 0;
    QVERIFY(runUntil(settled, 10000));
    const size_t after = heapInUse();

    const double perConnection = double(after - before) / kClients;
    qInfo("heap per idle logged-in connection: %.0f bytes (%d clients in %d rooms; the limit is %.0f)",
          perConnection, kClients, kRooms, kMaxBytesPerConnection);
    QVERIFY2(perConnection <= kMaxBytesPerConnection,
             qPrintable(QStringLiteral("%1 bytes of heap per idle connection, over %2: see docs/benchmarks.md, "
                                       "\"Memory per idle connection\", for where they go")
                            .arg(perConnection, 0, 'f', 0)
                            .arg(kMaxBytesPerConnection)));
}

QTEST_GUILESS_MAIN(TestConnectionMemory)
#include "tst_connectionmemory.moc"
