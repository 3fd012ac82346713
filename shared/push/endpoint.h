#pragma once

// Where a provider's HTTPS requests go: the service's own hosts, or one stand-in (staging, tests) in
// their place, with the CAs to trust for it. Certificate verification is never turned off.

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

class QNetworkRequest;

namespace Herald::Push {

struct Endpoint {
    QString host;                          // empty: the service's own host of each URL
    quint16 port = 443;
    QList<QSslCertificate> caCertificates; // empty: the system's CAs

    // The URL with host and port replaced when a host is set; the path and query kept.
    QUrl route(const QUrl &url) const;
    // A request to route(url) that trusts caCertificates (when any) and may use HTTP/2.
    QNetworkRequest request(const QUrl &url) const;
};

// Reads PEM CA certificates into endpoint->caCertificates.
bool loadCaFile(const QString &path, Endpoint *endpoint, QString *error);

} // namespace Herald::Push
