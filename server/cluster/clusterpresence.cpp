#include "cluster/clusterpresence.h"

#include "cluster/presence.h"
#include "cluster/redislink.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "util/logging.h"

#include <QDateTime>
#include <QJsonDocument>

namespace Herald {

namespace {
using Kind = PresenceMessage::Kind;

RemoteClient remoteOf(const ClientRecord &r, quint32 node)
{
    const QStringList groups = r.groups.toList();
    return {r.id, node, r.address.toString(), r.port, r.connectedAt, r.uid, QSet<QString>(groups.cbegin(), groups.cend()),
            r.session.toObject()};
}
} // namespace

ClusterPresence::ClusterPresence(Hub &hub, RedisLink &link, quint32 nodeId, std::chrono::milliseconds heartbeat,
                                 Facts facts, QObject *parent)
    : QObject(parent), m_hub(hub), m_link(link), m_nodeId(nodeId), m_heartbeat(heartbeat), m_facts(std::move(facts)),
      m_directory([this](const DirectoryChange &change) { Q_EMIT remoteChanged(change); }),
      m_store(link, nodeId, 3 * heartbeat)
{
    m_clock.start();
    connect(&m_link, &RedisLink::up, this, &ClusterPresence::linkUp);
    connect(&m_link, &RedisLink::message, this, &ClusterPresence::received);
    connect(&m_timer, &QTimer::timeout, this, &ClusterPresence::beat);
    m_timer.start(m_heartbeat);

    connect(&hub, &Hub::clientAdded, this, [this](const ClientRecord &r) {
        PresenceMessage m{Kind::Added, m_nodeId, remoteOf(r, m_nodeId), {}, {}, {}};
        publish(m);
        m_store.put(m.client);
    });
    connect(&hub, &Hub::clientRemoved, this, [this](const QString &id, const QString &reason) {
        publishChange(int(Kind::Removed), id, reason);
    });
    connect(&hub, &Hub::uidBound, this, [this](const QString &id, const QString &uid) { publishChange(int(Kind::Bound), id, uid); });
    connect(&hub, &Hub::uidUnbound, this, [this](const QString &id) { publishChange(int(Kind::Unbound), id); });
    connect(&hub, &Hub::groupJoined, this, [this](const QString &id, const QString &g) { publishChange(int(Kind::Joined), id, g); });
    connect(&hub, &Hub::groupLeft, this, [this](const QString &id, const QString &g) { publishChange(int(Kind::Left), id, g); });
    connect(&hub, &Hub::sessionChanged, this, [this](const QString &id) { publishChange(int(Kind::Session), id); });
}

ClusterPresence::~ClusterPresence() = default;

QByteArray ClusterPresence::channel()
{
    return QByteArrayLiteral("herald:presence");
}

QJsonObject ClusterPresence::facts() const
{
    QJsonObject f = m_facts ? m_facts() : QJsonObject();
    f.insert(QLatin1String("clients"), m_hub.clientCount());
    f.insert(QLatin1String("rooms"), m_hub.groupCount());
    f.insert(QLatin1String("heartbeat"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    return f;
}

void ClusterPresence::publish(const PresenceMessage &m)
{
    m_link.publish(channel(), m.encode()); // lost while Redis is away: the snapshot on its return makes up for it
}

void ClusterPresence::publishChange(int kind, const QString &clientId, const QString &value)
{
    PresenceMessage m;
    m.kind = Kind(kind);
    m.node = m_nodeId;
    m.client.id = clientId;
    if (m.kind == Kind::Bound)
        m.client.uid = value;
    else if (m.kind == Kind::Joined || m.kind == Kind::Left)
        m.client.groups.insert(value);
    else if (m.kind == Kind::Session)
        m.client.session = m_hub.session(clientId).value_or(QJsonObject());
    else if (m.kind == Kind::Removed)
        m.reason = value;
    publish(m);
    store(clientId);
}

// The client as it is now into Redis, queued right behind the publish of its change.
void ClusterPresence::store(const QString &clientId)
{
    if (const ClientRecord *r = m_hub.client(clientId))
        m_store.put(remoteOf(*r, m_nodeId));
    else
        m_store.remove(clientId);
}

QList<RemoteClient> ClusterPresence::ownClients() const
{
    QList<RemoteClient> clients;
    for (const ClientRecord *r : m_hub.allClients())
        clients.append(remoteOf(*r, m_nodeId));
    return clients;
}

void ClusterPresence::publishSnapshot(const QList<RemoteClient> &clients)
{
    publish(PresenceMessage{Kind::Snapshot, m_nodeId, {}, clients, facts(), {}});
}

// (Re)joined: the others are asked for their snapshots and given this node's; its clients are written to
// Redis again, and the others' are read from it.
void ClusterPresence::linkUp()
{
    m_snapshotted.clear();
    publish(PresenceMessage{Kind::Hello, m_nodeId, {}, {}, facts(), {}});
    const QList<RemoteClient> mine = ownClients();
    publishSnapshot(mine);
    m_store.replaceAll(mine);
    readFromRedis();
    beat();
}

// What Redis keeps of the other nodes, for those whose snapshot has not come on the bus yet (it is newer).
void ClusterPresence::readFromRedis()
{
    m_store.readOthers(
        [this](quint32 node, const QJsonObject &facts) {
            Node &n = noteNode(node);
            if (n.facts.isEmpty())
                n.facts = facts;
        },
        [this](quint32 node, const QList<RemoteClient> &clients) {
            if (m_snapshotted.contains(node))
                return;
            noteNode(node);
            m_directory.replaceNode(node, clients);
        });
}

// A node heard from, on the bus or through Redis: known from now on, until it is silent too long.
ClusterPresence::Node &ClusterPresence::noteNode(quint32 id)
{
    Node &node = m_nodes[id];
    if (node.id == 0) {
        qCInfo(lcCluster).noquote() << QStringLiteral("node %1 joined").arg(nodeIdText(id));
        node.id = id;
        node.lastHeardMs = m_clock.elapsed();
    }
    return node;
}

void ClusterPresence::beat()
{
    if (m_link.isUp()) {
        const QJsonObject f = facts();
        publish(PresenceMessage{Kind::Heartbeat, m_nodeId, {}, {}, f, {}});
        const QByteArray node = PresenceStore::nodeField(m_nodeId);
        m_link.send({QByteArrayLiteral("HSET"), QByteArrayLiteral("herald:nodes"), node,
                     QJsonDocument(f).toJson(QJsonDocument::Compact)});
        // Each node removes the silent ones; the whole registry goes when no node is left to refresh it.
        m_link.send({QByteArrayLiteral("PEXPIRE"), QByteArrayLiteral("herald:nodes"), QByteArray::number(3 * qint64(m_heartbeat.count()))});
        m_store.refresh();
    }
    dropSilentNodes();
}

void ClusterPresence::dropSilentNodes()
{
    const qint64 limit = 3 * qint64(m_heartbeat.count());
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (m_clock.elapsed() - it->lastHeardMs <= limit) {
            ++it;
            continue;
        }
        qCWarning(lcCluster).noquote() << QStringLiteral("node %1 not heard from for %2 ms: its %3 clients are offline here")
                                              .arg(nodeIdText(it->id))
                                              .arg(m_clock.elapsed() - it->lastHeardMs)
                                              .arg(m_directory.clientCountOf(it->id));
        m_directory.dropNode(it->id, QStringLiteral("node_gone"));
        if (m_link.isUp())
            m_link.send({QByteArrayLiteral("HDEL"), QByteArrayLiteral("herald:nodes"),
                         PresenceStore::nodeField(it->id)});
        it = m_nodes.erase(it);
    }
}

void ClusterPresence::received(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != this->channel())
        return;
    QString why;
    const std::optional<PresenceMessage> m = PresenceMessage::decode(payload, &why);
    if (!m) {
        qCDebug(lcCluster).noquote() << "unreadable presence message ignored:" << why;
        return;
    }
    if (m->node != m_nodeId)
        heard(*m);
}

void ClusterPresence::heard(const PresenceMessage &m)
{
    Node &node = noteNode(m.node);
    node.lastHeardMs = m_clock.elapsed();
    if (!m.info.isEmpty())
        node.facts = m.info;
    const RemoteClient &c = m.client;
    const QString group = c.groups.isEmpty() ? QString() : *c.groups.cbegin();
    switch (m.kind) {
    case Kind::Hello: publishSnapshot(ownClients()); break;
    case Kind::Snapshot:
        m_snapshotted.insert(m.node);
        m_directory.replaceNode(m.node, m.clients);
        break;
    case Kind::Heartbeat: break;
    case Kind::Added: m_directory.add(c); break;
    case Kind::Removed: m_directory.remove(c.id, m.reason); break;
    case Kind::Bound: m_directory.bind(c.id, c.uid); break;
    case Kind::Unbound: m_directory.unbind(c.id); break;
    case Kind::Joined: m_directory.join(c.id, group); break;
    case Kind::Left: m_directory.leave(c.id, group); break;
    case Kind::Session: m_directory.setSession(c.id, c.session); break;
    }
}

} // namespace Herald
