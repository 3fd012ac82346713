#pragma once

#include "store/databaseurl.h"
#include "util/dampedlog.h"
#include "util/logging.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <optional>

class QSqlError;

namespace Herald {

// The connection the device registry runs on, and whether it can be used now. SQLite: the node's own
// database, always there. MariaDB/MySQL: a server that may be down at start or go away later; then the
// registry's calls fail at once with "device registry unavailable: …" and a timer reopens the connection
// with back-off (never a blocking retry loop; connects and reads time out after a few seconds).
class RegistryDatabase final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistryDatabase)

public:
    // SQLite: an open connection of the node's (by name).
    explicit RegistryDatabase(QString sqliteConnection, QObject *parent = nullptr);
    // MariaDB/MySQL at url, with the password from database-password-file.
    RegistryDatabase(const DatabaseUrl &url, const QString &password, QObject *parent = nullptr);
    ~RegistryDatabase() override;

    // Opens the database and brings its schema up to date. SQLite: false with *error when it cannot.
    // MariaDB: whatever fails (the server down, a migration) is logged and retried with back-off; true.
    bool start(QString *error);
    bool isAvailable() const { return m_available; }
    // Where the registry is, without secrets: "mysql://user@host:port/db", or "SQLite".
    QString where() const;

    // The open, up-to-date connection, or nullopt with *error ("device registry unavailable: …").
    std::optional<QSqlDatabase> database(QString *error);
    // A statement failed: its error, for the caller. A lost connection makes the registry unavailable
    // until the retry timer reopens it.
    QString failed(const QSqlError &error);

    // The retry back-off: its first and its longest wait.
    static constexpr int kFirstRetryMs = 250;
    static constexpr int kMaxRetryMs = 5000;

Q_SIGNALS:
    void availabilityChanged(bool available);

private:
    bool open(QString *error);
    void setUnavailable(const QString &why);
    void retry();

    QString m_connection;
    bool m_mysql = false;
    QString m_where;
    bool m_available = false;
    QString m_why;       // why it is unavailable
    DampedLog m_errors{lcStore}; // SQLite's failures, which a full disk repeats for every call
    QTimer m_retry;
    int m_retryMs = kFirstRetryMs;
};

} // namespace Herald
