#pragma once

#include <QString>

#include <optional>

namespace Herald {

// What this node keeps across restarts, in SQLite (WAL) in the data directory: its node id and how far
// its client-id sequence has been handed out, so that no restart repeats a client id. Later stores
// (devices, history) share the same database file.
class NodeState final
{
public:
    NodeState();
    ~NodeState();
    NodeState(const NodeState &) = delete;
    NodeState &operator=(const NodeState &) = delete;

    // The client-id sequence ends before 2^48 (12 hex digits of a client id).
    static constexpr quint64 kClientIdSequenceEnd = quint64(1) << 48;

    // Opens (creating it 0600 if needed) <dataDir>/herald.db; false with *error on failure.
    bool open(const QString &dataDir, QString *error);
    QString databasePath() const { return m_path; }
    QString connectionName() const { return m_connection; }

    // The stored node id, or a new random one stored now. An explicit id from the config wins and is stored.
    std::optional<quint32> nodeId(const QString &configured, QString *error);
    // Reserves `count` numbers of this node's client-id sequence, past every earlier reservation and from
    // notBelow at least, and returns the first; the reservation is stored before it is returned, so a
    // crash cannot hand them out twice. nullopt with *error when the store fails or the sequence is used
    // up (it never wraps).
    std::optional<quint64> reserveClientIds(quint64 notBelow, quint64 count, QString *error);

private:
    std::optional<QString> value(const QString &key, QString *error);
    bool setValue(const QString &key, const QString &value, QString *error);

    QString m_connection;
    QString m_path;
};

} // namespace Herald
