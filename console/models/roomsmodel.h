#pragma once

#include "protocol/adminprotocol.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Herald::Console {

// Every room with its member count on the whole cluster and each node's share of it, live from the
// snapshot and the join/leave events (every node's clients', a client's node the head of its id).
class RoomsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomsModel)

public:
    enum Column { Room, Members, Nodes, ColumnCount };
    enum Role { RoomRole = Qt::UserRole, SortRole };

    explicit RoomsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSnapshot(const QList<Admin::RoomInfo> &rooms);
    void applyEvents(const QList<Admin::Event> &events);
    void clear();

    int membersOf(const QString &room) const;
    QMap<QString, int> membersByNode(const QString &room) const;
    QStringList rooms() const;

private:
    void addMember(const QString &room, const QString &node, int delta);
    static QString splitText(const Admin::RoomInfo &room, const QString &separator);

    QList<Admin::RoomInfo> m_rows;
    QHash<QString, int> m_rowByRoom;
};

} // namespace Herald::Console
