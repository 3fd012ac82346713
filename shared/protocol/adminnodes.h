#pragma once

// The admin channel's cluster part (docs/admin-protocol.md): the nodes of the cluster the console's server
// belongs to, one row for a single node. Value types and their JSON; the "nodes" message that carries them
// is in adminprotocol.h.

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Herald::Admin {

// One node: {"node","self","state","version","listen","started_at","last_heartbeat","clients","rooms"}.
struct NodeInfo {
    QString id;             // the node id, 8 hex characters (the first 8 of its clients' ids)
    bool self = false;      // the node this connection is to
    QString state;          // "up", "degraded" (cut off from Redis: it serves its own clients only) or "gone"
                            // (not heard from lately); any other text from a newer server is shown as sent
    QString version;
    QStringList listen;
    QDateTime startedAt;    // to the second on the wire
    QDateTime lastHeartbeat; // invalid for `self`, which is not heard but asked
    int clients = 0;
    int rooms = 0;
};

inline const QString NodeUp = QStringLiteral("up");
inline const QString NodeDegraded = QStringLiteral("degraded");
inline const QString NodeGone = QStringLiteral("gone");

QJsonObject toJson(const NodeInfo &node);
bool operator==(const NodeInfo &a, const NodeInfo &b);

namespace Detail {
class Fields;
NodeInfo nodeFrom(Fields &fields);
} // namespace Detail

} // namespace Herald::Admin
