#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Herald {

// What this node knows of a client of another node.
struct RemoteClient {
    QString id;
    quint32 node = 0;
    QString address;
    quint16 port = 0;
    QDateTime connectedAt;
    QString uid;
    QSet<QString> groups;
    QJsonObject session;
};

// The mirror of the other nodes' clients, kept from what they publish (server/cluster/presence.h): each
// node's snapshot replaces what was known of it, its deltas follow; a node not heard from in time is
// dropped whole. Indexed as the hub is (uid → clients, group → members), so that answers stay fast.
class ClusterDirectory final
{
public:
    void replaceNode(quint32 node, const QList<RemoteClient> &clients);
    void dropNode(quint32 node);
    void add(const RemoteClient &client);
    void remove(const QString &clientId);
    void bind(const QString &clientId, const QString &uid);
    void unbind(const QString &clientId);
    void join(const QString &clientId, const QString &group);
    void leave(const QString &clientId, const QString &group);
    void setSession(const QString &clientId, const QJsonObject &session);

    const RemoteClient *client(const QString &clientId) const;
    int clientCount() const { return int(m_clients.size()); }
    int clientCountOf(quint32 node) const { return int(m_byNode.value(node).size()); }
    QStringList clientIds() const { return m_clients.keys(); }
    QList<const RemoteClient *> clients() const;
    QStringList uids() const { return m_uids.keys(); }
    QStringList groups() const { return m_groups.keys(); }
    bool hasUid(const QString &uid) const { return m_uids.contains(uid); }
    bool hasGroup(const QString &group) const { return m_groups.contains(group); }
    QStringList clientIdsOfUid(const QString &uid) const { return m_uids.value(uid).values(); }
    QStringList clientIdsInGroup(const QString &group) const { return m_groups.value(group).values(); }
    QList<quint32> nodesInGroup(const QString &group) const;

private:
    using Ids = QSet<QString>;
    static void unindex(QHash<QString, Ids> &index, const QString &key, const QString &clientId);

    QHash<QString, RemoteClient> m_clients;
    QHash<QString, Ids> m_uids;   // uid → its clients
    QHash<QString, Ids> m_groups; // group → its members
    QHash<quint32, Ids> m_byNode; // node → its clients
};

} // namespace Herald
