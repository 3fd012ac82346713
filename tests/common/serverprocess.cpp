#include "serverprocess.h"

#include "testclients.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <csignal>

namespace HeraldTest {

QString ServerProcess::binary()
{
    return QStringLiteral(HERALD_SERVER_BINARY);
}

QString readSecret(const QString &dataDir, const QString &file)
{
    QFile f(QDir(dataDir).filePath(file));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

ServerProcess::ServerProcess(QStringList extraArgs)
    : m_args(std::move(extraArgs)), m_dir(std::make_unique<QTemporaryDir>())
{
}

std::unique_ptr<ServerProcess> ServerProcess::started(const QStringList &flags)
{
    auto server = std::make_unique<ServerProcess>(flags);
    if (server->start())
        return server;
    qWarning("%s", qPrintable(server->errorString()));
    return nullptr;
}

qint64 ServerProcess::metric(const QString &sample)
{
    HttpClient http;
    return prometheusSample(http.get(apiUrl(QStringLiteral("/metrics")), m_apiKey.toUtf8()).body, sample);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ServerProcess::dataDir() const
{
    const qsizetype given = m_args.indexOf(QStringLiteral("--data-dir"));
    if (given >= 0 && given + 1 < m_args.size())
        return m_args.at(given + 1);
    return m_dir->path() + QStringLiteral("/data");
}

bool ServerProcess::start(int timeoutMs)
{
    QStringList args{QStringLiteral("--log-level"), QStringLiteral("debug")};
    const auto has = [this](const char *flag) { return m_args.contains(QLatin1String(flag)); };
    if (!has("--data-dir"))
        args << QStringLiteral("--data-dir") << dataDir();
    if (!has("--port"))
        args << QStringLiteral("--port") << QStringLiteral("0");
    if (!has("--api-port"))
        args << QStringLiteral("--api-port") << QStringLiteral("0");
    if (!has("--text-port"))
        args << QStringLiteral("--text-port") << QStringLiteral("0");
    if (!has("--bind"))
        args << QStringLiteral("--bind") << QStringLiteral("127.0.0.1");
    args += m_args;
    m_process.start(binary(), args);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("could not start %1: %2").arg(binary(), m_process.errorString());
        return false;
    }
    static const QRegularExpression port(QStringLiteral(R"(^\s+(clients|api|text)\s+\S*?:(\d+)/?\s*$)"),
                                         QRegularExpression::MultilineOption);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_process.waitForReadyRead(int(qMax<qint64>(1, qMin<qint64>(200, deadline.remainingTime()))));
        m_stdout += m_process.readAllStandardOutput();
        m_stderr += m_process.readAllStandardError();
        if (m_process.state() == QProcess::NotRunning)
            break;
        if (!m_stdout.contains("\n  data "))
            continue;
        m_tls = m_stdout.contains(" wss://");
        auto it = port.globalMatch(QString::fromUtf8(m_stdout));
        while (it.hasNext()) {
            const auto m = it.next();
            const quint16 p = quint16(m.captured(2).toUInt());
            if (m.captured(1) == u"clients")
                m_clientPort = p;
            else if (m.captured(1) == u"api")
                m_apiPort = p;
            else
                m_textPort = p;
        }
        m_apiKey = readSecret(dataDir(), QStringLiteral("api.key"));
        m_adminToken = readSecret(dataDir(), QStringLiteral("admin.token"));
        m_readonlyToken = readSecret(dataDir(), QStringLiteral("admin-readonly.token"));
        return m_clientPort && m_apiPort && m_textPort;
    }
    m_error = QStringLiteral("herald-server did not become ready; output:\n%1\n%2")
                  .arg(QString::fromUtf8(m_stdout), QString::fromUtf8(m_stderr));
    return false;
}

bool ServerProcess::terminate(int timeoutMs, int *exitCode)
{
    sendSignal(SIGTERM);
    const bool finished = m_process.waitForFinished(timeoutMs);
    if (finished && exitCode)
        *exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    return finished;
}

void ServerProcess::sendSignal(int signal)
{
    if (m_process.processId() > 0)
        ::kill(pid_t(m_process.processId()), signal);
}

QUrl ServerProcess::clientUrl() const
{
    return QUrl(QStringLiteral("ws%1://127.0.0.1:%2/").arg(m_tls ? QStringLiteral("s") : QString()).arg(m_clientPort));
}

QUrl ServerProcess::apiUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http%1://127.0.0.1:%2%3").arg(m_tls ? QStringLiteral("s") : QString()).arg(m_apiPort).arg(path));
}

QUrl ServerProcess::adminUrl() const
{
    return QUrl(QStringLiteral("ws%1://127.0.0.1:%2/admin").arg(m_tls ? QStringLiteral("s") : QString()).arg(m_apiPort));
}

qint64 ServerProcess::rssKiB() const
{
    QFile f(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QString ServerProcess::log()
{
    m_stdout += m_process.readAllStandardOutput();
    m_stderr += m_process.readAllStandardError();
    return QString::fromUtf8(m_stdout + m_stderr);
}

} // namespace HeraldTest
