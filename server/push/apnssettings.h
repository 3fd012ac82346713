#pragma once

// What the server's APNs dispatch is built from: the credentials loaded from the files the config
// names, the default topic and environment, where requests go, and the bounds.

#include "apns/credentials.h"

#include <QList>
#include <QSslCertificate>
#include <QString>

#include <optional>

namespace Herald {

struct Config;

struct ApnsSettings {
    Apns::Credentials credentials;
    QString defaultTopic;                  // apns-topic; with a certificate, its topic when not set
    Apns::Environment defaultEnvironment = Apns::Environment::Production;
    QString host;                          // empty: Apple's host for the environment
    quint16 port = Apns::ApplePort;
    QList<QSslCertificate> caCertificates; // empty: the system's CAs
    int concurrency = 500;
    int timeoutMs = 30000;                 // a notification's deadline, every retry and reconnect included

    Apns::Endpoint endpoint(Apns::Environment environment) const;
};

// Loads the APNs files the config names. Nothing when APNs is not configured (error left empty) or
// when a file is wrong (*error names the key and says what is wrong, in the shared loaders' words).
std::optional<ApnsSettings> loadApnsSettings(const Config &config, QString *error);

} // namespace Herald
