#pragma once

#include "broker/target.h"
#include "cluster/redisaddress.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace Herald {

class Hub;
class RedisBroker;
class RedisLink;
struct Metrics;

// This node's part of a cluster: its link to Redis and the broker that carries the hub's publishes
// over it. Application builds one when `redis` is set and connects the hub's publishes to it.
class Cluster final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Cluster)

public:
    Cluster(const RedisAddress &redis, Hub &hub, quint32 nodeId, Metrics &metrics, QObject *parent = nullptr);
    ~Cluster() override;

    void open();
    // What /healthz shows: whether the node reaches the others, and the link's state.
    bool isHealthy() const;
    QJsonObject status() const;

private:
    quint32 m_nodeId;
    std::unique_ptr<RedisLink> m_link;
    std::unique_ptr<RedisBroker> m_broker;
};

} // namespace Herald
