#include "models/roomsmodel.h"

namespace Herald::Console {

RoomsModel::RoomsModel(QObject *parent) : QAbstractTableModel(parent) {}

int RoomsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RoomsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoomsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Admin::RoomInfo &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == Room ? QVariant(r.room) : QVariant(r.members);
    case Qt::TextAlignmentRole:
        return index.column() == Members ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case RoomRole:
        return r.room;
    case SortRole:
        return index.column() == Room ? QVariant(r.room) : QVariant(r.members);
    default:
        return {};
    }
}

QVariant RoomsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == Room ? tr("Room") : section == Members ? tr("Members") : QVariant();
}

void RoomsModel::setSnapshot(const QList<Admin::RoomInfo> &rooms)
{
    beginResetModel();
    m_rows = rooms;
    m_rowByRoom.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowByRoom.insert(m_rows.at(i).room, i);
    endResetModel();
}

void RoomsModel::clear()
{
    setSnapshot({});
}

void RoomsModel::applyEvents(const QList<Admin::Event> &events)
{
    for (const Admin::Event &e : events) {
        if (e.kind == Admin::EventKind::Join)
            addMember(e.room, +1);
        else if (e.kind == Admin::EventKind::Leave)
            addMember(e.room, -1);
    }
}

void RoomsModel::addMember(const QString &room, int delta)
{
    const int row = m_rowByRoom.value(room, -1);
    if (row < 0) {
        if (delta <= 0)
            return;
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.append({room, delta});
        m_rowByRoom.insert(room, at);
        endInsertRows();
        return;
    }
    Admin::RoomInfo &r = m_rows[row];
    r.members += delta;
    if (r.members > 0) {
        Q_EMIT dataChanged(index(row, Members), index(row, Members));
        return;
    }
    // An empty room is gone, as on the server.
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowByRoom.remove(room);
    for (int i = row; i < m_rows.size(); ++i)
        m_rowByRoom[m_rows.at(i).room] = i;
    endRemoveRows();
}

int RoomsModel::membersOf(const QString &room) const
{
    const int row = m_rowByRoom.value(room, -1);
    return row < 0 ? 0 : m_rows.at(row).members;
}

QStringList RoomsModel::rooms() const
{
    QStringList out;
    for (const Admin::RoomInfo &r : m_rows)
        out.append(r.room);
    return out;
}

} // namespace Herald::Console
