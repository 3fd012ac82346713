#include "store/deviceregistry.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "apns/notification.h"
#include "store/registrydatabase.h"

#include <algorithm>

namespace Herald {

namespace {

const char *const kColumns = "provider, token, topic, uid, platform, environment, app_version, created_at, last_seen, active, "
                             "deactivated_reason";

// Bound as text, never as NULL: Qt binds a null QString as SQL NULL.
QVariant text(const QString &s)
{
    return QVariant(s.isNull() ? QStringLiteral("") : s);
}

qint64 msecs(const QDateTime &t)
{
    return (t.isValid() ? t : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
}

Device deviceFrom(const QSqlQuery &q)
{
    Device d;
    d.provider = q.value(0).toString();
    d.token = q.value(1).toString();
    d.topic = q.value(2).toString();
    d.uid = q.value(3).toString();
    d.platform = q.value(4).toString();
    d.environment = q.value(5).toString();
    d.appVersion = q.value(6).toString();
    d.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(7).toLongLong(), Qt::UTC);
    d.lastSeen = QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC);
    d.active = q.value(9).toInt() != 0;
    d.deactivatedReason = q.value(10).toString();
    return d;
}

const QStringList &applePlatforms()
{
    static const QStringList apple{QStringLiteral("ios"), QStringLiteral("ipados"), QStringLiteral("macos"),
                                   QStringLiteral("tvos"), QStringLiteral("watchos"), QStringLiteral("visionos")};
    return apple;
}

} // namespace

DeviceRegistry::DeviceRegistry(RegistryDatabase &database) : m_database(database) {}

bool DeviceRegistry::isAvailable() const
{
    return m_database.isAvailable();
}

std::optional<QSqlQuery> DeviceRegistry::query(QString *error) const
{
    const std::optional<QSqlDatabase> db = m_database.database(error);
    if (!db)
        return std::nullopt;
    return QSqlQuery(*db);
}

bool DeviceRegistry::fail(const QSqlQuery &q, QString *error) const
{
    if (error)
        *error = m_database.failed(q.lastError());
    return false;
}

std::optional<QList<Device>> DeviceRegistry::devices(QSqlQuery &q, QString *error) const
{
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    QList<Device> out;
    while (q.next())
        out.append(deviceFrom(q));
    return out;
}

bool DeviceRegistry::registerDevice(const Device &d, bool *created, QString *error)
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return false;
    q->prepare(QStringLiteral("UPDATE devices SET topic = ?, uid = ?, platform = ?, environment = ?, app_version = ?,"
                              " last_seen = ?, active = 1, deactivated_reason = NULL WHERE provider = ? AND token = ?"));
    for (const QVariant &v : {text(d.topic), text(d.uid), text(d.platform), text(d.environment), text(d.appVersion),
                              QVariant(msecs(d.lastSeen)), text(d.provider), text(d.token)})
        q->addBindValue(v);
    if (!q->exec())
        return fail(*q, error);
    *created = q->numRowsAffected() == 0;
    if (!*created)
        return true;
    q->prepare(QStringLiteral("INSERT INTO devices (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL)").arg(QLatin1String(kColumns)));
    for (const QVariant &v : {text(d.provider), text(d.token), text(d.topic), text(d.uid), text(d.platform), text(d.environment),
                              text(d.appVersion), QVariant(msecs(d.createdAt)), QVariant(msecs(d.lastSeen))})
        q->addBindValue(v);
    return q->exec() || fail(*q, error);
}

std::optional<int> DeviceRegistry::unregisterDevice(const QString &provider, const QString &token, const QString &topic,
                                                    QString *error)
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return std::nullopt;
    q->prepare(topic.isEmpty() ? QStringLiteral("DELETE FROM devices WHERE provider = ? AND token = ?")
                               : QStringLiteral("DELETE FROM devices WHERE provider = ? AND token = ? AND topic = ?"));
    q->addBindValue(text(provider));
    q->addBindValue(text(token));
    if (!topic.isEmpty())
        q->addBindValue(text(topic));
    if (!q->exec()) {
        fail(*q, error);
        return std::nullopt;
    }
    return q->numRowsAffected();
}

