#include "cluster/presence.h"

#include "protocol/clientid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Herald {

namespace {
using Kind = PresenceMessage::Kind;
const struct {
    Kind kind;
    const char *name;
} kKinds[] = {{Kind::Hello, "hello"},   {Kind::Snapshot, "snapshot"}, {Kind::Heartbeat, "heartbeat"},
              {Kind::Added, "added"},   {Kind::Removed, "removed"},   {Kind::Bound, "bound"},
              {Kind::Unbound, "unbound"}, {Kind::Joined, "joined"},   {Kind::Left, "left"},
              {Kind::Session, "session"}};

} // namespace

QJsonObject toJson(const RemoteClient &c)
{
    QJsonObject o{{QLatin1String("id"), c.id}};
    if (!c.address.isEmpty())
        o.insert(QLatin1String("address"), c.address);
    if (c.port)
        o.insert(QLatin1String("port"), c.port);
    if (c.connectedAt.isValid())
        o.insert(QLatin1String("connected"), c.connectedAt.toMSecsSinceEpoch());
    if (!c.uid.isEmpty())
        o.insert(QLatin1String("uid"), c.uid);
    if (!c.groups.isEmpty())
        o.insert(QLatin1String("groups"), QJsonArray::fromStringList(c.groups.values()));
    if (!c.session.isEmpty())
        o.insert(QLatin1String("session"), c.session);
    return o;
}

RemoteClient remoteClientFromJson(const QJsonObject &o)
{
    RemoteClient c;
    c.id = o.value(QLatin1String("id")).toString();
    c.address = o.value(QLatin1String("address")).toString();
    c.port = quint16(o.value(QLatin1String("port")).toInt());
    if (o.contains(QLatin1String("connected")))
        c.connectedAt = QDateTime::fromMSecsSinceEpoch(qint64(o.value(QLatin1String("connected")).toDouble()), Qt::UTC);
    c.uid = o.value(QLatin1String("uid")).toString();
    for (const QJsonValue &g : o.value(QLatin1String("groups")).toArray())
        c.groups.insert(g.toString());
    c.session = o.value(QLatin1String("session")).toObject();
    return c;
}

QByteArray PresenceMessage::encode() const
{
    QJsonObject o{{QLatin1String("node"), nodeIdText(node)}};
    for (const auto &k : kKinds) {
        if (k.kind == kind)
            o.insert(QLatin1String("kind"), QLatin1String(k.name));
    }
    if (kind == Kind::Snapshot) {
        QJsonArray list;
        for (const RemoteClient &c : clients)
            list.append(toJson(c));
        o.insert(QLatin1String("clients"), list);
    } else if (kind != Kind::Hello && kind != Kind::Heartbeat) {
        o.insert(QLatin1String("client"), toJson(client));
    }
    if (!info.isEmpty())
        o.insert(QLatin1String("info"), info);
    if (!reason.isEmpty())
        o.insert(QLatin1String("reason"), reason);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<PresenceMessage> PresenceMessage::decode(const QByteArray &bytes, QString *error)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object: %1").arg(parse.errorString());
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    PresenceMessage m;
    bool ok = false;
    m.node = o.value(QLatin1String("node")).toString().toUInt(&ok, 16);
    if (!ok || m.node == 0) {
        *error = QStringLiteral("no node id");
        return std::nullopt;
    }
    const QString kind = o.value(QLatin1String("kind")).toString();
    bool known = false;
    for (const auto &k : kKinds) {
        if (kind == QLatin1String(k.name)) {
            m.kind = k.kind;
            known = true;
        }
    }
    if (!known) {
        *error = QStringLiteral("unknown kind \"%1\"").arg(kind.left(32));
        return std::nullopt;
    }
    for (const QJsonValue &c : o.value(QLatin1String("clients")).toArray())
        m.clients.append(remoteClientFromJson(c.toObject()));
    m.client = remoteClientFromJson(o.value(QLatin1String("client")).toObject());
    m.info = o.value(QLatin1String("info")).toObject();
    m.reason = o.value(QLatin1String("reason")).toString();
    const bool needsClient = m.kind != Kind::Hello && m.kind != Kind::Heartbeat && m.kind != Kind::Snapshot;
    if (needsClient && m.client.id.isEmpty()) {
        *error = QStringLiteral("a %1 without its client").arg(kind);
        return std::nullopt;
    }
    for (RemoteClient &c : m.clients)
        c.node = m.node;
    m.client.node = m.node;
    return m;
}

} // namespace Herald
