#include "apns/apnsclient.h"

#include "apns/http2connection.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUuid>

#include <deque>

Q_LOGGING_CATEGORY(lcApns, "herald.apns", QtInfoMsg)

namespace Herald::Apns {

namespace {

struct Pending {
    quint64 id = 0;
    Notification notification;
    int attempts = 0;
    qint64 firstSentUs = -1;
    qint64 sentMs = 0;
    bool timedOut = false;
};

QString goAwayReason(quint32 code, const QByteArray &debugData)
{
    const QJsonObject o = QJsonDocument::fromJson(debugData).object();
    const QString reason = o.value(QLatin1String("reason")).toString();
    if (!reason.isEmpty())
        return reason;
    return debugData.isEmpty() ? QStringLiteral("GOAWAY (error %1)").arg(code) : QString::fromUtf8(debugData.left(200));
}

} // namespace

class ApnsClient::Private
{
public:
    Private(ApnsClient *q, Credentials c, Endpoint e, ClientOptions o)
        : q(q), credentials(std::move(c)), endpoint(std::move(e)), options(o)
    {
        if (credentials.kind == Credentials::Kind::Token)
            token.emplace(credentials.signingKey, options.clock);
        clock.start();
        sweeper.setInterval(qBound(10, options.requestTimeoutMs / 4, 1000));
        QObject::connect(&sweeper, &QTimer::timeout, q, [this] { sweepTimeouts(); });
        reconnectTimer.setSingleShot(true);
        QObject::connect(&reconnectTimer, &QTimer::timeout, q, [this] { pump(); });
    }

