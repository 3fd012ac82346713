#include "auth/tokenverifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>

#include <cmath>
#include <memory>

namespace Herald {

namespace {
TokenVerdict refused(const QString &why)
{
    TokenVerdict v;
    v.error = why;
    return v;
}

std::optional<QJsonObject> parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

std::optional<QJsonObject> decodePart(QByteArrayView part)
{
    const auto decoded = QByteArray::fromBase64Encoding(part.toByteArray(),
                                                        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                                                            | QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? parseObject(*decoded) : std::nullopt;
}

// A NumericDate (RFC 7519 §2): a number of seconds; nullopt when absent, -1 when not a number.
std::optional<qint64> numericDate(const QJsonObject &claims, QLatin1String name)
{
    const QJsonValue v = claims.value(name);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0 || v.toDouble() > 1e15)
        return -1;
    return qint64(v.toDouble());
}

struct JwtFree {
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
struct PkeyFree {
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
} // namespace

std::optional<TokenVerifier> TokenVerifier::fromSecret(const QByteArray &secret, QString *error)
{
    if (secret.size() < 32) {
        *error = QStringLiteral("the HS256 secret is %1 bytes: use at least 32 (e.g. openssl rand -hex 32)").arg(secret.size());
        return std::nullopt;
    }
    return TokenVerifier(Algorithm::HS256, secret);
}

std::optional<TokenVerifier> TokenVerifier::fromPublicKey(const QByteArray &pem, QString *error)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())), &BIO_free);
    const std::unique_ptr<EVP_PKEY, PkeyFree> key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        *error = QStringLiteral("no PEM public key (-----BEGIN PUBLIC KEY-----) in it");
        return std::nullopt;
    }
    switch (EVP_PKEY_base_id(key.get())) {
    case EVP_PKEY_RSA:
        if (EVP_PKEY_bits(key.get()) < 2048) {
            *error = QStringLiteral("the RSA key has %1 bits: RS256 needs at least 2048").arg(EVP_PKEY_bits(key.get()));
            return std::nullopt;
        }
        return TokenVerifier(Algorithm::RS256, pem);
    case EVP_PKEY_EC: {
        char curve[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key.get(), "group", curve, sizeof curve, &length) != 1
            || qstrcmp(curve, SN_X9_62_prime256v1) != 0) {
            *error = QStringLiteral("the EC key is not on P-256 (prime256v1), the curve of ES256");
            return std::nullopt;
        }
        return TokenVerifier(Algorithm::ES256, pem);
    }
    default:
        *error = QStringLiteral("the public key is neither RSA (RS256) nor EC P-256 (ES256)");
        return std::nullopt;
    }
}

QString TokenVerifier::algorithmName() const
{
    switch (m_algorithm) {
    case Algorithm::HS256: return QStringLiteral("HS256");
    case Algorithm::RS256: return QStringLiteral("RS256");
    case Algorithm::ES256: return QStringLiteral("ES256");
    }
    return {};
}

TokenVerdict TokenVerifier::verify(QByteArrayView token, qint64 now) const
{
    if (token.isEmpty())
        return refused(QStringLiteral("the token is empty"));
    if (token.size() > MaxTokenSize)
        return refused(QStringLiteral("the token is longer than %1 bytes").arg(MaxTokenSize));
    const qsizetype firstDot = token.indexOf('.');
    if (firstDot < 0 || token.count('.') != 2)
        return refused(QStringLiteral("not a JWT (header.payload.signature)"));
    // The algorithm is the key's, whatever the token says: checked here, before libjwt sees the token
    // (given a PEM public key and an HS256 header it would use the key as an HMAC secret).
    const std::optional<QJsonObject> header = decodePart(token.first(firstDot));
    if (!header)
        return refused(QStringLiteral("the token's header is not base64url JSON"));
    const QString alg = header->value(QLatin1String("alg")).toString();
    if (alg != algorithmName())
        return refused(QStringLiteral("the token is signed with \"%1\"; this server accepts %2 only")
                           .arg(alg.left(16), algorithmName()));

    const QByteArray text = token.toByteArray(); // NUL-terminated for libjwt
    jwt_t *decoded = nullptr;
    if (jwt_decode(&decoded, text.constData(), reinterpret_cast<const unsigned char *>(m_key.constData()),
                   int(m_key.size())) != 0
        || !decoded)
        return refused(QStringLiteral("the token's signature does not verify"));
    const std::unique_ptr<jwt_t, JwtFree> jwt(decoded);
    const jwt_alg_t expected = m_algorithm == Algorithm::HS256   ? JWT_ALG_HS256
                               : m_algorithm == Algorithm::RS256 ? JWT_ALG_RS256
                                                                 : JWT_ALG_ES256;
    if (jwt_get_alg(jwt.get()) != expected)
        return refused(QStringLiteral("this server accepts %1 tokens only").arg(algorithmName()));
    const std::unique_ptr<char, decltype(&free)> grants(jwt_get_grants_json(jwt.get(), nullptr), &free);
    const std::optional<QJsonObject> claims = grants ? parseObject(QByteArray(grants.get())) : std::nullopt;
    if (!claims)
        return refused(QStringLiteral("the token's payload is not a JSON object"));

    TokenVerdict v;
    const QJsonValue sub = claims->value(QLatin1String("sub"));
    if (!sub.isString() || sub.toString().isEmpty() || sub.toString().size() > MaxUidLength)
        return refused(QStringLiteral("the token has no \"sub\" (the uid, 1 to %1 characters)").arg(MaxUidLength));
    v.claims.uid = sub.toString();
    const std::optional<qint64> exp = numericDate(*claims, QLatin1String("exp"));
    if (!exp || *exp < 0)
        return refused(QStringLiteral("the token has no \"exp\" (its expiry, in seconds since 1970)"));
    if (now >= *exp + m_leeway)
        return refused(QStringLiteral("the token expired %1 s ago").arg(now - *exp));
    v.claims.expiresAt = *exp;
    const std::optional<qint64> nbf = numericDate(*claims, QLatin1String("nbf"));
    if (nbf && (*nbf < 0 || now + m_leeway < *nbf))
        return refused(QStringLiteral("the token is not valid yet (\"nbf\")"));
    const std::optional<qint64> iat = numericDate(*claims, QLatin1String("iat"));
    if (iat && (*iat < 0 || now + m_leeway < *iat))
        return refused(QStringLiteral("the token was issued in the future (\"iat\"): check the clocks"));
    const QJsonValue rooms = claims->value(QLatin1String("rooms"));
    if (!rooms.isUndefined()) {
        if (!rooms.isArray())
            return refused(QStringLiteral("the token's \"rooms\" is not an array of room ids"));
        v.claims.anyRoom = false;
        for (const QJsonValue &room : rooms.toArray()) {
            if (room.isString())
                v.claims.rooms.append(room.toString());
            else if (room.isDouble() && room.toDouble() == std::floor(room.toDouble()))
                v.claims.rooms.append(QString::number(qint64(room.toDouble()))); // 1 and "1" are one room
            else
                return refused(QStringLiteral("the token's \"rooms\" is not an array of room ids"));
        }
    }
    return v;
}

} // namespace Herald
