#pragma once

#include "protocol/adminprotocol.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace Herald::Console {

// The cluster's nodes as the server connected to reports them (the admin channel's "nodes"): one row per
// node, this one first. A node the server stops listing stays, as gone, until the next connection: the
// operator sees that it left. Uptime and the heartbeat's age are counted from `tick`'s time, which the
// console advances every second.
class NodesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodesModel)

public:
    enum Column { Node, State, Addresses, Clients, Rooms, Uptime, LastHeartbeat, ColumnCount };
    enum Role {
        NodeIdRole = Qt::UserRole,
        StateRole, // the state as the server sent it: "up", "degraded", "gone"…
        SortRole,
    };

    explicit NodesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setNodes(const QList<Admin::NodeInfo> &nodes);
    void clear(); // a new connection: its first report says what there is
    void tick(const QDateTime &now);

    const Admin::NodeInfo &nodeAt(int row) const { return m_rows.at(row); }
    int rowOf(const QString &nodeId) const;
    QStringList nodeIds() const;
    // The state of the node the console is connected to ("" before its first report).
    QString selfState() const;

    static QString stateLabel(const QString &state);

Q_SIGNALS:
    void selfStateChanged(const QString &state);

private:
    QVariant display(const Admin::NodeInfo &n, int column) const;

    QList<Admin::NodeInfo> m_rows;
    QDateTime m_now;
};

} // namespace Herald::Console
