#include "store/registrydatabase.h"

#include "store/schema.h"
#include "util/logging.h"

#include <QSqlError>

namespace Herald {

namespace {
int s_instances = 0;

// The client library's codes for a server that cannot be reached or went away (errmsg.h, mysqld_error.h).
bool connectionLost(const QSqlError &e)
{
    static const QStringList codes = {QStringLiteral("2002"), QStringLiteral("2003"), QStringLiteral("2006"),
                                      QStringLiteral("2013"), QStringLiteral("2055"), QStringLiteral("1927"),
                                      QStringLiteral("4031")};
    return e.type() == QSqlError::ConnectionError || codes.contains(e.nativeErrorCode());
}
} // namespace

RegistryDatabase::RegistryDatabase(QString sqliteConnection, QObject *parent)
    : QObject(parent), m_connection(std::move(sqliteConnection)), m_where(QStringLiteral("SQLite"))
{
}

RegistryDatabase::RegistryDatabase(const DatabaseUrl &url, const QString &password, QObject *parent)
    : QObject(parent), m_connection(QStringLiteral("herald-registry-%1").arg(++s_instances)), m_mysql(true),
      m_where(url.toString())
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), m_connection);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(password);
    db.setDatabaseName(url.name);
    // Short timeouts: a call on the event loop never waits long for a server that went away. No silent
    // reconnect (the timer reopens); an UPDATE counts the rows it matched, as SQLite does.
    db.setConnectOptions(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=2;MYSQL_OPT_READ_TIMEOUT=3;MYSQL_OPT_WRITE_TIMEOUT=3;"
                                        "MYSQL_OPT_RECONNECT=0;CLIENT_FOUND_ROWS"));
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RegistryDatabase::retry);
}

RegistryDatabase::~RegistryDatabase()
{
    if (!m_mysql)
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString RegistryDatabase::where() const
{
    return m_where;
}

bool RegistryDatabase::start(QString *error)
{
    if (open(error))
        return true;
    if (!m_mysql)
        return false;
    qCCritical(lcStore).noquote() << QStringLiteral("device registry %1 unavailable: %2; retrying (the device and push "
                                                    "commands answer 503 meanwhile): start the database, or check "
                                                    "database and database-password-file")
                                         .arg(m_where, m_why);
    return true;
}

bool RegistryDatabase::open(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (m_mysql && !db.isOpen() && !db.open()) {
        setUnavailable(db.lastError().text());
        *error = m_why;
        return false;
    }
    if (!Schema::migrate(db, error)) {
        if (m_mysql) {
            db.close();
            setUnavailable(*error);
        } else {
            m_why = *error;
        }
        return false;
    }
    const bool was = m_available;
    m_available = true;
    m_retryMs = kFirstRetryMs;
    if (!was && m_mysql)
        qCInfo(lcStore).noquote() << QStringLiteral("device registry: %1, schema version %2").arg(m_where).arg(Schema::latestVersion());
    if (!was)
        Q_EMIT availabilityChanged(true);
    return true;
}

void RegistryDatabase::setUnavailable(const QString &why)
{
    const bool was = m_available;
    m_available = false;
    m_why = why;
    if (!m_retry.isActive())
        m_retry.start(m_retryMs);
    if (was) {
        qCCritical(lcStore).noquote() << QStringLiteral("device registry %1 went away: %2; reconnecting (the device and "
                                                        "push commands answer 503 meanwhile)")
                                             .arg(m_where, why);
        Q_EMIT availabilityChanged(false);
    }
}

void RegistryDatabase::retry()
{
    m_retryMs = qMin(m_retryMs * 2, kMaxRetryMs);
    QString error;
    if (!open(&error))
        qCDebug(lcStore).noquote() << QStringLiteral("device registry %1 still unavailable: %2; next try in %3 ms")
                                          .arg(m_where, error).arg(m_retryMs);
}

std::optional<QSqlDatabase> RegistryDatabase::database(QString *error)
{
    if (!m_available) {
        *error = QStringLiteral("device registry unavailable: %1").arg(m_why);
        return std::nullopt;
    }
    return QSqlDatabase::database(m_connection, false);
}

QString RegistryDatabase::failed(const QSqlError &error)
{
    if (!m_mysql) { // the node's own file: a full or unwritable disk, or a damaged file
        const QString text = QStringLiteral("%1 in %2 (check the data directory's free space and permissions)")
                                 .arg(error.text(), QSqlDatabase::database(m_connection, false).databaseName());
        m_errors.warning(QStringLiteral("device registry errors"), QStringLiteral("device registry: ") + text);
        return text;
    }
    if (!connectionLost(error))
        return error.text();
    QSqlDatabase::database(m_connection, false).close();
    setUnavailable(error.text());
    return QStringLiteral("device registry unavailable: %1").arg(error.text());
}

} // namespace Herald
