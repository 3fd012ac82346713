#include "push/getuiclient.h"

#include "push/getuireply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUuid>

#include <utility>

namespace Herald::Push {

namespace {

// docs.getui.com/getui/server/rest_v2/token says 10001 (token wrong or expired). The other codes are
// Getui's code list as remembered, NOT verified against its documentation (docs/push-providers.md).
const QList<GetuiReason> kReasons = {
    {kGetuiTokenExpired, Outcome::CredentialsWrong, true,
     "Getui refused the auth token even after a fresh one was fetched: check the app id, app key and master secret."},
    {10002, Outcome::CredentialsWrong, false, "The app id or this server's IP is blocked by Getui: check the app in the Getui console."},
    {10003, Outcome::RetryLater, false, "Over Getui's auth calls a minute: send again later."},
    {10005, Outcome::RetryLater, false, "Over Getui's API calls a minute: send again later."},
    {10006, Outcome::TokenDead, false, "The cid is not registered with the app (uninstalled, or another app's): it is dropped."},
    {20001, Outcome::BadRequest, false, "Getui refused a field of the push (missing or invalid)."},
    {30001, Outcome::RetryLater, false, "Getui had an internal error: send again later."},
};

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

const QList<GetuiReason> &getuiReasons()
{
    return kReasons;
}

Outcome getuiClassify(int status, int code, QString *explanation)
{
    for (const GetuiReason &r : kReasons) {
        if (r.code == code) {
            *explanation = QString::fromUtf8(r.explanation);
            return r.outcome;
        }
    }
    *explanation = QStringLiteral("Getui answered %1 with code %2").arg(status).arg(code);
    return outcomeOfStatus(status == 200 ? 400 : status); // a refusal in a 200 is the request's
}

GetuiClient::GetuiClient(GetuiCredentials credentials, GetuiOptions options, QObject *parent)
    : QueuedSender(QStringLiteral("getui"), QStringLiteral("taskid"), QStringLiteral("Getui"),
                   {options.maxAttempts, options.retryDelayMs, options.maxRetryDelayMs}, parent),
      m_credentials(std::move(credentials)), m_options(std::move(options)),
      m_token(new GetuiToken(m_credentials, m_options.endpoint, network(), m_options.clock, this))
{
    connect(m_token, &GetuiToken::ready, this, &GetuiClient::authReady);
    connect(m_token, &GetuiToken::failed, this, &GetuiClient::authFailed);
}

GetuiClient::~GetuiClient() = default;

QString GetuiClient::name() const
{
    return QStringLiteral("getui");
}

QString GetuiClient::newRequestId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

QJsonObject GetuiClient::pushJson(const Message &m, qint64 ttlMs)
{
    QJsonObject pushMessage;
    if (!m.title.isEmpty() || !m.body.isEmpty()) {
        QJsonObject n{{QLatin1String("title"), m.title}, {QLatin1String("body"), m.body},
                      {QLatin1String("click_type"), QStringLiteral("startapp")}};
        if (!m.data.isEmpty()) { // notification and transmission exclude each other: the data rides the click
            n.insert(QLatin1String("click_type"), QStringLiteral("payload"));
            n.insert(QLatin1String("payload"), compact(m.data));
        }
        pushMessage.insert(QLatin1String("notification"), n);
    } else {
        pushMessage.insert(QLatin1String("transmission"), compact(m.data));
    }
    return {{QLatin1String("settings"), QJsonObject{{QLatin1String("ttl"), ttlMs}}},
            {QLatin1String("audience"), QJsonObject{{QLatin1String("cid"), QJsonArray{m.token}}}},
            {QLatin1String("push_message"), pushMessage}};
}

QString GetuiClient::problem(const Message &m)
{
    if (m.token.isEmpty())
        return QStringLiteral("the message has no cid");
    if (m.title.isEmpty() && m.body.isEmpty() && m.data.isEmpty())
        return QStringLiteral("the message is empty: give a title and a body, or data");
    if (m.title.isEmpty() != m.body.isEmpty())
        return QStringLiteral("a Getui notification needs both a title and a body");
    if (m.title.size() > kGetuiMaxTitle)
        return QStringLiteral("the title is %1 characters, more than Getui's %2").arg(m.title.size()).arg(kGetuiMaxTitle);
    if (m.body.size() > kGetuiMaxBody)
        return QStringLiteral("the body is %1 characters, more than Getui's %2").arg(m.body.size()).arg(kGetuiMaxBody);
    if (const qsizetype size = m.data.isEmpty() ? 0 : compact(m.data).size(); size > kGetuiMaxPayload)
        return QStringLiteral("the data is %1 characters, more than Getui's %2").arg(size).arg(kGetuiMaxPayload);
    return {};
}

bool GetuiClient::authFresh() const
{
    return m_token->isFresh();
}

void GetuiClient::fetchAuth()
{
    m_token->fetch();
}

QString GetuiClient::authValue() const
{
    return m_token->value();
}

void GetuiClient::invalidateAuth()
{
    m_token->invalidate();
}

QNetworkReply *GetuiClient::post(const Pending &p)
{
    QNetworkRequest request = m_options.endpoint.request(getuiUrl(m_credentials.appId, QStringLiteral("push/single/cid")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json;charset=utf-8"));
    request.setRawHeader("token", p.auth.toUtf8());
    request.setTransferTimeout(m_options.deadlineMs);
    QJsonObject body = p.payload;
    body.insert(QLatin1String("request_id"), newRequestId()); // Getui drops a repeated request_id: a retry gets its own
    return network().post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QueuedSender::Verdict GetuiClient::judge(QNetworkReply &reply, const Pending &p) const
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const GetuiReply r = parseGetuiReply(reply.readAll());
    Verdict v;
    if (status == 200 && r.valid && r.code == 0) {
        v.answer = answer(200, {}, {}, Outcome::Delivered);
        const GetuiTask task = getuiTask(r.data, p.address);
        v.answer.id = task.taskId;
        v.answer.note = task.status;
        v.answer.details.insert(QLatin1String("cid_status"), task.status);
    } else if (status == 0) {
        v.answer = answer(0, QStringLiteral("ConnectionFailed"), QStringLiteral("Getui could not be reached: %1").arg(reply.errorString()),
                          Outcome::RetryLater);
    } else if (!r.valid) {
        v.answer = answer(status, QStringLiteral("BadResponse"), QStringLiteral("Getui answered %1 without a code").arg(status),
                          outcomeOfStatus(status == 200 ? 502 : status));
    } else {
        QString explanation;
        const Outcome outcome = getuiClassify(status, r.code, &explanation);
        v.answer = answer(status, QString::number(r.code), explanation, outcome);
        v.answer.details.insert(QLatin1String("msg"), r.msg);
        v.authRejected = r.code == kGetuiTokenExpired;
    }
    return v;
}

} // namespace Herald::Push
