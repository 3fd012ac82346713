#include "cluster/redisbroker.h"

#include "cluster/envelope.h"
#include "cluster/redislink.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "util/dampedlog.h"
#include "util/logging.h"
#include "util/metrics.h"

namespace Herald {

RedisBroker::RedisBroker(Hub &hub, RedisLink &link, quint32 nodeId, Metrics &metrics, QObject *parent)
    : QObject(parent), m_hub(hub), m_link(link), m_nodeId(nodeId), m_metrics(metrics),
      m_log(new DampedLog(&lcCluster, std::chrono::seconds(60), this))
{
    connect(&m_link, &RedisLink::message, this, &RedisBroker::received);
}

RedisBroker::~RedisBroker() = default;

QByteArray RedisBroker::clusterChannel()
{
    return QByteArrayLiteral("herald:cluster");
}

QByteArray RedisBroker::nodeChannel(quint32 nodeId)
{
    return QByteArrayLiteral("herald:node:") + QByteArray::number(nodeId, 16).rightJustified(8, '0');
}

void RedisBroker::carry(const Target &target, const QByteArray &text)
{
    QByteArray channel = clusterChannel();
    if (target.kind == Target::Kind::Client) {
        const quint32 owner = ClientIdGenerator::nodeIdOf(target.id);
        if (owner == m_nodeId || owner == 0)
            return; // this node's client, delivered already; or no client of any node
        channel = nodeChannel(owner);
    }
    if (m_link.publish(channel, Envelope{m_nodeId, target, text}.encode())) {
        ++m_metrics.clusterPublished;
        return;
    }
    ++m_metrics.clusterUndelivered;
    m_log->warning(QStringLiteral("publishes that could not reach the other nodes"),
                   QStringLiteral("a publish could not reach the other nodes: redis %1 is down (%2); counted in "
                                  "herald_cluster_undelivered_total")
                       .arg(m_link.address(), m_link.lastError()));
}

void RedisBroker::received(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != clusterChannel() && channel != nodeChannel(m_nodeId))
        return; // presence and operations: not envelopes, read by ClusterPresence and Cluster
    QString why;
    const std::optional<Envelope> e = Envelope::decode(payload, &why);
    if (!e) {
        ++m_metrics.clusterBadEnvelopes;
        m_log->warning(QStringLiteral("unreadable messages on the cluster channels"),
                       QStringLiteral("unreadable message on %1 ignored: %2 (is something else publishing on herald:*?)")
                           .arg(QString::fromUtf8(channel), why));
        return;
    }
    if (e->origin == m_nodeId)
        return; // our own publish, delivered here already
    ++m_metrics.clusterReceived;
    m_hub.deliverLocal(e->target, e->text);
}

} // namespace Herald
