#include "cluster/clusterdirectory.h"

#include <utility>

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

void ClusterDirectory::tell(DirectoryChange::Kind kind, const RemoteClient &client, const QString &value) const
{
    if (m_changed)
        m_changed(DirectoryChange{kind, &client, value});
}

void ClusterDirectory::replaceNode(quint32 node, const QList<RemoteClient> &clients)
{
    Ids gone = m_byNode.value(node);
    for (const RemoteClient &c : clients) {
        gone.remove(c.id);
        RemoteClient copy = c;
        copy.node = node;
        add(copy);
    }
    for (const QString &id : std::as_const(gone))
        remove(id, QStringLiteral("unknown")); // its removal was missed (Redis away)
}

void ClusterDirectory::dropNode(quint32 node, const QString &why)
{
    const Ids ids = m_byNode.take(node);
    for (const QString &id : ids)
        remove(id, why);
}

void ClusterDirectory::add(const RemoteClient &client)
{
    if (auto it = m_clients.find(client.id); it != m_clients.end() && it->node == client.node) {
        update(*it, client);
        return;
    }
    remove(client.id);
    RemoteClient &c = m_clients.insert(client.id, client).value();
    c.uid.clear();
    c.groups.clear();
    m_byNode[c.node].insert(c.id);
    tell(DirectoryChange::Kind::Added, c);
    update(c, client);
}

// A known client brought to what its node says of it now, one told change at a time.
void ClusterDirectory::update(RemoteClient &known, const RemoteClient &now)
{
    known.address = now.address;
    known.port = now.port;
    known.connectedAt = now.connectedAt;
    if (known.uid != now.uid)
        bind(known.id, now.uid);
    for (const QString &g : known.groups - now.groups)
        leave(known.id, g);
    for (const QString &g : now.groups - known.groups)
        join(known.id, g);
    if (known.session != now.session)
        setSession(known.id, now.session);
}

void ClusterDirectory::remove(const QString &clientId, const QString &why)
{
    const auto it = m_clients.constFind(clientId);
    if (it == m_clients.constEnd())
        return;
    for (const QString &g : QSet<QString>(it->groups))
        leave(clientId, g);
    unbind(clientId);
    const RemoteClient c = m_clients.take(clientId);
    if (auto n = m_byNode.find(c.node); n != m_byNode.end()) {
        n->remove(clientId);
        if (n->isEmpty())
            m_byNode.erase(n);
    }
    tell(DirectoryChange::Kind::Removed, c, why);
}

void ClusterDirectory::bind(const QString &clientId, const QString &uid)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end() || it->uid == uid)
        return;
    if (!it->uid.isEmpty()) {
        const QString old = std::exchange(it->uid, QString());
        unindex(m_uids, old, clientId);
        tell(DirectoryChange::Kind::Unbound, *it, old);
    }
    if (uid.isEmpty())
        return;
    it->uid = uid;
    m_uids[uid].insert(clientId);
    tell(DirectoryChange::Kind::Bound, *it, uid);
}

void ClusterDirectory::unbind(const QString &clientId)
{
    bind(clientId, {});
}

void ClusterDirectory::join(const QString &clientId, const QString &group)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end() || it->groups.contains(group))
        return;
    it->groups.insert(group);
    m_groups[group].insert(clientId);
    tell(DirectoryChange::Kind::Joined, *it, group);
}

void ClusterDirectory::leave(const QString &clientId, const QString &group)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end() || !it->groups.remove(group))
        return;
    unindex(m_groups, group, clientId);
    tell(DirectoryChange::Kind::Left, *it, group);
}

void ClusterDirectory::setSession(const QString &clientId, const QJsonObject &session)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end() || it->session == session)
        return;
    it->session = session;
    tell(DirectoryChange::Kind::Session, *it);
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

QHash<quint32, int> ClusterDirectory::groupSizeByNode(const QString &group) const
{
    QHash<quint32, int> sizes;
    for (const QString &id : m_groups.value(group))
        ++sizes[m_clients.value(id).node];
    return sizes;
}

} // namespace Herald
