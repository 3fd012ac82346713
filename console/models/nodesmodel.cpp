#include "models/nodesmodel.h"

#include "models/format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace Herald::Console {

namespace {
// "3 d 4 h", "2 h 5 min", "4 min 10 s", "9 s"
QString durationText(qint64 seconds)
{
    if (seconds < 0)
        return {};
    const qint64 d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
    if (d > 0)
        return NodesModel::tr("%1 d %2 h").arg(d).arg(h);
    if (h > 0)
        return NodesModel::tr("%1 h %2 min").arg(h).arg(m);
    if (m > 0)
        return NodesModel::tr("%1 min %2 s").arg(m).arg(s);
    return NodesModel::tr("%1 s").arg(s);
}
} // namespace

NodesModel::NodesModel(QObject *parent) : QAbstractTableModel(parent), m_now(QDateTime::currentDateTimeUtc()) {}

int NodesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NodesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString NodesModel::stateLabel(const QString &state)
{
    if (state == Admin::NodeUp)
        return tr("up");
    if (state == Admin::NodeDegraded)
        return tr("degraded");
    if (state == Admin::NodeGone)
        return tr("gone");
    return state; // a newer server's, as it is
}

QVariant NodesModel::display(const Admin::NodeInfo &n, int column) const
{
    switch (column) {
    case Node: return n.self ? tr("%1 (this node)").arg(n.id) : n.id;
    case State: return stateLabel(n.state);
    case Addresses: return n.listen.join(QStringLiteral(", "));
    case Clients: return n.clients;
    case Rooms: return n.rooms;
    case Uptime: return n.startedAt.isValid() ? durationText(n.startedAt.secsTo(m_now)) : QString();
    case LastHeartbeat:
        if (n.self)
            return tr("connected");
        return n.lastHeartbeat.isValid() ? tr("%1 ago").arg(durationText(qMax<qint64>(0, n.lastHeartbeat.secsTo(m_now))))
                                         : QString();
    default: return {};
    }
}

QVariant NodesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Admin::NodeInfo &n = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(n, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Addresses)
            return n.listen.join(QLatin1Char('\n'));
        if (index.column() == LastHeartbeat || index.column() == Uptime)
            return formatTime(index.column() == Uptime ? n.startedAt : n.lastHeartbeat);
        if (index.column() == State && n.state == Admin::NodeDegraded)
            return tr("Cut off from Redis: it serves its own clients, nothing crosses to the other nodes");
        return display(n, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Clients || index.column() == Rooms ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::FontRole:
        if (n.self) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() != State)
            return n.state == Admin::NodeGone ? QVariant(QBrush(QColor(0x80, 0x80, 0x80))) : QVariant();
        if (n.state == Admin::NodeUp)
            return QBrush(QColor(0x1b, 0x7f, 0x3a));
        return QBrush(n.state == Admin::NodeDegraded ? QColor(0xb2, 0x6a, 0x00) : QColor(0xb0, 0x1c, 0x1c));
    case NodeIdRole:
        return n.id;
    case StateRole:
        return n.state;
    case SortRole:
        switch (index.column()) {
        case Clients: return n.clients;
        case Rooms: return n.rooms;
        case Uptime: return n.startedAt;
        case LastHeartbeat: return n.lastHeartbeat;
        case Node: return n.id;
        default: return display(n, index.column());
        }
    default:
        return {};
    }
}

QVariant NodesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Node: return tr("Node");
    case State: return tr("State");
    case Addresses: return tr("Addresses");
    case Clients: return tr("Clients");
    case Rooms: return tr("Rooms");
    case Uptime: return tr("Uptime");
    case LastHeartbeat: return tr("Last heartbeat");
    default: return {};
    }
}

int NodesModel::rowOf(const QString &nodeId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == nodeId)
            return i;
    }
    return -1;
}

QStringList NodesModel::nodeIds() const
{
    QStringList ids;
    for (const Admin::NodeInfo &n : m_rows)
        ids.append(n.id);
    return ids;
}

QString NodesModel::selfState() const
{
    for (const Admin::NodeInfo &n : m_rows) {
        if (n.self)
            return n.state;
    }
    return {};
}

// Rows stay where they are (a selection stays on its node): known nodes are updated in place, new ones
// appended, and the ones no longer listed marked gone.
void NodesModel::setNodes(const QList<Admin::NodeInfo> &nodes)
{
    const QString before = selfState();
    QList<bool> listed(m_rows.size(), false);
    QList<Admin::NodeInfo> added;
    for (const Admin::NodeInfo &n : nodes) {
        const int row = rowOf(n.id);
        if (row < 0) {
            added.append(n);
            continue;
        }
        listed[row] = true;
        if (!(m_rows.at(row) == n)) {
            m_rows[row] = n;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    for (int row = 0; row < listed.size(); ++row) {
        if (!listed.at(row) && m_rows.at(row).state != Admin::NodeGone) {
            m_rows[row].state = Admin::NodeGone;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
    if (selfState() != before)
        Q_EMIT selfStateChanged(selfState());
}

void NodesModel::clear()
{
    if (m_rows.isEmpty())
        return;
    const bool hadSelf = !selfState().isEmpty();
    beginResetModel();
    m_rows.clear();
    endResetModel();
    if (hadSelf)
        Q_EMIT selfStateChanged(QString());
}

void NodesModel::tick(const QDateTime &now)
{
    m_now = now;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Uptime), index(int(m_rows.size()) - 1, LastHeartbeat), {Qt::DisplayRole});
}

} // namespace Herald::Console
