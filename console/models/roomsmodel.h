#pragma once

#include "protocol/adminprotocol.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Herald::Console {

// Every room with its member count, live from the snapshot and join/leave events.
class RoomsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomsModel)

public:
    enum Column { Room, Members, ColumnCount };
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
    QStringList rooms() const;

private:
    void addMember(const QString &room, int delta);

    QList<Admin::RoomInfo> m_rows;
    QHash<QString, int> m_rowByRoom;
};

} // namespace Herald::Console
