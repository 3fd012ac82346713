#include "gateway/gateway.h"

#include "gateway/clientprotocol.h"
#include "gateway/connection.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "protocol/wsframe.h"
#include "util/logging.h"
#include "util/epolldispatcher.h"
#include "util/metrics.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QVarLengthArray>

#include <utility>

#include <unistd.h>

namespace Herald {

struct GatewayWorker {
    QThread thread;
    SessionHost *host = nullptr; // lives in `thread`
    Outbox outbox;               // for the host, filled during this pass
    OutboxPool applied;          // the host's applied outboxes, handed back to be filled again
    QString label;               // its number, in metrics
    int connections = 0;
};

Gateway::Gateway(Hub &hub, ClientProtocol &protocol, ClientIdGenerator &ids, Metrics &metrics, int threads,
                 QObject *parent)
    : QObject(parent), m_hub(hub), m_protocol(protocol), m_ids(ids), m_metrics(metrics)
{
    connect(&m_listener, &Listener::accepted, this, &Gateway::accept);
    for (int i = 0; i < qMax(1, threads); ++i) {
        auto worker = std::make_unique<Worker>();
        worker->label = QString::number(i);
        worker->thread.setObjectName(QStringLiteral("gateway-%1").arg(i));
        m_metrics.threadConnections[worker->label] = 0;
        if (QAbstractEventDispatcher *dispatcher = createEventDispatcher())
            worker->thread.setEventDispatcher(dispatcher);
        worker->host = new SessionHost;
        worker->host->moveToThread(&worker->thread);
        SessionHost *host = worker->host;
        connect(host, &SessionHost::opened, this, &Gateway::onOpened);
        connect(host, &SessionHost::textReceived, this, &Gateway::onText);
        connect(host, &SessionHost::binaryReceived, this, &Gateway::onBinary);
        connect(host, &SessionHost::closing, this, [this](const QString &id, const QString &kind, int code, const QString &reason) {
            const auto it = m_clients.find(id);
            if (it != m_clients.end())
                retire(it, kind, code, reason);
        });
        connect(host, &SessionHost::ended, this, &Gateway::onEnded);
        worker->thread.start();
        m_workers.push_back(std::move(worker));
    }
    setLimits(m_limits);
}

Gateway::~Gateway()
{
    // Each host goes in its own thread, while every member here still exists; what it still reports
    // is dropped with this object's pending events.
    m_listener.close();
    for (const std::unique_ptr<Worker> &w : m_workers) {
        SessionHost *host = w->host;
        QMetaObject::invokeMethod(host, [host] { delete host; }, Qt::BlockingQueuedConnection);
        w->thread.quit();
        w->thread.wait();
    }
}

bool Gateway::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener.setListenBacklogSize(m_limits.listenBacklog);
    if (!m_listener.listen(address, port)) {
        if (error)
            *error = m_listener.errorString();
        return false;
    }
    return true;
}

void Gateway::setLimits(const GatewayLimits &limits)
{
    m_limits = limits;
    HostSettings settings;
    settings.session.limits = {limits.maxMessageSize, limits.maxMessageSize};
    settings.session.maxUnsentBytes = limits.maxSendBuffer;
    settings.session.handshakeTimeoutMs = limits.handshakeTimeoutMs;
    settings.session.messageLimit = {limits.messageRate, limits.messageBurst};
    const QByteArray rateLimited = m_protocol.rateLimited(limits.messageRate);
    if (!rateLimited.isEmpty())
        settings.session.rateLimitedFrame = WebSocket::serverTextFrame(rateLimited);
    settings.session.isHeartbeatAnswer = m_protocol.heartbeatAnswer();
    settings.session.allowedOrigins = limits.allowedOrigins;
    settings.pingIntervalSec = limits.pingIntervalSec;
    settings.pingLimit = limits.pingLimit;
    // The protocol's heartbeat goes with a WebSocket ping, which every WebSocket stack answers by itself:
    // a client that leaves the protocol's pings unanswered but whose connection is alive stays, a
    // half-open connection (nothing answers) is closed after ping-limit heartbeats.
    const QByteArray heartbeat = m_protocol.heartbeat();
    settings.pingFrame = WebSocket::serverFrame(WebSocket::Opcode::Ping, {});
    if (!heartbeat.isEmpty())
        settings.pingFrame.prepend(WebSocket::serverTextFrame(heartbeat));
    for (const std::unique_ptr<Worker> &w : m_workers) {
        SessionHost *host = w->host;
        QMetaObject::invokeMethod(host, [host, settings] { host->setSettings(settings); }, Qt::QueuedConnection);
    }
}

