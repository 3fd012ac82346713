#pragma once

// A Google service account as Firebase hands it out (the JSON key file): who signs, with which RSA key,
// for which project, and where access tokens come from.

#include <QByteArray>
#include <QString>

#include <optional>

namespace Herald::Push {

struct ServiceAccount {
    QString projectId;
    QString clientEmail;   // the JWT's iss
    QString privateKeyId;  // the JWT's kid
    QByteArray privateKey; // PEM (PKCS#8 RSA)
    QString tokenUri;      // the OAuth 2.0 token endpoint, and the JWT's aud
};

// Reads and checks a service-account key file; nothing, with *error for a person, when it is not one.
std::optional<ServiceAccount> loadServiceAccount(const QString &path, QString *error);
std::optional<ServiceAccount> parseServiceAccount(const QByteArray &json, QString *error);

} // namespace Herald::Push
