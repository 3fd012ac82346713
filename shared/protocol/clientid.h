#pragma once

#include <QString>
#include <QtGlobal>

namespace Herald {

// Client ids are 20 lowercase hex characters, unique across a cluster and across restarts:
//   8 hex node id | 4 hex boot epoch | 8 hex per-boot connection counter
// (GatewayWorker packs gateway address, port and a counter into 20 hex characters the same way).
class ClientIdGenerator final
{
public:
    ClientIdGenerator(quint32 nodeId, quint16 epoch);

    QString next();
    quint32 nodeId() const { return m_nodeId; }

    static bool isWellFormed(const QString &id);
    static quint32 nodeIdOf(const QString &id); // 0 when not well formed

private:
    quint32 m_nodeId;
    quint16 m_epoch;
    quint32 m_counter = 0;
};

} // namespace Herald
