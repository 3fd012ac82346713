#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace Herald {

// One device token of a user, for Apple push notifications.
struct Device {
    QString token;        // hex, as APNs gives it to the app
    QString uid;
    QString platform = QStringLiteral("ios");
    QString topic;        // the app's bundle id (plus a push-type suffix); empty: the server's default topic
    QString environment = QStringLiteral("production"); // or "sandbox"
    QString appVersion;
    QDateTime createdAt;  // UTC
    QDateTime lastSeen;   // UTC: the last registration
    bool active = true;   // false once APNs declared the token dead
    QString deactivatedReason;
};

// The device registry: which tokens belong to which uid. A token is one device (one app on one
// phone): it has one row, whatever uid or topic it was last registered with. SQL kept to what SQLite and MySQL/MariaDB
// both speak (no upserts, no IF NOT EXISTS on indexes), so that the scale-out issue's MariaDB backend
// is a different connection, not different code.
class DeviceRegistry final
{
public:
    // Uses an open Qt Sql connection (by name); creates the table on first use, and moves a table of
    // the old (token, topic) key to one row per token, keeping each token's newest registration.
    explicit DeviceRegistry(QString connectionName);
    bool prepare(QString *error);

    // Adds or refreshes a token; registered again (with another uid, topic, platform or environment)
    // it moves: its one row takes the new values. `created` says whether it was new. Reactivates a
    // token that had been declared dead.
    bool registerDevice(const Device &device, bool *created, QString *error);
    // Removes a token (when `topic` is given, only if it is registered for that topic); the number removed.
    std::optional<int> unregisterDevice(const QString &token, const QString &topic, QString *error);
    std::optional<QList<Device>> devicesOf(const QString &uid, QString *error) const;
    // APNs said the token is dead (410, BadDeviceToken…): kept, but no longer sent to.
    bool deactivate(const QString &token, const QString &topic, const QString &reason, QString *error);
    std::optional<int> activeCount(QString *error) const;
    // The token's row, active or not: none or one.
    std::optional<QList<Device>> devicesWithToken(const QString &token, QString *error) const;
    // Active devices in token order after the given token (empty: from the start), at most `limit`:
    // pages through every device without loading them all.
    std::optional<QList<Device>> activePage(const QString &afterToken, int limit, QString *error) const;

    // Validation shared by every door: empty when the value is fine, else what is wrong.
    static QString checkEnvironment(const QString &environment);
    static QString checkPlatform(const QString &platform);

private:
    bool migrateToOneRowPerToken(QSqlDatabase &db, QString *error);

    QString m_connection;
};

} // namespace Herald
