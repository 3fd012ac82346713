#include "store/deviceregistry.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Herald {

namespace {

const char *const kColumns = "token, topic, uid, platform, environment, app_version, created_at, last_seen, active, "
                             "deactivated_reason";

bool fail(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

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
    d.token = q.value(0).toString();
    d.topic = q.value(1).toString();
    d.uid = q.value(2).toString();
    d.platform = q.value(3).toString();
    d.environment = q.value(4).toString();
    d.appVersion = q.value(5).toString();
    d.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC);
    d.lastSeen = QDateTime::fromMSecsSinceEpoch(q.value(7).toLongLong(), Qt::UTC);
    d.active = q.value(8).toInt() != 0;
    d.deactivatedReason = q.value(9).toString();
    return d;
}

} // namespace

DeviceRegistry::DeviceRegistry(QString connectionName) : m_connection(std::move(connectionName)) {}

bool DeviceRegistry::prepare(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (db.tables().contains(QStringLiteral("devices")))
        return true;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE devices ("
                               " token VARCHAR(200) NOT NULL,"
                               " topic VARCHAR(255) NOT NULL,"
                               " uid VARCHAR(255) NOT NULL,"
                               " platform VARCHAR(16) NOT NULL,"
                               " environment VARCHAR(16) NOT NULL,"
                               " app_version VARCHAR(64) NOT NULL,"
                               " created_at BIGINT NOT NULL,"
                               " last_seen BIGINT NOT NULL,"
                               " active SMALLINT NOT NULL,"
                               " deactivated_reason VARCHAR(64),"
                               " PRIMARY KEY (token, topic))")))
        return fail(q, error);
    if (!q.exec(QStringLiteral("CREATE INDEX devices_uid ON devices (uid)")))
        return fail(q, error);
    return true;
}

bool DeviceRegistry::registerDevice(const Device &d, bool *created, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE devices SET uid = ?, platform = ?, environment = ?, app_version = ?, last_seen = ?,"
                             " active = 1, deactivated_reason = NULL WHERE token = ? AND topic = ?"));
    for (const QVariant &v : {text(d.uid), text(d.platform), text(d.environment), text(d.appVersion),
                              QVariant(msecs(d.lastSeen)), text(d.token), text(d.topic)})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q, error);
    *created = q.numRowsAffected() == 0;
    if (!*created)
        return true;
    q.prepare(QStringLiteral("INSERT INTO devices (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, NULL)").arg(QLatin1String(kColumns)));
    for (const QVariant &v : {text(d.token), text(d.topic), text(d.uid), text(d.platform), text(d.environment),
                              text(d.appVersion), QVariant(msecs(d.createdAt)), QVariant(msecs(d.lastSeen))})
        q.addBindValue(v);
    return q.exec() || fail(q, error);
}

std::optional<int> DeviceRegistry::unregisterDevice(const QString &token, const QString &topic, QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(topic.isEmpty() ? QStringLiteral("DELETE FROM devices WHERE token = ?")
                              : QStringLiteral("DELETE FROM devices WHERE token = ? AND topic = ?"));
    q.addBindValue(text(token));
    if (!topic.isEmpty())
        q.addBindValue(text(topic));
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    return q.numRowsAffected();
}

std::optional<QList<Device>> DeviceRegistry::devicesOf(const QString &uid, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM devices WHERE uid = ? ORDER BY created_at, token, topic").arg(QLatin1String(kColumns)));
    q.addBindValue(text(uid));
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    QList<Device> out;
    while (q.next())
        out.append(deviceFrom(q));
    return out;
}

bool DeviceRegistry::deactivate(const QString &token, const QString &topic, const QString &reason, QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE devices SET active = 0, deactivated_reason = ? WHERE token = ? AND topic = ?"));
    q.addBindValue(text(reason.left(64)));
    q.addBindValue(text(token));
    q.addBindValue(text(topic));
    return q.exec() || fail(q, error);
}

std::optional<int> DeviceRegistry::activeCount(QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM devices WHERE active = 1")) || !q.next()) {
        fail(q, error);
        return std::nullopt;
    }
    return q.value(0).toInt();
}

std::optional<QList<Device>> DeviceRegistry::devicesWithToken(const QString &token, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM devices WHERE token = ? ORDER BY topic").arg(QLatin1String(kColumns)));
    q.addBindValue(text(token));
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    QList<Device> out;
    while (q.next())
        out.append(deviceFrom(q));
    return out;
}

std::optional<QList<Device>> DeviceRegistry::activePage(const QString &afterToken, const QString &afterTopic, int limit,
                                                        QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.setForwardOnly(true);
    // Keyset paging on the primary key; written without row-value comparison, which not every engine has.
    q.prepare(QStringLiteral("SELECT %1 FROM devices WHERE active = 1 AND (token > ? OR (token = ? AND topic > ?))"
                             " ORDER BY token, topic LIMIT %2")
                  .arg(QLatin1String(kColumns)).arg(qMax(1, limit)));
    q.addBindValue(text(afterToken));
    q.addBindValue(text(afterToken));
    q.addBindValue(text(afterTopic));
    if (!q.exec()) {
        fail(q, error);
        return std::nullopt;
    }
    QList<Device> out;
    while (q.next())
        out.append(deviceFrom(q));
    return out;
}

QString DeviceRegistry::checkEnvironment(const QString &environment)
{
    return environment == u"production" || environment == u"sandbox"
        ? QString()
        : QStringLiteral("environment is \"production\" or \"sandbox\"");
}

QString DeviceRegistry::checkPlatform(const QString &platform)
{
    static const QStringList apple{QStringLiteral("ios"), QStringLiteral("ipados"), QStringLiteral("macos"),
                                   QStringLiteral("tvos"), QStringLiteral("watchos"), QStringLiteral("visionos")};
    return apple.contains(platform) ? QString()
                                    : QStringLiteral("platform is one of %1").arg(apple.join(QStringLiteral(", ")));
}

} // namespace Herald
