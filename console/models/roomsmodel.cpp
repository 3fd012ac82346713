#include "models/roomsmodel.h"

#include "models/clientsmodel.h"

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
        switch (index.column()) {
        case Room: return r.room;
        case Members: return r.members;
        default: return splitText(r, QStringLiteral(" · "));
        }
    case SortRole:
        switch (index.column()) {
        case Room: return r.room;
        case Members: return r.members;
        default: return int(r.nodes.size());
        }
    case Qt::ToolTipRole:
        return index.column() == Room ? QVariant() : QVariant(splitText(r, QStringLiteral("\n")));
    case Qt::TextAlignmentRole:
        return index.column() == Members ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case RoomRole:
        return r.room;
    default:
        return {};
    }
}

QVariant RoomsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Room: return tr("Room");
    case Members: return tr("Members");
    case Nodes: return tr("Nodes");
    default: return {};
    }
}

// Each node's members: "00000001: 3 · 00000002: 2" in the column, a line each in the tooltip.
QString RoomsModel::splitText(const Admin::RoomInfo &room, const QString &separator)
{
    QStringList parts;
    for (auto it = room.nodes.cbegin(); it != room.nodes.cend(); ++it)
        parts.append(separator == u"\n" ? tr("node %1: %n member(s)", nullptr, it.value()).arg(it.key())
                                        : QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    return parts.join(separator);
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
            addMember(e.room, ClientsModel::nodeOf(e.clientId), +1);
        else if (e.kind == Admin::EventKind::Leave)
            addMember(e.room, ClientsModel::nodeOf(e.clientId), -1);
    }
}

void RoomsModel::addMember(const QString &room, const QString &node, int delta)
{
    const int row = m_rowByRoom.value(room, -1);
    if (row < 0) {
        if (delta <= 0)
            return;
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.append({room, delta, {{node, delta}}});
        m_rowByRoom.insert(room, at);
        endInsertRows();
        return;
    }
    Admin::RoomInfo &r = m_rows[row];
    r.members += delta;
    if (const int onNode = r.nodes.value(node) + delta; onNode > 0)
        r.nodes.insert(node, onNode);
    else
        r.nodes.remove(node);
    if (r.members > 0) {
        Q_EMIT dataChanged(index(row, Members), index(row, Nodes));
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

QMap<QString, int> RoomsModel::membersByNode(const QString &room) const
{
    const int row = m_rowByRoom.value(room, -1);
    return row < 0 ? QMap<QString, int>() : m_rows.at(row).nodes;
}

QStringList RoomsModel::rooms() const
{
    QStringList out;
    for (const Admin::RoomInfo &r : m_rows)
        out.append(r.room);
    return out;
}

} // namespace Herald::Console
