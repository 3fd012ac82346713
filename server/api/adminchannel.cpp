#include "api/adminchannel.h"

#include "api/apikey.h"
#include "api/nodesreport.h"
#include "api/serverinfo.h"
#include "cluster/cluster.h"
#include "cluster/clusterclients.h"
#include "cluster/redishistory.h"
#include "commands/servercommands.h"
#include "history/roomhistory.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWebSocket>

namespace Herald {

namespace {
constexpr int kFlushMs = 100;          // live events are batched for this long at most
constexpr int kStatsMs = 1000;
constexpr int kMaxTrafficBacklog = 2000; // tail messages kept per peer between flushes; older ones dropped
constexpr int kMaxTailContent = 4096;  // bytes of each tailed message shown
constexpr int kTailHistory = 50;       // a room's latest kept messages sent when a tail starts

Admin::Event clientEvent(Admin::EventKind kind, const QString &clientId)
{
    Admin::Event e;
    e.kind = kind;
    e.clientId = clientId;
    return e;
}
} // namespace

AdminChannel::AdminChannel(Hub &hub, Commands &commands, Metrics &metrics, const ServerInfo &info, const Cluster *cluster,
                           QObject *parent)
    : QObject(parent), m_hub(hub), m_commands(commands), m_metrics(metrics), m_info(info), m_cluster(cluster),
      m_throttle(QStringLiteral("admin"), lcAdmin)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &AdminChannel::flush);
    m_statsTimer.setInterval(kStatsMs);
    connect(&m_statsTimer, &QTimer::timeout, this, &AdminChannel::sendStats);

    connect(&hub, &Hub::clientAdded, this, [this](const ClientRecord &r) {
        Admin::Event e = clientEvent(Admin::EventKind::Connect, r.id);
        e.client = clientInfo(r);
        queueEvent(e);
    });
    connect(&hub, &Hub::clientRemoved, this, [this](const QString &id, const QString &reason) {
        Admin::Event e = clientEvent(Admin::EventKind::Disconnect, id);
        e.reason = reason;
        queueEvent(e);
    });
    connect(&hub, &Hub::groupJoined, this, [this](const QString &id, const QString &room) {
        Admin::Event e = clientEvent(Admin::EventKind::Join, id);
        e.room = room;
        queueEvent(e);
    });
    connect(&hub, &Hub::groupLeft, this, [this](const QString &id, const QString &room) {
        Admin::Event e = clientEvent(Admin::EventKind::Leave, id);
        e.room = room;
        queueEvent(e);
    });
    connect(&hub, &Hub::uidBound, this, [this](const QString &id, const QString &uid) {
        Admin::Event e = clientEvent(Admin::EventKind::Bind, id);
        e.uid = uid;
        queueEvent(e);
    });
    connect(&hub, &Hub::uidUnbound, this, [this](const QString &id, const QString &uid) {
        Admin::Event e = clientEvent(Admin::EventKind::Unbind, id);
        e.uid = uid;
        queueEvent(e);
    });
    connect(&hub, &Hub::sessionChanged, this, [this](const QString &id) {
        Admin::Event e = clientEvent(Admin::EventKind::Session, id);
        e.session = m_hub.session(id).value_or(QJsonObject());
        queueEvent(e);
    });
    connect(&hub, &Hub::clientKicked, this, [this](const QString &id, const QString &reason) {
        Admin::Event e = clientEvent(Admin::EventKind::Kick, id);
        e.reason = reason;
        queueEvent(e);
    });
    connect(&hub, &Hub::groupMessage, this, &AdminChannel::onGroupMessage);
    if (m_cluster)
        connect(m_cluster, &Cluster::remoteChanged, this, &AdminChannel::onRemoteChange);
}

AdminChannel::~AdminChannel()
{
    for (auto it = m_peers.begin(); it != m_peers.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->deleteLater();
    }
}

void AdminChannel::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    if (socket->requestUrl().path() != u"/admin") {
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("WebSocket path must be /admin"));
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    socket->setMaxAllowedIncomingMessageSize(quint64(m_commands.maxMessageSize()) + 64 * 1024);
    Peer &peer = m_peers[socket];
    peer.socket = socket;
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
        auto it = m_peers.find(socket);
        if (it != m_peers.end())
            onMessage(*it, text);
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { forget(socket); });

    const QByteArray bearer = bearerToken(socket->request().rawHeader("Authorization"));
    if (!bearer.isEmpty()) {
        if (!authenticate(peer, bearer))
            return;
    } else {
        QTimer::singleShot(m_limits.authTimeoutMs, socket, [this, socket] {
            auto it = m_peers.find(socket);
            if (it == m_peers.end() || it->authenticated || it->closing)
                return;
            qCInfo(lcAdmin).noquote() << QStringLiteral("closing admin connection from %1: no login within %2 ms "
                                                        "(handshake-timeout)")
                                             .arg(socket->peerAddress().toString())
                                             .arg(m_limits.authTimeoutMs);
            m_metrics.countDoorClose(QStringLiteral("admin"), QStringLiteral("auth_timeout"));
            it->closing = true;
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("authentication timeout"));
        });
    }
}

