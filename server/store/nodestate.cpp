#include "store/nodestate.h"

#include "util/logging.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace Herald {

namespace {
int s_instances = 0;

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}
} // namespace

NodeState::NodeState() : m_connection(QStringLiteral("herald-state-%1").arg(++s_instances)) {}

NodeState::~NodeState()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool NodeState::open(const QString &dataDir, QString *error)
{
    m_path = QDir(dataDir).filePath(QStringLiteral("herald.db"));
    // SQLite would create it 0644; its -wal and -shm files take the database's mode.
    QFile file(m_path);
    if (!file.exists() && !file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        if (error)
            *error = QStringLiteral("cannot create %1: %2").arg(m_path, file.errorString());
        return false;
    }
    file.close();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    // WAL with synchronous=NORMAL: a commit is in the WAL file when it returns, so a killed process
    // loses nothing; only a power loss can take the last commits before a checkpoint (docs/operations.md).
    QSqlQuery q(db);
    if (exec(q, QStringLiteral("PRAGMA journal_mode=WAL"), error) && exec(q, QStringLiteral("PRAGMA synchronous=NORMAL"), error)
        && exec(q, QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"), error))
        return true;
    if (error)
        *error = QStringLiteral("cannot use %1 (%2): if it is damaged, restore it from a backup, or move it away and "
                                "start again with a new one (its devices, API keys and node id are then lost)")
                     .arg(m_path, *error);
    return false;
}

std::optional<QString> NodeState::value(const QString &key, QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    }
    return q.next() ? q.value(0).toString() : QString();
}

bool NodeState::setValue(const QString &key, const QString &value, QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

std::optional<quint32> NodeState::nodeId(const QString &configured, QString *error)
{
    const QString key = QStringLiteral("node_id");
    if (configured != u"auto") {
        const quint32 id = configured.toUInt(nullptr, 16);
        if (!setValue(key, QString::number(id, 16), error))
            return std::nullopt;
        return id;
    }
    const std::optional<QString> stored = value(key, error);
    if (!stored)
        return std::nullopt;
    bool ok = false;
    const quint32 id = stored->toUInt(&ok, 16);
    if (ok && id != 0)
        return id;
    quint32 fresh = 0;
    while (fresh == 0)
        fresh = QRandomGenerator::system()->generate();
    if (!setValue(key, QString::number(fresh, 16), error))
        return std::nullopt;
    qCInfo(lcStore).noquote() << "generated node id" << QString::number(fresh, 16);
    return fresh;
}

std::optional<quint64> NodeState::reserveClientIds(quint64 notBelow, quint64 count, QString *error)
{
    const QString key = QStringLiteral("client_id_next");
    const std::optional<QString> stored = value(key, error);
    if (!stored)
        return std::nullopt;
    quint64 first = 1;
    if (!stored->isEmpty()) {
        first = stored->toULongLong();
    } else {
        // Before the sequence, a 16-bit boot counter took the top 16 of the 48 bits: start past its last boot.
        const std::optional<QString> epoch = value(QStringLiteral("boot_epoch"), error);
        if (!epoch)
            return std::nullopt;
        if (!epoch->isEmpty())
            first = (epoch->toULongLong() + 1) << 32;
    }
    first = qMax(first, notBelow);
    if (first > kClientIdSequenceEnd || count > kClientIdSequenceEnd - first) {
        if (error)
            *error = QStringLiteral("this node has handed out every client id its node id allows: set another node-id");
        return std::nullopt;
    }
    if (!setValue(key, QString::number(first + count), error))
        return std::nullopt;
    return first;
}

} // namespace Herald
