#include "api/adminchannel.h"

#include "api/apikey.h"
#include "api/serverinfo.h"
#include "commands/servercommands.h"
#include "hub/hub.h"
#include "protocol/adminprotocol.h"
#include "protocol/rawjson.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimer>
#include <QWebSocket>

namespace Herald {

namespace {
constexpr int kFlushMs = 100;          // live events are batched for this long at most
constexpr int kStatsMs = 1000;
constexpr int kMaxTrafficBacklog = 2000; // tail messages kept per peer between flushes; older ones dropped
constexpr int kMaxTailContent = 4096;  // bytes of each tailed message shown

QJsonObject makeEvent(const char *name, const QString &clientId)
{
    return {{QLatin1String("event"), QLatin1String(name)}, {QLatin1String("client_id"), clientId}};
}

QString textOf(const QJsonObject &message)
{
    return QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

QJsonObject errorMessage(ApiError code, const QString &message)
{
    return {{QLatin1String("type"), QLatin1String("error")}, {QLatin1String("code"), int(code)},
            {QLatin1String("message"), message}};
}
} // namespace

AdminChannel::AdminChannel(Hub &hub, Commands &commands, Metrics &metrics, const ServerInfo &info, QObject *parent)
    : QObject(parent), m_hub(hub), m_commands(commands), m_metrics(metrics), m_info(info),
      m_throttle(QStringLiteral("admin"), lcAdmin)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &AdminChannel::flush);
    m_statsTimer.setInterval(kStatsMs);
    connect(&m_statsTimer, &QTimer::timeout, this, &AdminChannel::sendStats);

    connect(&hub, &Hub::clientAdded, this, [this](const ClientRecord &r) {
        queueEvent({{QLatin1String("event"), QLatin1String("connect")}, {QLatin1String("client"), clientToJson(r)}});
    });
    connect(&hub, &Hub::clientRemoved, this, [this](const QString &id, const QString &reason) {
        QJsonObject e = makeEvent("disconnect", id);
        e.insert(QLatin1String("reason"), reason);
        queueEvent(e);
    });
    connect(&hub, &Hub::groupJoined, this, [this](const QString &id, const QString &room) {
        QJsonObject e = makeEvent("join", id);
        e.insert(QLatin1String("room"), room);
        queueEvent(e);
    });
    connect(&hub, &Hub::groupLeft, this, [this](const QString &id, const QString &room) {
        QJsonObject e = makeEvent("leave", id);
        e.insert(QLatin1String("room"), room);
        queueEvent(e);
    });
    connect(&hub, &Hub::uidBound, this, [this](const QString &id, const QString &uid) {
        QJsonObject e = makeEvent("bind", id);
        e.insert(QLatin1String("uid"), uid);
        queueEvent(e);
    });
    connect(&hub, &Hub::uidUnbound, this, [this](const QString &id, const QString &uid) {
        QJsonObject e = makeEvent("unbind", id);
        e.insert(QLatin1String("uid"), uid);
        queueEvent(e);
    });
    connect(&hub, &Hub::sessionChanged, this, [this](const QString &id) {
        QJsonObject e = makeEvent("session", id);
        e.insert(QLatin1String("session"), m_hub.session(id).value_or(QJsonObject()));
        queueEvent(e);
    });
    connect(&hub, &Hub::clientKicked, this, [this](const QString &id, const QString &reason) {
        QJsonObject e = makeEvent("kick", id);
        e.insert(QLatin1String("reason"), reason);
        queueEvent(e);
    });
    connect(&hub, &Hub::groupMessage, this, &AdminChannel::onGroupMessage);
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
        peer.access = Access::Full;
    } else if (secretMatches(m_tokens.readOnly, token)) {
        peer.access = Access::ReadOnly;
    } else {
        m_commands.count(DoorAnswer::AdminLogin, 401);
        peer.closing = true;
        QWebSocket *socket = peer.socket;
        const std::chrono::milliseconds delay =
            m_throttle.failed(socket->peerAddress(), QStringLiteral("admin login"), QStringLiteral("wrong token"));
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
                              << (peer.access == Access::Full ? "(full)" : "(read-only)");
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
    socket->sendTextMessage(textOf(errorMessage(ApiError::Unauthorized, QStringLiteral("wrong admin token"))));
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("wrong admin token"));
}

void AdminChannel::welcome(Peer &peer)
{
    QJsonObject hello{{QLatin1String("type"), QLatin1String("hello")},
                      {QLatin1String("protocol"), Admin::ProtocolVersion},
                      {QLatin1String("access"), peer.access == Access::Full ? QLatin1String("full") : QLatin1String("readonly")},
                      // every command of the backend API (docs/admin-protocol.md); listClients is the console's own
                      {QLatin1String("commands"), QJsonArray::fromStringList(Commands::names(Door::Http))}};
    send(peer, hello);
    send(peer, snapshot());
}

QJsonObject AdminChannel::snapshot() const
{
    QJsonArray rooms;
    QStringList groups = m_hub.groups();
    groups.sort();
    for (const QString &g : groups)
        rooms.append(QJsonObject{{QLatin1String("room"), g}, {QLatin1String("members"), m_hub.groupSize(g)}});
    return {{QLatin1String("type"), QLatin1String("snapshot")},
            {QLatin1String("server"), m_info.toJson()},
            {QLatin1String("clients"), ServerCommands::clientList(m_hub)},
            {QLatin1String("rooms"), rooms},
            {QLatin1String("stats"), stats()}};
}