    QSslConfiguration tlsConfiguration() const
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!endpoint.caCertificates.isEmpty())
            tls.setCaCertificates(endpoint.caCertificates);
        if (credentials.kind == Credentials::Kind::Certificate) {
            QList<QSslCertificate> chain{credentials.certificate};
            chain += credentials.chain;
            tls.setLocalCertificateChain(chain);
            tls.setPrivateKey(credentials.privateKey);
        }
        return tls;
    }

    qint64 nowUs() const { return clock.nsecsElapsed() / 1000; }

    void finish(Pending p, Result r)
    {
        r.attempts = p.attempts;
        r.latencyUs = p.firstSentUs < 0 ? 0 : nowUs() - p.firstSentUs;
        if (r.explanation.isEmpty())
            r.explanation = explain(r.status, r.reason);
        Q_EMIT q->finished(p.id, r);
    }

    static Result ownResult(const char *reason, const QString &detail = {})
    {
        Result r;
        r.reason = QLatin1String(reason);
        r.outcome = classify(0, r.reason);
        r.explanation = explain(0, r.reason);
        if (!detail.isEmpty())
            r.explanation += QLatin1Char(' ') + detail;
        return r;
    }

    void ensureConnection()
    {
        if (connection || reconnectTimer.isActive())
            return;
        connection = new Http2Connection(endpoint.effectiveHost(), endpoint.port, tlsConfiguration(), q);
        tokenProven = credentials.kind != Credentials::Kind::Token;
        everReady = false;
        QObject::connect(connection, &Http2Connection::ready, q, [this] {
            everReady = true;
            reconnectDelayMs = 0;
            qCDebug(lcApns) << "connected to" << endpoint.url();
            Q_EMIT q->connected();
            pump();
        });
        QObject::connect(connection, &Http2Connection::capacityAvailable, q, [this] { pump(); });
        QObject::connect(connection, &Http2Connection::response, q,
                         [this](qint32 stream, const Http2Connection::Response &r) { onResponse(stream, r); });
        QObject::connect(connection, &Http2Connection::streamFailed, q,
                         [this](qint32 stream, const QString &error, bool unprocessed) { onStreamFailed(stream, error, unprocessed); });
        QObject::connect(connection, &Http2Connection::goAway, q, [this](quint32 code, const QByteArray &data) {
            lastGoAway = goAwayReason(code, data);
            qCInfo(lcApns).noquote() << endpoint.url() << "is going away:" << lastGoAway;
        });
        QObject::connect(connection, &Http2Connection::closed, q, [this](const QString &error) { onClosed(error); });
        connection->open(options.connectTimeoutMs);
    }

    void pump()
    {
        if (queue.empty())
            return;
        ensureConnection();
        if (!connection)
            return;
        // Refill in bursts, once a quarter of the streams have answered: many requests then share one
        // TLS record and one write, instead of one write per answer.
        const int capacity = qMin(options.maxConcurrentStreams, connection->peerMaxConcurrentStreams());
        if (capacity > 4 && int(inFlight.size()) > capacity - capacity / 4)
            return;
        while (!queue.empty() && connection->canSubmit() && int(inFlight.size()) < options.maxConcurrentStreams
               && (tokenProven || inFlight.isEmpty())) {
            Pending p = std::move(queue.front());
            queue.pop_front();
            QString error;
            std::optional<Http2Connection::Request> request = buildRequest(p.notification, &error);
            if (!request) {
                finish(std::move(p), ownResult(Reason::NoCredentials, error));
                continue;
            }
            const qint32 stream = connection->submit(*request);
            if (stream < 0) {
                queue.push_front(std::move(p));
                break;
            }
            ++p.attempts;
            if (p.firstSentUs < 0)
                p.firstSentUs = nowUs();
            p.sentMs = clock.elapsed();
            inFlight.insert(stream, std::move(p));
        }
        if (!inFlight.isEmpty() && !sweeper.isActive())
            sweeper.start();
    }

    std::optional<Http2Connection::Request> buildRequest(const Notification &n, QString *error)
    {
        Http2Connection::Request r;
        r.path = QByteArrayLiteral("/3/device/") + n.deviceToken.toLatin1();
        r.body = n.payload;
        if (token) {
            const std::optional<QByteArray> jwt = token->token(error);
            if (!jwt)
                return std::nullopt;
            r.headers.append({QByteArrayLiteral("authorization"), QByteArrayLiteral("bearer ") + *jwt});
        }
        r.headers.append({QByteArrayLiteral("apns-push-type"), pushTypeName(n.pushType).toLatin1()});
        if (!n.topic.isEmpty())
            r.headers.append({QByteArrayLiteral("apns-topic"), n.topic.toUtf8()});
        r.headers.append({QByteArrayLiteral("apns-priority"), QByteArray::number(n.priority)});
        if (n.expiration)
            r.headers.append({QByteArrayLiteral("apns-expiration"), QByteArray::number(*n.expiration)});
        if (!n.collapseId.isEmpty())
            r.headers.append({QByteArrayLiteral("apns-collapse-id"), n.collapseId.toUtf8()});
        if (!n.apnsId.isEmpty())
            r.headers.append({QByteArrayLiteral("apns-id"), n.apnsId.toLatin1()});
        return r;
    }

    void onResponse(qint32 stream, const Http2Connection::Response &response)
    {
        auto it = inFlight.find(stream);
        if (it == inFlight.end())
            return;
        Pending p = std::move(*it);
        inFlight.erase(it);
        Result r;
        r.status = response.status;
        r.apnsId = QString::fromLatin1(response.header(QByteArrayLiteral("apns-id")));
        r.uniqueId = QString::fromLatin1(response.header(QByteArrayLiteral("apns-unique-id")));
        if (r.status != 200) {
            QJsonParseError parseError{};
            const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
            if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
                r.reason = doc.object().value(QLatin1String("reason")).toString();
                const QJsonValue ts = doc.object().value(QLatin1String("timestamp"));
                if (ts.isDouble())
                    r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(qint64(ts.toDouble()), Qt::UTC);
            } else {
                r.reason = QLatin1String(Reason::BadResponse);
                r.explanation = QStringLiteral("APNs answered %1 with a body that is not JSON (%2 bytes): %3")
                                    .arg(r.status)
                                    .arg(response.body.size())
                                    .arg(QString::fromUtf8(response.body.left(120)).simplified());
            }
        }
        r.outcome = classify(r.status, r.reason);
        if (r.status == 200 && !tokenProven) {
            tokenProven = true;
            pump();
        }
        if (r.reason == QLatin1String("ExpiredProviderToken") && token)
            token->renewSoon();
        if (r.outcome == Outcome::RetryLater && p.attempts < options.maxAttempts) {
            const bool now = r.reason == QLatin1String("ExpiredProviderToken");
            retry(std::move(p), now ? 0 : backoff(p.attempts));
            return;
        }
        finish(std::move(p), r);
        pump();
    }

    int backoff(int attempts) const
    {
        qint64 delay = options.retryDelayMs;
        for (int i = 1; i < attempts && delay < options.maxRetryDelayMs; ++i)
            delay *= 2;
        return int(qMin<qint64>(delay, options.maxRetryDelayMs));
    }

    void retry(Pending p, int delayMs)
    {
        const quint64 id = p.id;
        waiting.insert(id, std::move(p));
        QTimer::singleShot(delayMs, q, [this, id] {
            auto it = waiting.find(id);
            if (it == waiting.end())
                return;
            queue.push_front(std::move(*it));
            waiting.erase(it);
            pump();
        });
    }

    void onStreamFailed(qint32 stream, const QString &error, bool unprocessed)
    {
        auto it = inFlight.find(stream);
        if (it == inFlight.end())
            return;
        Pending p = std::move(*it);
        inFlight.erase(it);
        if (p.timedOut) {
            finish(std::move(p), ownResult(Reason::Timeout, QStringLiteral("No answer within %1 ms.").arg(options.requestTimeoutMs)));
        } else if (unprocessed) {
            // APNs never acted on it (refused, or past a GOAWAY): it goes out again, not counted.
            --p.attempts;
            queue.push_front(std::move(p));
        } else {
            finish(std::move(p), ownResult(Reason::ConnectionLost, error));
        }
    }

    void onClosed(const QString &error)
    {
        Http2Connection *closing = std::exchange(connection, nullptr);
        closing->deleteLater();
        const QString reason = !lastGoAway.isEmpty() ? lastGoAway : error;
        lastGoAway.clear();
        if (!everReady) {
            // Could not connect: each queued notification used an attempt; retry later with back-off,
            // unless the server's certificate is not trusted, which no retry mends.
            const bool untrusted = closing->verificationFailed();
            std::deque<Pending> still;
            while (!queue.empty()) {
                Pending p = std::move(queue.front());
                queue.pop_front();
                if (untrusted) {
                    Result r = ownResult(Reason::ConnectionFailed, error);
                    r.outcome = Outcome::ConfigurationWrong;
                    finish(std::move(p), r);
                } else if (++p.attempts >= options.maxAttempts)
                    finish(std::move(p), ownResult(Reason::ConnectionFailed, error));
                else
                    still.push_back(std::move(p));
            }
            queue = std::move(still);
            reconnectDelayMs = reconnectDelayMs ? qMin(reconnectDelayMs * 2, options.maxRetryDelayMs) : options.retryDelayMs;
            qCWarning(lcApns).noquote() << "cannot connect to" << endpoint.url() + QLatin1Char(':') << error;
        } else {
            reconnectDelayMs = 0;
            qCInfo(lcApns).noquote() << "connection to" << endpoint.url() << "closed:" << (reason.isEmpty() ? QStringLiteral("on purpose") : reason);
        }
        Q_EMIT q->disconnected(reason);
        if (!queue.empty()) {
            if (reconnectDelayMs > 0)
                reconnectTimer.start(reconnectDelayMs);
            else
                pump();
        }
    }

    void sweepTimeouts()
    {
        if (inFlight.isEmpty()) {
            sweeper.stop();
            return;
        }
        const qint64 deadline = clock.elapsed() - options.requestTimeoutMs;
        for (auto it = inFlight.begin(); it != inFlight.end(); ++it) {
            if (!it->timedOut && it->sentMs <= deadline) {
                it->timedOut = true;
                connection->cancel(it.key(), QStringLiteral("timed out"));
            }
        }
    }

    void cancelAll()
    {
        std::deque<Pending> all = std::move(queue);
        queue.clear();
        for (auto &p : waiting)
            all.push_back(std::move(p));
        waiting.clear();
        for (auto &p : inFlight)
            all.push_back(std::move(p));
        inFlight.clear();
        if (connection) {
            connection->disconnect(q);
            connection->abort(QString());
            connection->deleteLater();
            connection = nullptr;
        }
        reconnectTimer.stop();
        sweeper.stop();
        for (Pending &p : all)
            finish(std::move(p), ownResult(Reason::Cancelled));
    }

    ApnsClient *q;
    Credentials credentials;
    Endpoint endpoint;
    ClientOptions options;
    std::optional<ProviderToken> token;
    QElapsedTimer clock;
    QTimer sweeper;
    QTimer reconnectTimer;
    int reconnectDelayMs = 0;
    Http2Connection *connection = nullptr;
    bool tokenProven = false;
    bool everReady = false;
    QString lastGoAway;
    quint64 nextId = 1;
    std::deque<Pending> queue;
    QHash<qint32, Pending> inFlight;
    QHash<quint64, Pending> waiting;
};

