#include "store/schema.h"

#include "util/logging.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QVariant>

namespace Herald {

namespace {

bool isMysql(const QSqlDatabase &db)
{
    return db.driverName() == u"QMYSQL";
}

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.exec(sql))
        return true;
    *error = q.lastError().text();
    return false;
}

// A table of the registry. Text compares byte for byte on both engines (MariaDB's default collation
// ignores case, SQLite's does not).
bool createTable(const QSqlDatabase &db, QSqlQuery &q, const QString &name, const QString &columns, QString *error)
{
    const QString options = isMysql(db) ? QStringLiteral(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
                                        : QString();
    return exec(q, QStringLiteral("CREATE TABLE %1 (%2)%3").arg(name, columns, options), error);
}

// The devices table's columns (before `provider`, with its own first when given), with its primary key.
QString deviceColumns(const char *key, const char *provider = "")
{
    return QStringLiteral("%2token VARCHAR(200) NOT NULL, topic VARCHAR(255) NOT NULL, uid VARCHAR(255) NOT NULL,"
                          " platform VARCHAR(16) NOT NULL, environment VARCHAR(16) NOT NULL, app_version VARCHAR(64) NOT NULL,"
                          " created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL, active SMALLINT NOT NULL,"
                          " deactivated_reason VARCHAR(64), PRIMARY KEY (%1)")
        .arg(QLatin1String(key), QLatin1String(provider));
}

const char *const kDeviceColumnNames = "token, topic, uid, platform, environment, app_version, created_at, last_seen, "
                                       "active, deactivated_reason";

std::optional<int> rowCount(QSqlQuery &q, QString *error)
{
    if (!exec(q, QStringLiteral("SELECT COUNT(*) FROM devices"), error))
        return std::nullopt;
    if (!q.next()) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    return q.value(0).toInt();
}

// 1: the first registry, keyed on (token, topic).
bool createDevicesByTopic(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    return createTable(db, q, QStringLiteral("devices"), deviceColumns("token, topic"), error)
        && exec(q, QStringLiteral("CREATE INDEX devices_uid ON devices (uid)"), error);
}

// 2: a token is one device. Of the rows of one token, the newest registration stays (the larger topic
// when two are equally new).
bool oneRowPerToken(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    const std::optional<int> before = rowCount(q, error);
    const bool ok = before && createTable(db, q, QStringLiteral("devices_by_token"), deviceColumns("token"), error)
        && exec(q, QStringLiteral("INSERT INTO devices_by_token (%1) SELECT %1 FROM devices d WHERE NOT EXISTS ("
                                  "SELECT 1 FROM devices n WHERE n.token = d.token AND (n.last_seen > d.last_seen"
                                  " OR (n.last_seen = d.last_seen AND n.topic > d.topic)))")
                           .arg(QLatin1String(kDeviceColumnNames)), error)
        && exec(q, QStringLiteral("DROP TABLE devices"), error)
        && exec(q, QStringLiteral("ALTER TABLE devices_by_token RENAME TO devices"), error)
        && exec(q, QStringLiteral("CREATE INDEX devices_uid ON devices (uid)"), error);
    const std::optional<int> after = ok ? rowCount(q, error) : std::nullopt;
    if (!after)
        return false;
    if (*before > *after)
        qCInfo(lcStore).noquote() << QStringLiteral("device registry: one row per device token now; %1 older registrations "
                                                    "of tokens registered again (with another topic) dropped, the newest kept")
                                         .arg(*before - *after);
    return true;
}

// 3: a push provider per token (apns, fcm, jpush, getui); a token is unique per provider. The rows there
// were are APNs tokens.
bool providerPerToken(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    return createTable(db, q, QStringLiteral("devices_by_provider"),
                       deviceColumns("provider, token", "provider VARCHAR(16) NOT NULL, "), error)
        && exec(q, QStringLiteral("INSERT INTO devices_by_provider (provider, %1) SELECT 'apns', %1 FROM devices")
                       .arg(QLatin1String(kDeviceColumnNames)), error)
        && exec(q, QStringLiteral("DROP TABLE devices"), error)
        && exec(q, QStringLiteral("ALTER TABLE devices_by_provider RENAME TO devices"), error)
        && exec(q, QStringLiteral("CREATE INDEX devices_uid ON devices (uid)"), error);
}

struct Migration {
    int version;
    const char *what;
    bool (*run)(QSqlDatabase &db, QString *error);
};

// Append only: a version, once released, never changes.
constexpr Migration kMigrations[] = {
    {1, "devices keyed on (token, topic)", &createDevicesByTopic},
    {2, "one row per device token", &oneRowPerToken},
    {3, "a push provider per token", &providerPerToken},
};

bool record(QSqlDatabase &db, const Migration &m, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)"));
    q.addBindValue(m.version);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(QString::fromLatin1(m.what));
    return q.exec() || (*error = q.lastError().text(), false);
}

