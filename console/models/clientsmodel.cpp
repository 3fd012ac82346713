#include "models/clientsmodel.h"

#include "models/format.h"

#include <QSet>

namespace Herald::Console {

namespace {
constexpr int kMaxTouchedGap = 32; // rows changed further apart than this get separate dataChanged signals
} // namespace

ClientsModel::ClientsModel(QObject *parent) : QAbstractTableModel(parent) {}

int ClientsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClientsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row.info, index.column());
    case Qt::ToolTipRole:
        if (index.column() >= MessagesIn && isOtherNodes(row.info.id))
            return tr("Counted by node %1 only").arg(nodeOf(row.info.id));
        return index.column() == Rooms ? row.info.rooms.join(QLatin1Char('\n')) : display(row.info, index.column());
    case Qt::TextAlignmentRole:
        return index.column() >= MessagesIn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ClientIdRole:
        return row.info.id;
    case SearchTextRole:
        return row.searchText;
    case SortRole:
        return sortValue(row.info, index.column());
    case RoomsRole:
        return row.info.rooms;
    default:
        return {};
    }
}

QVariant ClientsModel::display(const Admin::ClientInfo &c, int column) const
{
    if (column >= MessagesIn && isOtherNodes(c.id))
        return QStringLiteral("—"); // counted by its own node only
    switch (column) {
    case Id: return c.id;
    case Node: return nodeOf(c.id);
    case Name: return c.name;
    case Uid: return c.uid;
    case Rooms: return c.rooms.join(QStringLiteral(", "));
    case Address: return QStringLiteral("%1:%2").arg(c.address).arg(c.port);
    case ConnectedAt: return formatTime(c.connectedAt);
    case MessagesIn: return QString::number(c.messagesIn);
    case MessagesOut: return QString::number(c.messagesOut);
    case BytesIn: return formatBytes(c.bytesIn);
    case BytesOut: return formatBytes(c.bytesOut);
    default: return {};
    }
}

QVariant ClientsModel::sortValue(const Admin::ClientInfo &c, int column) const
{
    switch (column) {
    case ConnectedAt: return c.connectedAt;
    case MessagesIn: return c.messagesIn;
    case MessagesOut: return c.messagesOut;
    case BytesIn: return c.bytesIn;
    case BytesOut: return c.bytesOut;
    default: return display(c, column);
    }
}

QVariant ClientsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("Client id");
    case Node: return tr("Node");
    case Name: return tr("Name");
    case Uid: return tr("Uid");
    case Rooms: return tr("Rooms");
    case Address: return tr("Address");
    case ConnectedAt: return tr("Connected");
    case MessagesIn: return tr("Msgs in");
    case MessagesOut: return tr("Msgs out");
    case BytesIn: return tr("Bytes in");
    case BytesOut: return tr("Bytes out");
    default: return {};
    }
}

QString ClientsModel::searchTextOf(const Admin::ClientInfo &c)
{
    return QStringList{c.id, c.name, c.uid, c.rooms.join(QLatin1Char(' ')), c.address}.join(QLatin1Char('\x1f')).toLower();
}

void ClientsModel::setSnapshot(const QList<Admin::ClientInfo> &clients, const QString &nodeId)
{
    m_nodeId = nodeId;
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_rows.reserve(clients.size());
    for (const Admin::ClientInfo &c : clients) {
        m_rowById.insert(c.id, int(m_rows.size()));
        m_rows.append({c, searchTextOf(c)});
    }
    endResetModel();
}

void ClientsModel::clear()
{
    setSnapshot({});
}

void ClientsModel::applyEvents(const QList<Admin::Event> &events)
{
    QList<Admin::ClientInfo> added;      // connects of this batch, inserted in one go at the end
    QHash<QString, qsizetype> addedById;
    for (const Admin::Event &e : events) {
        if (e.kind == Admin::EventKind::Connect) {
            if (!m_rowById.contains(e.clientId) && !addedById.contains(e.clientId)) {
                addedById.insert(e.clientId, added.size());
                added.append(e.client);
            }
            continue;
        }
        const int row = m_rowById.value(e.clientId, -1);
        Admin::ClientInfo *c = row >= 0 ? &m_rows[row].info
                                        : (addedById.contains(e.clientId) ? &added[addedById.value(e.clientId)] : nullptr);
        if (!c)
            continue;
        switch (e.kind) {
        case Admin::EventKind::Disconnect:
            if (row >= 0) {
                flushTouched();
                removeRow(row);
            } else {
                c->id.clear(); // connected and gone within one batch: never shown
                addedById.remove(e.clientId);
            }
            continue;
        case Admin::EventKind::Login:
            c->name = e.name;
            break;
        case Admin::EventKind::Join:
            if (!c->rooms.contains(e.room)) {
                c->rooms.append(e.room);
                c->rooms.sort();
            }
            break;
        case Admin::EventKind::Leave:
            c->rooms.removeAll(e.room);
            break;
        case Admin::EventKind::Bind:
            c->uid = e.uid;
            break;
        case Admin::EventKind::Unbind:
            c->uid.clear();
            break;
        case Admin::EventKind::Session:
            if (e.session.contains(QLatin1String("client_name")))
                c->name = e.session.value(QLatin1String("client_name")).toString();
            break;
        default:
            continue;
        }
        if (row >= 0) {
            m_rows[row].searchText = searchTextOf(*c);
            touch(row);
        }
    }
    flushTouched();
    added.removeIf([](const Admin::ClientInfo &c) { return c.id.isEmpty(); });
    insertBatch(added);
}

