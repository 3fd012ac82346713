#pragma once

#include "cluster/clusterdirectory.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace Herald {

// What a node tells the others about its clients on herald:presence (JSON; pure: bytes in, message or
// error out). A node says hello when it joins (the others answer with their snapshots), publishes its
// snapshot then, each change of a client as it happens, and a heartbeat with its facts every
// cluster-heartbeat seconds.
struct PresenceMessage {
    enum class Kind { Hello, Snapshot, Heartbeat, Added, Removed, Bound, Unbound, Joined, Left, Session };
    Kind kind = Kind::Heartbeat;
    quint32 node = 0;
    RemoteClient client;          // Added: all of it; the other changes: its id (and uid, group or session)
    QList<RemoteClient> clients;  // Snapshot
    QJsonObject info;             // Snapshot, Heartbeat: the node's facts (addresses, start, clients, rooms)
    QString reason;               // Removed: why (a close reason of docs/protocol.md)

    QByteArray encode() const;
    static std::optional<PresenceMessage> decode(const QByteArray &bytes, QString *error);
};

QJsonObject toJson(const RemoteClient &client);
RemoteClient remoteClientFromJson(const QJsonObject &json);

} // namespace Herald
