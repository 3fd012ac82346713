#include "cluster/cluster.h"

#include "cluster/clusterclients.h"
#include "cluster/clusterpresence.h"
#include "cluster/redisbroker.h"
#include "cluster/redishistory.h"
#include "cluster/redislink.h"
#include "cluster/remoteop.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QJsonArray>

namespace Herald {

namespace {
QList<QByteArray> channelsOf(const Cluster::Settings &s)
{
    QList<QByteArray> channels{RedisBroker::clusterChannel(), RedisBroker::nodeChannel(s.nodeId), ClusterPresence::channel(),
                               ClusterClients::opsChannel(s.nodeId)};
    if (s.history.on())
        channels.append(RedisHistory::reportChannel(s.nodeId));
    return channels;
}
} // namespace

Cluster::Cluster(const Settings &settings, Hub &hub, Metrics &metrics, QObject *parent)
    : QObject(parent), m_nodeId(settings.nodeId), m_heartbeat(settings.heartbeat), m_hub(hub),
      m_link(std::make_unique<RedisLink>(settings.redis, channelsOf(settings))),
      m_broker(std::make_unique<RedisBroker>(hub, *m_link, m_nodeId, metrics)),
      m_presence(std::make_unique<ClusterPresence>(hub, *m_link, m_nodeId, settings.heartbeat, settings.facts)),
      m_clients(std::make_unique<ClusterClients>(hub, m_presence->directory(), *m_link))
{
    metrics.clustered = true;
    connect(&hub, &Hub::published, m_broker.get(), &RedisBroker::carry);
    if (settings.history.on()) {
        m_history = std::make_unique<RedisHistory>(settings.history, hub, *m_link, m_nodeId, metrics);
        connect(&hub, &Hub::publishedToHistory, m_history.get(), &RedisHistory::append);
    }
    connect(m_link.get(), &RedisLink::message, this, &Cluster::received);
    connect(m_presence.get(), &ClusterPresence::remoteChanged, this, &Cluster::remoteChanged);
}

Cluster::~Cluster() = default;

void Cluster::open()
{
    m_link->open();
}

ClusterView &Cluster::clients()
{
    return *m_clients;
}

const ClusterDirectory &Cluster::directory() const
{
    return m_presence->directory();
}

QList<Cluster::Peer> Cluster::peers() const
{
    QList<Peer> peers;
    for (const ClusterPresence::Node &n : m_presence->nodes())
        peers.append({n.id, n.facts, m_presence->sinceHeardMs(n)});
    return peers;
}

// An operation another node sent for a client of this one.
void Cluster::received(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != ClusterClients::opsChannel(m_nodeId))
        return;
    QString why;
    if (const std::optional<RemoteOp> op = RemoteOp::decode(payload, &why))
        op->apply(m_hub);
    else
        qCWarning(lcCluster).noquote() << "unreadable operation from another node ignored:" << why;
}

bool Cluster::isHealthy() const
{
    return m_link->isUp();
}

QJsonObject Cluster::status() const
{
    QJsonObject redis{{QLatin1String("address"), m_link->address()},
                      {QLatin1String("state"), m_link->isUp() ? QLatin1String("up") : QLatin1String("down")}};
    if (!m_link->isUp() && !m_link->lastError().isEmpty())
        redis.insert(QLatin1String("error"), m_link->lastError());
    QJsonArray nodes;
    for (const Peer &p : peers()) {
        QJsonObject node = p.facts;
        node.insert(QLatin1String("node"), nodeIdText(p.id));
        node.insert(QLatin1String("last_heard_ms"), p.sinceHeardMs);
        nodes.append(node);
    }
    return {{QLatin1String("node"), nodeIdText(m_nodeId)}, {QLatin1String("redis"), redis}, {QLatin1String("nodes"), nodes}};
}

} // namespace Herald
