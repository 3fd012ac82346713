#pragma once

// What Herald authenticates to APNs with, and where it sends: token credentials (an Apple .p8 signing
// key, key id, team id) or certificate credentials (a .p12, or a PEM certificate and key), the
// environment, and the endpoint. Loading a file tells a person what it is, or exactly why it is refused.

#include "apns/providertoken.h"

#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <optional>

namespace Herald::Apns {

enum class Environment { Sandbox, Production };

QString environmentName(Environment environment);              // "sandbox" or "production"
std::optional<Environment> environmentFromName(const QString &name); // also "development" for sandbox
QString appleHost(Environment environment);                    // api.sandbox.push.apple.com, api.push.apple.com
constexpr quint16 ApplePort = 443;

// What an Apple push certificate says about itself.
struct CertificateInfo {
    QString subject;          // the subject's common name, e.g. "Apple Push Services: com.example.app"
    QString topic;            // the subject's UID: the app's bundle id
    QStringList topics;       // every topic it may push to (the UID, plus a universal certificate's list)
    bool development = false; // extension 1.2.840.113635.100.6.3.1
    bool production = false;  // extension 1.2.840.113635.100.6.3.2
    QDateTime notBefore;
    QDateTime expiry;

    // The environment the certificate is for, when it is for one only.
    std::optional<Environment> suggestedEnvironment() const;
    bool allows(Environment environment) const;
    QString summary() const;  // one line for a person
};

CertificateInfo describeCertificate(const QSslCertificate &certificate);

struct Credentials {
    enum class Kind { None, Token, Certificate };
    Kind kind = Kind::None;
    // Token
    SigningKey signingKey;
    // Certificate
    QSslCertificate certificate;
    QSslKey privateKey;
    QList<QSslCertificate> chain;
    CertificateInfo certificateInfo;

    bool isValid() const { return kind != Kind::None; }
    // One line for a person: "token key ABC123DEFG of team DEF123GHIJ (EC P-256)" or the certificate summary.
    QString summary() const;
    // Equal for credentials that may share one connection.
    QString identity() const;
};

// Each returns the credentials, or nothing with *error saying, for a person, what is wrong with the file.
std::optional<Credentials> tokenCredentials(const QByteArray &p8, const QString &keyId, const QString &teamId, QString *error);
std::optional<Credentials> loadTokenCredentials(const QString &p8Path, const QString &keyId, const QString &teamId,
                                                QString *error);
std::optional<Credentials> p12Credentials(const QByteArray &p12, const QByteArray &password, QString *error);
std::optional<Credentials> loadP12Credentials(const QString &p12Path, const QByteArray &password, QString *error);
std::optional<Credentials> loadPemCredentials(const QString &certificatePath, const QString &keyPath,
                                              const QByteArray &passphrase, QString *error);

// Where requests go. The defaults are Apple's; tests and staging aim it elsewhere. Certificate
// verification is never turned off: a private CA is trusted by giving it.
struct Endpoint {
    Environment environment = Environment::Production;
    QString host;                          // empty: Apple's host for the environment
    quint16 port = ApplePort;
    QList<QSslCertificate> caCertificates; // empty: the system's CAs

    QString effectiveHost() const { return host.isEmpty() ? appleHost(environment) : host; }
    QString url() const; // "https://host:port" for a person
};

// Reads PEM CA certificates into endpoint->caCertificates.
bool loadCaFile(const QString &path, Endpoint *endpoint, QString *error);

} // namespace Herald::Apns
