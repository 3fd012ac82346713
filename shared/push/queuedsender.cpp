#include "push/queuedsender.h"

#include "apns/backoff.h"

#include <QNetworkReply>
#include <QTimer>

#include <utility>

namespace Herald::Push {

QueuedSender::QueuedSender(QString provider, QString idName, QString service, RetryPolicy retry, QObject *parent)
    : Provider(parent), m_provider(std::move(provider)), m_idName(std::move(idName)), m_service(std::move(service)),
      m_retry(retry)
{
}

QueuedSender::~QueuedSender()
{
    for (QNetworkReply *r : m_inFlight.keys())
        r->disconnect(this);
}

Answer QueuedSender::answer(int status, const QString &reason, const QString &explanation, Outcome outcome) const
{
    return makeAnswer(m_provider, m_idName, status, reason, explanation, outcome);
}

quint64 QueuedSender::send(const Message &message)
{
    const quint64 id = m_nextId++;
    if (const QString p = problemOf(message); !p.isEmpty()) {
        const Answer a = answer(0, QStringLiteral("InvalidNotification"), p, Outcome::BadRequest);
        QMetaObject::invokeMethod(this, [this, id, a] { Q_EMIT finished(id, a); }, Qt::QueuedConnection);
        return id;
    }
    m_waiting.push_back({id, message.token, payloadOf(message), 0, false, {}, monotonicUs()});
    QMetaObject::invokeMethod(this, &QueuedSender::pump, Qt::QueuedConnection);
    return id;
}

void QueuedSender::pump()
{
    if (m_waiting.empty())
        return;
    if (authFresh())
        postWaiting();
    else
        fetchAuth();
}

void QueuedSender::authReady()
{
    postWaiting();
}

void QueuedSender::postWaiting()
{
    std::deque<Pending> ready;
    ready.swap(m_waiting);
    for (Pending &p : ready) {
        ++p.attempts;
        p.auth = authValue();
        QNetworkReply *reply = post(p);
        m_inFlight.insert(reply, p);
        connect(reply, &QNetworkReply::finished, this, [this, reply, p] { onReply(reply, p); });
    }
}

void QueuedSender::onReply(QNetworkReply *reply, Pending p)
{
    reply->deleteLater();
    if (!m_inFlight.remove(reply))
        return; // cancelled
    const Verdict v = judge(*reply, p);
    if (v.authRejected && !p.renewed) { // expired or revoked early: once more, with a new one
        p.renewed = true;
        --p.attempts;
        if (p.auth == authValue()) // not one fetched since this request went
            invalidateAuth();
        m_waiting.push_back(std::move(p));
        pump();
        return;
    }
    if (v.answer.outcome == Outcome::RetryLater && p.attempts < m_retry.maxAttempts) {
        const int delayMs = v.retryAfterMs >= 0 ? v.retryAfterMs
                                                : Apns::backoffMs(p.attempts, m_retry.retryDelayMs, m_retry.maxRetryDelayMs);
        const quint64 id = p.id;
        m_retrying.insert(id, std::move(p));
        QTimer::singleShot(delayMs, this, [this, id] {
            if (!m_retrying.contains(id))
                return; // cancelled meanwhile
            m_waiting.push_back(m_retrying.take(id));
            pump();
        });
        return;
    }
    finish(p, v.answer);
}

void QueuedSender::finish(const Pending &p, Answer a)
{
    a.attempts = p.attempts;
    a.latencyUs = monotonicUs() - p.startedUs;
    Q_EMIT finished(p.id, a);
}

void QueuedSender::authFailed(const Answer &a)
{
    std::deque<Pending> waiting;
    waiting.swap(m_waiting);
    for (const Pending &p : waiting)
        finish(p, a);
}

void QueuedSender::cancelAll()
{
    std::deque<Pending> waiting;
    waiting.swap(m_waiting);
    const QHash<QNetworkReply *, Pending> inFlight = std::exchange(m_inFlight, {});
    const QHash<quint64, Pending> retrying = std::exchange(m_retrying, {});
    const Answer a = answer(0, QStringLiteral("Cancelled"),
                            QStringLiteral("the message was cancelled before %1 answered").arg(m_service), Outcome::RetryLater);
    for (auto it = inFlight.begin(); it != inFlight.end(); ++it) {
        it.key()->abort();
        finish(it.value(), a);
    }
    for (const Pending &p : retrying)
        finish(p, a);
    for (const Pending &p : waiting)
        finish(p, a);
}

} // namespace Herald::Push
