// A command connection's liveness check against a Redis that answers in order but slowly (a stand-in
// speaking just enough RESP): a PING queued behind a long pipeline is late, yet Redis is answering what
// came before it, so the connection is not lost; a stand-in that stops answering altogether is.
#include "cluster/redisaddress.h"
#include "cluster/redisconnection.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Herald;

namespace {

// Answers each command it reads ("+PONG" to a PING, "+OK" to the rest), in order, one every `gapMs`;
// with answering off it reads and says nothing (a frozen Redis).
class SlowRedis final : public QObject
{
public:
    explicit SlowRedis(int gapMs)
    {
        m_server.listen(QHostAddress::LocalHost);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            m_socket = m_server.nextPendingConnection(); // a new connection: what the last one asked is void
            m_buffer.clear();
            m_replies.clear();
            QObject::connect(m_socket, &QTcpSocket::readyRead, this, &SlowRedis::read);
        });
        m_timer.setInterval(gapMs);
        QObject::connect(&m_timer, &QTimer::timeout, this, &SlowRedis::answerOne);
        m_timer.start();
    }
    quint16 port() const { return m_server.serverPort(); }
    void setAnswering(bool on) { m_answering = on; }

private:
    // RESP arrays of bulk strings, as hiredis writes them: *N, then $len and the bytes, N times.
    void read()
    {
        m_buffer += m_socket->readAll();
        for (;;) {
            qsizetype at = 0;
            QByteArray first;
            if (!parseCommand(at, first))
                return;
            m_buffer.remove(0, at);
            m_replies.append(first.toUpper() == "PING" ? QByteArrayLiteral("+PONG\r\n") : QByteArrayLiteral("+OK\r\n"));
        }
    }
    bool line(qsizetype &at, QByteArray &out) const
    {
        const qsizetype end = m_buffer.indexOf("\r\n", at);
        if (end < 0)
            return false;
        out = m_buffer.mid(at, end - at);
        at = end + 2;
        return true;
    }
    bool parseCommand(qsizetype &at, QByteArray &first) const
    {
        QByteArray head;
        if (!line(at, head) || !head.startsWith('*'))
            return false;
        for (int i = 0, n = head.mid(1).toInt(); i < n; ++i) {
            QByteArray size;
            if (!line(at, size))
                return false;
            const qsizetype length = size.mid(1).toInt();
            if (m_buffer.size() < at + length + 2)
                return false;
            if (i == 0)
                first = m_buffer.mid(at, length);
            at += length + 2;
        }
        return true;
    }
    void answerOne()
    {
        if (m_answering && m_socket && !m_replies.isEmpty())
            m_socket->write(m_replies.takeFirst());
    }

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_buffer;
    QList<QByteArray> m_replies;
    QTimer m_timer;
    bool m_answering = true;
};

std::unique_ptr<RedisConnection> connectTo(const SlowRedis &redis)
{
    QString why;
    const std::optional<RedisAddress> address = RedisAddress::parse(QStringLiteral("redis://127.0.0.1:%1").arg(redis.port()), &why);
    auto c = std::make_unique<RedisConnection>(*address, QStringLiteral("commands"));
    c->open();
    return c;
}

} // namespace

class TestRedisConnection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void behindItsPipelineIsNotLost();
    void silenceIsLost();
};

// Twenty commands answered one every 400 ms: the PING behind them waits about 8 s, more than the 3 s
// deadline, while answers keep coming. The connection stays; every command is answered.
void TestRedisConnection::behindItsPipelineIsNotLost()
{
    SlowRedis redis(400);
    const std::unique_ptr<RedisConnection> c = connectTo(redis);
    QTRY_VERIFY(c->isReady());
    QSignalSpy lost(c.get(), &RedisConnection::lost);
    int answered = 0;
    for (int i = 0; i < 20; ++i)
        QVERIFY(c->request({QByteArrayLiteral("HSET"), QByteArrayLiteral("k"), QByteArray::number(i), QByteArrayLiteral("v")},
                           [&answered](const RedisReply &) { ++answered; }));
    QTRY_COMPARE_WITH_TIMEOUT(answered, 20, 15000);
    QVERIFY2(lost.isEmpty(), lost.isEmpty() ? "" : qPrintable(lost.first().first().toString()));
    QVERIFY(c->isReady());
}

// Nothing at all for longer than the deadline: lost, as a SIGSTOP'd Redis.
void TestRedisConnection::silenceIsLost()
{
    SlowRedis redis(10);
    const std::unique_ptr<RedisConnection> c = connectTo(redis);
    QTRY_VERIFY(c->isReady());
    QSignalSpy lost(c.get(), &RedisConnection::lost);
    redis.setAnswering(false);
    QTRY_VERIFY_WITH_TIMEOUT(!lost.isEmpty(), 3 * RedisConnection::kReplyDeadlineMs);
    QVERIFY(lost.first().first().toString().contains(QStringLiteral("no answer within")));
}

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
