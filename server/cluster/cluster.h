#pragma once

#include "cluster/clusterdirectory.h"
#include "cluster/redisaddress.h"
#include "history/historyrooms.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

namespace Herald {

class ClusterClients;
class ClusterDirectory;
class ClusterPresence;
class ClusterView;
class Hub;
class RedisBroker;
class RedisHistory;
class RedisLink;
struct Metrics;

// This node's part of a cluster: its link to Redis, the broker that carries the hub's publishes over
// it, the rooms' history kept there, the presence of every node's clients, and the view of them the commands use; operations other
// nodes send for this node's clients are applied here. Application builds one when `redis` is set.
class Cluster final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Cluster)

public:
    struct Settings {
        RedisAddress redis;
        quint32 nodeId = 0;
        std::chrono::milliseconds heartbeat{5000};
        std::function<QJsonObject()> facts; // this node's addresses and start, for the others
        HistorySettings history;             // on: room history in Redis (RedisHistory)
    };

    Cluster(const Settings &settings, Hub &hub, Metrics &metrics, QObject *parent = nullptr);
    ~Cluster() override;

    // Another node as this one last heard of it: its facts (listen, started_at, version, clients, rooms,
    // heartbeat) and how long ago, on this node's clock.
    struct Peer {
        quint32 id = 0;
        QJsonObject facts;
        qint64 sinceHeardMs = 0;
    };

    void open();
    ClusterView &clients();
    RedisHistory *history() const { return m_history.get(); } // null: no room keeps history
    const ClusterDirectory &directory() const; // the other nodes' clients
    QList<Peer> peers() const;                 // the other nodes heard from, not yet dropped
    std::chrono::milliseconds heartbeat() const { return m_heartbeat; }
    // What /healthz shows: whether the node reaches the others, the link's state and the nodes.
    bool isHealthy() const;
    QJsonObject status() const;

Q_SIGNALS:
    void remoteChanged(const Herald::DirectoryChange &change); // a client of another node came, changed or went

private:
    void received(const QByteArray &channel, const QByteArray &payload);

    quint32 m_nodeId;
    std::chrono::milliseconds m_heartbeat;
    Hub &m_hub;
    std::unique_ptr<RedisLink> m_link;
    std::unique_ptr<RedisBroker> m_broker;
    std::unique_ptr<RedisHistory> m_history; // null: no room keeps history
    std::unique_ptr<ClusterPresence> m_presence;
    std::unique_ptr<ClusterClients> m_clients;
};

} // namespace Herald
