#include "cluster/redisconnection.h"

#include "util/logging.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace Herald {

namespace {
QString replyError(const redisReply *r)
{
    if (!r)
        return QStringLiteral("no reply");
    return r->type == REDIS_REPLY_ERROR ? QString::fromUtf8(r->str, int(r->len)) : QString();
}

RedisReply copied(const redisReply *r)
{
    RedisReply out;
    switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::String;
        out.string = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.string = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(qsizetype(r->elements));
        for (size_t i = 0; i < r->elements; ++i)
            out.elements.append(copied(r->element[i]));
        break;
    default:
        out.type = RedisReply::Type::Nil;
    }
    return out;
}
} // namespace

RedisConnection::RedisConnection(const RedisAddress &address, const QString &name, const QList<QByteArray> &channels,
                                 QObject *parent)
    : QObject(parent), m_address(address), m_name(name), m_channels(channels)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RedisConnection::open);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        // A PING behind a long pipeline (a storm's presence writes) is late while Redis answers what came
        // before it: behind, not frozen. Only silence for the whole deadline counts as lost.
        if (m_ready && m_heard.isValid() && m_heard.elapsed() < kReplyDeadlineMs) {
            m_deadline.start(kReplyDeadlineMs);
            return;
        }
        reset(QStringLiteral("no answer within %1 ms (is redis-server stopped, or is the network dropping packets?)")
                  .arg(kReplyDeadlineMs));
    });
    m_ping.setInterval(kPingIntervalMs);
    connect(&m_ping, &QTimer::timeout, this, &RedisConnection::ping);
}

RedisConnection::~RedisConnection()
{
    if (m_ctx) {
        m_ctx->data = nullptr; // no callback reaches this object any more
        redisAsyncFree(m_ctx);
    }
}

RedisConnection *RedisConnection::owner(const redisAsyncContext *ac)
{
    return static_cast<RedisConnection *>(ac->data);
}

// The host's name is looked up off the loop (hiredis would call getaddrinfo on it); then hiredis is
// given the address. The whole set-up, lookup included, must end within kReplyDeadlineMs.
void RedisConnection::open()
{
    if (m_ctx || m_lookupId >= 0)
        return;
    m_failure.clear();
    m_subscribed = 0;
    m_deadline.start(kReplyDeadlineMs);
    if (const QHostAddress literal(m_address.host); !literal.isNull()) {
        connectTo(literal.toString());
        return;
    }
    m_lookupId = QHostInfo::lookupHost(m_address.host, this, [this](const QHostInfo &info) {
        m_lookupId = -1;
        const QList<QHostAddress> found = info.addresses();
        if (info.error() != QHostInfo::NoError || found.isEmpty()) {
            closed(QStringLiteral("cannot resolve %1: %2").arg(m_address.host, info.errorString()));
            return;
        }
        // IPv4 first: redis-server binds 127.0.0.1 by default, where localhost may also be ::1.
        const auto v4 = std::find_if(found.cbegin(), found.cend(),
                                     [](const QHostAddress &a) { return a.protocol() == QAbstractSocket::IPv4Protocol; });
        connectTo((v4 != found.cend() ? *v4 : found.first()).toString());
    });
}

void RedisConnection::connectTo(const QString &ip)
{
    m_ctx = redisAsyncConnect(ip.toUtf8().constData(), m_address.port);
    if (!m_ctx) {
        retryLater();
        return;
    }
    if (m_ctx->err) {
        const QString why = QString::fromUtf8(m_ctx->errstr);
        redisAsyncFree(m_ctx);
        m_ctx = nullptr;
        closed(why);
        return;
    }
    m_ctx->data = this;
    attach();
    redisAsyncSetConnectCallback(m_ctx, &RedisConnection::onConnect);
    redisAsyncSetDisconnectCallback(m_ctx, &RedisConnection::onDisconnect);
}

