#include "mariadbprocess.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <unistd.h>

namespace HeraldTest {

namespace {

const QString kPassword = QStringLiteral("herald-test-password");

// Smaller than the defaults (a 96 MiB redo log, a 128 MiB pool): a test server starts in a second.
QStringList serverOptions()
{
    return {QStringLiteral("--innodb-log-file-size=4M"), QStringLiteral("--innodb-buffer-pool-size=16M"),
            QStringLiteral("--skip-name-resolve")};
}

QString userName()
{
    const QString user = qEnvironmentVariable("USER");
    return ::geteuid() == 0 || user.isEmpty() ? QStringLiteral("root") : user;
}

bool run(const QString &program, const QStringList &args, QString *error, int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 failed: %2").arg(program, QString::fromLocal8Bit(p.readAll()).trimmed());
        p.kill();
        p.waitForFinished(1000);
        return false;
    }
    return true;
}

} // namespace

MariadbProcess::MariadbProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

MariadbProcess::~MariadbProcess()
{
    stop();
}

bool MariadbProcess::available(QString *why)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL"))) {
        *why = QStringLiteral("Qt's QMYSQL driver is not installed (Debian: libqt6sql6-mysql)");
        return false;
    }
    for (const char *program : {"mariadbd", "mariadb-install-db", "mariadb"}) {
        if (QStandardPaths::findExecutable(QLatin1String(program), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")}).isEmpty()) {
            *why = QStringLiteral("%1 is not installed (Debian: mariadb-server)").arg(QLatin1String(program));
            return false;
        }
    }
    return true;
}

QString MariadbProcess::path(const char *name) const
{
    return m_dir.filePath(QLatin1String(name));
}

bool MariadbProcess::install(QString *error)
{
    if (m_installed)
        return true;
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        *error = QStringLiteral("no free loopback port: %1").arg(probe.errorString());
        return false;
    }
    m_port = probe.serverPort();
    probe.close();
    QFile file(path("password"));
    if (!file.open(QIODevice::WriteOnly) || file.write(kPassword.toUtf8() + '\n') < 0) {
        *error = QStringLiteral("cannot write %1").arg(file.fileName());
        return false;
    }
    m_installed = run(QStringLiteral("mariadb-install-db"),
                      QStringList{QStringLiteral("--no-defaults"), QStringLiteral("--auth-root-authentication-method=normal"),
                                  QStringLiteral("--datadir=") + path("data"), QStringLiteral("--user=") + userName(),
                                  QStringLiteral("--skip-test-db")}
                          + serverOptions(),
                      error);
    return m_installed;
}

bool MariadbProcess::start(QString *error)
{
    if (!install(error))
        return false;
    if (isRunning())
        return true;
    m_process.start(QStringLiteral("mariadbd"),
                    QStringList{QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + path("data"),
                                QStringLiteral("--socket=") + path("sock"), QStringLiteral("--port=%1").arg(m_port),
                                QStringLiteral("--bind-address=127.0.0.1"), QStringLiteral("--skip-networking=0"),
                                QStringLiteral("--user=") + userName(), QStringLiteral("--pid-file=") + path("pid"),
                                QStringLiteral("--log-error=") + path("error.log")}
                        + serverOptions());
    if (!m_process.waitForStarted(10000) || !waitReady(error)) {
        if (error->isEmpty())
            *error = QStringLiteral("mariadbd did not start: %1").arg(m_process.errorString());
        kill();
        return false;
    }
    if (m_created)
        return true;
    m_created = rootSql(QStringLiteral("CREATE DATABASE %1; CREATE USER '%2'@'%' IDENTIFIED BY '%3';"
                                       " GRANT ALL ON %1.* TO '%2'@'%';")
                            .arg(QLatin1String(kDatabase), QLatin1String(kUser), kPassword),
                        error);
    return m_created;
}

bool MariadbProcess::waitReady(QString *error)
{
    // Polled through the client (no fixed sleep); mariadbd exiting ends the wait at once.
    const bool ready = QTest::qWaitFor([this] { return !isRunning() || rootSql(QStringLiteral("SELECT 1")); }, 30000);
    if (ready && isRunning())
        return true;
    QFile log(path("error.log"));
    log.open(QIODevice::ReadOnly);
    *error = QStringLiteral("mariadbd did not accept connections on port %1: %2").arg(m_port).arg(QString::fromLocal8Bit(log.readAll().right(2000)));
    return false;
}

void MariadbProcess::stop()
{
    if (!isRunning())
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(30000))
        kill();
}

void MariadbProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
}

QString MariadbProcess::password() const
{
    return kPassword;
}

QString MariadbProcess::url() const
{
    return QStringLiteral("mysql://%1@127.0.0.1:%2/%3").arg(QLatin1String(kUser)).arg(m_port).arg(QLatin1String(kDatabase));
}

QString MariadbProcess::passwordFile() const
{
    return path("password");
}

bool MariadbProcess::rootSql(const QString &sql, QString *error) const
{
    return run(QStringLiteral("mariadb"),
               {QStringLiteral("--no-defaults"), QStringLiteral("--user=root"), QStringLiteral("--socket=") + path("sock"),
                QStringLiteral("--connect-timeout=2"), QStringLiteral("-e"), sql},
               error, 10000);
}

} // namespace HeraldTest
