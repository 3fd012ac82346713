#include "push/jpushclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>

#include <utility>

namespace Herald::Push {

namespace {

// JPush Push API v3's error codes (docs.jiguang.cn/jpush/server/push/rest_api_v3_push, "调用返回").
const QList<JPushReason> kReasons = {
    {1011, Outcome::TokenDead,
     "No device matches the audience: the Registration ID is unknown to the app (uninstalled, or another app's), so it is dropped."},
    {1004, Outcome::CredentialsWrong, "JPush refused the app key and master secret: check both in the JPush console (应用设置)."},
    {1008, Outcome::CredentialsWrong, "The app key is not valid: check it in the JPush console."},
    {2004, Outcome::CredentialsWrong, "The app may not call this API: check its permissions in the JPush console."},
    {2002, Outcome::RetryLater, "Over the app's API call rate: send again later."},
    {2003, Outcome::RetryLater, "The app key's API calls are restricted for now: send again later."},
    {2005, Outcome::RetryLater, "Over the app's sending volume: send again later."},
    {1000, Outcome::RetryLater, "JPush had an internal error: send again later."},
    {1030, Outcome::RetryLater, "A JPush internal service timed out: send again later."},
    {1002, Outcome::BadRequest, "A required field is missing from the push."},
    {1003, Outcome::BadRequest, "A field of the push has an invalid value."},
    {1005, Outcome::BadRequest, "The push is too large (notification and message together over 4000 bytes)."},
    {1009, Outcome::BadRequest, "The push has a key JPush does not support."},
};

} // namespace

const QList<JPushReason> &jpushReasons()
{
    return kReasons;
}

Outcome jpushClassify(int status, int code, QString *explanation)
{
    for (const JPushReason &r : kReasons) {
        if (r.code == code) {
            *explanation = QString::fromUtf8(r.explanation);
            return r.outcome;
        }
    }
    *explanation = QStringLiteral("JPush answered %1 with code %2").arg(status).arg(code);
    return outcomeOfStatus(status);
}

JPushClient::JPushClient(JPushCredentials credentials, JPushOptions options, QObject *parent)
    : QueuedSender(QStringLiteral("jpush"), QStringLiteral("msg_id"), QStringLiteral("JPush"),
                   {options.maxAttempts, options.retryDelayMs, options.maxRetryDelayMs}, parent),
      m_credentials(std::move(credentials)), m_options(std::move(options))
{
}

JPushClient::~JPushClient() = default;

QString JPushClient::name() const
{
    return QStringLiteral("jpush");
}

QByteArray JPushClient::authorization(const JPushCredentials &c)
{
    const QByteArray pair = c.appKey.toUtf8() + ':' + c.masterSecret;
    return "Basic " + pair.toBase64();
}

QJsonObject JPushClient::pushJson(const Message &m)
{
    QJsonObject android{{QLatin1String("alert"), m.body}};
    QJsonObject ios{{QLatin1String("alert"), m.title.isEmpty() ? QJsonValue(m.body)
                                                                : QJsonValue(QJsonObject{{QLatin1String("title"), m.title},
                                                                                         {QLatin1String("body"), m.body}})}};
    if (!m.title.isEmpty())
        android.insert(QLatin1String("title"), m.title);
    if (!m.data.isEmpty()) {
        android.insert(QLatin1String("extras"), m.data);
        ios.insert(QLatin1String("extras"), m.data);
    }
    QJsonObject push{{QLatin1String("platform"), QStringLiteral("all")},
                     {QLatin1String("audience"), QJsonObject{{QLatin1String("registration_id"), QJsonArray{m.token}}}}};
    if (!m.body.isEmpty() || !m.title.isEmpty())
        push.insert(QLatin1String("notification"),
                    QJsonObject{{QLatin1String("alert"), m.body}, {QLatin1String("android"), android}, {QLatin1String("ios"), ios}});
    if (!m.data.isEmpty()) // the data reaches the app as a custom message too, shown or not
        push.insert(QLatin1String("message"),
                    QJsonObject{{QLatin1String("msg_content"), QString::fromUtf8(QJsonDocument(m.data).toJson(QJsonDocument::Compact))},
                                {QLatin1String("title"), m.title},
                                {QLatin1String("extras"), m.data}});
    return push;
}

QString JPushClient::problem(const Message &m)
{
    if (m.token.isEmpty())
        return QStringLiteral("the message has no Registration ID");
    if (m.title.isEmpty() && m.body.isEmpty() && m.data.isEmpty())
        return QStringLiteral("the message is empty: give a title, a body or data");
    if (!m.title.isEmpty() && m.body.isEmpty())
        return QStringLiteral("a JPush notification needs an alert (the body) beside its title");
    QJsonObject push = pushJson(m);
    const qsizetype size = QJsonDocument(push.value(QLatin1String("notification")).toObject()).toJson(QJsonDocument::Compact).size()
        + QJsonDocument(push.value(QLatin1String("message")).toObject()).toJson(QJsonDocument::Compact).size();
    if (size > kJPushMaxPayloadBytes)
        return QStringLiteral("the notification and message are %1 bytes, more than JPush's %2").arg(size).arg(kJPushMaxPayloadBytes);
    return {};
}

QNetworkReply *JPushClient::post(const Pending &p)
{
    QNetworkRequest request = m_options.endpoint.request(QUrl(QStringLiteral("https://api.jpush.cn/v3/push")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", authorization(m_credentials));
    request.setTransferTimeout(m_options.deadlineMs);
    return network().post(request, QJsonDocument(p.payload).toJson(QJsonDocument::Compact));
}

QueuedSender::Verdict JPushClient::judge(QNetworkReply &reply, const Pending &) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply.readAll()).object();
    Verdict v;
    if (status == 200) {
        v.answer = answer(200, {}, {}, Outcome::Delivered);
    } else if (status == 0) {
        v.answer = answer(0, QStringLiteral("ConnectionFailed"),
                          QStringLiteral("JPush could not be reached: %1").arg(reply.errorString()), Outcome::RetryLater);
    } else {
        const QJsonObject error = body.value(QLatin1String("error")).toObject();
        const int code = error.value(QLatin1String("code")).toInt();
        QString explanation;
        const Outcome outcome = jpushClassify(status, code, &explanation);
        v.answer = answer(status, code ? QString::number(code) : QStringLiteral("BadResponse"), explanation, outcome);
        v.answer.details.insert(QLatin1String("message"), error.value(QLatin1String("message")).toString());
    }
    v.answer.id = body.value(QLatin1String("msg_id")).toVariant().toString();
    return v;
}

} // namespace Herald::Push
