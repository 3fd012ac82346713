// The server's messages: hello, snapshot, events, stats, traffic, result, pong, error, nodes.
#include "protocol/adminprotocol.h"

#include "protocol/adminfields.h"

#include <QJsonArray>

#include <tuple>

namespace Herald::Admin {

using Detail::Fields;
using Detail::timeText;

namespace {

struct KindName {
    EventKind kind;
    QLatin1String name;
};
const KindName kKinds[] = {
    {EventKind::Connect, QLatin1String("connect")}, {EventKind::Disconnect, QLatin1String("disconnect")},
    {EventKind::Login, QLatin1String("login")},     {EventKind::Join, QLatin1String("join")},
    {EventKind::Leave, QLatin1String("leave")},     {EventKind::Bind, QLatin1String("bind")},
    {EventKind::Unbind, QLatin1String("unbind")},   {EventKind::Session, QLatin1String("session")},
    {EventKind::Kick, QLatin1String("kick")},       {EventKind::Apns, QLatin1String("apns")},
    {EventKind::ApnsProgress, QLatin1String("apns_progress")}, {EventKind::Robot, QLatin1String("robot")},
};

EventKind kindFromName(const QString &name)
{
    for (const KindName &k : kKinds) {
        if (name == k.name)
            return k.kind;
    }
    return EventKind::Unknown;
}

QString nameOf(const Event &e)
{
    for (const KindName &k : kKinds) {
        if (e.kind == k.kind)
            return k.name;
    }
    return e.kindName;
}

QJsonObject message(const char *type)
{
    return {{QLatin1String("type"), QLatin1String(type)}};
}

// ---- Parts ----

ClientInfo clientFrom(Fields &f)
{
    ClientInfo c;
    c.id = f.string("id", true);
    c.name = f.string("name");
    c.uid = f.text("uid");
    c.rooms = f.strings("rooms");
    c.address = f.string("address");
    c.port = int(f.integer("port"));
    c.connectedAt = f.time("connected_at");
    c.messagesIn = f.integer("messages_in");
    c.bytesIn = f.integer("bytes_in");
    c.messagesOut = f.integer("messages_out");
    c.bytesOut = f.integer("bytes_out");
    return c;
}

QJsonObject toJson(const Stats &s)
{
    return {{QLatin1String("time"), timeText(s.time)},
            {QLatin1String("connections"), s.connections},
            {QLatin1String("rooms"), s.rooms},
            {QLatin1String("uids"), s.uids},
            {QLatin1String("connections_accepted"), s.connectionsAccepted},
            {QLatin1String("connections_refused"), s.connectionsRefused},
            {QLatin1String("logins"), s.logins},
            {QLatin1String("messages_in"), s.messagesIn},
            {QLatin1String("bytes_in"), s.bytesIn},
            {QLatin1String("messages_out"), s.messagesOut},
            {QLatin1String("bytes_out"), s.bytesOut},
            {QLatin1String("publishes"), s.publishes}};
}

Stats statsFrom(Fields &f)
{
    Stats s;
    s.time = f.time("time");
    s.connections = int(f.integer("connections"));
    s.rooms = int(f.integer("rooms"));
    s.uids = int(f.integer("uids"));
    s.connectionsAccepted = f.integer("connections_accepted");
    s.connectionsRefused = f.integer("connections_refused");
    s.logins = f.integer("logins");
    s.messagesIn = f.integer("messages_in");
    s.bytesIn = f.integer("bytes_in");
    s.messagesOut = f.integer("messages_out");
    s.bytesOut = f.integer("bytes_out");
    s.publishes = f.integer("publishes");
    return s;
}

ServerInfo serverFrom(Fields &f)
{
    ServerInfo s;
    s.version = f.string("version");
    s.nodeId = f.string("node_id");
    s.startedAt = f.time("started_at");
    s.uptimeS = f.integer("uptime_s");
    s.listen = f.strings("listen");
    s.eventDispatcher = f.string("event_dispatcher");
    s.maxMessageSize = f.integer("max_message_size");
    return s;
}

RoomInfo roomFrom(Fields &f)
{
    RoomInfo r{f.text("room", true), int(f.integer("members")), {}};
    const QJsonObject nodes = f.object("nodes");
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        if (it.value().isDouble())
            r.nodes.insert(it.key(), it.value().toInt());
    }
    return r;
}

QJsonObject toJson(const Event &e)
{
    QJsonObject o{{QLatin1String("event"), nameOf(e)}};
    const auto put = [&o](const char *key, const QJsonValue &value) { o.insert(QLatin1String(key), value); };
    switch (e.kind) {
    case EventKind::Connect:
        put("client", toJson(e.client));
        break;
    case EventKind::Apns:
        put("push_id", e.pushId);
        put("uid", e.uid.isEmpty() ? QJsonValue() : QJsonValue(e.uid));
        put("token", e.token);
        put("topic", e.topic);
        put("environment", e.environment);
        put("result", toJson(e.result));
        break;
    case EventKind::ApnsProgress:
        put("push_id", e.pushId);
        put("everyone", e.progress.everyone);
        put("total", e.progress.total);
        put("sent", e.progress.sent);
        put("delivered", e.progress.delivered);
        put("failed", e.progress.failed);
        put("dead", e.progress.dead);
        put("done", e.progress.done);
        break;
    case EventKind::Robot:
        put("robot", e.name);
        put("result", e.robotResult);
        put("messages", e.messages);
        put("reason", e.reason);
        break;
    default:
        put("client_id", e.clientId);
        break;
    }
    switch (e.kind) {
    case EventKind::Login:
        put("name", e.name);
        put("room", e.room);
        break;
    case EventKind::Join:
    case EventKind::Leave:
        put("room", e.room);
        break;
    case EventKind::Bind:
    case EventKind::Unbind:
        put("uid", e.uid);
        break;
    case EventKind::Disconnect:
    case EventKind::Kick:
        put("reason", e.reason);
        break;
    case EventKind::Session:
        put("session", e.session);
        break;
    default:
        break;
    }
    if (e.time.isValid())
        put("time", timeText(e.time));
    return o;
}

Event eventFrom(Fields &f)
{
    Event e;
    e.kindName = f.string("event", true);
    e.kind = kindFromName(e.kindName);
    e.time = f.time("time");
    switch (e.kind) {
    case EventKind::Connect: {
        Fields client = f.nested("client", true);
        e.client = clientFrom(client);
        e.clientId = e.client.id;
        return e;
    }
    case EventKind::Apns: {
        e.pushId = f.integer("push_id", true);
        e.uid = f.text("uid");
        e.token = f.string("token", true);
        e.topic = f.string("topic");
        e.environment = f.string("environment");
        Fields result = f.nested("result", true);
        e.result = Detail::apnsResultFrom(result);
        return e;
    }
    case EventKind::ApnsProgress:
        e.pushId = f.integer("push_id", true);
        e.progress.everyone = f.boolean("everyone");
        e.progress.total = int(f.integer("total"));
        e.progress.sent = int(f.integer("sent"));
        e.progress.delivered = int(f.integer("delivered"));
        e.progress.failed = int(f.integer("failed"));
        e.progress.dead = int(f.integer("dead"));
        e.progress.done = f.boolean("done");
        return e;
    case EventKind::Robot:
        e.name = f.string("robot", true);
        e.robotResult = f.string("result", true);
        e.messages = int(f.integer("messages"));
        e.reason = f.string("reason");
        return e;
    case EventKind::Unknown: // a newer server's: shown by name, with the client it names if any
        e.clientId = f.value("client_id").toString();
        return e;
    default:
        e.clientId = f.string("client_id", true);
        break;
    }
    switch (e.kind) {
    case EventKind::Login:
        e.name = f.string("name");
        e.room = f.text("room", true);
        break;
    case EventKind::Join:
    case EventKind::Leave:
        e.room = f.text("room", true);
        break;
    case EventKind::Bind:
    case EventKind::Unbind:
        e.uid = f.text("uid", true);
        break;
    case EventKind::Disconnect:
    case EventKind::Kick:
        e.reason = f.string("reason");
        break;
    case EventKind::Session:
        e.session = f.object("session");
        break;
    default:
        break;
    }
    return e;
}

QJsonObject toJson(const TrafficMessage &m)
{
    return {{QLatin1String("time"), timeText(m.time)},
            {QLatin1String("room"), m.room},
            {QLatin1String("sender"), m.sender},
            {QLatin1String("size"), m.size},
            {QLatin1String("recipients"), m.recipients},
            {QLatin1String("content"), m.content}};
}

TrafficMessage trafficFrom(Fields &f)
{
    TrafficMessage m;
    m.time = f.time("time");
    m.room = f.text("room", true);
    m.sender = f.string("sender");
    m.size = int(f.integer("size"));
    m.recipients = int(f.integer("recipients"));
    m.content = f.string("content");
    return m;
}

template<typename T>
QJsonArray arrayOf(const QList<T> &items)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(toJson(item));
    return out;
}

