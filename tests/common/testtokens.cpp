#include "testtokens.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>

#include <jwt.h>

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
} // namespace

bool TestTokens::openssl(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("openssl %1 failed: %2%3")
                      .arg(args.join(QLatin1Char(' ')), p.errorString(), QString::fromUtf8(p.readAllStandardError()));
        return false;
    }
    return true;
}

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
    const auto s = [](const char *text) { return QString::fromLatin1(text); };
    return openssl({s("genpkey"), s("-algorithm"), s("RSA"), s("-pkeyopt"), s("rsa_keygen_bits:2048"), s("-out"), s("rsa.pem")})
        && openssl({s("pkey"), s("-in"), s("rsa.pem"), s("-pubout"), s("-out"), s("rsa.pub.pem")})
        && openssl({s("genpkey"), s("-algorithm"), s("EC"), s("-pkeyopt"), s("ec_paramgen_curve:P-256"), s("-out"), s("ec.pem")})
        && openssl({s("pkey"), s("-in"), s("ec.pem"), s("-pubout"), s("-out"), s("ec.pub.pem")});
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