// hiredis' event hooks: it asks for read and write readiness of its socket; a notifier each.
void RedisConnection::attach()
{
    m_ctx->ev.data = this;
    m_ctx->ev.addRead = [](void *p) { auto *c = static_cast<RedisConnection *>(p); c->watch(c->m_read, QSocketNotifier::Read, true); };
    m_ctx->ev.delRead = [](void *p) { auto *c = static_cast<RedisConnection *>(p); c->watch(c->m_read, QSocketNotifier::Read, false); };
    m_ctx->ev.addWrite = [](void *p) { auto *c = static_cast<RedisConnection *>(p); c->watch(c->m_write, QSocketNotifier::Write, true); };
    m_ctx->ev.delWrite = [](void *p) { auto *c = static_cast<RedisConnection *>(p); c->watch(c->m_write, QSocketNotifier::Write, false); };
    m_ctx->ev.cleanup = [](void *p) {
        auto *c = static_cast<RedisConnection *>(p);
        c->watch(c->m_read, QSocketNotifier::Read, false);
        c->watch(c->m_write, QSocketNotifier::Write, false);
    };
}

void RedisConnection::watch(QPointer<QSocketNotifier> &notifier, int type, bool on)
{
    if (!on) {
        if (notifier) {
            // It may be the one whose signal is running: disabled now, deleted once the loop is back.
            notifier->setEnabled(false);
            notifier->deleteLater();
            notifier.clear();
        }
        return;
    }
    if (notifier)
        return;
    const auto t = QSocketNotifier::Type(type);
    notifier = new QSocketNotifier(m_ctx->c.fd, t, this);
    connect(notifier.data(), &QSocketNotifier::activated, this, [this, t] {
        if (!m_ctx)
            return;
        if (t == QSocketNotifier::Read) {
            m_heard.start();
            redisAsyncHandleRead(m_ctx);
        }
        else
            redisAsyncHandleWrite(m_ctx);
    });
}

void RedisConnection::onConnect(const redisAsyncContext *ac, int status)
{
    RedisConnection *self = owner(ac);
    if (!self)
        return;
    if (status != REDIS_OK) {
        const QString why = QString::fromUtf8(ac->errstr);
        self->m_ctx = nullptr; // hiredis frees it when this returns
        self->closed(why);
        return;
    }
    self->setUp();
}

void RedisConnection::onDisconnect(const redisAsyncContext *ac, int status)
{
    RedisConnection *self = owner(ac);
    if (!self)
        return;
    QString why = self->m_failure;
    if (why.isEmpty())
        why = status == REDIS_OK ? QStringLiteral("closed") : QString::fromUtf8(ac->errstr);
    if (why.isEmpty())
        why = QStringLiteral("connection closed by Redis");
    self->m_ctx = nullptr; // hiredis frees it when this returns
    self->closed(why);
}

void RedisConnection::command(const QList<QByteArray> &args, void (*callback)(redisAsyncContext *, void *, void *),
                              void *privdata)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lengths.push_back(size_t(a.size()));
    }
    redisAsyncCommandArgv(m_ctx, callback, privdata, int(argv.size()), argv.data(), lengths.data());
}

// Connected: AUTH and SELECT (or SUBSCRIBE), then a PING whose answer says it is ready. Redis answers
// in order, so any refusal of the set-up arrives before that.
void RedisConnection::setUp()
{
    if (!m_address.password.isEmpty()) {
        QList<QByteArray> auth{QByteArrayLiteral("AUTH")};
        if (!m_address.user.isEmpty())
            auth.append(m_address.user.toUtf8());
        auth.append(m_address.password.toUtf8());
        command(auth, &RedisConnection::onSetupReply);
    }
    if (!m_channels.isEmpty()) {
        command(QList<QByteArray>{QByteArrayLiteral("SUBSCRIBE")} + m_channels, &RedisConnection::onSubscription);
        return;
    }
    if (m_address.db != 0)
        command({QByteArrayLiteral("SELECT"), QByteArray::number(m_address.db)}, &RedisConnection::onSetupReply);
    command({QByteArrayLiteral("PING")}, &RedisConnection::onReadyReply);
}

void RedisConnection::onSetupReply(redisAsyncContext *ac, void *reply, void *)
{
    RedisConnection *self = owner(ac);
    if (!self || !reply)
        return;
    if (const QString error = replyError(static_cast<redisReply *>(reply)); !error.isEmpty())
        self->fail(error);
}

void RedisConnection::onReadyReply(redisAsyncContext *ac, void *reply, void *)
{
    RedisConnection *self = owner(ac);
    if (!self || !reply || !self->m_failure.isEmpty())
        return;
    if (const QString error = replyError(static_cast<redisReply *>(reply)); !error.isEmpty()) {
        self->fail(error);
        return;
    }
    self->becomeReady();
}

