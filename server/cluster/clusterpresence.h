#pragma once

#include "cluster/clusterdirectory.h"
#include "cluster/presencestore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
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
// clients in a ClusterDirectory from what they publish. Its clients are also kept in Redis (a
// PresenceStore, refreshed each heartbeat), from which a node that joins reads the others' at once. A
// node not heard from for three heartbeats is dropped from the directory: its clients and uids go
// offline in every answer.
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

Q_SIGNALS:
    // A client of another node came, changed or went (its node dropped included), as the hub's signals
    // tell this node's.
    void remoteChanged(const Herald::DirectoryChange &change);

private:
    void linkUp();
    void received(const QByteArray &channel, const QByteArray &payload);
    void heard(const PresenceMessage &m);
    void beat();
    void dropSilentNodes();
    QList<RemoteClient> ownClients() const;
    void publishSnapshot(const QList<RemoteClient> &clients);
    void publish(const PresenceMessage &m);
    void publishChange(int kind, const QString &clientId, const QString &value = {});
    void store(const QString &clientId);
    void readFromRedis();
    Node &noteNode(quint32 id);
    QJsonObject facts() const;

    Hub &m_hub;
    RedisLink &m_link;
    quint32 m_nodeId;
    std::chrono::milliseconds m_heartbeat;
    Facts m_facts;
    ClusterDirectory m_directory;
    PresenceStore m_store;
    QSet<quint32> m_snapshotted; // the nodes whose snapshot came since the link was last up
    QHash<quint32, Node> m_nodes; // the other nodes heard from
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace Herald
