#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

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

// One change of what a node knows of another node's clients, told as the hub tells its own: a client
// added, then its uid bound and each group joined; before it is removed, each group left and its uid
// unbound.
struct DirectoryChange {
    enum class Kind { Added, Removed, Bound, Unbound, Joined, Left, Session };
    Kind kind = Kind::Added;
    const RemoteClient *client = nullptr; // as it is after the change (Removed: as it was)
    QString value;                        // Bound, Unbound: the uid; Joined, Left: the group; Removed: why
};

// The mirror of the other nodes' clients, kept from what they publish (server/cluster/presence.h): each
// node's snapshot replaces what was known of it (told as the changes that make the difference, so that a
// snapshot that says nothing new changes nothing), its deltas follow; a node not heard from in time is
// dropped whole. Indexed as the hub is (uid → clients, group → members), so that answers stay fast.
class ClusterDirectory final
{
public:
    using Observer = std::function<void(const DirectoryChange &)>;
    explicit ClusterDirectory(Observer changed = {}) : m_changed(std::move(changed)) {}

    void replaceNode(quint32 node, const QList<RemoteClient> &clients);
    void dropNode(quint32 node, const QString &why = {});
    void add(const RemoteClient &client); // a client known already is updated to this
    void remove(const QString &clientId, const QString &why = {});
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
    QHash<quint32, int> groupSizeByNode(const QString &group) const; // each node's members of the group

private:
    using Ids = QSet<QString>;
    static void unindex(QHash<QString, Ids> &index, const QString &key, const QString &clientId);
    void update(RemoteClient &known, const RemoteClient &now);
    void tell(DirectoryChange::Kind kind, const RemoteClient &client, const QString &value = {}) const;

    Observer m_changed;

    QHash<QString, RemoteClient> m_clients;
    QHash<QString, Ids> m_uids;   // uid → its clients
    QHash<QString, Ids> m_groups; // group → its members
    QHash<quint32, Ids> m_byNode; // node → its clients
};

} // namespace Herald
