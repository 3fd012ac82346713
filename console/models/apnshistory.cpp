#include "models/apnshistory.h"

#include "models/format.h"

#include <QColor>

namespace Herald::Console {

QString viaText(ApnsSend::Via via)
{
    switch (via) {
    case ApnsSend::Via::Direct: return ApnsHistory::tr("direct");
    case ApnsSend::Via::ServerTokens: return ApnsHistory::tr("server");
    case ApnsSend::Via::ServerUid: return ApnsHistory::tr("server, uid");
    }
    return {};
}

ApnsHistory::ApnsHistory(QObject *parent) : QAbstractTableModel(parent) {}

int ApnsHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ApnsHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApnsHistory::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApnsSend &s = m_items.at(index.row());
    switch (role) {
    case SerialRole: return s.serial;
    case OutcomeRole: return s.result ? Apns::outcomeName(s.result->outcome) : QString();
    case ExplanationRole: return s.result ? s.result->explanation : s.failure;
    case Qt::ToolTipRole:
        if (s.result)
            return s.result->summary();
        return s.failure.isEmpty() ? QString::fromUtf8(s.notification.payload.left(2000)) : s.failure;
    case Qt::ForegroundRole:
        if (index.column() != Status && index.column() != Reason)
            return {};
        if (!s.failure.isEmpty())
            return QColor(0xc6, 0x28, 0x28);
        if (!s.result)
            return {};
        if (s.result->delivered())
            return QColor(0x2e, 0x7d, 0x32);
        return s.result->outcome == Apns::Outcome::RetryLater ? QColor(0xb2, 0x6a, 0x00) : QColor(0xc6, 0x28, 0x28);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case SentAt: return formatTime(s.sentAt);
    case Via: return s.uid.isEmpty() ? viaText(s.via) : tr("server, uid %1").arg(s.uid);
    case Device: // short: the whole token is in the details of the chosen send
        if (!s.deviceName.isEmpty())
            return s.deviceName;
        if (!s.notification.deviceToken.isEmpty())
            return QString(s.notification.deviceToken.left(8) + QStringLiteral("…"));
        return s.uid.isEmpty() ? QString() : tr("uid %1").arg(s.uid);
    case PushType: return Apns::pushTypeName(s.notification.pushType);
    case Status:
        if (!s.failure.isEmpty())
            return tr("failed");
        if (!s.result)
            return tr("sending…");
        return s.result->status ? QString::number(s.result->status) : tr("no answer");
    case Reason: return s.result ? (s.result->reason.isEmpty() ? tr("delivered") : s.result->reason) : s.failure;
    case ApnsId: return s.result ? s.result->apnsId : s.notification.apnsId;
    case Latency:
        return s.result && s.result->latencyUs > 0 ? tr("%1 ms").arg(double(s.result->latencyUs) / 1000.0, 0, 'f', 1) : QString();
    default: return {};
    }
}

QVariant ApnsHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SentAt: return tr("Sent");
    case Via: return tr("Via");
    case Device: return tr("Device");
    case PushType: return tr("Type");
    case Status: return tr("Status");
    case Reason: return tr("Reason");
    case ApnsId: return tr("apns-id");
    case Latency: return tr("Latency");
    default: return {};
    }
}

void ApnsHistory::trim()
{
    if (m_items.size() < Capacity)
        return;
    beginRemoveRows({}, int(m_items.size()) - 1, int(m_items.size()) - 1);
    m_items.removeLast();
    endRemoveRows();
}

int ApnsHistory::add(ApnsSend send)
{
    send.serial = m_nextSerial++;
    trim();
    beginInsertRows({}, 0, 0);
    m_items.prepend(send);
    endInsertRows();
    return send.serial;
}

int ApnsHistory::rowOfSerial(int serial) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).serial == serial)
            return row;
    }
    return -1;
}

void ApnsHistory::setResult(int serial, const Apns::Result &result, const QString &token)
{
    const int row = rowOfSerial(serial);
    if (row < 0)
        return;
    if (!m_items.at(row).result) {
        m_items[row].result = result;
        if (!token.isEmpty())
            m_items[row].notification.deviceToken = token;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    ApnsSend another = m_items.at(row); // one more device of the same push
    another.serial = m_nextSerial++;
    another.result = result;
    another.deviceName.clear();
    if (!token.isEmpty())
        another.notification.deviceToken = token;
    trim();
    const int at = qMin(row, int(m_items.size()));
    beginInsertRows({}, at, at);
    m_items.insert(at, another);
    endInsertRows();
}

void ApnsHistory::setFailure(int serial, const QString &failure)
{
    const int row = rowOfSerial(serial);
    if (row < 0)
        return;
    m_items[row].failure = failure;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ApnsHistory::setPushIds(int serial, const QStringList &pushIds)
{
    const int row = rowOfSerial(serial);
    if (row >= 0)
        m_items[row].pushIds = pushIds;
}

int ApnsHistory::serialForServerResult(const QString &pushId, const QString &token) const
{
    if (!pushId.isEmpty()) {
        for (const ApnsSend &s : m_items) {
            if (s.via != ApnsSend::Via::Direct && s.pushIds.contains(pushId))
                return s.serial;
        }
    }
    for (auto it = m_items.crbegin(); it != m_items.crend(); ++it) { // oldest first
        if (it->via == ApnsSend::Via::ServerTokens && !it->result && it->failure.isEmpty()
            && it->notification.deviceToken.compare(token, Qt::CaseInsensitive) == 0)
            return it->serial;
    }
    return 0;
}

} // namespace Herald::Console