void Gateway::accept(qintptr descriptor)
{
    const PeerAddress peer = peerOf(descriptor);
    const QHostAddress address = peer.address();
    if (refuse(address)) {
        ::close(int(descriptor));
        return;
    }
    ++m_perAddress[address];
    Worker &worker = leastLoaded();
    m_metrics.threadConnections[worker.label] = quint64(++worker.connections);
    const QString id = m_ids.next();
    m_clients.emplace(id, Client {&worker, nullptr, peer});
    SessionHost *host = worker.host;
    QMetaObject::invokeMethod(host, [host, descriptor, peer, id, tls = m_tls] { host->adopt(descriptor, peer, id, tls); },
                              Qt::QueuedConnection);
}

Gateway::Worker &Gateway::leastLoaded()
{
    // One of the threads holding the fewest, at random: strict turns would put every member of a room
    // on one thread whenever clients arrive in step with their rooms (a generator, a proxy, an app
    // that connects a room's members in turn), and a broadcast to it would then use one core.
    QVarLengthArray<Worker *, 8> fewest;
    for (const std::unique_ptr<Worker> &w : m_workers) {
        if (!fewest.isEmpty() && w->connections < fewest.front()->connections)
            fewest.clear();
        if (fewest.isEmpty() || w->connections == fewest.front()->connections)
            fewest.append(w.get());
    }
    return *fewest[fewest.size() == 1 ? 0 : QRandomGenerator::global()->bounded(int(fewest.size()))];
}

bool Gateway::refuse(const QHostAddress &address)
{
    const bool overTotal = m_limits.maxConnections > 0 && m_clients.size() >= size_t(m_limits.maxConnections);
    const bool overAddress = m_limits.maxConnectionsPerIp > 0 && m_perAddress.value(address) >= m_limits.maxConnectionsPerIp;
    if (!overTotal && !overAddress)
        return false;
    ++m_metrics.connectionsRefused;
    m_metrics.countClose(overTotal ? QStringLiteral("refused_max_connections") : QStringLiteral("refused_per_ip"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastRefusalLog >= 1000) { // at most one line a second during a storm
        m_lastRefusalLog = now;
        qCWarning(lcGateway).noquote()
            << "refused a connection from" << address.toString() << ":"
            << (overTotal ? QStringLiteral("max-connections (%1) reached").arg(m_limits.maxConnections)
                          : QStringLiteral("max-connections-per-ip (%1) reached").arg(m_limits.maxConnectionsPerIp));
    }
    return true;
}

void Gateway::onOpened(const QString &id, Session *session, const QByteArray &target)
{
    const auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client &client = it->second;
    client.session = session;
    client.state = Client::State::Open;
    ++m_live;
    ++m_metrics.connectionsAccepted;
    qCInfo(lcGateway).noquote() << "connect" << id << "from" << client.peer.name();
    m_hub.addClient(id, client.peer.ip, client.peer.port, *this, &client);
    m_protocol.opened(id, target);
}

const Gateway::Client *Gateway::openClient(const QString &id) const
{
    const auto it = m_clients.find(id);
    return it != m_clients.end() && it->second.state == Client::State::Open ? &it->second : nullptr;
}

void Gateway::onText(const QString &id, const QByteArray &utf8)
{
    if (!openClient(id))
        return;
    ++m_metrics.messagesIn;
    m_metrics.bytesIn += quint64(utf8.size());
    m_hub.noteIncoming(id, utf8.size());
    m_protocol.textReceived(id, utf8);
}

void Gateway::onBinary(const QString &id, qsizetype size)
{
    if (!openClient(id))
        return;
    m_hub.noteIncoming(id, size);
    m_protocol.binaryReceived(id, size);
}

void Gateway::retire(Clients::iterator it, const QString &kind, int code, const QString &reason)
{
    Client &client = it->second;
    if (client.state != Client::State::Open)
        return;
    client.state = Client::State::Retired;
    const QString id = it->first;
    m_metrics.countClose(kind);
    QString line = QStringLiteral("close %1 %2 %3 code %4").arg(id, client.peer.name(), kind).arg(code);
    if (!reason.isEmpty())
        line += QStringLiteral(" \"%1\"").arg(reason.left(120));
    qCInfo(lcGateway).noquote() << line;
    outbox(*client.worker).release(client.session);
    m_protocol.closing(id);
    m_hub.removeClient(id, kind);
}

void Gateway::onEnded(const QString &id, bool opened, const QString &kind)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    if (!opened) { // a handshake that never finished: counted only when the server ended it
        if (!kind.isEmpty())
            m_metrics.countClose(kind);
    } else {
        retire(it, kind.isEmpty() ? QStringLiteral("client") : kind, WebSocket::CloseAbnormal, {});
        --m_live;
    }
    Worker &worker = *it->second.worker;
    m_metrics.threadConnections[worker.label] = quint64(--worker.connections);
    const auto perAddress = m_perAddress.find(it->second.peer.address());
    if (perAddress != m_perAddress.end() && --*perAddress <= 0)
        m_perAddress.erase(perAddress);
    m_clients.erase(it);
    if (opened && m_live == 0 && !m_listener.isListening())
        Q_EMIT drained();
}

