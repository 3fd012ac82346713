#include "models/clientsfiltermodel.h"

#include "models/clientsmodel.h"

namespace Herald::Console {

ClientsFilterModel::ClientsFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ClientsModel::SortRole);
    setDynamicSortFilter(true);
}

void ClientsFilterModel::setFilterText(const QString &text)
{
    const QString needle = text.trimmed().toLower();
    if (needle == m_needle)
        return;
    m_needle = needle;
    // A full rebuild (one layout change) beats invalidateFilter()'s row-range signals when a filter
    // hides tens of thousands of scattered rows.
    invalidate();
}

void ClientsFilterModel::setRoom(const QString &room)
{
    if (room == m_room)
        return;
    m_room = room;
    invalidate();
}

void ClientsFilterModel::setNode(const QString &nodeId)
{
    if (nodeId == m_node)
        return;
    m_node = nodeId;
    invalidate();
}

void ClientsFilterModel::setSourceModel(QAbstractItemModel *model)
{
    m_clients = qobject_cast<const ClientsModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

bool ClientsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (!m_clients)
        return true;
    if (!m_room.isEmpty() && !m_clients->clientAt(sourceRow).rooms.contains(m_room))
        return false;
    if (!m_node.isEmpty() && ClientsModel::nodeOf(m_clients->clientAt(sourceRow).id) != m_node)
        return false;
    return m_needle.isEmpty() || m_clients->searchTextAt(sourceRow).contains(m_needle);
}

bool ClientsFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return m_clients ? m_clients->lessThan(left.row(), right.row(), left.column())
                     : QSortFilterProxyModel::lessThan(left, right);
}

} // namespace Herald::Console
