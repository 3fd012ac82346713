#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace HeraldTest {

// A private MariaDB server for one test executable: its data directory in a QTemporaryDir, listening on a
// free loopback port, with a database and a user who has a password (kUser, password(), kDatabase). It
// takes seconds to create: make one per test executable (initTestCase), not one per test function.
class MariadbProcess final
{
public:
    static constexpr const char *kUser = "herald";
    static constexpr const char *kDatabase = "herald";

    MariadbProcess();
    ~MariadbProcess(); // stops the server (SIGTERM, then waits)
    MariadbProcess(const MariadbProcess &) = delete;
    MariadbProcess &operator=(const MariadbProcess &) = delete;

    // Creates the data directory and picks the port, without starting the server (a server that is
    // not up yet, for tests of a registry whose database is down at start).
    bool install(QString *error);
    // Starts the server (installing it first if needed) and waits until it accepts connections; the
    // first start creates the database and the user.
    bool start(QString *error);
    // SIGTERM and wait, or SIGKILL (as a crash or a pulled cable would); the data stays for start().
    void stop();
    void kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    quint16 port() const { return m_port; }
    QString password() const;
    // mysql://herald@127.0.0.1:<port>/herald
    QString url() const;
    // A file holding the password (for database-password-file).
    QString passwordFile() const;
    // Runs SQL as root through the server's socket; false with *error.
    bool rootSql(const QString &sql, QString *error = nullptr) const;
    // True once mariadbd is a driver Qt has and the binaries are installed.
    static bool available(QString *why);

private:
    QString path(const char *name) const;
    bool waitReady(QString *error);

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    bool m_installed = false;
    bool m_created = false;
};

} // namespace HeraldTest
