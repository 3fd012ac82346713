#include "apns/providertoken.h"

#include "apns/jwtptr.h"
#include "apns/text.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSslKey>


namespace Herald::Apns {

namespace {

bool isAppleId(const QString &id)
{
    static const QRegularExpression tenChars(QStringLiteral("^[A-Z0-9]{10}$"));
    return tenChars.match(id).hasMatch();
}

} // namespace

QString checkSigningKey(const SigningKey &key)
{
    if (!isAppleId(key.keyId))
        return Text::tr("the key id is the 10 letters and digits Apple shows with the key (e.g. ABC123DEFG)");
    if (!isAppleId(key.teamId))
        return Text::tr("the team id is the 10 letters and digits of your Apple developer team");
    if (!key.p8.contains("-----BEGIN PRIVATE KEY-----"))
        return QStringLiteral("the key is not a .p8 file from Apple (a PEM \"PRIVATE KEY\")");
    if (const QString kind = signingKeyKind(key.p8); !kind.isEmpty() && kind != u"EC P-256")
        return Text::tr("the .p8 key is an %1 key, not the EC P-256 key Apple issues").arg(kind);
    ProviderToken probe(key, [] { return qint64(1700000000); });
    QString error;
    if (!probe.token(&error))
        return Text::tr("the .p8 key cannot sign: %1").arg(error);
    return {};
}

QString signingKeyKind(const QByteArray &pem)
{
    if (const QSslKey ec(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey); !ec.isNull())
        return QStringLiteral("EC P-%1").arg(ec.length());
    if (!QSslKey(pem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey).isNull())
        return QStringLiteral("RSA");
    return {};
}

ProviderToken::ProviderToken(SigningKey key, Clock clock)
    : m_key(std::move(key)),
      m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentSecsSinceEpoch(); }))
{
}

std::optional<QByteArray> ProviderToken::token(QString *error)
{
    const qint64 now = m_clock();
    const qint64 age = now - m_issuedAt;
    const bool due = m_token.isEmpty() || age >= RenewAt || age < 0 || m_renewNow;
    if (!due)
        return m_token;
    const std::optional<QByteArray> fresh = sign(now, error);
    if (!fresh)
        return std::nullopt;
    m_token = *fresh;
    m_issuedAt = now;
    ++m_generation;
    m_signedAfterRefusal = std::exchange(m_renewNow, false);
    return m_token;
}

bool ProviderToken::renewAfterRefusal()
{
    if (m_signedAfterRefusal)
        return false;
    m_renewNow = true;
    return true;
}

std::optional<QByteArray> ProviderToken::sign(qint64 now, QString *error) const
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0) {
        *error = Text::tr("libjwt could not start a token");
        return std::nullopt;
    }
    JwtPtr jwt(raw);
    const QByteArray kid = m_key.keyId.toLatin1();
    const QByteArray iss = m_key.teamId.toLatin1();
    if (jwt_add_header(jwt.get(), "kid", kid.constData()) != 0 || jwt_add_grant(jwt.get(), "iss", iss.constData()) != 0
        || jwt_add_grant_int(jwt.get(), "iat", long(now)) != 0
        || jwt_set_alg(jwt.get(), JWT_ALG_ES256, reinterpret_cast<const unsigned char *>(m_key.p8.constData()),
                       int(m_key.p8.size()))
            != 0) {
        *error = Text::tr("libjwt refused the key or the claims");
        return std::nullopt;
    }
    JwtString encoded(jwt_encode_str(jwt.get()));
    if (!encoded) {
        *error = Text::tr("libjwt could not make an ES256 signature with it");
        return std::nullopt;
    }
    return QByteArray(encoded.get());
}

} // namespace Herald::Apns