bool AdminChannel::authenticate(Peer &peer, const QByteArray &token)
{
    if (secretMatches(m_tokens.full, token)) {
        peer.scope = Scope::Full;
    } else if (secretMatches(m_tokens.readOnly, token)) {
        peer.scope = Scope::Read;
    } else {
        m_commands.count(DoorAnswer::AdminLogin, 401);
        peer.closing = true;
        QWebSocket *socket = peer.socket;
        const std::chrono::milliseconds delay =
            m_throttle.failed(socket->peerAddress(), QStringLiteral("admin login"), QStringLiteral("wrong token"));
        m_metrics.countAuthFailure(QStringLiteral("admin"), delay.count() > 0);
        if (delay.count() == 0)
            refuse(socket);
        else
            QTimer::singleShot(delay, socket, [this, socket] { refuse(socket); });
        return false;
    }
    m_throttle.succeeded(peer.socket->peerAddress());
    flush(); // events from before this login go to the consoles already connected, not to this one
    peer.authenticated = true;
    qCInfo(lcAdmin).noquote() << "admin connected from" << peer.socket->peerAddress().toString()
                              << (peer.scope == Scope::Full ? "(full)" : "(read-only)");
    welcome(peer);
    if (!m_statsTimer.isActive())
        m_statsTimer.start();
    return true;
}

// The answer to a wrong token: an error, then the close.
void AdminChannel::refuse(QWebSocket *socket)
{
    const auto it = m_peers.find(socket);
    if (it == m_peers.end())
        return;
    socket->sendTextMessage(QString::fromUtf8(Admin::encode(Admin::ServerError{int(ApiError::Unauthorized),
                                                                               QStringLiteral("wrong admin token")})));
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("wrong admin token"));
}

void AdminChannel::welcome(Peer &peer)
{
    send(peer, Admin::encode(Admin::Hello{Admin::ProtocolVersion, peer.scope != Scope::Full, Commands::names(Door::Http)}));
    send(peer, Admin::encode(snapshot()));
    send(peer, Admin::encode(nodesReport(m_hub, m_info, m_cluster)));
}

QList<Admin::ClientInfo> AdminChannel::clients() const
{
    return ServerCommands::clientList(m_commands.context().clients());
}

Admin::Snapshot AdminChannel::snapshot() const
{
    Admin::Snapshot s;
    s.server = m_info.admin();
    s.clients = clients();
    const ClusterView &view = m_commands.context().clients(); // the whole cluster's, on a cluster's node
    QStringList groups = view.groups();
    groups.sort();
    for (const QString &g : groups)
        s.rooms.append({g, view.groupSize(g), membersByNode(g)});
    s.stats = stats();
    return s;
}

// Each node's members of a room: this node's from the hub, the others' from the cluster's directory.
QMap<QString, int> AdminChannel::membersByNode(const QString &group) const
{
    QMap<QString, int> nodes;
    if (const int here = m_hub.groupSize(group))
        nodes.insert(m_info.nodeId, here);
    if (m_cluster) {
        const QHash<quint32, int> there = m_cluster->directory().groupSizeByNode(group);
        for (auto it = there.cbegin(); it != there.cend(); ++it)
            nodes.insert(nodeIdText(it.key()), it.value());
    }
    return nodes;
}

Admin::Stats AdminChannel::stats() const
{
    Admin::Stats s;
    s.time = QDateTime::currentDateTimeUtc();
    const ClusterView &view = m_commands.context().clients();
    s.connections = view.clientCount();
    s.rooms = view.groupCount();
    s.uids = view.uidCount();
    s.connectionsAccepted = qint64(m_metrics.connectionsAccepted);
    s.connectionsRefused = qint64(m_metrics.connectionsRefused);
    s.logins = qint64(m_metrics.logins);
    s.messagesIn = qint64(m_metrics.messagesIn);
    s.bytesIn = qint64(m_metrics.bytesIn);
    s.messagesOut = qint64(m_metrics.messagesOut);
    s.bytesOut = qint64(m_metrics.bytesOut);
    s.publishes = qint64(m_metrics.publishes);
    return s;
}

void AdminChannel::sendStats()
{
    bool any = false;
    const QByteArray message = Admin::encode(Admin::StatsUpdate{stats()});
    for (Peer &peer : m_peers) {
        if (peer.authenticated) {
            send(peer, message);
            any = true;
        }
    }
    if (!any)
        m_statsTimer.stop();
    else
        sendNodesIfChanged();
}

