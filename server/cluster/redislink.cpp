#include "cluster/redislink.h"

#include "cluster/redisconnection.h"
#include "util/logging.h"

namespace Herald {

RedisLink::RedisLink(const RedisAddress &address, const QList<QByteArray> &channels, QObject *parent)
    : QObject(parent), m_address(address),
      m_commands(std::make_unique<RedisConnection>(address, QStringLiteral("command"))),
      m_subscriber(std::make_unique<RedisConnection>(address, QStringLiteral("subscriber"), channels))
{
    // First, while m_up still says whether the link was up: a command connection that gave up on a live
    // link takes the subscriber with it (a silent Redis, or a network dropping packets, leaves it open).
    connect(m_commands.get(), &RedisConnection::lost, this, [this](const QString &why) {
        if (m_up)
            m_subscriber->reset(why);
    });
    for (RedisConnection *c : {m_commands.get(), m_subscriber.get()}) {
        connect(c, &RedisConnection::ready, this, &RedisLink::connectionReady);
        connect(c, &RedisConnection::lost, this, &RedisLink::connectionLost);
    }
    connect(m_subscriber.get(), &RedisConnection::message, this, &RedisLink::message);
}

RedisLink::~RedisLink() = default;

void RedisLink::open()
{
    m_commands->open();
    m_subscriber->open();
}

bool RedisLink::send(const QList<QByteArray> &args)
{
    return m_up && m_commands->send(args);
}

bool RedisLink::request(const QList<QByteArray> &args, RedisConnection::ReplyHandler handler)
{
    return m_up && m_commands->request(args, std::move(handler));
}

bool RedisLink::publish(const QByteArray &channel, const QByteArray &payload)
{
    return send({QByteArrayLiteral("PUBLISH"), channel, payload});
}

void RedisLink::connectionReady()
{
    if (m_up || !m_commands->isReady() || !m_subscriber->isReady())
        return;
    m_up = true;
    m_lastError.clear();
    qCInfo(lcCluster).noquote() << QStringLiteral("redis %1: %2").arg(m_address.display(),
                                                                     m_everUp ? QStringLiteral("back; the cluster heals")
                                                                              : QStringLiteral("connected"));
    m_everUp = true;
    Q_EMIT up();
}

void RedisLink::connectionLost(const QString &why)
{
    const bool first = m_lastError.isEmpty(); // once per outage
    m_lastError = why;
    if (first)
        qCWarning(lcCluster).noquote()
            << QStringLiteral("redis %1 unreachable (%2): this node serves its own clients only until it is back; "
                              "retrying with back-off (start redis-server or fix the redis setting)")
                   .arg(m_address.display(), why);
    if (!m_up)
        return;
    m_up = false;
    Q_EMIT down(why);
}

} // namespace Herald
