#include "protocol/adminprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Herald::Admin {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 num(const QJsonObject &o, const char *key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

QDateTime time(const QJsonObject &o, const char *key)
{
    return QDateTime::fromString(str(o, key), Qt::ISODateWithMs);
}

QStringList strings(const QJsonObject &o, const char *key)
{
    QStringList out;
    for (const QJsonValue &v : o.value(QLatin1String(key)).toArray())
        out.append(v.toString());
    return out;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

ServerInfo serverFromJson(const QJsonObject &o)
{
    ServerInfo s;
    s.version = str(o, "version");
    s.nodeId = str(o, "node_id");
    s.startedAt = time(o, "started_at");
    s.listen = strings(o, "listen");
    s.eventDispatcher = str(o, "event_dispatcher");
    s.maxMessageSize = num(o, "max_message_size");
    return s;
}

EventKind kindFromName(const QString &name)
{
    static const QList<std::pair<QLatin1String, EventKind>> kinds = {
        {QLatin1String("connect"), EventKind::Connect}, {QLatin1String("disconnect"), EventKind::Disconnect},
        {QLatin1String("login"), EventKind::Login},     {QLatin1String("join"), EventKind::Join},
        {QLatin1String("leave"), EventKind::Leave},     {QLatin1String("bind"), EventKind::Bind},
        {QLatin1String("unbind"), EventKind::Unbind},   {QLatin1String("session"), EventKind::Session},
        {QLatin1String("kick"), EventKind::Kick},       {QLatin1String("apns"), EventKind::Apns},
        {QLatin1String("apns_progress"), EventKind::ApnsProgress},
    };
    for (const auto &[n, k] : kinds) {
        if (name == n)
            return k;
    }
    return EventKind::Unknown;
}

Event eventFromJson(const QJsonObject &o)
{
    Event e;
    e.kindName = str(o, "event");
    e.kind = kindFromName(e.kindName);
    e.time = time(o, "time");
    e.client = clientFromJson(o.value(QLatin1String("client")).toObject());
    e.clientId = e.kind == EventKind::Connect ? e.client.id : str(o, "client_id");
    e.name = str(o, "name");
    e.room = o.value(QLatin1String("room")).toVariant().toString();
    e.uid = str(o, "uid");
    e.reason = str(o, "reason");
    e.session = o.value(QLatin1String("session")).toObject();
    e.pushId = o.value(QLatin1String("push_id")).toVariant().toString();
    e.token = str(o, "token");
    e.result = o.value(QLatin1String("result")).toObject();
    if (e.kind == EventKind::ApnsProgress) {
        e.progress.everyone = o.value(QLatin1String("everyone")).toBool();
        e.progress.total = int(num(o, "total"));
        e.progress.sent = int(num(o, "sent"));
        e.progress.delivered = int(num(o, "delivered"));
        e.progress.failed = int(num(o, "failed"));
        e.progress.dead = int(num(o, "dead"));
        e.progress.done = o.value(QLatin1String("done")).toBool();
    }
    return e;
}

TrafficMessage trafficFromJson(const QJsonObject &o)
{
    TrafficMessage m;
    m.time = time(o, "time");
    m.room = str(o, "room");
    m.sender = str(o, "sender");
    m.size = int(num(o, "size"));
    m.recipients = int(num(o, "recipients"));
    m.content = str(o, "content");
    return m;
}

template<typename T, typename F>
QList<T> listFromJson(const QJsonValue &v, F convert)
{
    QList<T> out;
    const QJsonArray array = v.toArray();
    out.reserve(array.size());
    for (const QJsonValue &item : array)
        out.append(convert(item.toObject()));
    return out;
}

} // namespace

bool operator==(const ClientInfo &a, const ClientInfo &b)
{
    return a.id == b.id && a.name == b.name && a.uid == b.uid && a.rooms == b.rooms && a.address == b.address
        && a.port == b.port && a.connectedAt == b.connectedAt && a.messagesIn == b.messagesIn
        && a.bytesIn == b.bytesIn && a.messagesOut == b.messagesOut && a.bytesOut == b.bytesOut;
}

QString Result::errorMessage() const
{
    return ok() ? QString() : body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}

int Result::errorCode() const
{
    return ok() ? 0 : body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
}

ClientInfo clientFromJson(const QJsonObject &o)
{
    ClientInfo c;
    c.id = str(o, "id");
    c.name = str(o, "name");
    c.uid = str(o, "uid");
    c.rooms = strings(o, "rooms");
    c.address = str(o, "address");
    c.port = int(num(o, "port"));
    c.connectedAt = time(o, "connected_at");
    c.messagesIn = num(o, "messages_in");
    c.bytesIn = num(o, "bytes_in");
    c.messagesOut = num(o, "messages_out");
    c.bytesOut = num(o, "bytes_out");
    return c;
}

