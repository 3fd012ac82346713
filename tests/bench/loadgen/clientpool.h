#pragma once

#include "connection.h"
#include "stats.h"
#include "tlsclient.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Loadgen {

struct Options;
class ApiPublisher;

// What the coordinator asks of every thread for the current step; changed by bumping generation.
struct StepControl {
    std::atomic<uint64_t> generation{0};
    std::atomic<int> step{0};
    std::atomic<double> rate{0};          // publishes per second, all threads together
    std::atomic<uint64_t> startNs{0};
    std::atomic<uint64_t> endNs{0};
    std::atomic<bool> publishing{false};
};

// One thread's share of the clients and its own epoll loop: the connections, a timerfd armed for the
// next publish due (the open-loop schedule) and the churn, and an eventfd through which the coordinator
// posts commands. Publishes are due at start + k / rate whatever the server does (open loop); each
// message carries its due time, so a late send shows as latency instead of hiding it.
class ClientPool final
{
public:
    ClientPool(int id, const Options &options, const Layout &layout, StepControl &control,
               int totalPublishers, std::vector<uint32_t> clientIndexes);
    ~ClientPool();
    ClientPool(const ClientPool &) = delete;
    ClientPool &operator=(const ClientPool &) = delete;

    bool startThread(std::string &error);
    void stopThread();
    // Runs f in this pool's thread (soon, not now).
    void post(std::function<void()> f);
    // Runs f in this pool's thread and waits for it.
    void call(const std::function<void()> &f);

    // Commands (call from the pool's thread through post()):
    void connectAll(int concurrency);     // opens every client, at most `concurrency` in flight
    void loginAll();
    void closeAll();
    void setApiPublisher(ApiPublisher *publisher) { m_api = publisher; }
    void setChurn(double perSecond, double lifetimeSec);

    // Used by the connections and the API publisher:
    ThreadStats &stats() { return *m_stats; }
    const std::unique_ptr<ThreadStats> &statsPtr() const { return m_stats; }
    const Options &options() const { return m_options; }
    const TlsClient &tls() const { return m_tls; }
    const Layout &layout() const { return m_layout; }
    int epollFd() const { return m_epoll; }
    std::vector<char> &readBuffer() { return m_read; }
    void ensureReadBuffer(size_t size);
    std::string &scratch() { return m_scratch; }
    uint32_t nextMask();
    void onConnectDone(Connection *c);    // handshake finished or failed: start the next
    void noteError(const std::string &what);
    std::string firstError();
    int id() const { return m_id; }
    std::vector<Connection *> connections();

private:
    void run();
    void tick(uint64_t nowNs);
    void armTimer(uint64_t atNs);
    uint64_t publishDue(uint64_t nowNs);  // returns when the next publish is due
    uint64_t churnTick(uint64_t nowNs);   // returns when to look again
    void runCommands();

    struct FdHandler final : EpollHandler {
        std::function<void()> f;
        void onEvents(uint32_t) override { f(); }
    };

    const int m_id;
    const Options &m_options;
    TlsClient m_tls;                      // --tls: this thread's context
    const Layout &m_layout;
    StepControl &m_control;
    const int m_totalPublishers;
    std::unique_ptr<ThreadStats> m_stats;
    std::vector<std::unique_ptr<Connection>> m_conns;
    std::vector<Connection *> m_publishers;
    std::vector<std::unique_ptr<Connection>> m_churn;
    std::vector<std::unique_ptr<Connection>> m_graveyard;
    ApiPublisher *m_api = nullptr;
    int m_epoll = -1, m_timer = -1, m_wake = -1;
    FdHandler m_timerHandler, m_wakeHandler;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_commands;
    std::string m_firstError;
    std::vector<char> m_read;
    std::string m_scratch;
    uint32_t m_maskState;

    size_t m_nextToConnect = 0;
    int m_inFlight = 0;
    int m_concurrency = 0;

    uint64_t m_nextWakeNs = 0;
    uint64_t m_generation = 0;
    int m_step = 0;
    double m_myRate = 0;
    uint64_t m_stepStart = 0, m_stepEnd = 0;
    uint64_t m_sentInStep = 0;
    size_t m_pubCursor = 0;

    double m_churnRate = 0, m_churnLifetime = 1;
    uint64_t m_churnStart = 0, m_churnOpened = 0;
    uint32_t m_churnIndex = 0;
};

} // namespace Loadgen
