#pragma once

#include "protocol/adminsecurity.h"

#include <QAbstractTableModel>
#include <QList>

namespace Herald::Console {

// Entries of the server's audit log as getAuditLog returns them, newest first.
class AuditModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditModel)

public:
    enum Column { Time, Who, From, Door, Command, Arguments, Result, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, OkRole };

    explicit AuditModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(const QList<Admin::AuditEntry> &entries);
    const Admin::AuditEntry &at(int row) const { return m_entries.at(row); }

private:
    QList<Admin::AuditEntry> m_entries;
};

} // namespace Herald::Console
