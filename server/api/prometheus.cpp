#include "api/prometheus.h"

#include "hub/hub.h"
#include "util/acceptguard.h"
#include "util/metrics.h"

namespace Herald {

namespace {

class Writer
{
public:
    void metric(const char *name, const char *type, const char *help, quint64 value)
    {
        header(name, type, help);
        sample(name, {}, value);
    }
    void labelled(const char *name, const char *type, const char *help, const QMap<QString, quint64> &values,
                  const QList<QByteArray> &labels)
    {
        header(name, type, help);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            const QList<QString> parts = it.key().split(QLatin1Char('|'));
            QByteArray set;
            for (qsizetype i = 0; i < labels.size() && i < parts.size(); ++i) {
                if (!set.isEmpty())
                    set += ',';
                set += labels[i] + "=\"" + escape(parts[i]) + '"';
            }
            sample(name, set, it.value());
        }
    }
    void histogram(const char *name, const char *help, const Histogram &h)
    {
        header(name, "histogram", help);
        const QByteArray bucket = QByteArray(name).append("_bucket");
        const QByteArray count = QByteArray(name).append("_count");
        quint64 cumulative = 0;
        for (std::size_t i = 0; i < Histogram::kBounds.size(); ++i) {
            cumulative += h.buckets[i];
            sample(bucket.constData(), QByteArray("le=\"").append(QByteArray::number(Histogram::kBounds[i])).append('"'), cumulative);
        }
        sample(bucket.constData(), "le=\"+Inf\"", h.count);
        m_out += QByteArray(name) + "_sum " + QByteArray::number(h.sum, 'g', 9) + '\n';
        sample(count.constData(), {}, h.count);
    }
    QByteArray text() const { return m_out; }

private:
    void header(const char *name, const char *type, const char *help)
    {
        m_out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void sample(const char *name, const QByteArray &labels, quint64 value)
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ' + QByteArray::number(value) + '\n';
    }
    static QByteArray escape(const QString &v)
    {
        QByteArray b = v.toUtf8();
        b.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        return b;
    }
    QByteArray m_out;
};

} // namespace