void ClientsModel::refreshCounters(const QList<Admin::ClientInfo> &clients)
{
    syncOtherNodes(clients);
    for (const Admin::ClientInfo &fresh : clients) {
        const int row = m_rowById.value(fresh.id, -1);
        if (row < 0)
            continue;
        Admin::ClientInfo &c = m_rows[row].info;
        if (c.messagesIn == fresh.messagesIn && c.messagesOut == fresh.messagesOut && c.bytesIn == fresh.bytesIn
            && c.bytesOut == fresh.bytesOut)
            continue;
        c.messagesIn = fresh.messagesIn;
        c.messagesOut = fresh.messagesOut;
        c.bytesIn = fresh.bytesIn;
        c.bytesOut = fresh.bytesOut;
        touch(row);
    }
    flushTouched();
}

// The other nodes' clients as the list says who is there and in what state (their events come as their
// nodes publish them, and one may be lost while Redis is away). This node's are left to the events,
// which are exact and may be newer than the list.
void ClientsModel::syncOtherNodes(const QList<Admin::ClientInfo> &clients)
{
    if (m_nodeId.isEmpty())
        return;
    QSet<QString> listed;
    QList<Admin::ClientInfo> added;
    for (const Admin::ClientInfo &fresh : clients) {
        if (!isOtherNodes(fresh.id))
            continue;
        listed.insert(fresh.id);
        const int row = m_rowById.value(fresh.id, -1);
        if (row < 0) {
            added.append(fresh);
            continue;
        }
        Admin::ClientInfo &c = m_rows[row].info;
        if (c.name == fresh.name && c.uid == fresh.uid && c.rooms == fresh.rooms)
            continue;
        c.name = fresh.name;
        c.uid = fresh.uid;
        c.rooms = fresh.rooms;
        m_rows[row].searchText = searchTextOf(c);
        touch(row);
    }
    flushTouched();
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const QString &id = m_rows.at(row).info.id;
        if (isOtherNodes(id) && !listed.contains(id))
            removeRow(row);
    }
    insertBatch(added);
}

bool ClientsModel::lessThan(int left, int right, int column) const
{
    const Admin::ClientInfo &a = m_rows.at(left).info;
    const Admin::ClientInfo &b = m_rows.at(right).info;
    switch (column) {
    case Id: return a.id < b.id;
    case Node: return nodeOf(a.id) != nodeOf(b.id) ? nodeOf(a.id) < nodeOf(b.id) : a.id < b.id;
    case Name: return QString::compare(a.name, b.name, Qt::CaseInsensitive) < 0;
    case Uid: return a.uid < b.uid;
    case Rooms: return a.rooms < b.rooms;
    case Address: return a.address != b.address ? a.address < b.address : a.port < b.port;
    case ConnectedAt: return a.connectedAt < b.connectedAt;
    case MessagesIn: return a.messagesIn < b.messagesIn;
    case MessagesOut: return a.messagesOut < b.messagesOut;
    case BytesIn: return a.bytesIn < b.bytesIn;
    case BytesOut: return a.bytesOut < b.bytesOut;
    default: return false;
    }
}

QStringList ClientsModel::clientIdsInRoom(const QString &room) const
{
    QStringList ids;
    for (const Row &r : m_rows) {
        if (r.info.rooms.contains(room))
            ids.append(r.info.id);
    }
    return ids;
}

void ClientsModel::insertBatch(const QList<Admin::ClientInfo> &added)
{
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const Admin::ClientInfo &c : added) {
        m_rowById.insert(c.id, int(m_rows.size()));
        m_rows.append({c, searchTextOf(c)});
    }
    endInsertRows();
}

// O(1) instead of shifting 100k rows: the last row is removed, then its client takes the gap (one
// dataChanged). A view's selection on the removed client passes to the moved one; sorting views (every
// view here sits behind a proxy) do not show the move.
void ClientsModel::removeRow(int row)
{
    const int last = int(m_rows.size()) - 1;
    Row moved = m_rows.at(last);
    beginRemoveRows({}, last, last);
    m_rows.removeLast();
    m_rowById.remove(moved.info.id);
    endRemoveRows();
    if (row == last)
        return;
    m_rowById.remove(m_rows.at(row).info.id);
    m_rowById.insert(moved.info.id, row);
    m_rows[row] = std::move(moved);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ClientsModel::touch(int row)
{
    if (m_touchedFirst >= 0 && (row < m_touchedFirst - kMaxTouchedGap || row > m_touchedLast + kMaxTouchedGap))
        flushTouched();
    if (m_touchedFirst < 0) {
        m_touchedFirst = m_touchedLast = row;
        return;
    }
    m_touchedFirst = qMin(m_touchedFirst, row);
    m_touchedLast = qMax(m_touchedLast, row);
}

void ClientsModel::flushTouched()
{
    if (m_touchedFirst < 0)
        return;
    Q_EMIT dataChanged(index(m_touchedFirst, 0), index(m_touchedLast, ColumnCount - 1));
    m_touchedFirst = m_touchedLast = -1;
}

} // namespace Herald::Console
