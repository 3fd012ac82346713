#pragma once

#include "broker/clusterview.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Herald {

class Hub;

// An operation on a client of another node (bindUid, joinGroup, closeClient, ...), sent to the node that
// holds the client (herald:ops:<node>, JSON) and applied there by its hub. Pure but for apply().
struct RemoteOp {
    enum class Kind { BindUid, UnbindUid, JoinGroup, LeaveGroup, SetSession, UpdateSession, CloseClient };
    Kind kind = Kind::BindUid;
    QString clientId;
    QString value;       // uid, group, or a close's reason
    QJsonObject session; // SetSession, UpdateSession
    QByteArray message;  // CloseClient's final message
    int closeCode = 1000;

    QByteArray encode() const;
    static std::optional<RemoteOp> decode(const QByteArray &bytes, QString *error);
    ClusterView::Status apply(Hub &hub) const;
};

} // namespace Herald
