#pragma once

#include <QString>

#include <optional>

namespace Herald {

// What this node keeps across restarts, in SQLite (WAL) in the data directory: its node id and a
// boot counter that keeps client ids unique across restarts. Later stores (devices, history) share
// the same database file.
class NodeState final
{
public:
    NodeState();
    ~NodeState();
    NodeState(const NodeState &) = delete;
    NodeState &operator=(const NodeState &) = delete;

    // Opens (creating if needed) <dataDir>/herald.db; false with *error on failure.
    bool open(const QString &dataDir, QString *error);
    QString databasePath() const { return m_path; }
    QString connectionName() const { return m_connection; }

    // The stored node id, or a new random one stored now. An explicit id from the config wins and is stored.
    std::optional<quint32> nodeId(const QString &configured, QString *error);
    // Increments and returns the boot epoch (16 bits, wrapping).
    std::optional<quint16> nextEpoch(QString *error);

private:
    std::optional<QString> value(const QString &key, QString *error);
    bool setValue(const QString &key, const QString &value, QString *error);

    QString m_connection;
    QString m_path;
};

} // namespace Herald
