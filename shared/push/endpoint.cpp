#include "push/endpoint.h"

#include "apns/credentials.h"

#include <QNetworkRequest>
#include <QSslConfiguration>

namespace Herald::Push {

QUrl Endpoint::route(const QUrl &url) const
{
    if (host.isEmpty())
        return url;
    QUrl out = url;
    out.setHost(host);
    out.setPort(port);
    return out;
}

QNetworkRequest Endpoint::request(const QUrl &url) const
{
    QNetworkRequest r(route(url));
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    if (!caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(caCertificates);
        r.setSslConfiguration(ssl);
    }
    return r;
}

bool loadCaFile(const QString &path, Endpoint *endpoint, QString *error)
{
    Apns::Endpoint apns; // the one reader of CA files
    if (!Apns::loadCaFile(path, &apns, error))
        return false;
    endpoint->caCertificates = apns.caCertificates;
    return true;
}

} // namespace Herald::Push
