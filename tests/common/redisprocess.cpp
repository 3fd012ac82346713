#include "redisprocess.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>

namespace HeraldTest {

namespace {
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

QByteArray respCommand(const QList<QByteArray> &args)
{
    QByteArray out = '*' + QByteArray::number(args.size()) + "\r\n";
    for (const QByteArray &a : args)
        out += '$' + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
    return out;
}

RedisProcess::RedisProcess(const QString &password) : m_password(password)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

RedisProcess::~RedisProcess()
{
    stop();
}

QString RedisProcess::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}

bool RedisProcess::start(int timeoutMs)
{
    if (!m_port)
        m_port = freePort();
    QStringList args{QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                     QStringLiteral("--dir"), m_dir.path()};
    if (!m_password.isEmpty())
        args << QStringLiteral("--requirepass") << m_password;
    m_process.start(QStringLiteral("redis-server"), args);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("could not start redis-server: %1 (install it: scripts/setup.sh)").arg(m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    QList<QByteArray> ping{QByteArrayLiteral("PING")};
    if (!m_password.isEmpty())
        ping = {QByteArrayLiteral("AUTH"), m_password.toUtf8()};
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        const QByteArray reply = command(ping, 500);
        if (reply.startsWith("+PONG") || reply.startsWith("+OK"))
            return true;
        m_process.waitForReadyRead(50); // a wait for redis' own output, not a fixed sleep
    }
    m_error = QStringLiteral("redis-server did not answer PING on port %1: %2").arg(m_port).arg(QString::fromUtf8(m_process.readAll()));
    return false;
}

void RedisProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

namespace {
// The length of the first whole RESP reply in `b` at `from`, or -1 while it is incomplete.
qsizetype respLength(const QByteArray &b, qsizetype from = 0)
{
    const qsizetype eol = b.indexOf("\r\n", from);
    if (eol < 0)
        return -1;
    const qsizetype line = eol + 2 - from;
    const qint64 n = b.mid(from + 1, eol - from - 1).toLongLong();
    switch (b.at(from)) {
    case '$':
        return n < 0 ? line : (b.size() >= eol + 2 + n + 2 ? line + n + 2 : -1);
    case '*': {
        qsizetype at = eol + 2;
        for (qint64 i = 0; i < n; ++i) {
            const qsizetype len = respLength(b, at);
            if (len < 0)
                return -1;
            at += len;
        }
        return at - from;
    }
    default:
        return line;
    }
}

} // namespace

QByteArray RedisProcess::command(const QList<QByteArray> &args, int timeoutMs) const
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    const bool auth = !m_password.isEmpty() && args.value(0) != "AUTH";
    socket.write((auth ? respCommand({QByteArrayLiteral("AUTH"), m_password.toUtf8()}) : QByteArray()) + respCommand(args));
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray reply;
    while (!deadline.hasExpired() && socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
        reply += socket.readAll();
        const qsizetype first = respLength(reply);
        if (first < 0)
            continue;
        if (!auth)
            return reply.left(first);
        if (respLength(reply, first) >= 0)
            return reply.mid(first);
    }
    return {};
}

RedisCounter::RedisCounter(quint16 port, const QByteArray &channel)
    : m_socket(std::make_unique<QTcpSocket>()), m_channel(channel)
{
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    if (m_socket->waitForConnected(3000))
        m_socket->write(respCommand({QByteArrayLiteral("SUBSCRIBE"), channel}));
}

RedisCounter::~RedisCounter() = default;

bool RedisCounter::isSubscribed(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains("subscribe") && !deadline.hasExpired()
           && m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
        m_buffer += m_socket->readAll();
    return m_buffer.contains("subscribe");
}

int RedisCounter::count()
{
    while (m_socket->waitForReadyRead(0))
        m_buffer += m_socket->readAll();
    m_buffer += m_socket->readAll();
    const QByteArray header = "*3\r\n$7\r\nmessage\r\n$" + QByteArray::number(m_channel.size()) + "\r\n" + m_channel + "\r\n";
    return int(m_buffer.count(header));
}

} // namespace HeraldTest
