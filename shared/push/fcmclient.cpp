#include "push/fcmclient.h"

#include "push/fcmaccesstoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>

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
    : QueuedSender(QStringLiteral("fcm"), QStringLiteral("name"), QStringLiteral("FCM"),
                   {options.maxAttempts, options.retryDelayMs, options.maxRetryDelayMs}, parent),
      m_account(std::move(account)), m_options(std::move(options)),
      m_token(new FcmAccessToken(m_account, m_options.endpoint, network(), m_options.clock, this))
{
    connect(m_token, &FcmAccessToken::ready, this, &FcmClient::authReady);
    connect(m_token, &FcmAccessToken::failed, this, &FcmClient::authFailed);
}

FcmClient::~FcmClient() = default;

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

QJsonObject FcmClient::payloadOf(const Message &message) const
{
    return {{QLatin1String("message"), messageJson(message)}};
}

bool FcmClient::authFresh() const
{
    return m_token->isFresh();
}

void FcmClient::fetchAuth()
{
    m_token->fetch();
}

QString FcmClient::authValue() const
{
    return m_token->value();
}

void FcmClient::invalidateAuth()
{
    m_token->invalidate();
}

QNetworkReply *FcmClient::post(const Pending &p)
{
    QNetworkRequest request = m_options.endpoint.request(
        QUrl(QStringLiteral("https://fcm.googleapis.com/v1/projects/%1/messages:send").arg(m_account.projectId)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=UTF-8"));
    request.setRawHeader("Authorization", "Bearer " + p.auth.toLatin1());
    request.setTransferTimeout(m_options.deadlineMs);
    return network().post(request, QJsonDocument(p.payload).toJson(QJsonDocument::Compact));
}

QueuedSender::Verdict FcmClient::judge(QNetworkReply &reply, const Pending &) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply.readAll()).object();
    Verdict v;
    if (status == 200) {
        v.answer = answer(200, {}, {}, Outcome::Delivered);
        v.answer.id = body.value(QLatin1String("name")).toString();
        return v;
    }
    v.authRejected = status == 401; // the access token expired or was revoked early
    if (status == 0) {
        v.answer = answer(0, QStringLiteral("ConnectionFailed"),
                          QStringLiteral("FCM could not be reached: %1").arg(reply.errorString()), Outcome::RetryLater);
        return v;
    }
    const QJsonObject error = body.value(QLatin1String("error")).toObject();
    const QString code = errorCode(error);
    QString explanation;
    const Outcome outcome = fcmClassify(status, code, &explanation);
    v.answer = answer(status, code.isEmpty() ? QStringLiteral("BadResponse") : code, explanation, outcome);
    if (!error.isEmpty())
        v.answer.details.insert(QLatin1String("message"), error.value(QLatin1String("message")).toString());
    bool ok = false;
    const int retryAfter = reply.rawHeader("Retry-After").toInt(&ok);
    if (ok && retryAfter >= 0)
        v.retryAfterMs = retryAfter * 1000;
    return v;
}

} // namespace Herald::Push
