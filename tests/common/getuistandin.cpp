#include "getuistandin.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>
#include <cstdlib>
#include <tuple>

namespace HeraldTest {

namespace {
constexpr qint64 kTimestampWindowMs = 10 * 60 * 1000;
constexpr qint64 kMaxTtlMs = 3LL * 24 * 3600 * 1000;
const QStringList kClickTypes{QStringLiteral("intent"), QStringLiteral("url"), QStringLiteral("payload"),
                              QStringLiteral("startapp"), QStringLiteral("none")};

QByteArray reply(int code, const QString &msg, const QJsonObject &data = {})
{
    QJsonObject o{{QLatin1String("code"), code}, {QLatin1String("msg"), msg}};
    if (!data.isEmpty())
        o.insert(QLatin1String("data"), data);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject bodyOf(const HttpsStandIn::Request &r)
{
    return QJsonDocument::fromJson(r.body).object();
}
} // namespace

GetuiStandIn::GetuiStandIn(QString appId, QString appKey, QByteArray masterSecret, QObject *parent)
    : QObject(parent), m_appId(std::move(appId)), m_appKey(std::move(appKey)), m_masterSecret(std::move(masterSecret)),
      m_https(new HttpsStandIn([this](const HttpsStandIn::Request &r) { return handle(r); }, this))
{
}

bool GetuiStandIn::listen(const QString &certificateFile, const QString &keyFile, QString *error)
{
    return m_https->listen(certificateFile, keyFile, error);
}

void GetuiStandIn::answerFor(const QString &cid, int status, int code)
{
    m_answers.insert(cid, {status, code});
}

int GetuiStandIn::authRequests() const
{
    return int(std::count_if(m_requests.begin(), m_requests.end(), [](const Request &r) { return r.http.path.endsWith("/auth"); }));
}

QList<QJsonObject> GetuiStandIn::accepted() const
{
    QList<QJsonObject> out;
    for (const Request &r : m_requests) {
        if (r.code == 0 && r.http.path.endsWith("/push/single/cid"))
            out.append(bodyOf(r.http));
    }
    return out;
}

// {status, code} of the auth request; its data (token, expire_time) when it is right.
QPair<int, int> GetuiStandIn::auth(const QJsonObject &body, QString *message, QJsonObject *data)
{
    const QString timestamp = body.value(QLatin1String("timestamp")).toString();
    bool ok = false;
    const qint64 ms = timestamp.toLongLong(&ok);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (body.value(QLatin1String("appkey")).toString() != m_appKey || timestamp.size() != 13 || !ok
        || std::llabs(now - ms) > kTimestampWindowMs) {
        *message = QStringLiteral("appkey or timestamp is wrong");
        return {200, kSignWrong};
    }
    const QByteArray text = m_appKey.toUtf8() + timestamp.toLatin1() + m_masterSecret;
    const QByteArray sign = QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex();
    if (body.value(QLatin1String("sign")).toString().toLatin1() != sign) {
        *message = QStringLiteral("sign is wrong");
        return {200, kSignWrong};
    }
    const QString token = QUuid::createUuid().toString(QUuid::Id128);
    m_tokens.insert(token, now + m_lifetimeMs);
    *data = {{QLatin1String("expire_time"), QString::number(now + m_lifetimeMs)}, {QLatin1String("token"), token}};
    *message = QStringLiteral("success");
    return {200, 0};
}

// {status, code} of what is wrong with a push, {200, 0} when nothing is.
QPair<int, int> GetuiStandIn::push(const HttpsStandIn::Request &r, QString *message)
{
    const auto wrong = [message](int code, const char *why) {
        *message = QString::fromLatin1(why);
        return QPair<int, int>{200, code};
    };
    const qint64 expiry = m_tokens.value(QString::fromLatin1(r.headers.value("token")), 0);
    if (expiry <= QDateTime::currentMSecsSinceEpoch())
        return wrong(kTokenExpired, "token is wrong or expired");
    const QJsonObject push = bodyOf(r);
    const QString requestId = push.value(QLatin1String("request_id")).toString();
    if (requestId.size() < 10 || requestId.size() > 32)
        return wrong(kBadRequest, "request_id is 10 to 32 characters");
    if (m_requestIds.contains(requestId))
        return wrong(kBadRequest, "request_id repeated");
    m_requestIds.insert(requestId);
    const QJsonArray cids = push.value(QLatin1String("audience")).toObject().value(QLatin1String("cid")).toArray();
    if (cids.size() != 1 || cids.first().toString().isEmpty())
        return wrong(kBadRequest, "audience.cid is one cid");
    const QJsonValue ttl = push.value(QLatin1String("settings")).toObject().value(QLatin1String("ttl"));
    if (!ttl.isUndefined() && (!ttl.isDouble() || ttl.toDouble() < -1 || ttl.toDouble() > kMaxTtlMs))
        return wrong(kBadRequest, "settings.ttl is -1 to 3 days in milliseconds");
    const QJsonObject pushMessage = push.value(QLatin1String("push_message")).toObject();
    const QJsonValue notification = pushMessage.value(QLatin1String("notification"));
    const QJsonValue transmission = pushMessage.value(QLatin1String("transmission"));
    if (notification.isUndefined() == transmission.isUndefined())
        return wrong(kBadRequest, "push_message has one of notification and transmission");
    if (!transmission.isUndefined())
        return transmission.toString().isEmpty() || transmission.toString().size() > 3072
            ? wrong(kBadRequest, "transmission is 1 to 3072 characters")
            : QPair<int, int>{200, 0};
    const QJsonObject n = notification.toObject();
    const QString title = n.value(QLatin1String("title")).toString(), body = n.value(QLatin1String("body")).toString();
    if (title.isEmpty() || title.size() > 50 || body.isEmpty() || body.size() > 256)
        return wrong(kBadRequest, "notification.title (1-50) and body (1-256) are required");
    const QString clickType = n.value(QLatin1String("click_type")).toString();
    if (!kClickTypes.contains(clickType))
        return wrong(kBadRequest, "notification.click_type is unknown");
    const QString payload = n.value(QLatin1String("payload")).toString();
    if (clickType == QLatin1String("payload") && (payload.isEmpty() || payload.size() > 3072))
        return wrong(kBadRequest, "notification.payload is 1 to 3072 characters");
    return {200, 0};
}

HttpsStandIn::Response GetuiStandIn::handle(const HttpsStandIn::Request &http)
{
    const QByteArray prefix = "/v2/" + m_appId.toUtf8() + '/';
    Request request{http, 200, 0};
    QString message;
    QJsonObject data;
    if (http.method != "POST" || !http.path.startsWith(prefix)) {
        request.status = 404;
        request.code = kBadRequest;
        message = QStringLiteral("no such API or app id");
    } else if (!http.headers.value("content-type").startsWith("application/json")) {
        std::tie(request.status, request.code) = QPair<int, int>{200, kBadRequest};
        message = QStringLiteral("the body is not JSON");
    } else if (http.path == prefix + "auth") {
        std::tie(request.status, request.code) = auth(bodyOf(http), &message, &data);
    } else if (http.path == prefix + "push/single/cid") {
        std::tie(request.status, request.code) = push(http, &message);
        if (request.code == 0 && !m_faults.empty()) {
            std::tie(request.status, request.code) = m_faults.front();
            m_faults.pop_front();
            message = QStringLiteral("scripted fault");
        }
        const QString cid = bodyOf(http).value(QLatin1String("audience")).toObject().value(QLatin1String("cid")).toArray().first().toString();
        if (request.code == 0 && m_answers.contains(cid)) {
            std::tie(request.status, request.code) = m_answers.value(cid);
            message = QStringLiteral("scripted answer for the cid");
        }
        if (request.code == 0)
            data = {{QStringLiteral("RASS_%1").arg(++m_tasks), QJsonObject{{cid, QStringLiteral("successed_online")}}}};
    } else {
        request.status = 404;
        request.code = kBadRequest;
        message = QStringLiteral("no such API");
    }
    m_requests.append(request);
    return {request.status, reply(request.code, message, data), {}};
}

} // namespace HeraldTest
