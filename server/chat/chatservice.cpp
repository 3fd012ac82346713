#include "chat/chatservice.h"

#include "auth/clientauth.h"
#include "chat/chatsession.h"
#include "history/roomhistory.h"
#include "hub/hub.h"
#include "protocol/htmlescape.h"
#include "util/metrics.h"

namespace Herald {

using Chat::kNameKey;
using Chat::kRoomKey;

namespace {
QString errorKind(ChatError code)
{
    switch (code) {
    case ChatError::InvalidJson: return QStringLiteral("invalid_json");
    case ChatError::NotAnObject: return QStringLiteral("not_an_object");
    case ChatError::UnknownType: return QStringLiteral("unknown_type");
    case ChatError::MissingField: return QStringLiteral("missing_field");
    case ChatError::WrongFieldType: return QStringLiteral("wrong_field_type");
    case ChatError::NotLoggedIn: return QStringLiteral("not_logged_in");
    case ChatError::NoSuchClient: return QStringLiteral("no_such_client");
    case ChatError::FieldTooLong: return QStringLiteral("field_too_long");
    case ChatError::TooManyRooms: return QStringLiteral("too_many_rooms");
    case ChatError::BinaryNotSupported: return QStringLiteral("binary_frame");
    case ChatError::RateLimited: return QStringLiteral("rate_limited");
    case ChatError::TokenRequired: return QStringLiteral("token_required");
    case ChatError::TokenInvalid: return QStringLiteral("token_invalid");
    case ChatError::RoomNotAllowed: return QStringLiteral("room_not_allowed");
    case ChatError::UidConnectionLimit: return QStringLiteral("uid_connection_limit");
    }
    return QStringLiteral("other");
}
} // namespace

ChatService::ChatService(Hub &hub, Metrics &metrics, ClientAuth &auth, const ClusterView *cluster, QObject *parent)
    : QObject(parent), m_hub(hub), m_metrics(metrics), m_auth(auth), m_cluster(cluster)
{
}

QByteArray ChatService::heartbeat() const
{
    return Chat::encodePing();
}

ClientProtocol::AnswerTest ChatService::heartbeatAnswer() const
{
    return &Chat::isPong;
}

QByteArray ChatService::rateLimited(int rate) const
{
    return Chat::encodeError(ChatError::RateLimited,
                             QStringLiteral("too many messages (client-message-rate is %1 a second): this one and "
                                            "what follows it too soon are dropped; slow down or be disconnected")
                                 .arg(rate));
}

void ChatService::opened(const QString &clientId, const QByteArray &target)
{
    m_auth.opened(clientId);
    const QByteArray token = ClientAuth::tokenInTarget(target);
    if (!token.isEmpty() && m_auth.isConfigured())
        authenticate(clientId, QString::fromUtf8(token));
}

void ChatService::textReceived(const QString &clientId, const QByteArray &utf8)
{
    handle(clientId, Chat::decode(utf8));
}

bool ChatService::authenticate(const QString &clientId, const QString &token)
{
    const ClientAuth::Outcome outcome = m_auth.present(clientId, token.toUtf8());
    if (outcome.ok())
        return true;
    reject(clientId, outcome.result == ClientAuth::Result::UidLimit ? ChatError::UidConnectionLimit : ChatError::TokenInvalid,
           outcome.message);
    m_auth.refuse(clientId, outcome);
    return false;
}

void ChatService::refresh(const QString &clientId, const Chat::RefreshRequest &request)
{
    if (!m_auth.isConfigured()) {
        reject(clientId, ChatError::TokenInvalid, QStringLiteral("this server takes no connection tokens"));
        return;
    }
    if (!authenticate(clientId, request.token))
        return;
    m_hub.sendToClient(clientId, Chat::encodeRefreshed(*m_auth.expiresAt(clientId)));
}

void ChatService::binaryReceived(const QString &clientId, qsizetype)
{
    reject(clientId, ChatError::BinaryNotSupported, QStringLiteral("binary frames are not supported; send JSON in text frames"));
}

void ChatService::handle(const QString &clientId, const Chat::Decoded &request)
{
    if (m_auth.isRequired() && !m_auth.isAuthenticated(clientId) && !std::holds_alternative<Chat::PongRequest>(request)) {
        const auto *login = std::get_if<Chat::LoginRequest>(&request);
        const auto *refresh = std::get_if<Chat::RefreshRequest>(&request);
        const QString token = login ? login->token : refresh ? refresh->token : QString();
        if (token.isEmpty()) {
            ++m_metrics.tokens[QStringLiteral("missing")];
            reject(clientId, ChatError::TokenRequired,
                   QStringLiteral("this server needs a connection token: send it as ?token= on the URL or as \"token\" in login"));
            m_auth.refuse(clientId, {ClientAuth::Result::Invalid, {}});
            return;
        }
    }
    if (const auto *r = std::get_if<Chat::LoginRequest>(&request))
        login(clientId, *r);
    else if (const auto *s = std::get_if<Chat::SayRequest>(&request))
        say(clientId, *s);
    else if (const auto *f = std::get_if<Chat::RefreshRequest>(&request))
        refresh(clientId, *f);
    else if (std::holds_alternative<Chat::PingRequest>(request))
        m_hub.sendToClient(clientId, Chat::encodePong());
    else if (const auto *e = std::get_if<Chat::DecodeError>(&request))
        reject(clientId, e->code, e->message);
    // pong: the gateway has already counted it as a sign of life
}

void ChatService::reject(const QString &clientId, ChatError code, const QString &message)
{
    m_metrics.countError(errorKind(code));
    m_hub.sendToClient(clientId, Chat::encodeError(code, message));
}

void ChatService::login(const QString &clientId, const Chat::LoginRequest &request)
{
    const ClientRecord *self = m_hub.client(clientId);
    if (!self)
        return;
    const QString oldRoom = Chat::roomOf(*self);
    if (!request.token.isEmpty() && m_auth.isConfigured() && !authenticate(clientId, request.token))
        return;
    if (!m_auth.allowsRoom(clientId, request.roomId)) {
        reject(clientId, ChatError::RoomNotAllowed,
               QStringLiteral("the connection token does not allow room \"%1\"").arg(request.roomId.left(64)));
        return;
    }
    if (oldRoom.isEmpty() && !m_hub.canJoinGroup(clientId, request.roomId)) {
        reject(clientId, ChatError::TooManyRooms,
               QStringLiteral("this connection is in too many rooms to join \"%1\"").arg(request.roomId));
        return;
    }
    if (!oldRoom.isEmpty()) { // a second login moves the client: the old room sees it leave
        m_hub.leaveGroup(clientId, oldRoom);
        announceLogout(clientId, oldRoom);
    }
    const QString name = htmlEscape(request.clientName);
    m_hub.updateSession(clientId, {{kNameKey, name}, {kRoomKey, request.roomId}});

    const QList<const ClientRecord *> members = m_hub.clientsInGroup(request.roomId);
    Chat::ClientList clients;
    clients.reserve(members.size() + 1); // one block of the right size: a login burst leaves no trail of smaller ones
    for (const ClientRecord *member : members)
        clients.append({member->id, Chat::clientName(*member)});
    if (m_cluster) { // the room's members on the other nodes, named in their session maps
        for (const QString &id : m_cluster->clientIdsInGroup(request.roomId)) {
            if (!m_hub.isOnline(id))
                clients.append({id, m_cluster->session(id).value_or(QJsonObject()).value(kNameKey).toString()});
        }
    }
    clients.append({clientId, name});

    // What a recovering client missed is taken before its own login notice joins the room's history. In
    // a cluster's Redis it is read in the same step as the notice is stored, once the client is in the
    // room: it gets none of the room's messages until then (RedisHistory), and not its own notice.
    const bool shared = m_hub.historyShared(request.roomId);
    RoomHistory *history = m_hub.history();
    std::optional<RoomHistory::Recovery> recovery;
    if (request.recover && !shared)
        recovery = history ? history->recover(request.roomId, *request.recover) : RoomHistory::Recovery{};

    const QString time = Chat::currentTime();
    const QByteArray notice = Chat::encodeLogin(clientId, name, time);
    if (!shared)
        m_hub.sendToGroup(request.roomId, notice, {}, clientId);
    if (m_hub.joinGroup(clientId, request.roomId) != Hub::Status::Ok) {
        m_hub.updateSession(clientId, {{kRoomKey, QJsonValue::Null}});
        reject(clientId, ChatError::TooManyRooms,
               QStringLiteral("this connection is in too many rooms to join \"%1\"").arg(request.roomId));
        return;
    }
    const QByteArray reply = Chat::encodeLoginWithList(clientId, name, time, clients);
    if (shared) {
        const auto caughtUp = [this, clientId, request, reply](const RoomHistory::Recovery &r) {
            welcome(clientId, request, reply, r.current, request.recover ? std::optional(r) : std::nullopt);
        };
        m_hub.sendToGroup(request.roomId, notice, {clientId}, clientId, CatchUp{clientId, request.recover, caughtUp});
    }
    ++m_metrics.logins;
    Admin::Event loggedIn;
    loggedIn.kind = Admin::EventKind::Login;
    loggedIn.clientId = clientId;
    loggedIn.name = name;
    loggedIn.room = request.roomId;
    Q_EMIT adminEvent(loggedIn);
    // A room with history tells the newcomer where it is, so that it can recover from there later.
    if (!shared)
        welcome(clientId, request, reply, history ? history->position(request.roomId) : std::nullopt, recovery);
}

// The login reply, with the room's position when it has one, then what a recovering client missed.
void ChatService::welcome(const QString &clientId, const Chat::LoginRequest &request, const QByteArray &reply,
                          const std::optional<Chat::Position> &at, const std::optional<RoomHistory::Recovery> &recovery)
{
    m_hub.sendToClient(clientId, at ? Chat::stamped(reply, *at).value_or(reply) : reply);
    if (recovery)
        sendRecovery(clientId, request, *recovery, at);
}

// The missed messages, in order, then "recovered"; or "recover_failed", so that the app reloads the room.
// Nothing of the room comes in between: the hub delivers in the order it is called.
void ChatService::sendRecovery(const QString &clientId, const Chat::LoginRequest &request,
                               const RoomHistory::Recovery &recovery, const std::optional<Chat::Position> &at)
{
    using Outcome = RoomHistory::Outcome;
    const QString &room = request.roomId;
    if (recovery.outcome == Outcome::Recovered) {
        for (const RoomHistory::Entry &e : recovery.missed)
            m_hub.sendToClient(clientId, e.text);
        ++m_metrics.recoveries[QStringLiteral("recovered")];
        m_hub.sendToClient(clientId, Chat::encodeRecovered(room, *at, int(recovery.missed.size())));
        return;
    }
    const Chat::Position &seen = *request.recover;
    QString why;
    switch (recovery.outcome) {
    case Outcome::Off:
        why = QStringLiteral("room \"%1\" keeps no history: reload it").arg(room.left(64));
        break;
    case Outcome::EpochChanged:
        why = QStringLiteral("the room's history since epoch \"%1\" is gone (a restart, or every message expired): reload it")
                  .arg(seen.epoch.left(64));
        break;
    case Outcome::TooOld:
        why = QStringLiteral("the room's history no longer reaches back to offset %1: reload it").arg(seen.offset);
        break;
    case Outcome::OffsetAhead:
        why = QStringLiteral("offset %1 is past the room's latest (%2): reload it").arg(seen.offset).arg(at ? at->offset : 0);
        break;
    case Outcome::Unavailable:
        why = QStringLiteral("the room's history is in Redis, which cannot be reached now: reload it");
        break;
    case Outcome::Recovered:
        break;
    }
    const QString reason = RoomHistory::reason(recovery.outcome);
    ++m_metrics.recoveries[reason];
    m_hub.sendToClient(clientId, Chat::encodeRecoverFailed(room, reason, why, at));
}

void ChatService::say(const QString &clientId, const Chat::SayRequest &request)
{
    const ClientRecord *self = m_hub.client(clientId);
    if (!self)
        return;
    const QString room = Chat::roomOf(*self); // read where the session map keeps it, without building the map
    if (room.isEmpty()) {
        reject(clientId, ChatError::NotLoggedIn, QStringLiteral("send \"login\" before \"say\""));
        return;
    }
    const QString name = Chat::clientName(*self);
    const QString content = htmlEscapeMultiline(request.content);
    const QString time = Chat::currentTime();
    if (request.toClientId == u"all") {
        m_hub.sendToGroup(room, Chat::encodeSay(clientId, name, QStringLiteral("all"), content, time), {}, clientId);
        return;
    }
    if (!(m_cluster ? m_cluster->isOnline(request.toClientId) : m_hub.isOnline(request.toClientId))) {
        reject(clientId, ChatError::NoSuchClient,
               QStringLiteral("client \"%1\" is not online").arg(request.toClientId.left(64)));
        return;
    }
    // Private message: the target and an echo to the sender, worded as workerman-chat words them.
    m_hub.sendToClient(request.toClientId,
                       Chat::encodeSay(clientId, name, request.toClientId,
                                       QStringLiteral("<b>对你说: </b>") + content, time));
    m_hub.sendToClient(clientId,
                       Chat::encodeSay(clientId, name, request.toClientId,
                                       QStringLiteral("<b>你对") + htmlEscape(request.toClientName)
                                           + QStringLiteral("说: </b>") + content,
                                       time));
}

void ChatService::closing(const QString &clientId)
{
    m_auth.forget(clientId);
    const ClientRecord *self = m_hub.client(clientId);
    const QString room = self ? Chat::roomOf(*self) : QString();
    if (room.isEmpty())
        return;
    m_hub.leaveGroup(clientId, room);
    announceLogout(clientId, room);
}

void ChatService::announceLogout(const QString &clientId, const QString &room)
{
    const ClientRecord *self = m_hub.client(clientId);
    const QString name = self ? Chat::clientName(*self) : QString();
    m_hub.sendToGroup(room, Chat::encodeLogout(clientId, name, Chat::currentTime()), {}, clientId);
}

} // namespace Herald