ApnsClient::ApnsClient(Credentials credentials, Endpoint endpoint, ClientOptions options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, std::move(credentials), std::move(endpoint), options))
{
}

ApnsClient::~ApnsClient()
{
    if (d->connection)
        d->connection->disconnect(this);
}

quint64 ApnsClient::send(const Notification &notification)
{
    Pending p;
    p.id = d->nextId++;
    p.notification = notification;
    if (p.notification.topic.isEmpty() && d->credentials.kind == Credentials::Kind::Certificate)
        p.notification.topic = d->credentials.certificateInfo.topic;
    std::optional<Result> early;
    if (!d->credentials.isValid()) {
        early = Private::ownResult(Reason::NoCredentials);
    } else if (const QStringList problems = validate(p.notification); !problems.isEmpty()) {
        early = Private::ownResult(Reason::InvalidNotification, problems.join(QLatin1Char(' ')));
    } else if (int(d->queue.size()) >= d->options.maxQueued) {
        early = Private::ownResult(Reason::Cancelled, QStringLiteral("More than %1 notifications are waiting.").arg(d->options.maxQueued));
    }
    const quint64 id = p.id;
    if (early) {
        QTimer::singleShot(0, this, [this, p = std::move(p), r = *early]() mutable { d->finish(std::move(p), r); });
        return id;
    }
    d->queue.push_back(std::move(p));
    if (d->queue.size() == 1)
        QTimer::singleShot(0, this, [this] { d->pump(); });
    return id;
}

void ApnsClient::cancelAll()
{
    d->cancelAll();
}

int ApnsClient::queued() const
{
    return int(d->queue.size() + d->waiting.size());
}

int ApnsClient::inFlight() const
{
    return int(d->inFlight.size());
}

bool ApnsClient::isConnected() const
{
    return d->connection && d->connection->state() == Http2Connection::State::Ready;
}

const Credentials &ApnsClient::credentials() const
{
    return d->credentials;
}

const Endpoint &ApnsClient::endpoint() const
{
    return d->endpoint;
}

} // namespace Herald::Apns
