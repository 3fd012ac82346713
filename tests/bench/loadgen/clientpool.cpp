#include "clientpool.h"

#include "apipublisher.h"
#include "clock.h"
#include "options.h"

#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <future>

namespace Loadgen {

ClientPool::ClientPool(int id, const Options &options, const Layout &layout, StepControl &control,
                       int totalPublishers, std::vector<uint32_t> clientIndexes)
    : m_id(id), m_options(options), m_layout(layout), m_control(control), m_totalPublishers(totalPublishers),
      m_stats(std::make_unique<ThreadStats>()), m_read(1 << 20), m_maskState(0x9E3779B9u * uint32_t(id + 1))
{
    m_scratch.reserve(size_t(options.size) + 1024);
    m_conns.reserve(clientIndexes.size());
    for (uint32_t i : clientIndexes) {
        m_conns.push_back(std::make_unique<Connection>(*this, layout.clients[i]));
        if (layout.clients[i].slot >= 0)
            m_publishers.push_back(m_conns.back().get());
    }
}

ClientPool::~ClientPool()
{
    stopThread();
    for (int fd : {m_epoll, m_timer, m_wake}) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool ClientPool::startThread(std::string &error)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epoll < 0 || m_timer < 0 || m_wake < 0) {
        error = std::string("epoll/timerfd/eventfd: ") + std::strerror(errno);
        return false;
    }
    if (m_options.tls && !m_tls.init(m_options.caFile, error))
        return false;
    m_timerHandler.f = [this] {
        uint64_t expirations;
        while (::read(m_timer, &expirations, sizeof expirations) > 0) {
        }
        tick(monotonicNs());
    };
    m_wakeHandler.f = [this] {
        uint64_t n;
        while (::read(m_wake, &n, sizeof n) > 0) {
        }
        runCommands();
        tick(monotonicNs());
    };
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = static_cast<EpollHandler *>(&m_timerHandler);
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timer, &ev);
    ev.data.ptr = static_cast<EpollHandler *>(&m_wakeHandler);
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
    m_thread = std::thread([this] { run(); });
    return true;
}

void ClientPool::stopThread()
{
    if (!m_thread.joinable())
        return;
    m_stop = true;
    const uint64_t one = 1;
    (void)!::write(m_wake, &one, sizeof one);
    m_thread.join();
}

void ClientPool::post(std::function<void()> f)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_commands.push_back(std::move(f));
    }
    const uint64_t one = 1;
    (void)!::write(m_wake, &one, sizeof one);
}

void ClientPool::call(const std::function<void()> &f)
{
    std::promise<void> done;
    post([&] {
        f();
        done.set_value();
    });
    done.get_future().wait();
}

void ClientPool::runCommands()
{
    std::vector<std::function<void()>> commands;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        commands.swap(m_commands);
    }
    for (auto &f : commands)
        f();
}

void ClientPool::run()
{
    prctl(PR_SET_TIMERSLACK, 1UL); // wake for a due publish within microseconds, not 50 us
    armTimer(monotonicNs() + 100000000ull);
    epoll_event events[512];
    timespec coalesce{0, long(m_options.coalesceUs) * 1000};
    while (!m_stop.load(std::memory_order_relaxed)) {
        const int n = epoll_wait(m_epoll, events, 512, 100);
        for (int i = 0; i < n; ++i) {
            static_cast<EpollHandler *>(events[i].data.ptr)->onEvents(events[i].events);
            // A long batch must not delay a due publish behind hundreds of reads.
            if ((i & 31) == 31 && monotonicNs() >= m_nextWakeNs)
                tick(monotonicNs());
        }
        m_graveyard.clear();
        if (coalesce.tv_nsec && n > 0 && n < 64)
            nanosleep(&coalesce, nullptr); // let more arrive: one wakeup for many deliveries
    }
}

void ClientPool::ensureReadBuffer(size_t size)
{
    if (m_read.size() < size)
        m_read.resize(size);
}

uint32_t ClientPool::nextMask()
{
    // xorshift32: masks need not be secret here, only varied (RFC 6455 5.3 guards proxies, not us).
    uint32_t x = m_maskState;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    m_maskState = x;
    return x;
}

void ClientPool::noteError(const std::string &what)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_firstError.empty())
        m_firstError = what;
}

std::string ClientPool::firstError()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_firstError;
}

std::vector<Connection *> ClientPool::connections()
{
    std::vector<Connection *> out;
    out.reserve(m_conns.size());
    for (auto &c : m_conns)
        out.push_back(c.get());
    return out;
}

void ClientPool::connectAll(int concurrency)
{
    m_concurrency = std::max(1, concurrency);
    m_nextToConnect = 0;
    m_inFlight = 0;
    while (m_inFlight < m_concurrency && m_nextToConnect < m_conns.size()) {
        Connection *c = m_conns[m_nextToConnect++].get();
        ++m_inFlight;
        c->start(); // a failure calls onConnectDone at once
    }
}