void Gateway::stopAccepting()
{
    m_listener.close();
}

void Gateway::closeAll(int closeCode, const QString &reason)
{
    if (m_live == 0) {
        Q_EMIT drained();
        return;
    }
    for (const auto &[id, c] : m_clients)
        if (c.state == Client::State::Open)
            outbox(*c.worker).close(c.session, closeCode, reason, QStringLiteral("shutdown"));
}

void Gateway::send(const ClientRecord &to, const QByteArray &text)
{
    const Client *client = to.endpoint;
    if (!client || client->state != Client::State::Open)
        return;
    // The hub hands every recipient of a broadcast the same QByteArray: the outbox keeps it once, and
    // the gateway thread frames it once.
    outbox(*client->worker).send(client->session, text);
}

void Gateway::close(const QString &clientId, int closeCode, const QString &reason)
{
    const Client *client = openClient(clientId);
    if (!client)
        return;
    outbox(*client->worker).close(client->session, closeCode, reason, QStringLiteral("kicked"));
    // Out of the hub now, not when the gateway thread reports the close: a command that follows a
    // kick must find the client gone. Queued, since the hub may be iterating over its clients.
    QMetaObject::invokeMethod(this, [this, clientId, closeCode, reason] {
        const auto client = m_clients.find(clientId);
        if (client != m_clients.end())
            retire(client, QStringLiteral("kicked"), closeCode, reason);
    }, Qt::QueuedConnection);
}

Outbox &Gateway::outbox(Worker &worker)
{
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        m_passStarted = std::chrono::steady_clock::now();
        QMetaObject::invokeMethod(this, &Gateway::flushOutboxes, Qt::QueuedConnection);
    }
    return worker.outbox;
}

void Gateway::flushOutboxes()
{
    m_flushScheduled = false;
    m_metrics.hubPass.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - m_passStarted).count());
    for (const std::unique_ptr<Worker> &w : m_workers) {
        if (w->outbox.isEmpty())
            continue;
        SessionHost *host = w->host;
        OutboxPool *applied = &w->applied;
        QMetaObject::invokeMethod(host, [host, applied, box = std::exchange(w->outbox, w->applied.take())]() mutable {
            host->apply(box);
            applied->giveBack(std::move(box));
        }, Qt::QueuedConnection);
    }
}

void Gateway::dropSpareOutboxes()
{
    for (const std::unique_ptr<Worker> &w : m_workers) {
        w->applied.clear();
        if (w->outbox.isEmpty())
            w->outbox = Outbox();
    }
}

} // namespace Herald
