#include "push/getuitoken.h"

#include "push/getuireply.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace Herald::Push {

QUrl getuiUrl(const QString &appId, const QString &path)
{
    return QUrl(QStringLiteral("https://restapi.getui.com/v2/%1/%2").arg(appId, path));
}

GetuiToken::GetuiToken(GetuiCredentials credentials, Endpoint endpoint, QNetworkAccessManager &network, Clock clock,
                       QObject *parent)
    : QObject(parent), m_credentials(std::move(credentials)), m_endpoint(std::move(endpoint)), m_network(network),
      m_clock(std::move(clock))
{
}

qint64 GetuiToken::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

bool GetuiToken::isFresh() const
{
    return !m_token.isEmpty() && now() + kRenewBeforeMs < m_expiresAt;
}

void GetuiToken::invalidate()
{
    m_token.clear();
    m_expiresAt = 0;
}

QByteArray GetuiToken::sign(const QString &appKey, const QByteArray &timestamp, const QByteArray &masterSecret)
{
    const QByteArray text = appKey.toUtf8() + timestamp + masterSecret;
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex();
}

void GetuiToken::fetch()
{
    if (m_fetching)
        return;
    m_fetching = true;
    const QByteArray timestamp = QByteArray::number(now());
    QNetworkRequest request = m_endpoint.request(getuiUrl(m_credentials.appId, QStringLiteral("auth")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json;charset=utf-8"));
    const QJsonObject body{{QLatin1String("sign"), QString::fromLatin1(sign(m_credentials.appKey, timestamp, m_credentials.masterSecret))},
                           {QLatin1String("timestamp"), QString::fromLatin1(timestamp)},
                           {QLatin1String("appkey"), m_credentials.appKey}};
    QNetworkReply *reply = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
}

void GetuiToken::onReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_fetching = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const GetuiReply r = parseGetuiReply(reply->readAll());
    const QString token = r.data.value(QLatin1String("token")).toString();
    if (status == 200 && r.valid && r.code == 0 && !token.isEmpty()) {
        m_token = token;
        m_expiresAt = r.data.value(QLatin1String("expire_time")).toVariant().toLongLong();
        Q_EMIT ready();
        return;
    }
    Answer a = makeAnswer(QStringLiteral("getui"), QStringLiteral("taskid"), status, {}, {}, Outcome::CredentialsWrong);
    if (status == 0) {
        a.reason = QStringLiteral("ConnectionFailed");
        a.explanation = QStringLiteral("Getui's auth at %1 could not be reached: %2")
                            .arg(m_endpoint.route(getuiUrl(m_credentials.appId, QStringLiteral("auth"))).toString(),
                                 reply->errorString());
        a.outcome = Outcome::RetryLater;
    } else {
        a.reason = r.valid ? QString::number(r.code) : QStringLiteral("BadResponse");
        a.explanation = QStringLiteral("Getui refused the auth request (%1): check the app id, app key and master "
                                       "secret, and that the clock is right")
                            .arg(r.msg.isEmpty() ? reply->errorString() : r.msg);
        if (status == 429 || status >= 500)
            a.outcome = Outcome::RetryLater;
    }
    Q_EMIT failed(a);
}

} // namespace Herald::Push
