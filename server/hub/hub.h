#pragma once

#include "broker/clusterview.h"
#include "broker/target.h"
#include "history/roomhistory.h"
#include "hub/clientrecord.h"
#include "util/slotpool.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <optional>
#include <vector>

namespace Herald {

class HistoryRooms;
struct Metrics;

// The GatewayWorker operations, implemented once: client ids, uids, groups (rooms), sessions and
// sending. Every way in (client protocol, HTTP API, text port, admin channel) calls these.
// A send is addressed by target and delivered to this node's share (deliverLocal); it is then announced
// (published) for the other nodes of a cluster, if any.
class Hub final : public QObject, public ClusterView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Hub)

public:
    using Status = ClusterView::Status;

    // `history`: the rooms' history in this node's memory, when the config turns it on (every message to a
    // group it covers is appended there and delivered with its offset). `sharedHistory`: the rooms whose
    // history is the cluster's (in Redis): a message to one of them is not delivered here but announced
    // (publishedToHistory), and comes back stamped, through deliverLocal, on every node.
    explicit Hub(Metrics &metrics, RoomHistory *history = nullptr, const HistoryRooms *sharedHistory = nullptr,
                 QObject *parent = nullptr);
    ~Hub() override;

    void setMaxGroupsPerClient(int max) { m_maxGroupsPerClient = max; } // reloadable (SIGHUP)
    void setMaxConnectionsPerUid(int max) { m_maxConnectionsPerUid = max; } // 0: no limit; reloadable

    // Connections (called by the gateway). Each comes with its way out: what the hub sends to it or
    // closes goes to `outlet`, with `endpoint` handed back (whatever the outlet keeps of it).
    void addClient(const QString &clientId, const IpAddress &address, quint16 port, Outlet &outlet,
                   OutletEndpoint *endpoint = nullptr);
    void addClient(const QString &clientId, const QString &address, quint16 port, Outlet &outlet,
                   OutletEndpoint *endpoint = nullptr); // the address as text
    void removeClient(const QString &clientId, const QString &reason);
    void noteIncoming(const QString &clientId, qint64 bytes);

    // uids; a bind past max-connections-per-uid is refused (LimitReached): the newest connection loses
    Status bindUid(const QString &clientId, const QString &uid) override;
    Status unbindUid(const QString &clientId, const QString &uid = {}) override;
    // groups (rooms)
    Status joinGroup(const QString &clientId, const QString &group) override;
    bool canJoinGroup(const QString &clientId, const QString &group) const;
    Status leaveGroup(const QString &clientId, const QString &group) override;
    int ungroup(const QString &group) override; // everyone leaves; returns how many were in it

    // sending; each returns the number of connections reached (on this node)
    int sendToAll(const QByteArray &text, const QStringList &exclude = {});
    int sendToClient(const QString &clientId, const QByteArray &text);
    int sendToUid(const QString &uid, const QByteArray &text, const QStringList &exclude = {});
    // `origin` says where the message comes from: the id of the client whose message it passes on, or
    // the name of the backend that sent it. Only those who watch a group's traffic see it (groupMessage).
    // With shared history, `catchUp` rides with the message: the joining client's position and what it
    // missed, read in the same step as the message is stored (a client's own login notice).
    int sendToGroup(const QString &group, const QByteArray &text, const QStringList &exclude = {},
                    const QString &origin = {});
    int sendToGroup(const QString &group, const QByteArray &text, const QStringList &exclude, const QString &origin,
                    const CatchUp &catchUp);
    bool historyShared(const QString &group) const; // the group's history is the cluster's (Redis)
    // A client catching up on a group gets none of its messages until it has what it missed (they are
    // in it); a client that leaves stops catching up.
    void startCatchingUp(const QString &clientId, const QString &group);
    void stopCatchingUp(const QString &clientId, const QString &group);

    // queries
    bool isOnline(const QString &clientId) const override { return m_clients.contains(clientId); }
    bool isUidOnline(const QString &uid) const override { return m_uids.contains(uid); }
    int clientCount() const override { return int(m_clients.size()); }
    int uidCount() const override { return int(m_uids.size()); }
    int groupCount() const override { return int(m_groups.size()); }
    QStringList clientIds() const override;
    QStringList uids() const override;
    QStringList groups() const override;
    QStringList clientIdsInGroup(const QString &group) const override;
    QStringList uidsInGroup(const QString &group) const override;
    QStringList clientIdsOfUid(const QString &uid) const override;
    int groupSize(const QString &group) const override;
    const ClientRecord *client(const QString &clientId) const;
    QList<const ClientRecord *> clientsInGroup(const QString &group) const;
    std::vector<const ClientRecord *> allClients() const;
    std::optional<ClientRecord> clientRecord(const QString &clientId) const override;
    QList<ClientRecord> clientRecords() const override;
    RoomHistory *history() const { return m_history; } // null: history off

    // session map
    std::optional<QJsonObject> session(const QString &clientId) const override;
    Status setSession(const QString &clientId, const QJsonObject &session) override;
    Status updateSession(const QString &clientId, const QJsonObject &changes) override; // merge, null removes a key

    // closing: optional final message, then a close (normal unless the code says otherwise)
    Status closeClient(const QString &clientId, const QByteArray &finalMessage = {}, const QString &reason = {},
                       int closeCode = 1000) override;

    // Resolves a target to this node's connections and hands them the text: every publish's share on
    // this node, and what a cluster broker brings from the other nodes. Returns the recipients reached.
    int deliverLocal(const Target &target, const QByteArray &text);

Q_SIGNALS:
    // Every publish, once this node's share is delivered: what a cluster broker carries to the other
    // nodes (Application connects one when there is a cluster; a single node has no receiver).
    void published(const Herald::Target &target, const QByteArray &text);
    // A message to a group whose history is the cluster's: for the cluster to stamp, store and publish.
    void publishedToHistory(const Herald::Target &target, const QByteArray &text, const Herald::CatchUp &catchUp);
    void clientAdded(const Herald::ClientRecord &record);
    void clientRemoved(const QString &clientId, const QString &reason);
    void groupJoined(const QString &clientId, const QString &group);
    void groupLeft(const QString &clientId, const QString &group);
    void uidBound(const QString &clientId, const QString &uid);
    void uidUnbound(const QString &clientId, const QString &uid);
    void sessionChanged(const QString &clientId);
    void clientKicked(const QString &clientId, const QString &reason);
    // every message sent to a group, with its origin: for the console's room tail
    void groupMessage(const QString &group, const QString &origin, const QByteArray &text, int recipients);

private:
    using Members = QSet<ClientRecord *>; // records live in m_records, where they never move

    ClientRecord *find(const QString &clientId);
    bool deliverTo(ClientRecord &record, const QByteArray &text, const QStringList &exclude);
    void leaveAllGroups(ClientRecord &record);
    void dropUid(ClientRecord &record);
    int publish(const Target &target, const QByteArray &text);
    static QStringList idsOf(const Members &members);

    Metrics &m_metrics;
    RoomHistory *m_history;
    const HistoryRooms *m_sharedHistory;
    int m_maxGroupsPerClient = 100;
    int m_maxConnectionsPerUid = 0;
    SlotPool<ClientRecord> m_records;
    QHash<QString, ClientRecord *> m_clients; // id → its record in m_records (the hash holds no block per entry)
    QHash<QString, Members> m_groups; // group → its members
    QHash<QString, Members> m_uids;   // uid → its connections
    QHash<QString, QSet<QString>> m_catchingUp; // client id → the groups it is catching up on
};

} // namespace Herald
