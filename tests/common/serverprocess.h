#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace HeraldTest {

// Starts the built herald-server binary on free ports (port 0) with a fresh data directory and reads
// back where it listens and the secrets it generated.
class ServerProcess final
{
public:
    explicit ServerProcess(QStringList extraArgs = {});
    ~ServerProcess();

    // A server started with these flags; nullptr (and a warning saying why) if it did not come up.
    static std::unique_ptr<ServerProcess> started(const QStringList &flags);

    // Starts and waits for the ready banner; false (with errorString()) if it did not come up.
    bool start(int timeoutMs = 15000);
    // Sends SIGTERM and waits for exit; false if it did not exit in time.
    bool terminate(int timeoutMs, int *exitCode = nullptr);
    void sendSignal(int signal);

    quint16 clientPort() const { return m_clientPort; }
    quint16 apiPort() const { return m_apiPort; }
    quint16 textPort() const { return m_textPort; }
    bool isTls() const { return m_tls; }
    QUrl clientUrl() const;
    QUrl apiUrl(const QString &path = QStringLiteral("/")) const;
    QUrl adminUrl() const;
    QString dataDir() const;
    QString apiKey() const { return m_apiKey; }
    QString adminToken() const { return m_adminToken; }
    QString readonlyToken() const { return m_readonlyToken; }
    qint64 pid() const { return m_process.processId(); }
    qint64 rssKiB() const; // resident set size from /proc
    // One sample of its /metrics page, e.g. herald_door_closes_total{door="text",reason="idle_timeout"};
    // 0 when absent.
    qint64 metric(const QString &sample);
    QProcess &process() { return m_process; }
    QString errorString() const { return m_error; }
    // Everything the server wrote to stderr (its log) and stdout so far.
    QString log();

    static QString binary();

private:
    QStringList m_args;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_process;
    QByteArray m_stdout, m_stderr;
    quint16 m_clientPort = 0, m_apiPort = 0, m_textPort = 0;
    QString m_apiKey, m_adminToken, m_readonlyToken, m_error;
    bool m_tls = false; // the banner said wss://: every URL is wss:// or https://
};

// Reads a secret file of the data directory (trimmed).
QString readSecret(const QString &dataDir, const QString &file);

} // namespace HeraldTest
