#include "jpushstandin.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <tuple>

namespace HeraldTest {

namespace {
QByteArray errorBody(int code, const QString &message)
{
    return QJsonDocument(QJsonObject{{QLatin1String("error"),
                                      QJsonObject{{QLatin1String("code"), code}, {QLatin1String("message"), message}}},
                                     {QLatin1String("msg_id"), QStringLiteral("0")}})
        .toJson(QJsonDocument::Compact);
}

qsizetype compactSize(const QJsonValue &v)
{
    return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).size() : 0;
}
} // namespace

JPushStandIn::JPushStandIn(QString appKey, QByteArray masterSecret, QObject *parent)
    : QObject(parent), m_appKey(std::move(appKey)), m_masterSecret(std::move(masterSecret)),
      m_https(new HttpsStandIn([this](const HttpsStandIn::Request &r) { return handle(r); }, this))
{
}

bool JPushStandIn::listen(const QString &certificateFile, const QString &keyFile, QString *error)
{
    return m_https->listen(certificateFile, keyFile, error);
}

void JPushStandIn::answerFor(const QString &registrationId, int status, int code)
{
    m_answers.insert(registrationId, {status, code});
}

QList<QJsonObject> JPushStandIn::accepted() const
{
    QList<QJsonObject> out;
    for (const Request &r : m_requests) {
        if (r.status == 200)
            out.append(QJsonDocument::fromJson(r.http.body).object());
    }
    return out;
}

// {status, code} of what is wrong with the request, {200, 0} when nothing is.
QPair<int, int> JPushStandIn::check(const HttpsStandIn::Request &r, QString *message) const
{
    const auto wrong = [message](int status, int code, const char *why) {
        *message = QString::fromLatin1(why);
        return QPair<int, int>{status, code};
    };
    if (r.path != "/v3/push")
        return wrong(404, 1001, "no such API");
    if (r.method != "POST")
        return wrong(405, 1001, "only POST is supported");
    const QByteArray pair = m_appKey.toUtf8() + ':' + m_masterSecret;
    if (r.headers.value("authorization") != QByteArray("Basic " + pair.toBase64()))
        return wrong(401, 1004, "Authen failed");
    if (!r.headers.value("content-type").startsWith("application/json"))
        return wrong(400, 1003, "the body is not JSON");
    QJsonParseError parse;
    const QJsonObject push = QJsonDocument::fromJson(r.body, &parse).object();
    if (parse.error != QJsonParseError::NoError || push.isEmpty())
        return wrong(400, 1003, "the body is not a JSON object");
    static const QStringList known{QStringLiteral("platform"), QStringLiteral("audience"), QStringLiteral("notification"),
                                   QStringLiteral("message"), QStringLiteral("options"), QStringLiteral("cid")};
    for (const QString &key : push.keys()) {
        if (!known.contains(key))
            return wrong(400, 1009, "the push has a key JPush does not support");
    }
    if (!push.contains(QLatin1String("platform")) || !push.contains(QLatin1String("audience")))
        return wrong(400, 1002, "platform and audience are required");
    const QJsonArray ids = push.value(QLatin1String("audience")).toObject().value(QLatin1String("registration_id")).toArray();
    if (ids.isEmpty() || ids.size() > 1000)
        return wrong(400, 1003, "audience.registration_id is 1 to 1000 Registration IDs");
    for (const QJsonValue &id : ids) {
        if (!id.isString() || id.toString().isEmpty())
            return wrong(400, 1003, "a Registration ID is a non-empty string");
    }
    const QJsonValue notification = push.value(QLatin1String("notification"));
    const QJsonValue msg = push.value(QLatin1String("message"));
    if (notification.isUndefined() && msg.isUndefined())
        return wrong(400, 1002, "a notification or a message is required");
    if (!notification.isUndefined()) {
        const QJsonObject n = notification.toObject();
        const QJsonValue android = n.value(QLatin1String("android"));
        if (!android.isUndefined() && android.toObject().value(QLatin1String("alert")).toString().isEmpty())
            return wrong(400, 1003, "notification.android.alert is a non-empty string");
        for (const char *platform : {"android", "ios"}) {
            const QJsonValue extras = n.value(QLatin1String(platform)).toObject().value(QLatin1String("extras"));
            if (!extras.isUndefined() && !extras.isObject())
                return wrong(400, 1003, "extras is a JSON object");
        }
    }
    if (!msg.isUndefined() && msg.toObject().value(QLatin1String("msg_content")).toString().isEmpty())
        return wrong(400, 1002, "message.msg_content is required");
    if (compactSize(notification) + compactSize(msg) > 4000)
        return wrong(400, 1005, "Msg content too long");
    return {200, 0};
}

HttpsStandIn::Response JPushStandIn::handle(const HttpsStandIn::Request &http)
{
    Request request{http, 200, 0};
    QString message;
    auto [status, code] = check(http, &message);
    if (status == 200 && !m_faults.empty()) {
        std::tie(status, code) = m_faults.front();
        m_faults.pop_front();
        message = QStringLiteral("scripted fault");
    }
    if (status == 200) {
        const QString id = QJsonDocument::fromJson(http.body).object().value(QLatin1String("audience")).toObject()
                               .value(QLatin1String("registration_id")).toArray().first().toString();
        if (m_answers.contains(id)) {
            std::tie(status, code) = m_answers.value(id);
            message = QStringLiteral("cannot find user by this audience");
        }
    }
    request.status = status;
    request.code = code;
    m_requests.append(request);
    if (status != 200)
        return {status, errorBody(code, message), {}};
    return {200,
            QJsonDocument(QJsonObject{{QLatin1String("sendno"), QStringLiteral("0")},
                                      {QLatin1String("msg_id"), QString::number(++m_messages)}})
                .toJson(QJsonDocument::Compact),
            {}};
}

} // namespace HeraldTest
