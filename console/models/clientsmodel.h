#pragma once

#include "protocol/adminprotocol.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Herald::Console {

// Every online client, kept live from the admin snapshot and batched events. Built for 100k rows:
// a batch of events becomes one insert, in-place updates and O(1) removals (the last row moves into
// the gap), never a reset. In a cluster the server's events cover every node's clients; each refresh
// (listClients) also brings the other nodes' up to date, in case an event was lost on the way.
class ClientsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsModel)

public:
    enum Column { Id, Node, Name, Uid, Rooms, Address, ConnectedAt, MessagesIn, MessagesOut, BytesIn, BytesOut, ColumnCount };
    enum Role {
        ClientIdRole = Qt::UserRole,
        SearchTextRole, // lower-case text of every column, for the filter
        SortRole,       // the raw value (numbers as numbers, times as times)
        RoomsRole,      // QStringList
    };

    explicit ClientsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // `nodeId`: the node the console is connected to, whose clients the events keep live.
    void setSnapshot(const QList<Admin::ClientInfo> &clients, const QString &nodeId = {});
    void applyEvents(const QList<Admin::Event> &events);
    // Replaces the counters (messages and bytes) of the clients that are still here; and the other nodes'
    // clients by the list: new ones added, changed ones updated, the ones not listed removed.
    void refreshCounters(const QList<Admin::ClientInfo> &clients);
    void clear();

    int rowOf(const QString &clientId) const { return m_rowById.value(clientId, -1); }
    const Admin::ClientInfo &clientAt(int row) const { return m_rows.at(row).info; }
    static QString nodeOf(const QString &clientId) { return clientId.left(8); } // shared/protocol/clientid.h
    // A client of another node than the one connected to: its message counters are kept there only.
    bool isOtherNodes(const QString &clientId) const { return !m_nodeId.isEmpty() && nodeOf(clientId) != m_nodeId; }
    QStringList clientIdsInRoom(const QString &room) const;
    // For proxies: typed access, without a QVariant per row (100k rows sort and filter in milliseconds).
    const QString &searchTextAt(int row) const { return m_rows.at(row).searchText; }
    bool lessThan(int left, int right, int column) const;

private:
    struct Row {
        Admin::ClientInfo info;
        QString searchText;
    };
    static QString searchTextOf(const Admin::ClientInfo &c);
    QVariant display(const Admin::ClientInfo &c, int column) const;
    QVariant sortValue(const Admin::ClientInfo &c, int column) const;
    void insertBatch(const QList<Admin::ClientInfo> &added);
    void removeRow(int row);
    void touch(int row);
    void flushTouched();
    void syncOtherNodes(const QList<Admin::ClientInfo> &clients);

    QList<Row> m_rows;
    QString m_nodeId;
    QHash<QString, int> m_rowById;
    int m_touchedFirst = -1, m_touchedLast = -1;
};

} // namespace Herald::Console
