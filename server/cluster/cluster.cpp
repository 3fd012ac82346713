#include "cluster/cluster.h"

#include "cluster/redisbroker.h"
#include "cluster/redislink.h"
#include "hub/hub.h"
#include "util/metrics.h"

namespace Herald {

Cluster::Cluster(const RedisAddress &redis, Hub &hub, quint32 nodeId, Metrics &metrics, QObject *parent)
    : QObject(parent), m_nodeId(nodeId),
      m_link(std::make_unique<RedisLink>(redis, QList<QByteArray>{RedisBroker::clusterChannel(),
                                                                  RedisBroker::nodeChannel(nodeId)})),
      m_broker(std::make_unique<RedisBroker>(hub, *m_link, nodeId, metrics))
{
    metrics.clustered = true;
    connect(&hub, &Hub::published, m_broker.get(), &RedisBroker::carry);
}

Cluster::~Cluster() = default;

void Cluster::open()
{
    m_link->open();
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
    return {{QLatin1String("node"), QStringLiteral("%1").arg(m_nodeId, 8, 16, QLatin1Char('0'))},
            {QLatin1String("redis"), redis}};
}

} // namespace Herald
