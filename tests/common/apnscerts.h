#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <optional>

namespace HeraldTest {

// Credentials like the ones Apple hands out, made with the openssl command line in a temporary
// directory: .p8 token-signing keys (PKCS#8 PEM, P-256) with their public keys, a "wrong file" (an RSA
// key in PKCS#8), a private CA and APNs client certificates it signed (.p12 with a password, and PEM).
class ApnsTestCredentials final
{
public:
    enum class Environment { Development, Production, Both, None };

    struct CertificateOptions {
        QString name;             // file base name, e.g. "dev" → dev.p12, dev.pem, dev.key
        QString topic;            // the subject UID (the bundle id); empty: no UID at all
        QString teamId = QStringLiteral("TEAM123456");
        Environment environment = Environment::Development;
        QStringList extraTopics;  // listed in extension 1.2.840.113635.100.6.3.6 (with the UID topic first)
        bool expired = false;     // notAfter in the past
        QString password = QStringLiteral("herald");
    };

    struct Certificate {
        QString p12File;
        QString password;
        QString certificateFile; // PEM
        QString keyFile;         // PEM, unencrypted PKCS#8
    };

    Q_DISABLE_COPY_MOVE(ApnsTestCredentials)
    ApnsTestCredentials() = default;

    // Makes the keys and the CA; false (with errorString()) if openssl failed.
    bool create();

    QString signingKeyFile() const { return path(QStringLiteral("AuthKey_ABC123DEFG.p8")); }
    QString signingPublicKeyFile() const { return path(QStringLiteral("AuthKey_ABC123DEFG.pub.pem")); }
    QString otherSigningKeyFile() const { return path(QStringLiteral("AuthKey_OTHER12345.p8")); }
    QString otherSigningPublicKeyFile() const { return path(QStringLiteral("AuthKey_OTHER12345.pub.pem")); }
    QString rsaKeyFile() const { return path(QStringLiteral("rsa.p8")); }
    // The CA that signs the client certificates (give it to the stand-in as its client CA).
    QString caFile() const { return path(QStringLiteral("apns-client-ca.pem")); }
    QString directory() const { return m_dir.path(); }

    // An APNs client certificate signed by caFile(); nothing (with errorString()) if openssl failed.
    std::optional<Certificate> makeClientCertificate(const CertificateOptions &options);

    static QByteArray readFile(const QString &fileName);
    QString errorString() const { return m_error; }

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    bool openssl(const QStringList &args);
    bool writeFile(const QString &name, const QByteArray &contents);

    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace HeraldTest
