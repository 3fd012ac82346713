#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class QSqlQuery;

namespace Herald {

class RegistryDatabase;

// One device token of a user, at one push provider.
struct Device {
    QString provider = QStringLiteral("apns"); // or "fcm", "jpush", "getui" (DeviceRegistry::providers())
    QString token;        // APNs: hex, as APNs gives it to the app; else the provider's registration id
    QString uid;
    QString platform = QStringLiteral("ios");
    QString topic;        // the app's bundle id (plus a push-type suffix); empty: the server's default topic
    QString environment = QStringLiteral("production"); // or "sandbox"
    QString appVersion;
    QDateTime createdAt;  // UTC
    QDateTime lastSeen;   // UTC: the last registration
    bool active = true;   // false once its provider declared the token dead
    QString deactivatedReason;
};

// The device registry: which tokens belong to which uid. A token of a provider is one device (one app on
// one phone): it has one row, whatever uid or topic it was last registered with. SQL kept to what SQLite and
// MariaDB/MySQL both speak (no upserts): the engine is the RegistryDatabase's, the code is the same. Every
// call fails with *error when the database does (or is unavailable: "device registry unavailable: …").
class DeviceRegistry final
{
public:
    // On a started database (its schema up to date: store/schema.h).
    explicit DeviceRegistry(RegistryDatabase &database);
    bool isAvailable() const;

    // Adds or refreshes a token; registered again (with another uid, topic, platform or environment)
    // it moves: its one row takes the new values. `created` says whether it was new. Reactivates a
    // token that had been declared dead.
    bool registerDevice(const Device &device, bool *created, QString *error);
    // Removes the provider's token (when `topic` is given, only if it is registered for that topic); the
    // number removed.
    std::optional<int> unregisterDevice(const QString &provider, const QString &token, const QString &topic,
                                        QString *error);
    std::optional<QList<Device>> devicesOf(const QString &uid, QString *error) const;
    // The provider said the token is dead (APNs 410, BadDeviceToken, FCM UNREGISTERED…): kept, but no
    // longer sent to.
    bool deactivate(const QString &provider, const QString &token, const QString &topic, const QString &reason,
                    QString *error);
    std::optional<int> activeCount(QString *error) const;
    // The token's row at the provider, active or not: none or one.
    std::optional<QList<Device>> devicesWithToken(const QString &provider, const QString &token, QString *error) const;
    // The provider's active devices in token order after the given token (empty: from the start), at
    // most `limit`: pages through every device without loading them all.
    std::optional<QList<Device>> activePage(const QString &provider, const QString &afterToken, int limit,
                                            QString *error) const;

    // Validation shared by every door: empty when the value is fine, else what is wrong.
    static QString checkEnvironment(const QString &environment);
    static QString checkPlatform(const QString &platform);      // an Apple platform (APNs' devices)
    static QString checkOtherPlatform(const QString &platform); // android or an Apple one (the other providers')
    // The providers a token may belong to ("apns" first, the default) and whether one is known.
    static const QStringList &providers();
    static bool isProvider(const QString &provider);
    // What is wrong with a token for the provider (empty: fine): APNs' hex, or the others' ids (1–200
    // printable ASCII characters without spaces).
    static QString checkToken(const QString &provider, const QString &token);

private:
    // A statement on the registry's connection; nullopt with *error when the database is unavailable.
    std::optional<QSqlQuery> query(QString *error) const;
    std::optional<QList<Device>> devices(QSqlQuery &q, QString *error) const;
    bool fail(const QSqlQuery &q, QString *error) const;

    RegistryDatabase &m_database;
};

} // namespace Herald
