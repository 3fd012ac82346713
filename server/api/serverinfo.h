#pragma once

#include "protocol/adminprotocol.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Herald {

// Facts about this server process, shown by /healthz and the admin snapshot.
struct ServerInfo {
    QString version;
    QString nodeId;          // 8 hex characters
    QDateTime startedAt;     // UTC
    QStringList listen;      // e.g. "clients ws://0.0.0.0:7272/", "api http://127.0.0.1:7273/"
    QString dataDir;
    QString eventDispatcher; // class name of the running event dispatcher
    qint64 maxMessageSize = 0;

    // As the admin channel's snapshot shows it, its uptime counted now.
    Admin::ServerInfo admin() const
    {
        return {version, nodeId, startedAt, startedAt.secsTo(QDateTime::currentDateTimeUtc()), listen, eventDispatcher,
                maxMessageSize};
    }
    QJsonObject toJson() const { return Admin::toJson(admin()); }
};

} // namespace Herald
