#include "models/broadcasthistory.h"

#include "models/format.h"

namespace Herald::Console {

QString BroadcastTarget::describe() const
{
    QString text;
    switch (kind) {
    case Everyone: text = BroadcastHistory::tr("everyone"); break;
    case Room: text = BroadcastHistory::tr("room %1").arg(value); break;
    case Uid: text = BroadcastHistory::tr("uid %1").arg(value); break;
    case Clients: text = BroadcastHistory::tr("%n client(s)", nullptr, int(clientIds.size())); break;
    }
    if (kind != Clients && !exclude.isEmpty())
        text += BroadcastHistory::tr(" except %n client(s)", nullptr, int(exclude.size()));
    return text;
}

BroadcastHistory::BroadcastHistory(QObject *parent) : QAbstractTableModel(parent) {}

int BroadcastHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int BroadcastHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BroadcastHistory::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Broadcast &b = m_items.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Content)
        return b.text.left(4000);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SentAt: return formatTime(b.sentAt);
    case Target: return b.target.describe();
    case Size: return formatBytes(b.text.toUtf8().size());
    case Outcome: return b.outcome;
    case Content: return QString(b.text.left(200)).replace(QLatin1Char('\n'), QLatin1Char(' '));
    default: return {};
    }
}

QVariant BroadcastHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SentAt: return tr("Sent");
    case Target: return tr("To");
    case Size: return tr("Size");
    case Outcome: return tr("Result");
    case Content: return tr("Content");
    default: return {};
    }
}

int BroadcastHistory::add(Broadcast b)
{
    b.serial = m_nextSerial++;
    if (m_items.size() >= Capacity) {
        beginRemoveRows({}, int(m_items.size()) - 1, int(m_items.size()) - 1);
        m_items.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_items.prepend(b);
    endInsertRows();
    return b.serial;
}

void BroadcastHistory::setOutcome(int serial, const QString &outcome)
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).serial == serial) {
            m_items[row].outcome = outcome;
            Q_EMIT dataChanged(index(row, Outcome), index(row, Outcome));
            return;
        }
    }
}

} // namespace Herald::Console