// A database without schema_version: made by a registry from before the versions (or new).
int unversioned(QSqlDatabase &db)
{
    if (!db.tables().contains(QStringLiteral("devices")))
        return 0;
    return db.primaryIndex(QStringLiteral("devices")).contains(QStringLiteral("topic")) ? 1 : 2;
}

bool ensureVersionTable(QSqlDatabase &db, QString *error)
{
    if (db.tables().contains(QStringLiteral("schema_version")))
        return true;
    const int found = unversioned(db);
    QSqlQuery q(db);
    if (!createTable(db, q, QStringLiteral("schema_version"),
                     QStringLiteral("version INTEGER NOT NULL, applied_at BIGINT NOT NULL, description VARCHAR(255) NOT NULL,"
                                    " PRIMARY KEY (version)"),
                     error))
        return false;
    for (const Migration &m : kMigrations) {
        if (m.version <= found && !record(db, m, error))
            return false;
    }
    return true;
}

bool runOne(QSqlDatabase &db, const Migration &m, QString *error)
{
    // SQLite changes tables inside a transaction; MariaDB commits each change itself.
    const bool transactional = !isMysql(db);
    if (transactional && !db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    if (m.run(db, error) && record(db, m, error) && (!transactional || db.commit())) {
        qCInfo(lcStore).noquote() << QStringLiteral("device registry: schema version %1 (%2)").arg(m.version).arg(QLatin1String(m.what));
        return true;
    }
    if (error->isEmpty())
        *error = db.lastError().text();
    if (transactional)
        db.rollback();
    *error = QStringLiteral("device registry: migration to schema version %1 (%2) failed: %3")
                 .arg(m.version).arg(QLatin1String(m.what), *error);
    return false;
}

// MariaDB: one node at a time migrates; the others wait for it, then find nothing left to do.
class MigrationLock
{
public:
    explicit MigrationLock(QSqlDatabase &db) : m_db(db), m_held(!isMysql(db)) {}
    ~MigrationLock()
    {
        if (isMysql(m_db) && m_held)
            QSqlQuery(m_db).exec(QStringLiteral("SELECT RELEASE_LOCK('herald_registry_schema')"));
    }
    bool acquire(QString *error)
    {
        if (m_held)
            return true;
        QSqlQuery q(m_db);
        m_held = exec(q, QStringLiteral("SELECT GET_LOCK('herald_registry_schema', 30)"), error) && q.next()
            && q.value(0).toInt() == 1;
        if (!m_held && error->isEmpty())
            *error = QStringLiteral("another node held the schema lock for 30 s");
        return m_held;
    }

private:
    QSqlDatabase &m_db;
    bool m_held;
};

} // namespace

int Schema::latestVersion()
{
    return std::end(kMigrations)[-1].version;
}

int Schema::currentVersion(QSqlDatabase &db, QString *error)
{
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return unversioned(db);
    QSqlQuery q(db);
    if (!exec(q, QStringLiteral("SELECT MAX(version) FROM schema_version"), error))
        return -1;
    return q.next() ? q.value(0).toInt() : 0;
}

bool Schema::migrate(QSqlDatabase &db, QString *error)
{
    error->clear();
    MigrationLock lock(db);
    if (!lock.acquire(error) || !ensureVersionTable(db, error))
        return false;
    const int current = currentVersion(db, error);
    if (current < 0)
        return false;
    if (current > latestVersion()) {
        *error = QStringLiteral("device registry: the database is at schema version %1, newer than this server knows (%2): "
                                "run a newer herald-server")
                     .arg(current).arg(latestVersion());
        return false;
    }
    for (const Migration &m : kMigrations) {
        if (m.version > current && !runOne(db, m, error))
            return false;
    }
    return true;
}

} // namespace Herald
