#pragma once

#include <QMap>
#include <QString>

namespace Herald {

// Process-wide counters, incremented where things happen and rendered by the HTTP API (/metrics)
// and the admin channel's stats. Gauges (connections, rooms, uids) are read from the hub at scrape time.
struct Metrics {
    quint64 connectionsAccepted = 0; // WebSocket handshakes completed
    quint64 connectionsRefused = 0;  // refused at accept: limits
    quint64 logins = 0;
    quint64 messagesIn = 0, bytesIn = 0;   // frames received from clients
    quint64 messagesOut = 0, bytesOut = 0; // frames delivered to clients (one per recipient)
    quint64 publishes = 0;                 // sends through the hub (one per operation)
    QMap<QString, quint64> errors;         // by kind: invalid_json, unknown_type, ...
    QMap<QString, quint64> closes;         // by reason: client, ping_timeout, kicked, slow_consumer, ...
    QMap<QString, quint64> apiCalls;       // "command|status"
    QMap<QString, quint64> doorCloses;     // "door|reason": API, text-port and admin connections a door closed
    QMap<QString, quint64> threadConnections; // gauge by gateway thread ("0", "1", ...): TCP connections held
    // Apple push notifications (server/push)
    QMap<QString, quint64> apnsResults;    // finished notifications by outcome (delivered, token-dead, ...)
    quint64 apnsDeactivated = 0;           // registered devices deactivated because APNs declared them dead
    quint64 apnsInFlight = 0;              // gauges, kept current by the dispatcher
    quint64 apnsQueued = 0;
    // The cluster (server/cluster), when there is one
    bool clustered = false;
    quint64 clusterPublished = 0;   // publishes carried to the other nodes through Redis
    quint64 clusterReceived = 0;    // publishes of other nodes delivered here
    quint64 clusterUndelivered = 0; // publishes that could not reach the other nodes (Redis away)
    quint64 clusterBadEnvelopes = 0; // unreadable messages on the cluster's channels

    void countError(const QString &kind) { ++errors[kind]; }
    void countClose(const QString &reason) { ++closes[reason]; }
    void countDoorClose(const QString &door, const QString &reason) { ++doorCloses[door + QLatin1Char('|') + reason]; }
    void countApiCall(const QString &command, int status)
    {
        ++apiCalls[command + QLatin1Char('|') + QString::number(status)];
    }
};

} // namespace Herald