void ClientPool::onConnectDone(Connection *c)
{
    if (c->spec().churn)
        return;
    --m_inFlight;
    while (m_inFlight < m_concurrency && m_nextToConnect < m_conns.size()) {
        Connection *next = m_conns[m_nextToConnect++].get();
        ++m_inFlight;
        next->start();
    }
}

void ClientPool::loginAll()
{
    for (auto &c : m_conns)
        c->login();
}

void ClientPool::closeAll()
{
    for (auto &c : m_conns)
        c->close();
    for (auto &c : m_churn)
        c->close();
    m_churn.clear();
    m_churnRate = 0;
}

void ClientPool::setChurn(double perSecond, double lifetimeSec)
{
    m_churnRate = perSecond;
    m_churnLifetime = lifetimeSec;
    m_churnStart = monotonicNs();
    m_churnOpened = 0;
}

void ClientPool::armTimer(uint64_t atNs)
{
    itimerspec when{};
    when.it_value.tv_sec = time_t(atNs / 1000000000ull);
    when.it_value.tv_nsec = long(atNs % 1000000000ull);
    timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &when, nullptr);
}

void ClientPool::tick(uint64_t nowNs)
{
    // The timer is armed for the next thing due: a publish (exactly), a churn event, or 100 ms.
    uint64_t next = publishDue(nowNs);
    if (m_churnRate > 0)
        next = std::min(next, churnTick(nowNs));
    m_nextWakeNs = std::min<uint64_t>(next, nowNs + 100000000ull);
    armTimer(m_nextWakeNs);
}

uint64_t ClientPool::publishDue(uint64_t nowNs)
{
    const uint64_t never = ~0ull;
    const uint64_t gen = m_control.generation.load(std::memory_order_acquire);
    if (gen != m_generation) {
        m_generation = gen;
        m_step = m_control.step.load(std::memory_order_relaxed);
        m_stepStart = m_control.startNs.load(std::memory_order_relaxed);
        m_stepEnd = m_control.endNs.load(std::memory_order_relaxed);
        const double rate = m_control.rate.load(std::memory_order_relaxed);
        if (m_api)
            m_myRate = rate;
        else
            m_myRate = m_totalPublishers ? rate * double(m_publishers.size()) / double(m_totalPublishers) : 0;
        m_sentInStep = 0;
    }
    if (!m_control.publishing.load(std::memory_order_relaxed) || m_myRate <= 0)
        return never;
    if (!m_api && m_publishers.empty())
        return never;
    const double interval = 1e9 / m_myRate;
    for (;;) {
        const uint64_t due = m_stepStart + uint64_t(double(m_sentInStep) * interval);
        if (due >= m_stepEnd)
            return never;
        if (due > nowNs)
            return due;
        if (m_api) {
            m_api->publish(uint32_t(m_step), due, nowNs);
        } else {
            m_publishers[m_pubCursor % m_publishers.size()]->say(uint32_t(m_step), due, nowNs);
            ++m_pubCursor;
        }
        ++m_sentInStep;
    }
}

uint64_t ClientPool::churnTick(uint64_t nowNs)
{
    const uint64_t lifetime = uint64_t(m_churnLifetime * 1e9);
    for (size_t i = 0; i < m_churn.size();) {
        Connection *c = m_churn[i].get();
        const bool expired = c->state() == Connection::State::Closed ||
                             (c->loggedIn() && nowNs - c->loggedInNs() >= lifetime);
        if (expired) {
            if (c->state() != Connection::State::Closed)
                bump(m_stats->churnClosed);
            c->close();
            m_graveyard.push_back(std::move(m_churn[i]));
            m_churn[i] = std::move(m_churn.back());
            m_churn.pop_back();
        } else {
            ++i;
        }
    }
    const uint64_t due = uint64_t((double(nowNs - m_churnStart) / 1e9) * m_churnRate);
    while (m_churnOpened < due) {
        ++m_churnOpened;
        ClientSpec spec;
        spec.index = 1000000000u + uint32_t(m_id) * 10000000u + m_churnIndex++;
        spec.churn = true;
        spec.room = 0;
        auto c = std::make_unique<Connection>(*this, spec);
        c->setAutoLogin(true);
        if (c->start()) {
            bump(m_stats->churnOpened);
            m_churn.push_back(std::move(c));
        } else {
            m_graveyard.push_back(std::move(c));
        }
    }
    const uint64_t nextOpen = m_churnStart + uint64_t(double(m_churnOpened + 1) * 1e9 / m_churnRate);
    return std::min<uint64_t>(nextOpen, nowNs + 10000000ull); // and look at lifetimes every 10 ms
}

} // namespace Loadgen
