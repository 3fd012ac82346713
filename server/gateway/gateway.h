#pragma once

#include "gateway/connection.h"
#include "gateway/listener.h"
#include "gateway/sessionhost.h"
#include "hub/outlet.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QThread>

#include <chrono>
#include <memory>
#include <unordered_map>
#include <vector>

namespace Herald {

class ClientIdGenerator;
class ClientProtocol;
class Hub;
class TlsContext;
struct Metrics;

struct GatewayLimits {
    qint64 maxMessageSize = 64 * 1024;   // bytes of one incoming frame and one message
    int maxConnections = 100000;         // in total
    int maxConnectionsPerIp = 1000;
    int handshakeTimeoutMs = 10000;
    qint64 maxSendBuffer = 1024 * 1024;  // unsent bytes per client before it is closed
    int pingIntervalSec = 10;            // 0: no heartbeat
    int pingLimit = 3;                   // unanswered pings before the close; 0: never close
    int messageRate = 50;                // inbound messages a second per client (a KiB each); 0: unlimited
    int messageBurst = 200;              // of those, at once
    int listenBacklog = 4096;
    QList<QByteArray> allowedOrigins;    // browsers' Origin headers accepted; empty: any
};

struct GatewayWorker;

// One connection, from its accept until it is gone; the hub's record of it points here once opened.
struct OutletEndpoint {
    enum class State : quint8 { Handshaking, Open, Retired };
    GatewayWorker *worker;
    Session *session = nullptr; // known once opened; never touched in the hub's thread, only named to the worker
    PeerAddress peer;
    State state = State::Handshaking;
};

// Accepts WebSocket clients and is the hub's Outlet for sending and closing. It runs in the hub's
// thread: its own listening socket (large backlog, limits checked at accept) hands each connection to
// one of several gateway threads, whose SessionHost runs the WebSocket protocol, heartbeats and writes.
// What the hub sends in one event-loop pass goes to each thread as one Outbox. What clients say goes
// to the client protocol it was given; it knows no protocol of its own.
class Gateway final : public QObject, public Outlet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    // `threads`: gateway threads (at least one; each with its own event loop).
    Gateway(Hub &hub, ClientProtocol &protocol, ClientIdGenerator &ids, Metrics &metrics, int threads,
            QObject *parent = nullptr);
    ~Gateway() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_listener.serverPort(); }
    QHostAddress address() const { return m_listener.serverAddress(); }
    void setLimits(const GatewayLimits &limits); // applies to new and (where it can) existing clients
    // TLS for the connections accepted from now on (nullptr: plain); those open keep theirs.
    void setTls(std::shared_ptr<const TlsContext> tls) { m_tls = std::move(tls); }
    const GatewayLimits &limits() const { return m_limits; }

    // Shutdown: stop accepting, then close every client with 1001; drained() once all are gone.
    void stopAccepting();
    void closeAll(int closeCode, const QString &reason);
    int sessionCount() const { return m_live; }

    void send(const ClientRecord &to, const QByteArray &text) override;
    // The outboxes kept for the next passes, and their lists' capacity, go (before a heap trim: an idle
    // server holds no burst's lists).
    void dropSpareOutboxes();
    void close(const QString &clientId, int closeCode, const QString &reason) override;

Q_SIGNALS:
    void drained();

private:
    using Worker = GatewayWorker;
    using Client = OutletEndpoint;
    using Clients = std::unordered_map<QString, Client>; // nodes never move: the hub keeps pointers

    void accept(qintptr descriptor);
    bool refuse(const QHostAddress &address); // true: over a limit, counted and logged
    Worker &leastLoaded();
    void onOpened(const QString &id, Session *session, const QByteArray &target);
    const Client *openClient(const QString &id) const; // opened and not retired; nullptr otherwise
    void onText(const QString &id, const QByteArray &utf8);
    void onBinary(const QString &id, qsizetype size);
    void retire(Clients::iterator client, const QString &kind, int code, const QString &reason); // out of the hub
    void onEnded(const QString &id, bool opened, const QString &kind);
    Outbox &outbox(Worker &worker);
    void flushOutboxes();

    Hub &m_hub;
    ClientProtocol &m_protocol;
    ClientIdGenerator &m_ids;
    Metrics &m_metrics;
    GatewayLimits m_limits;
    std::shared_ptr<const TlsContext> m_tls;
    Listener m_listener;
    std::vector<std::unique_ptr<Worker>> m_workers;
    Clients m_clients;
    int m_live = 0; // opened and not gone yet
    QHash<QHostAddress, int> m_perAddress;
    bool m_flushScheduled = false;
    std::chrono::steady_clock::time_point m_passStarted; // the first delivery of the pass
    qint64 m_lastRefusalLog = 0;
};

} // namespace Herald
