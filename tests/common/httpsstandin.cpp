#include "httpsstandin.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

namespace HeraldTest {

HttpsStandIn::HttpsStandIn(Handler handler, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_server(new QSslServer(this))
{
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, &HttpsStandIn::onConnection);
}

HttpsStandIn::~HttpsStandIn() = default;

bool HttpsStandIn::listen(const QString &certificateFile, const QString &keyFile, QString *error)
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
    m_server->setSslConfiguration(ssl);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 HttpsStandIn::port() const
{
    return m_server->serverPort();
}

void HttpsStandIn::onConnection()
{
    while (QTcpSocket *s = m_server->nextPendingConnection()) {
        auto *socket = static_cast<QSslSocket *>(s);
        connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QSslSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void HttpsStandIn::onReadable(QSslSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        Request r;
        r.method = requestLine.value(0);
        r.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                r.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        const Response answer = m_handler(r);
        QByteArray head = "HTTP/1.1 " + QByteArray::number(answer.status) + (answer.status == 200 ? " OK" : " Error")
                          + "\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: "
                          + QByteArray::number(answer.body.size()) + "\r\n";
        for (const auto &[name, value] : answer.headers)
            head += name + ": " + value + "\r\n";
        const QByteArray bytes = head + "\r\n" + answer.body;
        if (m_delayMs == 0)
            socket->write(bytes);
        else if (m_delayMs > 0)
            QTimer::singleShot(m_delayMs, socket, [socket, bytes] { socket->write(bytes); });
    }
}

} // namespace HeraldTest
