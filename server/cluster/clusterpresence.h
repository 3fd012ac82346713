#pragma once

#include "cluster/clusterdirectory.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Herald {

class Hub;
class RedisLink;
struct ClientRecord;
struct PresenceMessage;

// Who is where in the cluster. It publishes this node's clients on herald:presence (a snapshot when the
// link comes up or another node says hello, then each change the hub signals, and a heartbeat with the
// node's facts every `heartbeat`, also kept in the herald:nodes hash), and keeps the other nodes'
// clients in a ClusterDirectory from what they publish. A node not heard from for three heartbeats is
// dropped from the directory: its clients and uids go offline in every answer.
class ClusterPresence final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterPresence)

public:
    struct Node {
        quint32 id = 0;
        QJsonObject facts;
        qint64 lastHeardMs = 0; // on this node's monotonic clock
    };
    using Facts = std::function<QJsonObject()>; // this node's: addresses, start time

    ClusterPresence(Hub &hub, RedisLink &link, quint32 nodeId, std::chrono::milliseconds heartbeat, Facts facts,
                    QObject *parent = nullptr);
    ~ClusterPresence() override;

    static QByteArray channel();
    const ClusterDirectory &directory() const { return m_directory; }
    QList<Node> nodes() const { return m_nodes.values(); }
    qint64 sinceHeardMs(const Node &node) const { return m_clock.elapsed() - node.lastHeardMs; }

private:
    void linkUp();
    void received(const QByteArray &channel, const QByteArray &payload);
    void heard(const PresenceMessage &m);
    void beat();
    void dropSilentNodes();
    void publishSnapshot();
    void publish(const PresenceMessage &m);
    void publishChange(int kind, const QString &clientId, const QString &value = {});
    QJsonObject facts() const;

    Hub &m_hub;
    RedisLink &m_link;
    quint32 m_nodeId;
    std::chrono::milliseconds m_heartbeat;
    Facts m_facts;
    ClusterDirectory m_directory;
    QHash<quint32, Node> m_nodes; // the other nodes heard from
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace Herald
