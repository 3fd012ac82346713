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
    invalidateFilter();
}

void ClientsFilterModel::setRoom(const QString &room)
{
    if (room == m_room)
        return;
    m_room = room;
    invalidateFilter();
}

bool ClientsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_room.isEmpty() && !index.data(ClientsModel::RoomsRole).toStringList().contains(m_room))
        return false;
    return m_needle.isEmpty() || index.data(ClientsModel::SearchTextRole).toString().contains(m_needle);
}

} // namespace Herald::Console
