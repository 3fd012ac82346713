#include "testtokens.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>

namespace HeraldTest {

namespace {
QByteArray encode(jwt_alg_t alg, const QByteArray &key, const QJsonObject &claims)
{
    jwt_t *jwt = nullptr;
    if (jwt_new(&jwt) != 0)
        return {};
    QByteArray token;
    const QByteArray json = QJsonDocument(claims).toJson(QJsonDocument::Compact);
    if (jwt_add_grants_json(jwt, json.constData()) == 0
        && jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char *>(key.constData()), int(key.size())) == 0) {
        char *encoded = jwt_encode_str(jwt);
        token = encoded;
        free(encoded);
    }
    jwt_free(jwt);
    return token;
}

// Writes a new key pair: the private key (PKCS#8 PEM) to `privateFile`, its public key to `publicFile`.
bool writeKeyPair(EVP_PKEY *key, const QString &privateFile, const QString &publicFile)
{
    if (!key)
        return false;
    bool ok = false;
    BIO *priv = BIO_new_file(QFile::encodeName(privateFile).constData(), "w");
    BIO *pub = BIO_new_file(QFile::encodeName(publicFile).constData(), "w");
    if (priv && pub)
        ok = PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr) == 1
             && PEM_write_bio_PUBKEY(pub, key) == 1;
    BIO_free(priv);
    BIO_free(pub);
    EVP_PKEY_free(key);
    return ok;
}
} // namespace

bool TestTokens::create()
{
    QFile secretFile(path(QStringLiteral("token.secret")));
    if (!m_dir.isValid() || !secretFile.open(QIODevice::WriteOnly)
        || secretFile.write("a-test-secret-of-more-than-32-bytes-for-hs256\n") < 0) {
        m_error = QStringLiteral("cannot write the secret file");
        return false;
    }
    secretFile.close();
    secretFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!writeKeyPair(EVP_RSA_gen(2048), path(QStringLiteral("rsa.pem")), rsaPublicKeyFile())
        || !writeKeyPair(EVP_EC_gen("P-256"), path(QStringLiteral("ec.pem")), ecPublicKeyFile())) {
        m_error = QStringLiteral("OpenSSL could not make or write the RSA and EC keys");
        return false;
    }
    return true;
}

QByteArray TestTokens::read(const QString &name) const
{
    QFile f(path(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray TestTokens::secret() const { return read(QStringLiteral("token.secret")).trimmed(); }
QByteArray TestTokens::rsaPublicKey() const { return read(QStringLiteral("rsa.pub.pem")); }
QByteArray TestTokens::ecPublicKey() const { return read(QStringLiteral("ec.pub.pem")); }

QJsonObject TestTokens::claims(const QString &uid, qint64 expiresIn)
{
    return {{QStringLiteral("sub"), uid}, {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + expiresIn}};
}

QByteArray TestTokens::sign(Key key, const QJsonObject &claims) const
{
    switch (key) {
    case Key::Secret: return encode(JWT_ALG_HS256, secret(), claims);
    case Key::Rsa: return encode(JWT_ALG_RS256, read(QStringLiteral("rsa.pem")), claims);
    case Key::Ec: return encode(JWT_ALG_ES256, read(QStringLiteral("ec.pem")), claims);
    }
    return {};
}

QByteArray TestTokens::signHs256(const QByteArray &secret, const QJsonObject &claims)
{
    return encode(JWT_ALG_HS256, secret, claims);
}

QByteArray TestTokens::unsignedToken(const QJsonObject &claims)
{
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"none","typ":"JWT"})") + '.' + part(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.';
}

} // namespace HeraldTest
