#include "push/fcmclient.h"

#include "apns/backoff.h"
#include "push/fcmaccesstoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

#include <utility>

namespace Herald::Push {

namespace {

const QList<FcmReason> kReasons = {
    {404, "UNREGISTERED", Outcome::TokenDead,
     "The app instance is no longer registered (uninstalled, or the token expired): the token is dropped."},
    {400, "INVALID_ARGUMENT", Outcome::TokenDead,
     "FCM refused the token (not a registration token, or malformed); the message passed Herald's checks, so the token is dropped."},
    {403, "SENDER_ID_MISMATCH", Outcome::TokenDead,
     "The token belongs to another Firebase project: drop it, or check that the service account is the app's project's."},
    {429, "QUOTA_EXCEEDED", Outcome::RetryLater, "A sending limit (project, device or topic) was exceeded: Herald retries with back-off."},
    {503, "UNAVAILABLE", Outcome::RetryLater, "FCM is overloaded: Herald retries with back-off."},
    {500, "INTERNAL", Outcome::RetryLater, "FCM had an internal error: Herald retries with back-off."},
    {401, "THIRD_PARTY_AUTH_ERROR", Outcome::CredentialsWrong,
     "The APNs certificate or web push key set in the Firebase project is missing or invalid: fix it in the Firebase console."},
    {401, "UNAUTHENTICATED", Outcome::CredentialsWrong,
     "FCM refused a fresh access token: check that the service account is enabled and belongs to the project."},
    {403, "PERMISSION_DENIED", Outcome::CredentialsWrong,
     "The service account may not send for this project: check project_id, the Firebase Cloud Messaging API and the account's role."},
    {404, "NOT_FOUND", Outcome::CredentialsWrong, "No such project: check the service account's project_id."},
};

Answer answer(int status, const QString &reason, const QString &explanation, Outcome outcome)
{
    return makeAnswer(QStringLiteral("fcm"), QStringLiteral("name"), status, reason, explanation, outcome);
}

// FCM's own code in the error's details, else the google.rpc status ("NOT_FOUND").
QString errorCode(const QJsonObject &error)
{
    for (const QJsonValue &d : error.value(QLatin1String("details")).toArray()) {
        const QJsonObject o = d.toObject();
        if (o.value(QLatin1String("@type")).toString().endsWith(QLatin1String("FcmError")))
            return o.value(QLatin1String("errorCode")).toString();
    }
    return error.value(QLatin1String("status")).toString();
}

} // namespace

const QList<FcmReason> &fcmReasons()
{
    return kReasons;
}

Outcome fcmClassify(int status, const QString &code, QString *explanation)
{
    for (const FcmReason &r : kReasons) {
        if (code == QLatin1String(r.code)) {
            *explanation = QString::fromUtf8(r.explanation);
            return r.outcome;
        }
    }
    *explanation = QStringLiteral("FCM answered %1 %2").arg(status).arg(code);
    return outcomeOfStatus(status);
}

FcmClient::FcmClient(ServiceAccount account, FcmOptions options, QObject *parent)
    : Provider(parent), m_account(std::move(account)), m_options(std::move(options)),
      m_token(new FcmAccessToken(m_account, m_options.endpoint, m_network, m_options.clock, this))
{
    connect(m_token, &FcmAccessToken::ready, this, &FcmClient::postWaiting);
    connect(m_token, &FcmAccessToken::failed, this, &FcmClient::failWaiting);
}

FcmClient::~FcmClient()
{
    for (QNetworkReply *r : m_inFlight.keys())
        r->disconnect(this);
}

QString FcmClient::name() const
{
    return QStringLiteral("fcm");
}

QJsonObject FcmClient::messageJson(const Message &message)
{
    QJsonObject m{{QLatin1String("token"), message.token}};
    QJsonObject notification;
    if (!message.title.isEmpty())
        notification.insert(QLatin1String("title"), message.title);
    if (!message.body.isEmpty())
        notification.insert(QLatin1String("body"), message.body);
    if (!notification.isEmpty())
        m.insert(QLatin1String("notification"), notification);
    if (!message.data.isEmpty()) {
        QJsonObject data; // FCM's data values are strings: others go as their JSON text
        for (auto it = message.data.begin(); it != message.data.end(); ++it) {
            const QJsonValue v = it.value();
            data.insert(it.key(), v.isString() ? v.toString()
                                               : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).chopped(1).mid(1)));
        }
        m.insert(QLatin1String("data"), data);
    }
    m.insert(QLatin1String("android"), QJsonObject{{QLatin1String("priority"), QStringLiteral("high")}});
    return m;
}

QString FcmClient::problem(const Message &message)
{
    if (message.token.isEmpty())
        return QStringLiteral("the message has no registration token");
    if (message.title.isEmpty() && message.body.isEmpty() && message.data.isEmpty())
        return QStringLiteral("the message is empty: give a title, a body or data");
    QJsonObject payload = messageJson(message);
    payload.remove(QLatin1String("token"));
    payload.remove(QLatin1String("android"));
    const qsizetype size = QJsonDocument(payload).toJson(QJsonDocument::Compact).size();
    if (size > kFcmMaxPayloadBytes)
        return QStringLiteral("the notification and data are %1 bytes, more than FCM's %2").arg(size).arg(kFcmMaxPayloadBytes);
    return {};
}

