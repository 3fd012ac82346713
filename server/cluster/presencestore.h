#pragma once

#include "cluster/clusterdirectory.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <chrono>
#include <functional>

namespace Herald {

class RedisLink;
struct RedisReply;

// This node's clients kept in Redis, beside what it publishes on the bus: one hash per node,
// herald:clients:<node> (client id → compact JSON of its uid, rooms, session, address, connect time),
// that expires `ttl` after the node last refreshed it (each heartbeat), so a node killed with -9 leaves
// Redis by itself. Changes are queued on the command connection with the publish that announces them
// (one pipeline, no round trip per client). A node that joins reads the others' hashes and the node
// registry (herald:nodes) back, in chunks (SCAN, HSCAN), instead of waiting for their snapshots.
class PresenceStore final
{
public:
    using NodeClients = std::function<void(quint32 node, const QList<RemoteClient> &clients)>;
    using NodeFacts = std::function<void(quint32 node, const QJsonObject &facts)>;

    static constexpr int kChunk = 500; // fields per HSET, and the COUNT hint of SCAN and HSCAN

    PresenceStore(RedisLink &link, quint32 nodeId, std::chrono::milliseconds ttl);

    static QByteArray key(quint32 node);
    static QByteArray nodeField(quint32 node); // 8 hex digits, as in herald:nodes

    void put(const RemoteClient &client);
    void remove(const QString &clientId);
    // Everything this node has, replacing what Redis kept (after the link was down).
    void replaceAll(const QList<RemoteClient> &clients);
    void refresh();
    // Reads every other node's facts (herald:nodes) and clients, one node's clients at a time.
    void readOthers(NodeFacts facts, NodeClients clients);

private:
    void scan(const QByteArray &cursor, const NodeClients &done);
    void readNode(quint32 node, const QByteArray &cursor, QList<RemoteClient> sofar, const NodeClients &done);

    RedisLink &m_link;
    quint32 m_nodeId;
    QByteArray m_key;
    QByteArray m_ttlMs;
};

} // namespace Herald
