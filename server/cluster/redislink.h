#pragma once

#include "cluster/redisaddress.h"
#include "cluster/redisconnection.h"

#include <QByteArray>
#include <QList>
#include <QObject>

#include <memory>

namespace Herald {

// The node's link to the cluster's Redis: one connection for commands (PUBLISH, presence) and one
// subscribed to the node's channels. It is up when both are ready, and says so once each way (up, down),
// with one log line; each connection comes back by itself, with back-off, and subscribes again. The
// command connection checks that Redis still answers (a PING a second); when it gives up on a Redis that
// went silent, the subscriber, on the same Redis, is dropped with it.
class RedisLink final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisLink)

public:
    RedisLink(const RedisAddress &address, const QList<QByteArray> &channels, QObject *parent = nullptr);
    ~RedisLink() override;

    void open();
    bool isUp() const { return m_up; }
    QString address() const { return m_address.display(); }
    QString lastError() const { return m_lastError; }
    // Queues a command; false (nothing sent) while the link is down.
    bool send(const QList<QByteArray> &args);
    bool publish(const QByteArray &channel, const QByteArray &payload);
    // Queues a command whose reply goes to `handler` (never called if the link goes down first); false
    // while the link is down.
    bool request(const QList<QByteArray> &args, RedisConnection::ReplyHandler handler);

Q_SIGNALS:
    void up();
    void down(const QString &why);
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    void connectionReady();
    void connectionLost(const QString &why);

    RedisAddress m_address;
    std::unique_ptr<RedisConnection> m_commands;
    std::unique_ptr<RedisConnection> m_subscriber;
    QString m_lastError;
    bool m_up = false;
    bool m_everUp = false;
};

} // namespace Herald
