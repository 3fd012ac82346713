#pragma once

#include "protocol/adminsecurity.h"

#include <QAbstractTableModel>
#include <QList>

namespace Herald::Console {

// The server's API keys as listApiKeys gives them: name, scope, created, last used (never a key).
class ApiKeysModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeysModel)

public:
    enum Column { Name, Scope, Created, LastUsed, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, SortRole };

    explicit ApiKeysModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setKeys(const QList<Admin::ApiKey> &keys);
    const Admin::ApiKey &at(int row) const { return m_keys.at(row); }

private:
    QList<Admin::ApiKey> m_keys;
};

} // namespace Herald::Console
