#pragma once

#include <QDateTime>
#include <QJsonArray>
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

    QJsonObject toJson() const
    {
        return {{QLatin1String("version"), version},
                {QLatin1String("node_id"), nodeId},
                {QLatin1String("started_at"), startedAt.toString(Qt::ISODate)},
                {QLatin1String("uptime_s"), startedAt.secsTo(QDateTime::currentDateTimeUtc())},
                {QLatin1String("listen"), QJsonArray::fromStringList(listen)},
                {QLatin1String("event_dispatcher"), eventDispatcher},
                {QLatin1String("max_message_size"), maxMessageSize}};
    }
};

} // namespace Herald
