#include "cluster/clusterclients.h"

#include "cluster/clusterdirectory.h"
#include "cluster/redislink.h"
#include "cluster/remoteop.h"
#include "hub/hub.h"

#include <QSet>

namespace Herald {

namespace {
// An operation that names a client and one value (a uid, a group).
RemoteOp operation(RemoteOp::Kind kind, const QString &clientId, const QString &value)
{
    RemoteOp op;
    op.kind = kind;
    op.clientId = clientId;
    op.value = value;
    return op;
}

QStringList merged(const QStringList &local, const QStringList &remote)
{
    if (remote.isEmpty())
        return local;
    QSet<QString> all(local.cbegin(), local.cend());
    for (const QString &s : remote)
        all.insert(s);
    return all.values();
}
} // namespace

ClientRecord recordOf(const RemoteClient &c)
{
    ClientRecord r;
    r.id = c.id;
    r.address = IpAddress::fromText(c.address);
    r.port = c.port;
    r.connectedAt = c.connectedAt;
    r.uid = c.uid;
    r.groups = GroupList(c.groups.values());
    r.session = SessionMap(c.session);
    return r;
}

ClusterClients::ClusterClients(Hub &hub, const ClusterDirectory &directory, RedisLink &link)
    : m_hub(hub), m_directory(directory), m_link(link)
{
}

QByteArray ClusterClients::opsChannel(quint32 nodeId)
{
    return QByteArrayLiteral("herald:ops:") + QByteArray::number(nodeId, 16).rightJustified(8, '0');
}

bool ClusterClients::isOnline(const QString &clientId) const
{
    return m_hub.isOnline(clientId) || m_directory.client(clientId);
}

bool ClusterClients::isUidOnline(const QString &uid) const
{
    return m_hub.isUidOnline(uid) || m_directory.hasUid(uid);
}

int ClusterClients::clientCount() const
{
    return m_hub.clientCount() + m_directory.clientCount();
}

int ClusterClients::uidCount() const
{
    return int(uids().size());
}

int ClusterClients::groupCount() const
{
    return int(groups().size());
}

QStringList ClusterClients::clientIds() const
{
    return m_hub.clientIds() + m_directory.clientIds();
}

QStringList ClusterClients::uids() const
{
    return merged(m_hub.uids(), m_directory.uids());
}

QStringList ClusterClients::groups() const
{
    return merged(m_hub.groups(), m_directory.groups());
}

QStringList ClusterClients::clientIdsInGroup(const QString &group) const
{
    return m_hub.clientIdsInGroup(group) + m_directory.clientIdsInGroup(group);
}

QStringList ClusterClients::uidsInGroup(const QString &group) const
{
    QStringList remote;
    for (const QString &id : m_directory.clientIdsInGroup(group)) {
        if (const RemoteClient *c = m_directory.client(id); c && !c->uid.isEmpty())
            remote.append(c->uid);
    }
    return merged(m_hub.uidsInGroup(group), remote);
}

QStringList ClusterClients::clientIdsOfUid(const QString &uid) const
{
    return m_hub.clientIdsOfUid(uid) + m_directory.clientIdsOfUid(uid);
}

int ClusterClients::groupSize(const QString &group) const
{
    return m_hub.groupSize(group) + int(m_directory.clientIdsInGroup(group).size());
}

std::optional<QJsonObject> ClusterClients::session(const QString &clientId) const
{
    if (const RemoteClient *c = m_directory.client(clientId))
        return c->session;
    return m_hub.session(clientId);
}

std::optional<ClientRecord> ClusterClients::clientRecord(const QString &clientId) const
{
    if (const RemoteClient *c = m_directory.client(clientId))
        return recordOf(*c);
    return m_hub.clientRecord(clientId);
}

QList<ClientRecord> ClusterClients::clientRecords() const
{
    QList<ClientRecord> records = m_hub.clientRecords();
    for (const RemoteClient *c : m_directory.clients())
        records.append(recordOf(*c));
    return records;
}

ClusterView::Status ClusterClients::apply(const RemoteOp &op)
{
    if (m_hub.isOnline(op.clientId))
        return op.apply(m_hub);
    const RemoteClient *c = m_directory.client(op.clientId);
    if (!c)
        return Status::NoSuchClient;
    m_link.publish(opsChannel(c->node), op.encode());
    return Status::Ok;
}

ClusterView::Status ClusterClients::bindUid(const QString &clientId, const QString &uid)
{
    return apply(operation(RemoteOp::Kind::BindUid, clientId, uid));
}

ClusterView::Status ClusterClients::unbindUid(const QString &clientId, const QString &uid)
{
    return apply(operation(RemoteOp::Kind::UnbindUid, clientId, uid));
}

ClusterView::Status ClusterClients::joinGroup(const QString &clientId, const QString &group)
{
    return apply(operation(RemoteOp::Kind::JoinGroup, clientId, group));
}

ClusterView::Status ClusterClients::leaveGroup(const QString &clientId, const QString &group)
{
    return apply(operation(RemoteOp::Kind::LeaveGroup, clientId, group));
}

int ClusterClients::ungroup(const QString &group)
{
    const QStringList remote = m_directory.clientIdsInGroup(group);
    for (const QString &id : remote)
        apply(operation(RemoteOp::Kind::LeaveGroup, id, group));
    return m_hub.ungroup(group) + int(remote.size());
}

ClusterView::Status ClusterClients::setSession(const QString &clientId, const QJsonObject &session)
{
    return apply({RemoteOp::Kind::SetSession, clientId, {}, session, {}});
}

ClusterView::Status ClusterClients::updateSession(const QString &clientId, const QJsonObject &changes)
{
    return apply({RemoteOp::Kind::UpdateSession, clientId, {}, changes, {}});
}

ClusterView::Status ClusterClients::closeClient(const QString &clientId, const QByteArray &finalMessage,
                                                const QString &reason, int closeCode)
{
    return apply({RemoteOp::Kind::CloseClient, clientId, reason, {}, finalMessage, closeCode});
}

} // namespace Herald