quint64 FcmClient::send(const Message &message)
{
    const quint64 id = m_nextId++;
    if (const QString p = problem(message); !p.isEmpty()) {
        const Answer a = answer(0, QStringLiteral("InvalidNotification"), p, Outcome::BadRequest);
        QMetaObject::invokeMethod(this, [this, id, a] { Q_EMIT finished(id, a); }, Qt::QueuedConnection);
        return id;
    }
    Pending p;
    p.id = id;
    p.body = QJsonDocument(QJsonObject{{QLatin1String("message"), messageJson(message)}}).toJson(QJsonDocument::Compact);
    p.startedUs = monotonicUs();
    m_waiting.push_back(std::move(p));
    QMetaObject::invokeMethod(this, &FcmClient::pump, Qt::QueuedConnection);
    return id;
}

void FcmClient::pump()
{
    if (m_waiting.empty())
        return;
    if (!m_token->isFresh())
        m_token->fetch();
    else
        postWaiting();
}

void FcmClient::postWaiting()
{
    while (!m_waiting.empty()) {
        Pending p = std::move(m_waiting.front());
        m_waiting.pop_front();
        post(std::move(p));
    }
}

void FcmClient::post(Pending p)
{
    ++p.attempts;
    QNetworkRequest request = m_options.endpoint.request(
        QUrl(QStringLiteral("https://fcm.googleapis.com/v1/projects/%1/messages:send").arg(m_account.projectId)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=UTF-8"));
    p.bearer = m_token->value();
    request.setRawHeader("Authorization", "Bearer " + p.bearer.toLatin1());
    request.setTransferTimeout(m_options.deadlineMs);
    QNetworkReply *reply = m_network.post(request, p.body);
    m_inFlight.insert(reply, p.id);
    connect(reply, &QNetworkReply::finished, this, [this, reply, p] { onReply(reply, p); });
}

void FcmClient::onReply(QNetworkReply *reply, Pending p)
{
    reply->deleteLater();
    if (!m_inFlight.remove(reply))
        return; // cancelled
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    if (status == 200) {
        Answer a = answer(200, {}, {}, Outcome::Delivered);
        a.id = body.value(QLatin1String("name")).toString();
        finish(p, a);
        return;
    }
    if (status == 401 && !p.refreshed) { // the access token expired or was revoked early: one more, with a new one
        p.refreshed = true;
        --p.attempts;
        if (p.bearer == m_token->value()) // not one fetched since this request went
            m_token->invalidate();
        m_waiting.push_back(std::move(p));
        pump();
        return;
    }
    Answer a;
    if (status == 0) {
        a = answer(0, QStringLiteral("ConnectionFailed"),
                   QStringLiteral("FCM could not be reached: %1").arg(reply->errorString()), Outcome::RetryLater);
    } else {
        const QJsonObject error = body.value(QLatin1String("error")).toObject();
        const QString code = errorCode(error);
        QString explanation;
        const Outcome outcome = fcmClassify(status, code, &explanation);
        a = answer(status, code.isEmpty() ? QStringLiteral("BadResponse") : code, explanation, outcome);
        if (!error.isEmpty())
            a.details.insert(QLatin1String("message"), error.value(QLatin1String("message")).toString());
    }
    if (a.outcome == Outcome::RetryLater && p.attempts < m_options.maxAttempts) {
        bool ok = false;
        const int retryAfter = reply->rawHeader("Retry-After").toInt(&ok);
        const int delayMs = ok && retryAfter >= 0 ? retryAfter * 1000
                                                  : Apns::backoffMs(p.attempts, m_options.retryDelayMs, m_options.maxRetryDelayMs);
        retryLater(std::move(p), delayMs);
        return;
    }
    finish(p, a);
}

void FcmClient::retryLater(Pending p, int delayMs)
{
    QTimer::singleShot(delayMs, this, [this, p, generation = m_generation]() mutable {
        if (generation != m_generation)
            return;
        m_waiting.push_back(std::move(p));
        pump();
    });
}

void FcmClient::finish(const Pending &p, Answer a)
{
    a.attempts = p.attempts;
    a.latencyUs = monotonicUs() - p.startedUs;
    Q_EMIT finished(p.id, a);
}

void FcmClient::failWaiting(const Answer &a)
{
    std::deque<Pending> waiting;
    waiting.swap(m_waiting);
    for (const Pending &p : waiting)
        finish(p, a);
}

void FcmClient::cancelAll()
{
    ++m_generation;
    std::deque<Pending> waiting;
    waiting.swap(m_waiting);
    const QHash<QNetworkReply *, quint64> inFlight = std::exchange(m_inFlight, {});
    const Answer a = answer(0, QStringLiteral("Cancelled"), QStringLiteral("the message was cancelled before FCM answered"),
                            Outcome::RetryLater);
    for (auto it = inFlight.begin(); it != inFlight.end(); ++it) {
        it.key()->abort();
        Pending p;
        p.id = it.value();
        finish(p, a);
    }
    for (const Pending &p : waiting)
        finish(p, a);
}

} // namespace Herald::Push