Message decodeObject(const QString &type, Fields &f)
{
    if (type == u"hello") {
        Hello h;
        h.protocol = int(f.integer("protocol", true));
        h.readOnly = f.string("access", true) != u"full";
        h.commands = f.strings("commands");
        return h;
    }
    if (type == u"snapshot") {
        Snapshot s;
        Fields server = f.nested("server", true);
        s.server = serverFrom(server);
        s.clients = f.list<ClientInfo>("clients", clientFrom, true);
        s.rooms = f.list<RoomInfo>("rooms", roomFrom, true);
        Fields stats = f.nested("stats", true);
        s.stats = statsFrom(stats);
        return s;
    }
    if (type == u"events")
        return Events{f.list<Event>("events", eventFrom, true)};
    if (type == u"stats") {
        Fields stats = f.nested("stats", true);
        return StatsUpdate{statsFrom(stats)};
    }
    if (type == u"traffic") {
        Traffic t;
        t.messages = f.list<TrafficMessage>("messages", trafficFrom, true);
        t.dropped = f.integer("dropped");
        return t;
    }
    if (type == u"result") {
        const int status = int(f.integer("status", true));
        return Result{f.value("id"), status, f.object("result")};
    }
    if (type == u"pong")
        return Pong{f.value("id")};
    if (type == u"nodes")
        return Nodes{f.list<NodeInfo>("nodes", Detail::nodeFrom, true)};
    if (type == u"error") {
        const int code = int(f.integer("code", true));
        return ServerError{code, f.string("message")};
    }
    return DecodeError{QStringLiteral("unknown message type \"%1\"").arg(type.left(64))};
}

} // namespace

