#pragma once

#include "broker/broker.h"
#include "hub/clientrecord.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <optional>
#include <unordered_map>
#include <vector>

namespace Herald {

class Outlet;
struct Metrics;

// The GatewayWorker operations, implemented once: client ids, uids, groups (rooms), sessions and
// sending. Every way in (client protocol, HTTP API, text port, admin channel) calls these.
// Sending goes through the broker; the broker hands each target back to deliverLocal().
class Hub final : public QObject, public LocalDelivery
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Hub)

public:
    enum class Status { Ok, NoSuchClient, LimitReached };

    explicit Hub(Metrics &metrics, QObject *parent = nullptr);
    ~Hub() override;

    void setOutlet(Outlet *outlet) { m_outlet = outlet; } // the gateway; set before clients arrive
    void setBroker(Broker *broker) { m_broker = broker; }
    void setMaxGroupsPerClient(int max) { m_maxGroupsPerClient = max; }
    void setMaxConnectionsPerUid(int max) { m_maxConnectionsPerUid = max; } // 0: no limit

    // Connections (called by the gateway).
    void addClient(const QString &clientId, const QString &address, quint16 port, OutletEndpoint *endpoint = nullptr);
    void removeClient(const QString &clientId, const QString &reason);
    void noteIncoming(const QString &clientId, qint64 bytes);

    // uids; a bind past max-connections-per-uid is refused (LimitReached): the newest connection loses
    Status bindUid(const QString &clientId, const QString &uid);
    Status unbindUid(const QString &clientId, const QString &uid = {});
    // groups (rooms)
    Status joinGroup(const QString &clientId, const QString &group);
    bool canJoinGroup(const QString &clientId, const QString &group) const;
    Status leaveGroup(const QString &clientId, const QString &group);
    int ungroup(const QString &group); // everyone leaves; returns how many were in it

    // sending; each returns the number of connections reached (on this node)
    int sendToAll(const QByteArray &text, const QStringList &exclude = {});
    int sendToClient(const QString &clientId, const QByteArray &text);
    int sendToUid(const QString &uid, const QByteArray &text, const QStringList &exclude = {});
    // `origin` says where the message comes from: the id of the client whose message it passes on, or
    // the name of the backend that sent it. Only those who watch a group's traffic see it (groupMessage).
    int sendToGroup(const QString &group, const QByteArray &text, const QStringList &exclude = {},
                    const QString &origin = {});

    // queries
    bool isOnline(const QString &clientId) const { return m_clients.count(clientId) != 0; }
    bool isUidOnline(const QString &uid) const { return m_uids.contains(uid); }
    int clientCount() const { return int(m_clients.size()); }
    int uidCount() const { return int(m_uids.size()); }
    int groupCount() const { return int(m_groups.size()); }
    QStringList clientIds() const;
    QStringList uids() const;
    QStringList groups() const;
    QStringList clientIdsInGroup(const QString &group) const;
    QStringList uidsInGroup(const QString &group) const;
    QStringList clientIdsOfUid(const QString &uid) const;
    int groupSize(const QString &group) const;
    const ClientRecord *client(const QString &clientId) const;
    QList<const ClientRecord *> clientsInGroup(const QString &group) const;
    std::vector<const ClientRecord *> allClients() const;

    // session map
    std::optional<QJsonObject> session(const QString &clientId) const;
    Status setSession(const QString &clientId, const QJsonObject &session);
    Status updateSession(const QString &clientId, const QJsonObject &changes); // merge, null removes a key

    // closing: optional final message, then a close (normal unless the code says otherwise)
    Status closeClient(const QString &clientId, const QByteArray &finalMessage = {}, const QString &reason = {},
                       int closeCode = 1000);

    int deliverLocal(const Target &target, const QByteArray &text) override;

Q_SIGNALS:
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
    using Members = QSet<ClientRecord *>; // records live in m_clients, whose nodes never move

    ClientRecord *find(const QString &clientId);
    bool deliverTo(ClientRecord &record, const QByteArray &text, const QStringList &exclude);
    void leaveAllGroups(ClientRecord &record);
    void dropUid(ClientRecord &record);
    int publish(const Target &target, const QByteArray &text);
    static QStringList idsOf(const Members &members);

    Outlet *m_outlet = nullptr;
    Metrics &m_metrics;
    Broker *m_broker = nullptr;
    int m_maxGroupsPerClient = 100;
    int m_maxConnectionsPerUid = 0;
    std::unordered_map<QString, ClientRecord> m_clients;
    QHash<QString, Members> m_groups; // group → its members
    QHash<QString, Members> m_uids;   // uid → its connections
};

} // namespace Herald
