#include "cluster/clusterclients.h"

#include "cluster/clusterdirectory.h"
#include "cluster/redislink.h"
#include "cluster/remoteop.h"
#include "hub/hub.h"

#include <QSet>

namespace Herald {

namespace {
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

ClusterView::Status ClusterClients::sendToOwner(const RemoteOp &op)
{
    const RemoteClient *c = m_directory.client(op.clientId);
    if (!c)
        return Status::NoSuchClient;
    m_link.publish(opsChannel(c->node), op.encode());
    return Status::Ok;
}

ClusterView::Status ClusterClients::bindUid(const QString &clientId, const QString &uid)
{
    if (m_hub.isOnline(clientId))
        return m_hub.bindUid(clientId, uid);
    return sendToOwner({RemoteOp::Kind::BindUid, clientId, uid, {}, {}, 1000});
}

ClusterView::Status ClusterClients::unbindUid(const QString &clientId, const QString &uid)
{
    if (m_hub.isOnline(clientId))
        return m_hub.unbindUid(clientId, uid);
    return sendToOwner({RemoteOp::Kind::UnbindUid, clientId, uid, {}, {}, 1000});
}

ClusterView::Status ClusterClients::joinGroup(const QString &clientId, const QString &group)
{
    if (m_hub.isOnline(clientId))
        return m_hub.joinGroup(clientId, group);
    return sendToOwner({RemoteOp::Kind::JoinGroup, clientId, group, {}, {}, 1000});
}

ClusterView::Status ClusterClients::leaveGroup(const QString &clientId, const QString &group)
{
    if (m_hub.isOnline(clientId))
        return m_hub.leaveGroup(clientId, group);
    return sendToOwner({RemoteOp::Kind::LeaveGroup, clientId, group, {}, {}, 1000});
}

int ClusterClients::ungroup(const QString &group)
{
    const QStringList remote = m_directory.clientIdsInGroup(group);
    for (const QString &id : remote)
        sendToOwner({RemoteOp::Kind::LeaveGroup, id, group, {}, {}, 1000});
    return m_hub.ungroup(group) + int(remote.size());
}

ClusterView::Status ClusterClients::setSession(const QString &clientId, const QJsonObject &session)
{
    if (m_hub.isOnline(clientId))
        return m_hub.setSession(clientId, session);
    return sendToOwner({RemoteOp::Kind::SetSession, clientId, {}, session, {}, 1000});
}

ClusterView::Status ClusterClients::updateSession(const QString &clientId, const QJsonObject &changes)
{
    if (m_hub.isOnline(clientId))
        return m_hub.updateSession(clientId, changes);
    return sendToOwner({RemoteOp::Kind::UpdateSession, clientId, {}, changes, {}, 1000});
}

ClusterView::Status ClusterClients::closeClient(const QString &clientId, const QByteArray &finalMessage,
                                                const QString &reason, int closeCode)
{
    if (m_hub.isOnline(clientId))
        return m_hub.closeClient(clientId, finalMessage, reason, closeCode);
    return sendToOwner({RemoteOp::Kind::CloseClient, clientId, reason, {}, finalMessage, closeCode});
}

} // namespace Herald
