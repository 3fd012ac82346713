#pragma once

// What the server's APNs dispatch is built from: the credentials, the default topic and environment,
// where requests go, and the bounds. The application loads them from the files the config names
// (app/apnsconfig.h).

#include "apns/credentials.h"

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace Herald {

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

} // namespace Herald
