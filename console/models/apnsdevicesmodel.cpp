#include "models/apnsdevicesmodel.h"

#include "models/format.h"
#include "protocol/adminapns.h"

#include <QColor>
#include <QSettings>

namespace Herald::Console {

ApnsDevicesModel::ApnsDevicesModel(QObject *parent) : QAbstractTableModel(parent) {}

int ApnsDevicesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_devices.size());
}

int ApnsDevicesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApnsDevicesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApnsDevice &d = m_devices.at(index.row());
    switch (role) {
    case TokenRole: return d.token;
    case EnvironmentRole: return d.environment;
    case TopicRole: return d.topic;
    case SavedRole: return d.saved;
    case ProviderRole: return d.provider;
    case Qt::ToolTipRole:
        return d.note.isEmpty() ? d.token : d.token + QLatin1Char('\n') + d.note;
    case Qt::ForegroundRole:
        return d.active ? QVariant() : QVariant(QColor(0x9e, 0x9e, 0x9e));
    case Qt::EditRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Name: return d.name;
    case Token: return role == Qt::EditRole ? d.token : shortToken(d.token);
    case Environment: return d.environment;
    case Topic: return d.topic;
    case Source:
        if (d.saved)
            return tr("saved");
        return d.active ? tr("server, uid %1").arg(d.uid) : tr("server, uid %1 (inactive)").arg(d.uid);
    case Provider: return d.provider;
    default: return {};
    }
}

bool ApnsDevicesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::EditRole
        || index.column() != Name || !m_devices.at(index.row()).saved)
        return false;
    const QString name = value.toString().trimmed();
    if (name.isEmpty())
        return false;
    m_devices[index.row()].name = name;
    Q_EMIT dataChanged(index, index);
    return true;
}

Qt::ItemFlags ApnsDevicesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name && m_devices.at(index.row()).saved)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ApnsDevicesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Token: return tr("Token");
    case Environment: return tr("Environment");
    case Topic: return tr("Topic");
    case Source: return tr("From");
    case Provider: return tr("Provider");
    default: return {};
    }
}

int ApnsDevicesModel::rowOfToken(const QString &token) const
{
    for (int row = 0; row < m_devices.size(); ++row) {
        if (m_devices.at(row).token.compare(token, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

int ApnsDevicesModel::save(const ApnsDevice &device)
{
    ApnsDevice d = device;
    d.saved = true;
    const int existing = rowOfToken(d.token);
    if (existing >= 0 && m_devices.at(existing).saved) {
        m_devices[existing] = d;
        Q_EMIT dataChanged(index(existing, 0), index(existing, ColumnCount - 1));
        return existing;
    }
    if (existing >= 0) // a server device the operator keeps: it moves up among the saved ones
        removeAt(existing);
    int row = 0;
    while (row < m_devices.size() && m_devices.at(row).saved)
        ++row;
    beginInsertRows({}, row, row);
    m_devices.insert(row, d);
    endInsertRows();
    return row;
}

void ApnsDevicesModel::removeAt(int row)
{
    if (row < 0 || row >= m_devices.size())
        return;
    beginRemoveRows({}, row, row);
    m_devices.removeAt(row);
    endRemoveRows();
}

void ApnsDevicesModel::setServerDevices(const QString &uid, const QList<Admin::Device> &devices)
{
    for (int row = int(m_devices.size()) - 1; row >= 0; --row) {
        if (!m_devices.at(row).saved && m_devices.at(row).uid == uid)
            removeAt(row);
    }
    QList<ApnsDevice> added;
    for (const Admin::Device &s : devices) {
        if (rowOfToken(s.token) >= 0)
            continue; // already saved under a name
        ApnsDevice d;
        d.name = s.platform.isEmpty() ? uid : tr("%1 (%2)").arg(uid, s.platform);
        d.token = s.token;
        d.provider = s.provider.isEmpty() ? QStringLiteral("apns") : s.provider;
        d.environment = s.environment;
        d.topic = s.topic;
        d.uid = uid;
        d.saved = false;
        d.active = s.active;
        QStringList note;
        if (!s.appVersion.isEmpty())
            note.append(tr("app %1").arg(s.appVersion));
        if (s.lastSeen.isValid())
            note.append(tr("last seen %1").arg(s.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
        if (!s.active)
            note.append(tr("deactivated: %1").arg(s.deactivatedReason));
        d.note = note.join(QStringLiteral(", "));
        added.append(d);
    }
    if (added.isEmpty())
        return;
    const int first = int(m_devices.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_devices.append(added);
    endInsertRows();
}

void ApnsDevicesModel::load(QSettings &settings)
{
    QList<ApnsDevice> saved;
    const int n = settings.beginReadArray(QStringLiteral("apns/devices"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ApnsDevice d;
        d.name = settings.value(QStringLiteral("name")).toString();
        d.token = settings.value(QStringLiteral("token")).toString();
        d.provider = settings.value(QStringLiteral("provider"), QStringLiteral("apns")).toString();
        d.environment = settings.value(QStringLiteral("environment")).toString();
        d.topic = settings.value(QStringLiteral("topic")).toString();
        if (!d.token.isEmpty())
            saved.append(d);
    }
    settings.endArray();
    beginResetModel();
    m_devices = saved;
    endResetModel();
}

void ApnsDevicesModel::store(QSettings &settings) const
{
    settings.remove(QStringLiteral("apns/devices"));
    settings.beginWriteArray(QStringLiteral("apns/devices"));
    int i = 0;
    for (const ApnsDevice &d : m_devices) {
        if (!d.saved)
            continue;
        settings.setArrayIndex(i++);
        settings.setValue(QStringLiteral("name"), d.name);
        settings.setValue(QStringLiteral("token"), d.token);
        settings.setValue(QStringLiteral("provider"), d.provider);
        settings.setValue(QStringLiteral("environment"), d.environment);
        settings.setValue(QStringLiteral("topic"), d.topic);
    }
    settings.endArray();
}

} // namespace Herald::Console
