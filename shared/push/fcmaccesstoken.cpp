#include "push/fcmaccesstoken.h"

#include "apns/jwtptr.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>


namespace Herald::Push {

namespace {
constexpr int kAssertionSeconds = 3600; // the longest Google accepts
} // namespace

FcmAccessToken::FcmAccessToken(ServiceAccount account, Endpoint endpoint, QNetworkAccessManager &network, Clock clock,
                               QObject *parent)
    : QObject(parent), m_account(std::move(account)), m_endpoint(std::move(endpoint)), m_network(network),
      m_clock(std::move(clock))
{
}

qint64 FcmAccessToken::now() const
{
    return m_clock ? m_clock() : QDateTime::currentSecsSinceEpoch();
}

bool FcmAccessToken::isFresh() const
{
    return !m_token.isEmpty() && now() + kRenewBeforeSeconds < m_expiresAt;
}

void FcmAccessToken::invalidate()
{
    m_token.clear();
    m_expiresAt = 0;
}

QByteArray FcmAccessToken::assertion(QString *error) const
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0) {
        *error = QStringLiteral("libjwt could not start a token");
        return {};
    }
    JwtPtr jwt(raw);
    const qint64 iat = now();
    const QByteArray kid = m_account.privateKeyId.toUtf8(), iss = m_account.clientEmail.toUtf8(),
                     aud = m_account.tokenUri.toUtf8();
    if ((!kid.isEmpty() && jwt_add_header(jwt.get(), "kid", kid.constData()) != 0)
        || jwt_add_grant(jwt.get(), "iss", iss.constData()) != 0 || jwt_add_grant(jwt.get(), "scope", kScope) != 0
        || jwt_add_grant(jwt.get(), "aud", aud.constData()) != 0 || jwt_add_grant_int(jwt.get(), "iat", long(iat)) != 0
        || jwt_add_grant_int(jwt.get(), "exp", long(iat + kAssertionSeconds)) != 0
        || jwt_set_alg(jwt.get(), JWT_ALG_RS256, reinterpret_cast<const unsigned char *>(m_account.privateKey.constData()),
                       int(m_account.privateKey.size()))
               != 0) {
        *error = QStringLiteral("libjwt refused the service account's key or the claims");
        return {};
    }
    JwtString encoded(jwt_encode_str(jwt.get()));
    if (!encoded) {
        *error = QStringLiteral("libjwt could not sign with the service account's key: is private_key an RSA key?");
        return {};
    }
    return QByteArray(encoded.get());
}

void FcmAccessToken::fetch()
{
    if (m_fetching)
        return;
    QString error;
    const QByteArray jwt = assertion(&error);
    if (jwt.isEmpty()) {
        Answer a;
        a.provider = QStringLiteral("fcm");
        a.reason = QStringLiteral("BadServiceAccount");
        a.explanation = error;
        a.outcome = Outcome::CredentialsWrong;
        QMetaObject::invokeMethod(this, [this, a] { Q_EMIT failed(a); }, Qt::QueuedConnection);
        return;
    }
    m_fetching = true;
    QNetworkRequest request = m_endpoint.request(QUrl(m_account.tokenUri));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer"));
    form.addQueryItem(QStringLiteral("assertion"), QString::fromLatin1(jwt));
    QNetworkReply *reply = m_network.post(request, form.toString(QUrl::FullyEncoded).toLatin1());
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
}

void FcmAccessToken::onReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_fetching = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    const QString token = body.value(QLatin1String("access_token")).toString();
    if (status == 200 && !token.isEmpty()) {
        m_token = token;
        m_expiresAt = now() + body.value(QLatin1String("expires_in")).toInteger(3600);
        Q_EMIT ready();
        return;
    }
    Answer a;
    a.provider = QStringLiteral("fcm");
    a.status = status;
    if (status == 0) {
        a.reason = QStringLiteral("ConnectionFailed");
        a.explanation = QStringLiteral("the token endpoint %1 could not be reached: %2")
                            .arg(m_endpoint.route(QUrl(m_account.tokenUri)).toString(), reply->errorString());
        a.outcome = Outcome::RetryLater;
    } else {
        a.reason = body.value(QLatin1String("error")).toString(QStringLiteral("TokenRefused"));
        a.explanation = QStringLiteral("the OAuth token endpoint refused the service account (%1): check that the key "
                                       "is the project's, not revoked, and that the clock is right")
                            .arg(body.value(QLatin1String("error_description")).toString(reply->errorString()));
        a.outcome = status >= 500 || status == 429 ? Outcome::RetryLater : Outcome::CredentialsWrong;
    }
    Q_EMIT failed(a);
}

} // namespace Herald::Push