// Checked with the stats: a heartbeat heard, a count changed, the link to Redis lost or back.
void AdminChannel::sendNodesIfChanged()
{
    const QByteArray message = Admin::encode(nodesReport(m_hub, m_info, m_cluster));
    if (message == m_nodes)
        return;
    m_nodes = message;
    for (Peer &peer : m_peers) {
        if (peer.authenticated)
            send(peer, message);
    }
}

void AdminChannel::onMessage(Peer &peer, const QString &text)
{
    if (peer.closing)
        return;
    const Admin::Request request = Admin::decodeRequest(text.toUtf8());
    const auto *bad = std::get_if<Admin::RequestError>(&request);
    if (bad && bad->kind == Admin::RequestError::Kind::NotAnObject) {
        sendError(peer, ApiError::BadRequest, QStringLiteral("a message must be a JSON object"));
        return;
    }
    const auto *auth = std::get_if<Admin::Auth>(&request);
    if (!peer.authenticated) {
        if (auth)
            authenticate(peer, auth->token.toUtf8());
        else
            sendError(peer, ApiError::NotAuthenticated, QStringLiteral("send {\"type\":\"auth\",\"token\":\"...\"} first"));
        return;
    }
    if (const auto *command = std::get_if<Admin::Command>(&request)) {
        // Answers carry the request's id: one that comes later (Redis) is sent when it comes.
        const std::optional<CommandResult> now =
            m_commands.execute({Door::Admin, command->cmd, peer.scope, command->args, command->rawArgs,
                                peer.scope == Scope::Full ? QStringLiteral("admin") : QStringLiteral("admin-readonly"),
                                peer.socket->peerAddress().toString()},
                               [this, socket = QPointer<QWebSocket>(peer.socket), id = command->id](const CommandResult &r) {
                                   if (Peer *later = find(socket))
                                       reply(*later, id, r.status, r.body);
                               });
        if (now)
            reply(peer, command->id, now->status, now->body);
        return;
    }
    if (const auto *subscribe = std::get_if<Admin::Subscribe>(&request)) {
        if (subscribe->subscribe)
            peer.tailed.insert(subscribe->room);
        else
            peer.tailed.remove(subscribe->room);
        QStringList rooms(peer.tailed.cbegin(), peer.tailed.cend());
        rooms.sort();
        reply(peer, subscribe->id, 200, Admin::tailingReply(rooms));
        if (subscribe->subscribe)
            sendRecentHistory(peer, subscribe->room);
        return;
    }
    if (const auto *ping = std::get_if<Admin::Ping>(&request)) {
        send(peer, Admin::encode(Admin::Pong{ping->id}));
        return;
    }
    if (bad && bad->kind == Admin::RequestError::Kind::MissingField) {
        reply(peer, bad->id, 400, Admin::errorBody(int(ApiError::MissingField), bad->message));
        return;
    }
    // An unknown type, or an auth once authenticated.
    sendError(peer, ApiError::UnknownCommand,
              bad ? bad->message : QStringLiteral("unknown message type \"auth\""));
}

void AdminChannel::reply(Peer &peer, const QJsonValue &id, int status, const QJsonObject &body)
{
    send(peer, Admin::encode(Admin::Result{id, status, body}));
}

void AdminChannel::sendError(Peer &peer, ApiError code, const QString &message)
{
    send(peer, Admin::encode(Admin::ServerError{int(code), message}));
}

void AdminChannel::send(Peer &peer, const QByteArray &message)
{
    if (peer.closing)
        return;
    if (repliesPileUp(*peer.socket, m_limits.maxUnsentBytes)) {
        qCWarning(lcAdmin).noquote() << QStringLiteral("closing admin connection from %1: %2 bytes unread "
                                                       "(max-send-buffer %3); the peer does not read what it is sent")
                                            .arg(peer.socket->peerAddress().toString())
                                            .arg(peer.socket->bytesToWrite())
                                            .arg(m_limits.maxUnsentBytes);
        m_metrics.countDoorClose(QStringLiteral("admin"), QStringLiteral("reply_backlog"));
        peer.closing = true;
        // Not now: the caller may be walking the peers, and an abort forgets this one at once.
        QWebSocket *socket = peer.socket;
        QMetaObject::invokeMethod(socket, [socket] { socket->abort(); }, Qt::QueuedConnection);
        return;
    }
    peer.socket->sendTextMessage(QString::fromUtf8(message));
}

