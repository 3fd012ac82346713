#include "models/auditmodel.h"

#include "models/format.h"

#include <QBrush>
#include <QColor>

namespace Herald::Console {

namespace {
QString resultText(const Admin::AuditEntry &e)
{
    return e.ok() ? QString::number(e.status) : QStringLiteral("%1 %2").arg(e.status).arg(e.error);
}
} // namespace

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Admin::AuditEntry &e = m_entries.at(index.row());
    if (role == OkRole)
        return e.ok();
    if (role == SortRole && index.column() == Time)
        return e.time;
    if (role == SortRole && index.column() == Result)
        return e.status;
    if (role == Qt::ForegroundRole && index.column() == Result && !e.ok())
        return QBrush(QColor(0xb0, 0x1c, 0x1c));
    if (role == Qt::ToolTipRole && (index.column() == Arguments || index.column() == Result))
        return index.column() == Arguments ? e.args : resultText(e);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case Time: return formatTime(e.time);
    case Who: return e.who;
    case From: return e.from;
    case Door: return e.door;
    case Command: return e.command;
    case Arguments: return e.args;
    case Result: return resultText(e);
    default: return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Who: return tr("Who");
    case From: return tr("From");
    case Door: return tr("Door");
    case Command: return tr("Command");
    case Arguments: return tr("Arguments");
    case Result: return tr("Result");
    default: return {};
    }
}

void AuditModel::setEntries(const QList<Admin::AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

} // namespace Herald::Console
