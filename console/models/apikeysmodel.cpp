#include "models/apikeysmodel.h"

#include "models/format.h"

namespace Herald::Console {

ApiKeysModel::ApiKeysModel(QObject *parent) : QAbstractTableModel(parent) {}

int ApiKeysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ApiKeysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeysModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Admin::ApiKey &k = m_keys.at(index.row());
    if (role == NameRole)
        return k.name;
    if (role == SortRole && index.column() == Created)
        return k.created;
    if (role == SortRole && index.column() == LastUsed)
        return k.lastUsed;
    if (role == Qt::ToolTipRole && index.column() == Created && !k.created.isValid())
        return tr("The default key: api.key in the server's data directory (or api-key). Replace it there.");
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case Name: return k.name;
    case Scope: return k.scope;
    case Created: return k.created.isValid() ? formatTime(k.created) : tr("api.key");
    case LastUsed: return k.lastUsed.isValid() ? formatTime(k.lastUsed) : tr("never");
    default: return {};
    }
}

QVariant ApiKeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Scope: return tr("Scope");
    case Created: return tr("Created");
    case LastUsed: return tr("Last used");
    default: return {};
    }
}

void ApiKeysModel::setKeys(const QList<Admin::ApiKey> &keys)
{
    beginResetModel();
    m_keys = keys;
    endResetModel();
}

} // namespace Herald::Console
