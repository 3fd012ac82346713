#pragma once

#include "broker/target.h"

#include <QByteArray>
#include <QObject>

namespace Herald {

class DampedLog;
class Hub;
class RedisLink;
struct Metrics;

// Carries the hub's publishes to the other nodes through Redis and hands theirs to this node's hub.
// A target is published once, whatever its members: a client of another node to that node's channel
// (herald:node:<id>), a uid, a group or everyone to the cluster channel (herald:cluster); a client of
// this node not at all (the hub delivered it). Each node delivers its own share (Hub::deliverLocal) and
// ignores what it published itself. While Redis is away nothing crosses: each lost publish is counted
// (herald_cluster_undelivered_total) and local delivery goes on.
class RedisBroker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisBroker)

public:
    RedisBroker(Hub &hub, RedisLink &link, quint32 nodeId, Metrics &metrics, QObject *parent = nullptr);
    ~RedisBroker() override;

    static QByteArray clusterChannel();
    static QByteArray nodeChannel(quint32 nodeId);

    // What the hub published (connected to Hub::published).
    void carry(const Herald::Target &target, const QByteArray &text);

private:
    void received(const QByteArray &channel, const QByteArray &payload);

    Hub &m_hub;
    RedisLink &m_link;
    quint32 m_nodeId;
    Metrics &m_metrics;
    DampedLog *m_log;
};

} // namespace Herald
