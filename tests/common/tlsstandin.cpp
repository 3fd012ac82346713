#include "tlsstandin.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

namespace HeraldTest {

bool listenWithTls(QSslServer &server, const QString &certificateFile, const QString &keyFile, QString *error)
{
    QFile key(keyFile);
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificateFile);
    if (chain.isEmpty() || !key.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 or %2").arg(certificateFile, keyFile);
        return false;
    }
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificateChain(chain);
    ssl.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    server.setSslConfiguration(ssl);
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        *error = server.errorString();
        return false;
    }
    return true;
}

void serveConnections(QSslServer &server, QObject *context, std::function<void(QSslSocket *)> readable,
                      std::function<void(QSslSocket *)> gone)
{
    QObject::connect(&server, &QSslServer::pendingConnectionAvailable, context, [&server, context, readable, gone] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            auto *socket = static_cast<QSslSocket *>(s);
            QObject::connect(socket, &QSslSocket::readyRead, context, [readable, socket] { readable(socket); });
            QObject::connect(socket, &QSslSocket::disconnected, context, [gone, socket] {
                gone(socket);
                socket->deleteLater();
            });
        }
    });
}

} // namespace HeraldTest
