#pragma once

#include "broker/clusterview.h"

namespace Herald {

class ClusterDirectory;
class Hub;
class RedisLink;
struct RemoteClient;
struct RemoteOp;

// A client of another node as the hub's record of one (no outlet: it is not here).
ClientRecord recordOf(const RemoteClient &client);

// The whole cluster's clients for the commands and the client protocols: this node's hub and the
// directory of the other nodes' clients. An operation on a client of this node is the hub's; on a client
// of another node it is sent to that node (herald:ops:<node>) and applied there, and answered here from
// the directory (a known client: ok). Counts and lists are the sum of both.
class ClusterClients final : public ClusterView
{
public:
    ClusterClients(Hub &hub, const ClusterDirectory &directory, RedisLink &link);

    static QByteArray opsChannel(quint32 nodeId);

    bool isOnline(const QString &clientId) const override;
    bool isUidOnline(const QString &uid) const override;
    int clientCount() const override;
    int uidCount() const override;
    int groupCount() const override;
    QStringList clientIds() const override;
    QStringList uids() const override;
    QStringList groups() const override;
    QStringList clientIdsInGroup(const QString &group) const override;
    QStringList uidsInGroup(const QString &group) const override;
    QStringList clientIdsOfUid(const QString &uid) const override;
    int groupSize(const QString &group) const override;
    std::optional<QJsonObject> session(const QString &clientId) const override;
    std::optional<ClientRecord> clientRecord(const QString &clientId) const override;
    QList<ClientRecord> clientRecords() const override;

    Status bindUid(const QString &clientId, const QString &uid) override;
    Status unbindUid(const QString &clientId, const QString &uid = {}) override;
    Status joinGroup(const QString &clientId, const QString &group) override;
    Status leaveGroup(const QString &clientId, const QString &group) override;
    int ungroup(const QString &group) override;
    Status setSession(const QString &clientId, const QJsonObject &session) override;
    Status updateSession(const QString &clientId, const QJsonObject &changes) override;
    Status closeClient(const QString &clientId, const QByteArray &finalMessage = {}, const QString &reason = {},
                       int closeCode = 1000) override;

private:
    // The operation on this node's hub when the client is here; otherwise sent to the node that holds it
    // (Ok once sent), or NoSuchClient when no node does.
    Status apply(const RemoteOp &op);

    Hub &m_hub;
    const ClusterDirectory &m_directory;
    RedisLink &m_link;
};

} // namespace Herald
