#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

class QTcpSocket;

namespace HeraldTest {

// A real redis-server on a free loopback port in a temporary directory, nothing saved to disk. It can be
// stopped and started again on the same port (for the fault tests); the destructor stops it.
class RedisProcess final
{
public:
    explicit RedisProcess(const QString &password = {});
    ~RedisProcess();

    // Starts it (on the port it had, if it ran before) and waits until it answers PING; false with
    // errorString() if it did not.
    bool start(int timeoutMs = 10000);
    void stop();
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); } // for kill -STOP / -CONT

    quint16 port() const { return m_port; }
    QString url() const; // redis://127.0.0.1:<port>, no password
    QString errorString() const { return m_error; }

    // One command on a fresh connection; the raw RESP reply (empty if none came).
    QByteArray command(const QList<QByteArray> &args, int timeoutMs = 3000) const;

private:
    QString m_password;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

// A connection subscribed to one channel that counts what is published on it.
class RedisCounter final
{
public:
    RedisCounter(quint16 port, const QByteArray &channel);
    ~RedisCounter();
    bool isSubscribed(int timeoutMs = 3000);
    // Messages received so far (reads what is waiting first).
    int count();

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_channel;
    QByteArray m_buffer;
};

QByteArray respCommand(const QList<QByteArray> &args);

} // namespace HeraldTest
