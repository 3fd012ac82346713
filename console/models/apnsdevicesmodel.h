#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QString>

class QSettings;

namespace Herald::Admin {
struct Device;
}

namespace Herald::Console {

// A device to push to: saved by the operator under a name (kept in QSettings: tokens are not secrets), or
// one the server knows for a uid (listDevices; shown, not saved unless the operator keeps it).
struct ApnsDevice {
    QString name;
    QString provider = QStringLiteral("apns"); // "apns", "fcm", "jpush", … (saved before providers: apns)
    QString token;
    QString environment; // "sandbox", "production", or empty: not known
    QString topic;       // empty: the panel's topic
    QString uid;         // server devices
    QString note;        // server devices: platform, app version, why it was deactivated
    bool saved = true;
    bool active = true;
};

class ApnsDevicesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsDevicesModel)

public:
    enum Column { Name, Token, Environment, Topic, Source, Provider, ColumnCount };
    enum Role { TokenRole = Qt::UserRole + 1, EnvironmentRole, TopicRole, SavedRole, ProviderRole };

    explicit ApnsDevicesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Saves a device (replacing the one with the same token) and returns its row.
    int save(const ApnsDevice &device);
    void removeAt(int row);
    // Replaces the server's devices shown for a uid.
    void setServerDevices(const QString &uid, const QList<Admin::Device> &devices);
    const ApnsDevice &at(int row) const { return m_devices.at(row); }
    int rowOfToken(const QString &token) const;

    // The saved devices, in QSettings under "apns/devices" (server devices are never written).
    void load(QSettings &settings);
    void store(QSettings &settings) const;

private:
    QList<ApnsDevice> m_devices; // saved ones first, then the server's
};

} // namespace Herald::Console