QJsonObject AdminChannel::stats() const
{
    return {{QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QLatin1String("connections"), m_hub.clientCount()},
            {QLatin1String("rooms"), m_hub.groupCount()},
            {QLatin1String("uids"), m_hub.uidCount()},
            {QLatin1String("connections_accepted"), qint64(m_metrics.connectionsAccepted)},
            {QLatin1String("connections_refused"), qint64(m_metrics.connectionsRefused)},
            {QLatin1String("logins"), qint64(m_metrics.logins)},
            {QLatin1String("messages_in"), qint64(m_metrics.messagesIn)},
            {QLatin1String("bytes_in"), qint64(m_metrics.bytesIn)},
            {QLatin1String("messages_out"), qint64(m_metrics.messagesOut)},
            {QLatin1String("bytes_out"), qint64(m_metrics.bytesOut)},
            {QLatin1String("publishes"), qint64(m_metrics.publishes)}};
}

void AdminChannel::sendStats()
{
    bool any = false;
    const QJsonObject message{{QLatin1String("type"), QLatin1String("stats")}, {QLatin1String("stats"), stats()}};
    for (Peer &peer : m_peers) {
        if (peer.authenticated) {
            send(peer, message);
            any = true;
        }
    }
    if (!any)
        m_statsTimer.stop();
}

void AdminChannel::onMessage(Peer &peer, const QString &text)
{
    if (peer.closing)
        return;
    QJsonParseError err{};
    const QByteArray bytes = text.toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        send(peer, errorMessage(ApiError::BadRequest, QStringLiteral("a message must be a JSON object")));
        return;
    }
    const QJsonObject msg = doc.object();
    const QString type = msg.value(QLatin1String("type")).toString();
    const QJsonValue id = msg.value(QLatin1String("id"));
    if (!peer.authenticated) {
        if (type == u"auth")
            authenticate(peer, msg.value(QLatin1String("token")).toString().toUtf8());
        else
            send(peer, errorMessage(ApiError::NotAuthenticated, QStringLiteral("send {\"type\":\"auth\",\"token\":\"...\"} first")));
        return;
    }
    if (type == u"command") {
        const QByteArray rawArgs = Json::memberText(bytes, QLatin1String("args"));
        const CommandResult result = m_commands.execute({Door::Admin, msg.value(QLatin1String("cmd")).toString(), peer.access,
                                                         msg.value(QLatin1String("args")).toObject(), rawArgs});
        reply(peer, id, result.status, result.body);
        return;
    }
    if (type == u"subscribe" || type == u"unsubscribe") {
        const QString room = msg.value(QLatin1String("room")).toVariant().toString();
        if (room.isEmpty()) {
            reply(peer, id, 400, CommandResult::failure(400, ApiError::MissingField, QStringLiteral("missing \"room\"")).body);
            return;
        }
        if (type == u"subscribe")
            peer.tailed.insert(room);
        else
            peer.tailed.remove(room);
        QStringList rooms(peer.tailed.cbegin(), peer.tailed.cend());
        rooms.sort();
        reply(peer, id, 200, {{QLatin1String("ok"), true}, {QLatin1String("tailing"), QJsonArray::fromStringList(rooms)}});
        return;
    }
    if (type == u"ping") {
        send(peer, {{QLatin1String("type"), QLatin1String("pong")}, {QLatin1String("id"), id}});
        return;
    }
    send(peer, errorMessage(ApiError::UnknownCommand, QStringLiteral("unknown message type \"%1\"").arg(type.left(64))));
}

void AdminChannel::reply(Peer &peer, const QJsonValue &id, int status, const QJsonObject &body)
{
    QJsonObject message{{QLatin1String("type"), QLatin1String("result")}, {QLatin1String("status"), status},
                        {QLatin1String("result"), body}};
    if (!id.isUndefined())
        message.insert(QLatin1String("id"), id);
    send(peer, message);
}

void AdminChannel::send(Peer &peer, const QJsonObject &message)
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
    peer.socket->sendTextMessage(textOf(message));
}

void AdminChannel::queueEvent(QJsonObject e)
{
    if (m_peers.isEmpty())
        return;
    e.insert(QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_events.append(e);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
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
        peer.traffic.append(QJsonObject{
            {QLatin1String("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QLatin1String("room"), group},
            {QLatin1String("sender"), sender},
            {QLatin1String("size"), int(text.size())},
            {QLatin1String("recipients"), recipients},
            {QLatin1String("content"), QString::fromUtf8(text.left(kMaxTailContent))}});
        if (!m_flushTimer.isActive())
            m_flushTimer.start();
    }
}

void AdminChannel::flush()
{
    const QJsonObject events{{QLatin1String("type"), QLatin1String("events")}, {QLatin1String("events"), m_events}};
    for (Peer &peer : m_peers) {
        if (!peer.authenticated)
            continue;
        if (!m_events.isEmpty())
            send(peer, events);
        if (!peer.traffic.isEmpty()) {
            send(peer, {{QLatin1String("type"), QLatin1String("traffic")},
                        {QLatin1String("messages"), peer.traffic},
                        {QLatin1String("dropped"), qint64(peer.trafficDropped)}});
            peer.traffic = QJsonArray();
            peer.trafficDropped = 0;
        }
    }
    m_events = QJsonArray();
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
