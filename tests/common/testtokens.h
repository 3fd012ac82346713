#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

namespace HeraldTest {

// Keys for connection tokens and the tokens an app backend would sign with them: an HS256 secret file,
// an RSA 2048 and an EC P-256 key pair (made with OpenSSL in a temporary directory),
// and JWTs signed with libjwt, independently of the server's verifier.
class TestTokens final
{
public:
    enum class Key { Secret, Rsa, Ec };

    Q_DISABLE_COPY_MOVE(TestTokens)
    TestTokens() = default;

    // Makes the keys; false (with errorString()) if OpenSSL failed.
    bool create();
    QString errorString() const { return m_error; }

    QString secretFile() const { return path(QStringLiteral("token.secret")); }
    QByteArray secret() const;
    QString rsaPublicKeyFile() const { return path(QStringLiteral("rsa.pub.pem")); }
    QString ecPublicKeyFile() const { return path(QStringLiteral("ec.pub.pem")); }
    QByteArray rsaPublicKey() const;
    QByteArray ecPublicKey() const;

    // Claims for `uid` expiring `expiresIn` seconds from now.
    static QJsonObject claims(const QString &uid, qint64 expiresIn = 3600);
    // A JWT of `claims` signed with `key` in its algorithm (HS256, RS256, ES256).
    QByteArray sign(Key key, const QJsonObject &claims) const;
    // HS256 with any bytes as the secret (the algorithm-confusion attack signs with a public key).
    static QByteArray signHs256(const QByteArray &secret, const QJsonObject &claims);
    // An unsigned JWT: {"alg":"none"}, and an empty signature.
    static QByteArray unsignedToken(const QJsonObject &claims);

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QByteArray read(const QString &name) const;

    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace HeraldTest
