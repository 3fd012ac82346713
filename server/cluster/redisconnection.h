#pragma once

#include "cluster/redisaddress.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

struct redisAsyncContext;
class QSocketNotifier;

namespace Herald {

// One asynchronous connection to Redis (hiredis on this thread's event loop: nothing blocks). It
// authenticates, selects the database (or subscribes to its channels) and is then ready; lost, it
// connects again with exponential back-off (100 ms doubling up to kMaxBackoffMs) until it is ready again.
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

    // With channels, a subscriber: it subscribes to them and reports what they carry (message).
    RedisConnection(const RedisAddress &address, const QString &name, const QList<QByteArray> &channels = {},
                    QObject *parent = nullptr);
    ~RedisConnection() override;

    void open();
    bool isReady() const { return m_ready; }
    // Queues one command (its reply ignored); false when the connection is not ready.
    bool send(const QList<QByteArray> &args);

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
    static RedisConnection *owner(const redisAsyncContext *ac);

    void attach();
    void setUp();
    void command(const QList<QByteArray> &args, void (*callback)(redisAsyncContext *, void *, void *));
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
    QTimer m_retry;
};

} // namespace Herald
