#pragma once

#include "cluster/redisaddress.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

struct redisAsyncContext;
class QSocketNotifier;

namespace Herald {

// One reply of Redis, copied out of hiredis: a string (bulk, status or error), an integer or an array.
struct RedisReply {
    enum class Type { None, String, Integer, Array, Nil, Error };
    Type type = Type::None; // None: no reply, the connection was lost first
    QByteArray string;
    qint64 integer = 0;
    QList<RedisReply> elements;
};

// One asynchronous connection to Redis (hiredis on this thread's event loop: nothing blocks). It
// resolves the host's name (QHostInfo, off the loop), authenticates, selects the database (or subscribes
// to its channels) and is then ready; lost, it connects again with exponential back-off (100 ms doubling
// up to kMaxBackoffMs) until it is ready again. A Redis that stops answering (SIGSTOP'd, or a network
// that drops packets) counts as lost: the set-up, and on a command connection a PING every
// kPingIntervalMs, must be answered within kReplyDeadlineMs, or at least something read from Redis in
// that time (a PING behind a long pipeline waits for it: behind is not lost).
//
// hiredis' own Qt adapter (adapters/qt.h) is not used: it connects to QSocketNotifier::activated(int),
// a signal Qt 6 no longer has, so its reads and writes would never run. The few lines it takes are here.
class RedisConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisConnection)

public:
    static constexpr int kFirstBackoffMs = 100;
    static constexpr int kMaxBackoffMs = 3000;
    static constexpr int kPingIntervalMs = 1000;
    static constexpr int kReplyDeadlineMs = 3000;
    using ReplyHandler = std::function<void(const RedisReply &)>;

    // With channels, a subscriber: it subscribes to them and reports what they carry (message).
    RedisConnection(const RedisAddress &address, const QString &name, const QList<QByteArray> &channels = {},
                    QObject *parent = nullptr);
    ~RedisConnection() override;

    void open();
    bool isReady() const { return m_ready; }
    // Queues one command (its reply ignored); false when the connection is not ready.
    bool send(const QList<QByteArray> &args);
    // Queues one command whose reply goes to `handler` (a reply of type None if the connection is lost
    // first); false, and the handler never called, when the connection is not ready.
    bool request(const QList<QByteArray> &args, ReplyHandler handler);
    // Drops the connection now, as if Redis had closed it, and connects again after the back-off.
    void reset(const QString &why);

Q_SIGNALS:
    void ready();
    void lost(const QString &why);
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    static void onConnect(const redisAsyncContext *ac, int status);
    static void onDisconnect(const redisAsyncContext *ac, int status);
    static void onSetupReply(redisAsyncContext *ac, void *reply, void *privdata);
    static void onReadyReply(redisAsyncContext *ac, void *reply, void *privdata);
    static void onSubscription(redisAsyncContext *ac, void *reply, void *privdata);
    static void onPong(redisAsyncContext *ac, void *reply, void *privdata);
    static void onRequestReply(redisAsyncContext *ac, void *reply, void *privdata);
    static RedisConnection *owner(const redisAsyncContext *ac);

    void connectTo(const QString &ip);
    void attach();
    void setUp();
    void becomeReady();
    void ping();
    void command(const QList<QByteArray> &args, void (*callback)(redisAsyncContext *, void *, void *),
                 void *privdata = nullptr);
    void fail(const QString &why);
    void closed(const QString &why);
    void retryLater();
    void watch(QPointer<QSocketNotifier> &notifier, int type, bool on);

    RedisAddress m_address;
    QString m_name; // for the log: "commands", "subscriber"
    QList<QByteArray> m_channels;
    redisAsyncContext *m_ctx = nullptr;
    QPointer<QSocketNotifier> m_read, m_write;
    QString m_failure; // why the connection is being dropped, if we drop it
    int m_subscribed = 0;
    bool m_ready = false;
    int m_backoffMs = kFirstBackoffMs;
    int m_lookupId = -1; // the host name's lookup under way
    QTimer m_retry;
    QTimer m_ping;     // command connections: a PING every kPingIntervalMs once ready
    QTimer m_deadline; // the set-up or the last PING not answered in time: Redis is frozen or unreachable
    QElapsedTimer m_heard; // since the last bytes read from Redis
};

} // namespace Herald
