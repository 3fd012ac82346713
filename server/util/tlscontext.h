#pragma once

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QString>

#include <memory>
#include <optional>

class QObject;
class QTcpSocket;
typedef struct ssl_ctx_st SSL_CTX;

namespace Herald {

// The server's certificate and key (tls-cert, tls-key) loaded for every port: an OpenSSL context the
// client port's connections are made from (one per server, shared by the gateway threads), and the
// same certificate for Qt's TLS on the HTTP API and the text port. TLS 1.2 and 1.3 only. A reload
// loads a new one; a connection keeps the context it started with for as long as it lives.
class TlsContext final
{
public:
    // Loads the PEM files: the certificate, the chain after it (sent whole), and its unencrypted private
    // key. nullptr and *error saying what is wrong with which file otherwise.
    static std::shared_ptr<const TlsContext> load(const QString &certificateFile, const QString &keyFile,
                                                  QString *error);
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    SSL_CTX *openssl() const { return m_ctx; }
    // For a door on Qt's TLS; `alpn` the protocols it speaks ("http/1.1"), none for the text port.
    QSslConfiguration qt(const QList<QByteArray> &alpn = {}) const;
    // The certificate's subject and expiry, for the log.
    const QString &summary() const { return m_summary; }

private:
    TlsContext() = default;

    SSL_CTX *m_ctx = nullptr;
    QSslConfiguration m_qt;
    QString m_summary;
};

// A socket for a descriptor a door accepted: a QSslSocket that starts the server side of the TLS
// handshake when `tls` is given, a plain QTcpSocket otherwise. nullptr (the descriptor closed) if Qt
// does not take it.
QTcpSocket *adoptServerSocket(qintptr descriptor, const std::optional<QSslConfiguration> &tls, QObject *parent);

} // namespace Herald