QJsonObject errorBody(int code, const QString &message)
{
    return {{QLatin1String("error"), QJsonObject{{QLatin1String("code"), code}, {QLatin1String("message"), message}}}};
}

QString Result::errorMessage() const
{
    return ok() ? QString() : body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}

int Result::errorCode() const
{
    return ok() ? 0 : body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
}

Message decode(const QByteArray &text)
{
    QString error;
    const QJsonObject o = Detail::parseObject(text, &error);
    if (!error.isEmpty())
        return DecodeError{error};
    const QString type = o.value(QLatin1String("type")).toString();
    Fields f(o, type + QStringLiteral(": "), &error);
    const Message m = decodeObject(type, f);
    if (!error.isEmpty())
        return DecodeError{error};
    return m;
}

QJsonObject toJson(const ClientInfo &c)
{
    return {{QLatin1String("id"), c.id},
            {QLatin1String("name"), c.name},
            {QLatin1String("uid"), c.uid},
            {QLatin1String("rooms"), QJsonArray::fromStringList(c.rooms)},
            {QLatin1String("address"), c.address},
            {QLatin1String("port"), c.port},
            {QLatin1String("connected_at"), timeText(c.connectedAt)},
            {QLatin1String("messages_in"), c.messagesIn},
            {QLatin1String("bytes_in"), c.bytesIn},
            {QLatin1String("messages_out"), c.messagesOut},
            {QLatin1String("bytes_out"), c.bytesOut}};
}

