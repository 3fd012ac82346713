#include "store/deviceregistry.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QVariant>

#include "util/logging.h"

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

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    return q.exec(sql) || fail(q, error);
}

// A device token is one device: the token alone is the key.
bool createTable(QSqlQuery &q, const QString &name, QString *error)
{
    return exec(q, QStringLiteral("CREATE TABLE %1 ("
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
                                  " PRIMARY KEY (token))").arg(name),
                error);
}

// The rows of the devices table, all or those matching a condition.
std::optional<int> rowCount(QSqlQuery &q, QString *error, const char *condition = nullptr)
{
    const QString where = condition ? QStringLiteral(" WHERE %1").arg(QLatin1String(condition)) : QString();
    if (!exec(q, QStringLiteral("SELECT COUNT(*) FROM devices") + where, error) || !q.next()) {
        fail(q, error);
        return std::nullopt;
    }
    return q.value(0).toInt();
}

bool createIndex(QSqlQuery &q, QString *error)
{
    return exec(q, QStringLiteral("CREATE INDEX devices_uid ON devices (uid)"), error);
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
    if (!db.tables().contains(QStringLiteral("devices"))) {
        QSqlQuery q(db);
        return createTable(q, QStringLiteral("devices"), error) && createIndex(q, error);
    }
    // The first registries were keyed on (token, topic): one device registered with two topics had two rows.
    if (db.primaryIndex(QStringLiteral("devices")).contains(QStringLiteral("topic")))
        return migrateToOneRowPerToken(db, error);
    return true;
}

bool DeviceRegistry::migrateToOneRowPerToken(QSqlDatabase &db, QString *error)
{
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    const std::optional<int> before = rowCount(q, error);
    // Of the rows of one token, the newest registration stays (the larger topic when two are equally new).
    const bool ok = before && createTable(q, QStringLiteral("devices_by_token"), error)
        && exec(q, QStringLiteral("INSERT INTO devices_by_token (%1) SELECT %1 FROM devices d WHERE NOT EXISTS ("
                                  "SELECT 1 FROM devices n WHERE n.token = d.token AND (n.last_seen > d.last_seen"
                                  " OR (n.last_seen = d.last_seen AND n.topic > d.topic)))")
                           .arg(QLatin1String(kColumns)), error)
        && exec(q, QStringLiteral("DROP TABLE devices"), error)
        && exec(q, QStringLiteral("ALTER TABLE devices_by_token RENAME TO devices"), error) && createIndex(q, error);
    const std::optional<int> after = ok ? rowCount(q, error) : std::nullopt;
    if (!after) {
        db.rollback();
        *error = QStringLiteral("cannot move the device registry to one row per token: %1").arg(*error);
        return false;
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        return false;
    }
    qCInfo(lcStore).noquote() << QStringLiteral("device registry: one row per device token now; %1 older registrations of "
                                                "tokens registered again (with another topic) dropped, the newest kept")
                                     .arg(*before - *after);
    return true;
}

bool DeviceRegistry::registerDevice(const Device &d, bool *created, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE devices SET topic = ?, uid = ?, platform = ?, environment = ?, app_version = ?,"
                             " last_seen = ?, active = 1, deactivated_reason = NULL WHERE token = ?"));
    for (const QVariant &v : {text(d.topic), text(d.uid), text(d.platform), text(d.environment), text(d.appVersion),
                              QVariant(msecs(d.lastSeen)), text(d.token)})
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
    return rowCount(q, error, "active = 1");
}

std::optional<QList<Device>> DeviceRegistry::devicesWithToken(const QString &token, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM devices WHERE token = ?").arg(QLatin1String(kColumns)));
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

std::optional<QList<Device>> DeviceRegistry::activePage(const QString &afterToken, int limit, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.setForwardOnly(true);
    // Keyset paging on the primary key.
    q.prepare(QStringLiteral("SELECT %1 FROM devices WHERE active = 1 AND token > ? ORDER BY token LIMIT %2")
                  .arg(QLatin1String(kColumns)).arg(qMax(1, limit)));
    q.addBindValue(text(afterToken));
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
