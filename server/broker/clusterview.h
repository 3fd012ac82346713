#pragma once

#include "hub/clientrecord.h"

#include <QByteArray>
#include <QList>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Herald {

// The clients as the commands and the client protocols see them: on a single node the hub itself; in a
// cluster the hub and the mirror of the other nodes' clients (server/cluster), whose operations go to
// the node that holds the client. Counts and lists answer for the whole cluster.
class ClusterView
{
public:
    enum class Status { Ok, NoSuchClient, LimitReached };

    virtual ~ClusterView() = default;

    virtual bool isOnline(const QString &clientId) const = 0;
    virtual bool isUidOnline(const QString &uid) const = 0;
    virtual int clientCount() const = 0;
    virtual int uidCount() const = 0;
    virtual int groupCount() const = 0;
    virtual QStringList clientIds() const = 0;
    virtual QStringList uids() const = 0;
    virtual QStringList groups() const = 0;
    virtual QStringList clientIdsInGroup(const QString &group) const = 0;
    virtual QStringList uidsInGroup(const QString &group) const = 0;
    virtual QStringList clientIdsOfUid(const QString &uid) const = 0;
    virtual int groupSize(const QString &group) const = 0;
    virtual std::optional<QJsonObject> session(const QString &clientId) const = 0;
    // A client, or every one, wherever it is: another node's as this node knows it (its uid, rooms,
    // session, address and connect time; no traffic counters, no outlet).
    virtual std::optional<ClientRecord> clientRecord(const QString &clientId) const = 0;
    virtual QList<ClientRecord> clientRecords() const = 0;

    virtual Status bindUid(const QString &clientId, const QString &uid) = 0;
    virtual Status unbindUid(const QString &clientId, const QString &uid = {}) = 0;
    virtual Status joinGroup(const QString &clientId, const QString &group) = 0;
    virtual Status leaveGroup(const QString &clientId, const QString &group) = 0;
    virtual int ungroup(const QString &group) = 0; // everyone leaves; returns how many were in it
    virtual Status setSession(const QString &clientId, const QJsonObject &session) = 0;
    virtual Status updateSession(const QString &clientId, const QJsonObject &changes) = 0;
    virtual Status closeClient(const QString &clientId, const QByteArray &finalMessage = {}, const QString &reason = {},
                               int closeCode = 1000) = 0;
};

} // namespace Herald