QJsonObject toJson(const ServerInfo &s)
{
    return {{QLatin1String("version"), s.version},
            {QLatin1String("node_id"), s.nodeId},
            {QLatin1String("started_at"), s.startedAt.toString(Qt::ISODate)},
            {QLatin1String("uptime_s"), s.uptimeS},
            {QLatin1String("listen"), QJsonArray::fromStringList(s.listen)},
            {QLatin1String("event_dispatcher"), s.eventDispatcher},
            {QLatin1String("max_message_size"), s.maxMessageSize}};
}

QJsonObject clientsReply(const QList<ClientInfo> &clients)
{
    return {{QLatin1String("ok"), true}, {QLatin1String("clients"), arrayOf(clients)}};
}

std::variant<QList<ClientInfo>, QString> clientsOf(const Result &result)
{
    return Detail::readObject<QList<ClientInfo>>(result.body, QStringLiteral("listClients"), [](Fields &f) {
        return f.list<ClientInfo>("clients", clientFrom, true);
    });
}

QJsonObject tailingReply(const QStringList &rooms)
{
    return {{QLatin1String("ok"), true}, {QLatin1String("tailing"), QJsonArray::fromStringList(rooms)}};
}

std::variant<QStringList, QString> tailingOf(const Result &result)
{
    return Detail::readObject<QStringList>(result.body, QStringLiteral("subscribe"), [](Fields &f) {
        if (f.value("tailing").isUndefined())
            f.fail(QStringLiteral("missing field \"tailing\""));
        return f.strings("tailing");
    });
}

QByteArray encode(const Hello &h)
{
    QJsonObject o = message("hello");
    o.insert(QLatin1String("protocol"), h.protocol);
    o.insert(QLatin1String("access"), h.readOnly ? QLatin1String("readonly") : QLatin1String("full"));
    o.insert(QLatin1String("commands"), QJsonArray::fromStringList(h.commands));
    return Detail::compact(o);
}

QByteArray encode(const Snapshot &s)
{
    QJsonObject o = message("snapshot");
    o.insert(QLatin1String("server"), toJson(s.server));
    o.insert(QLatin1String("clients"), arrayOf(s.clients));
    QJsonArray rooms;
    for (const RoomInfo &r : s.rooms) {
        QJsonObject room{{QLatin1String("room"), r.room}, {QLatin1String("members"), r.members}};
        if (!r.nodes.isEmpty()) {
            QJsonObject nodes;
            for (auto it = r.nodes.cbegin(); it != r.nodes.cend(); ++it)
                nodes.insert(it.key(), it.value());
            room.insert(QLatin1String("nodes"), nodes);
        }
        rooms.append(room);
    }
    o.insert(QLatin1String("rooms"), rooms);
    o.insert(QLatin1String("stats"), toJson(s.stats));
    return Detail::compact(o);
}

QByteArray encode(const Events &e)
{
    QJsonObject o = message("events");
    o.insert(QLatin1String("events"), arrayOf(e.events));
    return Detail::compact(o);
}

QByteArray encode(const StatsUpdate &s)
{
    QJsonObject o = message("stats");
    o.insert(QLatin1String("stats"), toJson(s.stats));
    return Detail::compact(o);
}

QByteArray encode(const Traffic &t)
{
    QJsonObject o = message("traffic");
    o.insert(QLatin1String("messages"), arrayOf(t.messages));
    o.insert(QLatin1String("dropped"), t.dropped);
    return Detail::compact(o);
}

QByteArray encode(const Result &r)
{
    QJsonObject o = message("result");
    o.insert(QLatin1String("status"), r.status);
    o.insert(QLatin1String("result"), r.body);
    if (!r.id.isUndefined())
        o.insert(QLatin1String("id"), r.id);
    return Detail::compact(o);
}

QByteArray encode(const Pong &p)
{
    QJsonObject o = message("pong");
    if (!p.id.isUndefined())
        o.insert(QLatin1String("id"), p.id);
    return Detail::compact(o);
}

QByteArray encode(const ServerError &e)
{
    QJsonObject o = message("error");
    o.insert(QLatin1String("code"), e.code);
    o.insert(QLatin1String("message"), e.message);
    return Detail::compact(o);
}