void AdminChannel::queueEvent(Admin::Event e)
{
    if (m_peers.isEmpty())
        return;
    e.time = QDateTime::currentDateTimeUtc();
    m_events.append(e);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

// A client of another node: the same events as for this node's, live (its node is in its id).
void AdminChannel::onRemoteChange(const DirectoryChange &change)
{
    if (m_peers.isEmpty())
        return;
    using Kind = DirectoryChange::Kind;
    const RemoteClient &c = *change.client;
    Admin::Event e;
    switch (change.kind) {
    case Kind::Added:
        e = clientEvent(Admin::EventKind::Connect, c.id);
        e.client = clientInfo(recordOf(c));
        break;
    case Kind::Removed:
        e = clientEvent(Admin::EventKind::Disconnect, c.id);
        e.reason = change.value;
        break;
    case Kind::Bound:
    case Kind::Unbound:
        e = clientEvent(change.kind == Kind::Bound ? Admin::EventKind::Bind : Admin::EventKind::Unbind, c.id);
        e.uid = change.value;
        break;
    case Kind::Joined:
    case Kind::Left:
        e = clientEvent(change.kind == Kind::Joined ? Admin::EventKind::Join : Admin::EventKind::Leave, c.id);
        e.room = change.value;
        break;
    case Kind::Session:
        e = clientEvent(Admin::EventKind::Session, c.id);
        e.session = c.session;
        break;
    }
    queueEvent(e);
}

void AdminChannel::onGroupMessage(const QString &group, const QString &sender, const QByteArray &text, int recipients)
{
    for (Peer &peer : m_peers) {
        if (!peer.authenticated || !peer.tailed.contains(group))
            continue;
        if (peer.traffic.size() >= kMaxTrafficBacklog) {
            peer.traffic.removeFirst();
            ++peer.trafficDropped;
        }
        peer.traffic.append({QDateTime::currentDateTimeUtc(), group, sender, int(text.size()), recipients,
                             QString::fromUtf8(text.left(kMaxTailContent))});
        if (!m_flushTimer.isActive())
            m_flushTimer.start();
    }
}

// A tail that starts on a room with history shows what the room said lately, before what comes next:
// from this node's memory, or from the cluster's Redis once it answers.
void AdminChannel::sendRecentHistory(Peer &peer, const QString &room)
{
    if (RedisHistory *shared = m_cluster && m_hub.historyShared(room) ? m_cluster->history() : nullptr) {
        shared->read(room, [this, socket = QPointer<QWebSocket>(peer.socket), room](const std::optional<StoredHistory> &stored) {
            Peer *later = find(socket);
            if (later && stored && later->tailed.contains(room))
                sendTail(*later, room, stored->entries.mid(qMax(qsizetype(0), stored->entries.size() - kTailHistory)));
        });
        return;
    }
    RoomHistory *history = m_hub.history();
    const std::optional<Chat::Position> at = history ? history->position(room) : std::nullopt;
    if (!at)
        return;
    const quint64 since = at->offset > quint64(kTailHistory) ? at->offset - kTailHistory : 0;
    sendTail(peer, room, history->since(room, since, kTailHistory));
}

void AdminChannel::sendTail(Peer &peer, const QString &room, const QList<RoomHistory::Entry> &entries)
{
    if (entries.isEmpty())
        return;
    Admin::Traffic recent;
    for (const RoomHistory::Entry &e : entries) {
        recent.messages.append({QDateTime::fromMSecsSinceEpoch(e.at, Qt::UTC), room, QStringLiteral("history"),
                                int(e.text.size()), 0, QString::fromUtf8(e.text.left(kMaxTailContent))});
    }
    send(peer, Admin::encode(recent));
}

AdminChannel::Peer *AdminChannel::find(QWebSocket *socket)
{
    const auto it = socket ? m_peers.find(socket) : m_peers.end();
    return it != m_peers.end() && it->authenticated && !it->closing ? &*it : nullptr;
}

void AdminChannel::flush()
{
    const QByteArray events = m_events.isEmpty() ? QByteArray() : Admin::encode(Admin::Events{m_events});
    for (Peer &peer : m_peers) {
        if (!peer.authenticated)
            continue;
        if (!events.isEmpty())
            send(peer, events);
        if (!peer.traffic.isEmpty()) {
            send(peer, Admin::encode(Admin::Traffic{peer.traffic, qint64(peer.trafficDropped)}));
            peer.traffic.clear();
            peer.trafficDropped = 0;
        }
    }
    m_events.clear();
}

void AdminChannel::forget(QWebSocket *socket)
{
    if (m_peers.remove(socket))
        qCInfo(lcAdmin).noquote() << "admin disconnected from" << socket->peerAddress().toString();
    socket->deleteLater();
}

void AdminChannel::closeAll()
{
    for (auto it = m_peers.begin(); it != m_peers.end(); ++it)
        it.key()->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
}

} // namespace Herald
