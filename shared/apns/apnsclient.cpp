#include "apns/apnsclient.h"

#include "apns/backoff.h"
#include "apns/http2connection.h"

#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

Q_LOGGING_CATEGORY(lcApns, "herald.apns", QtInfoMsg)

namespace Herald::Apns {

namespace {

struct Pending {
    quint64 id = 0;
    Notification notification;
    int attempts = 0;
    qint64 deadlineMs = 0;          // on the client's clock: by then it finishes, one way or another
    qint64 firstSentUs = -1;
    int connection = 0;             // the connection of its last try
    quint64 tokenGeneration = 0;    // the provider token its last request carried
    bool timedOut = false;
    std::shared_ptr<const Result> lastFailure; // its last try's, for the result should it not go through
};

bool isExpiredProviderToken(const Result &r)
{
    return r.reason == QLatin1String("ExpiredProviderToken");
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
        sweeper.setInterval(qBound(10, options.deadlineMs / 4, 1000));
        QObject::connect(&sweeper, &QTimer::timeout, q, [this] { sweepDeadlines(); });
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

    void enqueue(Pending p)
    {
        queue.push_back(std::move(p));
        if (!sweeper.isActive())
            sweeper.start();
        if (queue.size() == 1)
            QTimer::singleShot(0, q, [this] { pump(); });
    }

    void ensureConnection()
    {
        if (connection || reconnectTimer.isActive())
            return;
        connection = new Http2Connection(endpoint.effectiveHost(), endpoint.port, tlsConfiguration(), q);
        ++connectionSerial;
        tokenProven = credentials.kind != Credentials::Kind::Token;
        answered = false;
        QObject::connect(connection, &Http2Connection::ready, q, [this] {
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
            lastGoAway = goAwayText(code, data);
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
            std::optional<Http2Connection::Request> request = buildRequest(p, &error);
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
            p.connection = connectionSerial;
            if (p.firstSentUs < 0)
                p.firstSentUs = nowUs();
            inFlight.insert(stream, std::move(p));
        }
    }

    std::optional<Http2Connection::Request> buildRequest(Pending &p, QString *error)
    {
        const Notification &n = p.notification;
        Http2Connection::Request r;
        r.path = QByteArrayLiteral("/3/device/") + n.deviceToken.toLatin1();
        r.body = n.payload;
        if (token) {
            const std::optional<QByteArray> jwt = token->token(error);
            if (!jwt)
                return std::nullopt;
            p.tokenGeneration = token->generation();
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

    static Result resultOf(const Http2Connection::Response &response)
    {
        Result r = answerResult(response.status, response.body);
        r.apnsId = QString::fromLatin1(response.header(QByteArrayLiteral("apns-id")));
        r.uniqueId = QString::fromLatin1(response.header(QByteArrayLiteral("apns-unique-id")));
        return r;
    }

    void onResponse(qint32 stream, const Http2Connection::Response &response)
    {
        auto it = inFlight.find(stream);
        if (it == inFlight.end())
            return;
        Pending p = std::move(*it);
        inFlight.erase(it);
        answered = true;
        failedConnections = 0;
        Result r = resultOf(response);
        if (r.status == 200 && !tokenProven) {
            tokenProven = true;
            pump();
        }
        const bool newToken = isExpiredProviderToken(r) && token; // the next try carries a new token, at once
        if (newToken && !renewRefusedToken(p, &r)) {
            finish(std::move(p), r);
            pump();
            return;
        }
        if (r.outcome == Outcome::RetryLater && p.attempts < options.maxAttempts) {
            p.lastFailure = std::make_shared<const Result>(r);
            retry(std::move(p), newToken ? 0 : backoffMs(p.attempts, options.retryDelayMs, options.maxRetryDelayMs));
            return;
        }
        finish(std::move(p), r);
        pump();
    }

    // 403 ExpiredProviderToken: true when the next try gets a newer token than this one carried. False
    // when it carried the token signed after such a refusal: then the clocks disagree, and *r says so.
    bool renewRefusedToken(const Pending &p, Result *r)
    {
        if (p.tokenGeneration != token->generation() || token->renewAfterRefusal())
            return true;
        r->outcome = Outcome::ConfigurationWrong;
        r->explanation = QStringLiteral("APNs refused as expired the provider token Herald had just signed anew "
                                        "(at %1 by this machine's clock): the clock is probably wrong. Check this "
                                        "machine's clock (NTP); nothing goes through until it is right.")
                             .arg(QDateTime::fromSecsSinceEpoch(token->issuedAt(), Qt::UTC).toString(Qt::ISODate));
        return false;
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
            finish(std::move(p), gaveUp(ownResult(Reason::Timeout)));
        } else if (!unprocessed) {
            finish(std::move(p), ownResult(Reason::ConnectionLost, error));
        } else {
            // APNs never acted on it (refused, or past a GOAWAY): it may go again, as one more try.
            p.lastFailure = std::make_shared<const Result>(ownResult(Reason::Unprocessed, lastTry(causeOf(error))));
            if (p.attempts >= options.maxAttempts)
                finish(std::move(p), *p.lastFailure);
            else if (connection && connection->isUsable())
                retry(std::move(p), backoffMs(p.attempts, options.retryDelayMs, options.maxRetryDelayMs));
            else
                queue.push_front(std::move(p)); // the next connection takes it
        }
    }

    static QString lastTry(const QString &cause) { return QStringLiteral("Last try: %1.").arg(cause); }
    // A result at the deadline.
    Result gaveUp(Result r) const
    {
        r.explanation += QStringLiteral(" Herald gave up: no result within the %1 ms allowed.").arg(options.deadlineMs);
        return r;
    }
    // Why a stream or the connection ended: APNs' GOAWAY when it sent one, else the transport's error.
    QString causeOf(const QString &error) const
    {
        return lastGoAway.isEmpty() ? error : QStringLiteral("APNs went away (%1)").arg(lastGoAway);
    }

    void onClosed(const QString &error)
    {
        Http2Connection *closing = std::exchange(connection, nullptr);
        closing->deleteLater();
        const QString reason = !lastGoAway.isEmpty() ? lastGoAway : error;
        const QString cause = causeOf(error);
        lastGoAway.clear();
        if (!answered) {
            // Could not connect, or APNs went away before answering anything: a try for every queued
            // notification, and the next connection only after a back-off (growing while this goes on),
            // unless the server's certificate is not trusted, which no retry mends.
            ++failedConnections;
            auto failure = std::make_shared<Result>(ownResult(Reason::ConnectionFailed, lastTry(cause)));
            if (closing->verificationFailed())
                failure->outcome = Outcome::ConfigurationWrong;
            failQueued(failure);
            const int delayMs = backoffMs(failedConnections, options.retryDelayMs, options.maxRetryDelayMs);
            reconnectTimer.start(delayMs); // no connection before it fires, whatever asks for one
            qCWarning(lcApns).noquote() << QStringLiteral("no answer from %1: %2; no new connection for %3 ms")
                                               .arg(endpoint.url(), reason).arg(delayMs);
        } else {
            qCInfo(lcApns).noquote() << "connection to" << endpoint.url() << "closed:" << (reason.isEmpty() ? QStringLiteral("on purpose") : reason);
        }
        Q_EMIT q->disconnected(reason);
        if (!queue.empty() && !reconnectTimer.isActive())
            pump();
    }

    // The connection failed: each queued notification not tried on it counts a try; those out of tries
    // (or when retrying cannot help) finish with the cause.
    void failQueued(const std::shared_ptr<const Result> &cause)
    {
        std::deque<Pending> still;
        std::vector<Pending> done;
        for (Pending &p : queue) {
            if (p.connection != connectionSerial) {
                ++p.attempts;
                p.connection = connectionSerial;
                p.lastFailure = cause;
            }
            if (cause->outcome != Outcome::RetryLater || p.attempts >= options.maxAttempts)
                done.push_back(std::move(p));
            else
                still.push_back(std::move(p));
        }
        queue = std::move(still);
        for (Pending &p : done) {
            const Result r = p.lastFailure ? *p.lastFailure : *cause;
            finish(std::move(p), r);
        }
    }

    // Every notification past its deadline: a stream still open is reset (it finishes as Timeout when
    // the reset lands); one waiting to go (again) finishes now, with its last try's result.
    void sweepDeadlines()
    {
        if (queue.empty() && waiting.isEmpty() && inFlight.isEmpty()) {
            sweeper.stop();
            return;
        }
        const qint64 now = clock.elapsed();
        for (auto it = inFlight.begin(); it != inFlight.end(); ++it) {
            if (!it->timedOut && it->deadlineMs <= now && connection) {
                it->timedOut = true;
                connection->cancel(it.key(), QStringLiteral("timed out"));
            }
        }
        std::vector<Pending> expired;
        const auto late = std::stable_partition(queue.begin(), queue.end(), [now](const Pending &p) { return p.deadlineMs > now; });
        std::move(late, queue.end(), std::back_inserter(expired));
        queue.erase(late, queue.end());
        for (auto it = waiting.begin(); it != waiting.end();) {
            if (it->deadlineMs <= now) {
                expired.push_back(std::move(*it));
                it = waiting.erase(it);
            } else {
                ++it;
            }
        }
        for (Pending &p : expired) {
            Result last = p.lastFailure ? *p.lastFailure : ownResult(Reason::Timeout);
            if (last.explanation.isEmpty())
                last.explanation = explain(last.status, last.reason);
            finish(std::move(p), gaveUp(last));
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
    Http2Connection *connection = nullptr;
    int connectionSerial = 0;  // connections opened so far
    int failedConnections = 0; // in a row, closed before answering anything
    bool tokenProven = false;
    bool answered = false;     // the connection answered a request
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
    p.deadlineMs = d->clock.elapsed() + d->options.deadlineMs;
    d->enqueue(std::move(p));
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