QByteArray encode(const Nodes &n)
{
    QJsonObject o = message("nodes");
    o.insert(QLatin1String("nodes"), arrayOf(n.nodes));
    return Detail::compact(o);
}

bool operator==(const ClientInfo &a, const ClientInfo &b)
{
    return std::tie(a.id, a.name, a.uid, a.rooms, a.address, a.port, a.connectedAt, a.messagesIn, a.bytesIn,
                    a.messagesOut, a.bytesOut)
        == std::tie(b.id, b.name, b.uid, b.rooms, b.address, b.port, b.connectedAt, b.messagesIn, b.bytesIn,
                    b.messagesOut, b.bytesOut);
}

bool operator==(const RoomInfo &a, const RoomInfo &b)
{
    return a.room == b.room && a.members == b.members && a.nodes == b.nodes;
}

bool operator==(const Stats &a, const Stats &b)
{
    return toJson(a) == toJson(b); // every field, each written as it is
}

bool operator==(const ServerInfo &a, const ServerInfo &b)
{
    return std::tie(a.version, a.nodeId, a.startedAt, a.uptimeS, a.listen, a.eventDispatcher, a.maxMessageSize)
        == std::tie(b.version, b.nodeId, b.startedAt, b.uptimeS, b.listen, b.eventDispatcher, b.maxMessageSize);
}

bool operator==(const Event &a, const Event &b)
{
    return nameOf(a) == nameOf(b)
        && std::tie(a.kind, a.time, a.clientId, a.client, a.name, a.room, a.uid, a.reason, a.session, a.pushId, a.token,
                    a.topic, a.environment, a.result, a.progress, a.robotResult, a.messages)
        == std::tie(b.kind, b.time, b.clientId, b.client, b.name, b.room, b.uid, b.reason, b.session, b.pushId, b.token,
                    b.topic, b.environment, b.result, b.progress, b.robotResult, b.messages);
}

bool operator==(const TrafficMessage &a, const TrafficMessage &b)
{
    return std::tie(a.time, a.room, a.sender, a.size, a.recipients, a.content)
        == std::tie(b.time, b.room, b.sender, b.size, b.recipients, b.content);
}

bool operator==(const Hello &a, const Hello &b)
{
    return a.protocol == b.protocol && a.readOnly == b.readOnly && a.commands == b.commands;
}

bool operator==(const Snapshot &a, const Snapshot &b)
{
    return a.server == b.server && a.clients == b.clients && a.rooms == b.rooms && a.stats == b.stats;
}

bool operator==(const Events &a, const Events &b)
{
    return a.events == b.events;
}

bool operator==(const StatsUpdate &a, const StatsUpdate &b)
{
    return a.stats == b.stats;
}

bool operator==(const Traffic &a, const Traffic &b)
{
    return a.messages == b.messages && a.dropped == b.dropped;
}

bool operator==(const Result &a, const Result &b)
{
    return a.id == b.id && a.status == b.status && a.body == b.body;
}

bool operator==(const Pong &a, const Pong &b)
{
    return a.id == b.id;
}

bool operator==(const ServerError &a, const ServerError &b)
{
    return a.code == b.code && a.message == b.message;
}

bool operator==(const Nodes &a, const Nodes &b)
{
    return a.nodes == b.nodes;
}

bool operator==(const DecodeError &a, const DecodeError &b)
{
    return a.message == b.message;
}

char *toString(const Message &m)
{
    return Detail::messageText<DecodeError>(m, [](const DecodeError &e) -> QString {
        return QStringLiteral("DecodeError: ") + e.message;
    });
}

char *toString(const Hello &m) { return toString(Message(m)); }
char *toString(const Snapshot &m) { return toString(Message(m)); }
char *toString(const Events &m) { return toString(Message(m)); }
char *toString(const StatsUpdate &m) { return toString(Message(m)); }
char *toString(const Traffic &m) { return toString(Message(m)); }
char *toString(const Result &m) { return toString(Message(m)); }
char *toString(const Pong &m) { return toString(Message(m)); }
char *toString(const ServerError &m) { return toString(Message(m)); }
char *toString(const Nodes &m) { return toString(Message(m)); }

} // namespace Herald::Admin