void RedisConnection::becomeReady()
{
    m_deadline.stop();
    m_ready = true;
    m_backoffMs = kFirstBackoffMs;
    if (m_channels.isEmpty())
        m_ping.start();
    Q_EMIT ready();
}

// A command connection's liveness: one PING at a time, answered within kReplyDeadlineMs, or Redis still
// answering: it answers in order, so a PING behind a long pipeline waits for it, and a connection that
// hears from Redis within every deadline is alive however far behind.
void RedisConnection::ping()
{
    if (!m_ready || !m_ctx || m_deadline.isActive())
        return;
    command({QByteArrayLiteral("PING")}, &RedisConnection::onPong);
    m_deadline.start(kReplyDeadlineMs);
}

void RedisConnection::onPong(redisAsyncContext *ac, void *reply, void *)
{
    if (RedisConnection *self = owner(ac); self && reply)
        self->m_deadline.stop();
}

void RedisConnection::onRequestReply(redisAsyncContext *ac, void *reply, void *privdata)
{
    const std::unique_ptr<ReplyHandler> handler(static_cast<ReplyHandler *>(privdata));
    if (owner(ac) && reply)
        (*handler)(copied(static_cast<redisReply *>(reply)));
}

// Every reply on a subscriber: the confirmation of each channel, then the messages.
void RedisConnection::onSubscription(redisAsyncContext *ac, void *reply, void *)
{
    RedisConnection *self = owner(ac);
    if (!self || !reply || !self->m_failure.isEmpty())
        return;
    const auto *r = static_cast<redisReply *>(reply);
    if (const QString error = replyError(r); !error.isEmpty()) {
        self->fail(error);
        return;
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 3 || r->element[0]->type != REDIS_REPLY_STRING)
        return;
    const QByteArray kind(r->element[0]->str, int(r->element[0]->len));
    if (kind == "message" && r->element[1]->type == REDIS_REPLY_STRING && r->element[2]->type == REDIS_REPLY_STRING) {
        Q_EMIT self->message(QByteArray(r->element[1]->str, int(r->element[1]->len)),
                             QByteArray(r->element[2]->str, int(r->element[2]->len)));
    } else if (kind == "subscribe" && ++self->m_subscribed == self->m_channels.size()) {
        self->becomeReady();
    }
}

bool RedisConnection::send(const QList<QByteArray> &args)
{
    if (!m_ready || !m_ctx)
        return false;
    command(args, nullptr);
    return true;
}

bool RedisConnection::request(const QList<QByteArray> &args, ReplyHandler handler)
{
    if (!m_ready || !m_ctx)
        return false;
    command(args, &RedisConnection::onRequestReply, new ReplyHandler(std::move(handler)));
    return true;
}

void RedisConnection::reset(const QString &why)
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    } else if (m_ctx) {
        redisAsyncContext *ctx = m_ctx;
        m_ctx = nullptr;
        ctx->data = nullptr; // what it still calls back (the pending replies, the disconnect) ends there
        redisAsyncFree(ctx);
    } else {
        return; // not connected: a retry is due already
    }
    closed(why);
}

// A refusal of the set-up (a wrong password, an unknown database): the connection is dropped and tried
// again later, as if it had been lost.
void RedisConnection::fail(const QString &why)
{
    if (!m_failure.isEmpty() || !m_ctx)
        return;
    m_failure = why;
    redisAsyncDisconnect(m_ctx);
}

void RedisConnection::closed(const QString &why)
{
    const bool wasReady = m_ready;
    m_ready = false;
    m_ping.stop();
    m_deadline.stop();
    qCDebug(lcCluster).noquote() << QStringLiteral("redis %1 connection to %2: %3%4")
                                        .arg(m_name, m_address.display(), why,
                                             wasReady ? QString() : QStringLiteral(" (retry in %1 ms)").arg(m_backoffMs));
    retryLater();
    Q_EMIT lost(why);
}

void RedisConnection::retryLater()
{
    m_retry.start(m_backoffMs);
    m_backoffMs = qMin(m_backoffMs * 2, kMaxBackoffMs);
}

} // namespace Herald
