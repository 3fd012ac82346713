#pragma once

#include <QMap>
#include <QString>

#include <array>

namespace Herald {

// Durations in seconds, counted into fixed buckets (a Prometheus histogram; each count is of its own
// bucket, the rendering makes them cumulative).
struct Histogram {
    static constexpr std::array<double, 10> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                       0.005, 0.01, 0.025, 0.1, 1.0};
    std::array<quint64, kBounds.size() + 1> buckets{}; // the last: above every bound
    quint64 count = 0;
    double sum = 0;

    void observe(double seconds)
    {
        std::size_t i = 0;
        while (i < kBounds.size() && seconds > kBounds[i])
            ++i;
        ++buckets[i];
        ++count;
        sum += seconds;
    }
};

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
    QMap<QString, quint64> tokens;         // connection tokens by outcome: accepted, refreshed, invalid, missing, expired
    QMap<QString, quint64> recoveries;     // room history recoveries by outcome: recovered, too_old, epoch_changed, ...
    quint64 uidLimitRefusals = 0;          // uid bindings refused over max-connections-per-uid
    QMap<QString, quint64> authFailures;   // "door|delayed": failed logins (wrong key or token), answered at once or delayed
    QMap<QString, quint64> threadConnections; // gauge by gateway thread ("0", "1", ...): TCP connections held
    // Apple push notifications (server/push)
    QMap<QString, quint64> apnsResults;    // finished notifications by outcome (delivered, token-dead, ...)
    quint64 apnsDeactivated = 0;           // registered devices deactivated because APNs declared them dead
    quint64 apnsInFlight = 0;              // gauges, kept current by the dispatcher
    quint64 apnsQueued = 0;
    // Every push provider's (server/push: APNs' too, as "apns")
    QMap<QString, quint64> pushResults;     // "provider|outcome": finished messages
    QMap<QString, quint64> pushDeactivated; // by provider: devices deactivated because it declared them dead
    // Group-chat robots (server/push/robotsender), by robot name
    QMap<QString, quint64> robotMessages;    // "robot|result": sent, rejected, configuration, unreachable, dropped
    QMap<QString, quint64> robotMerged;      // messages that went merged with others into one
    QMap<QString, quint64> robotRateLimited; // answers of the robot's service that it was over its rate
    QMap<QString, quint64> robotQueued;      // gauge: messages waiting for room in the robot's rate
    // From the first delivery a hub pass hands the gateway to the moment its frames go to the gateway
    // threads: how long the main thread held them.
    Histogram hubPass;
    // The cluster (server/cluster), when there is one
    bool clustered = false;
    quint64 clusterPublished = 0;   // publishes carried to the other nodes through Redis
    quint64 clusterReceived = 0;    // publishes of other nodes delivered here
    quint64 clusterUndelivered = 0; // publishes that could not reach the other nodes (Redis away)
    quint64 clusterBadEnvelopes = 0; // unreadable messages on the cluster's channels
    quint64 auditLinesLost = 0;      // audit log entries that could not be written (disk full, unwritable)

    void countError(const QString &kind) { ++errors[kind]; }
    void countClose(const QString &reason) { ++closes[reason]; }
    void countDoorClose(const QString &door, const QString &reason) { ++doorCloses[door + QLatin1Char('|') + reason]; }
    void countAuthFailure(const QString &door, bool delayed)
    {
        ++authFailures[door + (delayed ? QLatin1String("|true") : QLatin1String("|false"))];
    }
    void countApiCall(const QString &command, int status)
    {
        ++apiCalls[command + QLatin1Char('|') + QString::number(status)];
    }
};

} // namespace Herald
