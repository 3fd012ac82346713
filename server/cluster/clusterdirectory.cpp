#include "cluster/clusterdirectory.h"

namespace Herald {

void ClusterDirectory::unindex(QHash<QString, Ids> &index, const QString &key, const QString &clientId)
{
    auto it = index.find(key);
    if (it == index.end())
        return;
    it->remove(clientId);
    if (it->isEmpty())
        index.erase(it);
}

void ClusterDirectory::replaceNode(quint32 node, const QList<RemoteClient> &clients)
{
    dropNode(node);
    for (const RemoteClient &c : clients) {
        RemoteClient copy = c;
        copy.node = node;
        add(copy);
    }
}

void ClusterDirectory::dropNode(quint32 node)
{
    const Ids ids = m_byNode.take(node);
    for (const QString &id : ids)
        remove(id);
}

void ClusterDirectory::add(const RemoteClient &client)
{
    remove(client.id);
    m_clients.insert(client.id, client);
    m_byNode[client.node].insert(client.id);
    if (!client.uid.isEmpty())
        m_uids[client.uid].insert(client.id);
    for (const QString &g : client.groups)
        m_groups[g].insert(client.id);
}

void ClusterDirectory::remove(const QString &clientId)
{
    const auto it = m_clients.constFind(clientId);
    if (it == m_clients.constEnd())
        return;
    const RemoteClient c = *it;
    m_clients.erase(it);
    if (auto n = m_byNode.find(c.node); n != m_byNode.end()) {
        n->remove(clientId);
        if (n->isEmpty())
            m_byNode.erase(n);
    }
    if (!c.uid.isEmpty())
        unindex(m_uids, c.uid, clientId);
    for (const QString &g : c.groups)
        unindex(m_groups, g, clientId);
}

void ClusterDirectory::bind(const QString &clientId, const QString &uid)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    if (!it->uid.isEmpty())
        unindex(m_uids, it->uid, clientId);
    it->uid = uid;
    if (!uid.isEmpty())
        m_uids[uid].insert(clientId);
}

void ClusterDirectory::unbind(const QString &clientId)
{
    bind(clientId, {});
}

void ClusterDirectory::join(const QString &clientId, const QString &group)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    it->groups.insert(group);
    m_groups[group].insert(clientId);
}

void ClusterDirectory::leave(const QString &clientId, const QString &group)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    it->groups.remove(group);
    unindex(m_groups, group, clientId);
}

void ClusterDirectory::setSession(const QString &clientId, const QJsonObject &session)
{
    if (auto it = m_clients.find(clientId); it != m_clients.end())
        it->session = session;
}

const RemoteClient *ClusterDirectory::client(const QString &clientId) const
{
    const auto it = m_clients.constFind(clientId);
    return it == m_clients.constEnd() ? nullptr : &*it;
}

QList<const RemoteClient *> ClusterDirectory::clients() const
{
    QList<const RemoteClient *> out;
    out.reserve(m_clients.size());
    for (const RemoteClient &c : m_clients)
        out.append(&c);
    return out;
}

QList<quint32> ClusterDirectory::nodesInGroup(const QString &group) const
{
    QSet<quint32> nodes;
    for (const QString &id : m_groups.value(group))
        nodes.insert(m_clients.value(id).node);
    return nodes.values();
}

} // namespace Herald