QByteArray renderPrometheus(const Metrics &m, const Hub &hub, int adminConnections)
{
    Writer w;
    w.metric("herald_connections", "gauge", "WebSocket clients connected now.", quint64(hub.clientCount()));
    w.metric("herald_rooms", "gauge", "Rooms (groups) with at least one member.", quint64(hub.groupCount()));
    w.metric("herald_uids", "gauge", "Distinct uids bound now.", quint64(hub.uidCount()));
    w.metric("herald_admin_connections", "gauge", "Admin channel connections now.", quint64(adminConnections));
    w.labelled("herald_gateway_thread_connections", "gauge",
               "TCP connections held by each gateway thread (handshaking or open).", m.threadConnections, {"thread"});
    w.metric("herald_connections_accepted_total", "counter", "WebSocket handshakes completed.", m.connectionsAccepted);
    w.metric("herald_connections_refused_total", "counter", "Connections refused at accept by a limit.",
             m.connectionsRefused);
    w.metric("herald_logins_total", "counter", "workerman-chat logins.", m.logins);
    w.metric("herald_messages_in_total", "counter", "Messages received from clients.", m.messagesIn);
    w.metric("herald_bytes_in_total", "counter", "Bytes of messages received from clients.", m.bytesIn);
    w.metric("herald_messages_out_total", "counter", "Messages delivered to clients (one per recipient).",
             m.messagesOut);
    w.metric("herald_bytes_out_total", "counter", "Bytes delivered to clients.", m.bytesOut);
    w.metric("herald_publishes_total", "counter", "Send operations through the hub.", m.publishes);
    w.labelled("herald_errors_total", "counter", "Client protocol errors by kind.", m.errors, {"kind"});
    w.labelled("herald_closes_total", "counter", "Closed or refused connections by reason.", m.closes, {"reason"});
    w.labelled("herald_tokens_total", "counter",
               "Connection tokens by outcome (accepted, refreshed, invalid, missing, expired).", m.tokens, {"outcome"});
    w.labelled("herald_recoveries_total", "counter",
               "Recoveries asked for in logins, by outcome (recovered, history_off, epoch_changed, too_old, offset_ahead).",
               m.recoveries, {"outcome"});
    w.metric("herald_uid_limit_refusals_total", "counter", "uid bindings refused by max-connections-per-uid.",
             m.uidLimitRefusals);
    w.labelled("herald_api_calls_total", "counter", "Backend and admin commands by command and HTTP status.",
               m.apiCalls, {"command", "status"});
    w.labelled("herald_door_closes_total", "counter",
               "HTTP API, text-port and admin connections a door closed, by door and reason.", m.doorCloses,
               {"door", "reason"});
    w.metric("herald_audit_lines_lost_total", "counter",
             "Audit log entries that could not be written to the data directory (full or unwritable); each is logged.",
             m.auditLinesLost);
    w.labelled("herald_auth_failures_total", "counter",
               "Failed logins (wrong API key or admin token) by door, and whether the answer was delayed (AuthThrottle).",
               m.authFailures, {"door", "delayed"});
    w.metric("herald_accept_exhausted_total", "counter",
             "Times a listening port could not accept (no free file descriptor) and paused accepting.",
             AcceptGuard::exhaustedCount());
    w.metric("herald_accept_shed_total", "counter",
             "Connections closed as soon as accepted because no descriptor was free for them.", AcceptGuard::shedCount());
    w.histogram("herald_hub_pass_seconds",
                "Seconds from a pass's first delivery to the gateway until its frames go to the gateway threads.",
                m.hubPass);
    if (!m.robotQueued.isEmpty()) { // robots configured
        w.labelled("herald_robot_messages_total", "counter",
                   "Messages to group-chat robots, by robot and result (sent, rejected, configuration, unreachable, dropped).",
                   m.robotMessages, {"robot", "result"});
        w.labelled("herald_robot_merged_total", "counter", "Messages that went merged with others into one robot message.",
                   m.robotMerged, {"robot"});
        w.labelled("herald_robot_rate_limited_total", "counter", "Answers of a robot's service that the robot was over its rate.",
                   m.robotRateLimited, {"robot"});
        w.labelled("herald_robot_queued", "gauge", "Messages waiting for room in a robot's rate.", m.robotQueued, {"robot"});
    }
    if (!m.apnsResults.isEmpty()) { // APNs configured
        w.labelled("herald_apns_results_total", "counter", "APNs notifications finished, by outcome.", m.apnsResults,
                   {"outcome"});
        w.metric("herald_apns_deactivated_total", "counter", "Device tokens deactivated because APNs declared them dead.",
                 m.apnsDeactivated);
        w.metric("herald_apns_in_flight", "gauge", "APNs notifications sent and not yet answered.", m.apnsInFlight);
        w.metric("herald_apns_queued", "gauge", "APNs notifications waiting to be sent.", m.apnsQueued);
    }
    if (!m.pushResults.isEmpty()) { // a push provider configured
        w.labelled("herald_push_results_total", "counter", "Push messages finished, by provider and outcome.",
                   m.pushResults, {"provider", "outcome"});
        w.labelled("herald_push_deactivated_total", "counter",
                   "Device tokens deactivated because their provider declared them dead, by provider.", m.pushDeactivated,
                   {"provider"});
    }
    if (m.clustered) {
        w.metric("herald_cluster_published_total", "counter", "Publishes carried to the other nodes through Redis.",
                 m.clusterPublished);
        w.metric("herald_cluster_received_total", "counter", "Publishes of other nodes delivered on this node.",
                 m.clusterReceived);
        w.metric("herald_cluster_undelivered_total", "counter",
                 "Publishes that could not reach the other nodes because Redis was unreachable.", m.clusterUndelivered);
        w.metric("herald_cluster_bad_envelopes_total", "counter", "Unreadable messages on the cluster's channels.",
                 m.clusterBadEnvelopes);
    }
    return w.text();
}

} // namespace Herald
