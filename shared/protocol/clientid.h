#pragma once

#include <QString>
#include <QtGlobal>

#include <functional>
#include <optional>

namespace Herald {

// Client ids are 20 lowercase hex characters, unique across a cluster and across restarts:
//   8 hex node id | 12 hex number of the node's client-id sequence
// (GatewayWorker packs gateway address, port and a counter into 20 hex characters the same way). The
// node's store hands the sequence out in blocks, each reserved before it is used, so neither a restart
// nor a crash repeats an id; a boot takes one block or more, so the 48 bits last 2^28 boots at least.
// A node id as client ids, logs and the admin channel write it: 8 lowercase hex characters.
QString nodeIdText(quint32 nodeId);

class ClientIdGenerator final
{
public:
    static constexpr quint64 kBlockSize = quint64(1) << 20;
    // Reserves a block of kBlockSize numbers starting at notBelow or later and returns its first;
    // nullopt if it could not.
    using ReserveBlock = std::function<std::optional<quint64>(quint64 notBelow)>;

    // Starts at `first`, the first number of a block reserved already; `reserve` gives the next blocks.
    ClientIdGenerator(quint32 nodeId, quint64 first, ReserveBlock reserve = {});

    QString next();
    quint32 nodeId() const { return m_nodeId; }

    static bool isWellFormed(const QString &id);
    static quint32 nodeIdOf(const QString &id); // 0 when not well formed

private:
    quint32 m_nodeId;
    quint64 m_next;
    quint64 m_leftInBlock = kBlockSize;
    ReserveBlock m_reserve;
};

} // namespace Herald