std::optional<QList<Device>> DeviceRegistry::devicesOf(const QString &uid, QString *error) const
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return std::nullopt;
    q->prepare(QStringLiteral("SELECT %1 FROM devices WHERE uid = ? ORDER BY created_at, provider, token").arg(QLatin1String(kColumns)));
    q->addBindValue(text(uid));
    return devices(*q, error);
}

bool DeviceRegistry::deactivate(const QString &provider, const QString &token, const QString &topic,
                                const QString &reason, QString *error)
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return false;
    q->prepare(QStringLiteral("UPDATE devices SET active = 0, deactivated_reason = ? WHERE provider = ? AND token = ? AND topic = ?"));
    q->addBindValue(text(reason.left(64)));
    q->addBindValue(text(provider));
    q->addBindValue(text(token));
    q->addBindValue(text(topic));
    return q->exec() || fail(*q, error);
}

std::optional<int> DeviceRegistry::activeCount(QString *error) const
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return std::nullopt;
    if (!q->exec(QStringLiteral("SELECT COUNT(*) FROM devices WHERE active = 1")) || !q->next()) {
        fail(*q, error);
        return std::nullopt;
    }
    return q->value(0).toInt();
}

std::optional<QList<Device>> DeviceRegistry::devicesWithToken(const QString &provider, const QString &token,
                                                              QString *error) const
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return std::nullopt;
    q->prepare(QStringLiteral("SELECT %1 FROM devices WHERE provider = ? AND token = ?").arg(QLatin1String(kColumns)));
    q->addBindValue(text(provider));
    q->addBindValue(text(token));
    return devices(*q, error);
}

std::optional<QList<Device>> DeviceRegistry::activePage(const QString &provider, const QString &afterToken, int limit,
                                                        QString *error) const
{
    std::optional<QSqlQuery> q = query(error);
    if (!q)
        return std::nullopt;
    q->setForwardOnly(true);
    // Keyset paging on the primary key.
    q->prepare(QStringLiteral("SELECT %1 FROM devices WHERE provider = ? AND active = 1 AND token > ? ORDER BY token LIMIT %2")
                   .arg(QLatin1String(kColumns)).arg(qMax(1, limit)));
    q->addBindValue(text(provider));
    q->addBindValue(text(afterToken));
    return devices(*q, error);
}

QString DeviceRegistry::checkEnvironment(const QString &environment)
{
    return environment == u"production" || environment == u"sandbox"
        ? QString()
        : QStringLiteral("environment is \"production\" or \"sandbox\"");
}

QString DeviceRegistry::checkPlatform(const QString &platform)
{
    return applePlatforms().contains(platform)
        ? QString()
        : QStringLiteral("platform is one of %1").arg(applePlatforms().join(QStringLiteral(", ")));
}

QString DeviceRegistry::checkOtherPlatform(const QString &platform)
{
    return platform == u"android" || applePlatforms().contains(platform)
        ? QString()
        : QStringLiteral("platform is android or one of %1").arg(applePlatforms().join(QStringLiteral(", ")));
}

const QStringList &DeviceRegistry::providers()
{
    static const QStringList all{QStringLiteral("apns"), QStringLiteral("fcm"), QStringLiteral("jpush"),
                                 QStringLiteral("getui")};
    return all;
}

bool DeviceRegistry::isProvider(const QString &provider)
{
    return providers().contains(provider);
}

QString DeviceRegistry::checkToken(const QString &provider, const QString &token)
{
    if (provider == u"apns")
        return Apns::checkDeviceToken(token);
    const bool printable = std::all_of(token.cbegin(), token.cend(), [](QChar c) { return c > u' ' && c < QChar(0x7f); });
    return !token.isEmpty() && token.size() <= 200 && printable
        ? QString()
        : QStringLiteral("a %1 token is 1 to 200 printable ASCII characters without spaces").arg(provider);
}

} // namespace Herald