QJsonObject toJson(const ClientInfo &c)
{
    return {{QLatin1String("id"), c.id},
            {QLatin1String("name"), c.name},
            {QLatin1String("uid"), c.uid},
            {QLatin1String("rooms"), QJsonArray::fromStringList(c.rooms)},
            {QLatin1String("address"), c.address},
            {QLatin1String("port"), c.port},
            {QLatin1String("connected_at"), c.connectedAt.toString(Qt::ISODateWithMs)},
            {QLatin1String("messages_in"), c.messagesIn},
            {QLatin1String("bytes_in"), c.bytesIn},
            {QLatin1String("messages_out"), c.messagesOut},
            {QLatin1String("bytes_out"), c.bytesOut}};
}

Stats statsFromJson(const QJsonObject &o)
{
    Stats s;
    s.time = time(o, "time");
    s.connections = int(num(o, "connections"));
    s.rooms = int(num(o, "rooms"));
    s.uids = int(num(o, "uids"));
    s.connectionsAccepted = num(o, "connections_accepted");
    s.connectionsRefused = num(o, "connections_refused");
    s.logins = num(o, "logins");
    s.messagesIn = num(o, "messages_in");
    s.bytesIn = num(o, "bytes_in");
    s.messagesOut = num(o, "messages_out");
    s.bytesOut = num(o, "bytes_out");
    s.publishes = num(o, "publishes");
    return s;
}

Message decode(const QByteArray &text)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError)
        return DecodeError{QStringLiteral("not JSON: %1").arg(err.errorString())};
    if (!doc.isObject())
        return DecodeError{QStringLiteral("not a JSON object")};
    const QJsonObject o = doc.object();
    const QString type = str(o, "type");
    if (type == u"hello") {
        return Hello{int(num(o, "protocol")), str(o, "access") != u"full", strings(o, "commands")};
    }
    if (type == u"snapshot") {
        Snapshot s;
        s.server = serverFromJson(o.value(QLatin1String("server")).toObject());
        s.clients = listFromJson<ClientInfo>(o.value(QLatin1String("clients")), clientFromJson);
        s.rooms = listFromJson<RoomInfo>(o.value(QLatin1String("rooms")), [](const QJsonObject &r) {
            return RoomInfo{r.value(QLatin1String("room")).toVariant().toString(), int(num(r, "members"))};
        });
        s.stats = statsFromJson(o.value(QLatin1String("stats")).toObject());
        return s;
    }
    if (type == u"events")
        return Events{listFromJson<Event>(o.value(QLatin1String("events")), eventFromJson)};
    if (type == u"stats")
        return StatsUpdate{statsFromJson(o.value(QLatin1String("stats")).toObject())};
    if (type == u"traffic")
        return Traffic{listFromJson<TrafficMessage>(o.value(QLatin1String("messages")), trafficFromJson),
                       num(o, "dropped")};
    if (type == u"result")
        return Result{o.value(QLatin1String("id")), int(num(o, "status")), o.value(QLatin1String("result")).toObject()};
    if (type == u"pong")
        return Pong{o.value(QLatin1String("id"))};
    if (type == u"error")
        return ServerError{int(num(o, "code")), str(o, "message")};
    return DecodeError{QStringLiteral("unknown message type \"%1\"").arg(type.left(64))};
}

QByteArray encodeAuth(const QString &token)
{
    return compact({{QLatin1String("type"), QLatin1String("auth")}, {QLatin1String("token"), token}});
}

QByteArray encodeCommand(const QJsonValue &id, const QString &cmd, const QJsonObject &args)
{
    return compact({{QLatin1String("type"), QLatin1String("command")}, {QLatin1String("id"), id},
                    {QLatin1String("cmd"), cmd}, {QLatin1String("args"), args}});
}

QByteArray encodeSubscribe(const QJsonValue &id, const QString &room, bool subscribe)
{
    return compact({{QLatin1String("type"), subscribe ? QLatin1String("subscribe") : QLatin1String("unsubscribe")},
                    {QLatin1String("id"), id},
                    {QLatin1String("room"), room}});
}

QByteArray encodePing(const QJsonValue &id)
{
    return compact({{QLatin1String("type"), QLatin1String("ping")}, {QLatin1String("id"), id}});
}

} // namespace Herald::Admin
