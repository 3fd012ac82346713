#include "util/tlscontext.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <unistd.h>

namespace Herald {

namespace {
// What OpenSSL said last on this thread, and its queue emptied.
QString opensslError()
{
    QString text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text = QString::fromLatin1(buffer); // the first error is the cause, the last the most readable
    }
    return text.isEmpty() ? QStringLiteral("unknown OpenSSL error") : text;
}

// ALPN: http/1.1 when the client offers it; otherwise no protocol is chosen and the handshake goes on
// (a client may speak WebSocket without naming it).
int selectAlpn(SSL *, const unsigned char **out, unsigned char *outLength, const unsigned char *in,
               unsigned int inLength, void *)
{
    static const unsigned char ours[] = "\x08http/1.1";
    unsigned char *selected = nullptr;
    if (SSL_select_next_proto(&selected, outLength, ours, sizeof ours - 1, in, inLength) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

std::optional<QSslKey> readKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        const QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return std::nullopt;
}
} // namespace

std::shared_ptr<const TlsContext> TlsContext::load(const QString &certificateFile, const QString &keyFile,
                                                   QString *error)
{
    std::shared_ptr<TlsContext> tls(new TlsContext);
    ERR_clear_error();
    tls->m_ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX *ctx = tls->m_ctx;
    if (!ctx) {
        *error = QStringLiteral("cannot make a TLS context: %1").arg(opensslError());
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Writes as on a plain socket: what TLS takes of a write is said, and the rest may move in memory
    // before it is offered again; an idle connection gives its buffers back.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_alpn_select_cb(ctx, selectAlpn, nullptr);
    const QByteArray certPath = QFile::encodeName(certificateFile);
    const QByteArray keyPath = QFile::encodeName(keyFile);
    if (SSL_CTX_use_certificate_chain_file(ctx, certPath.constData()) != 1) {
        *error = QStringLiteral("cannot use tls-cert %1: %2 (a PEM certificate, its chain after it)")
                     .arg(certificateFile, opensslError());
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, keyPath.constData(), SSL_FILETYPE_PEM) != 1) {
        *error = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH
            ? QStringLiteral("tls-key %1 is not the key of tls-cert %2").arg(keyFile, certificateFile)
            : QStringLiteral("cannot use tls-key %1: %2 (an unencrypted PEM private key)").arg(keyFile, opensslError());
        ERR_clear_error();
        return nullptr;
    }

    // The same files for Qt's doors (OpenSSL has read them: they are valid PEM).
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificateFile, QSsl::Pem);
    QFile key(keyFile);
    const std::optional<QSslKey> qtKey = key.open(QIODevice::ReadOnly) ? readKey(key.readAll()) : std::nullopt;
    if (chain.isEmpty() || !qtKey) {
        *error = QStringLiteral("Qt cannot read tls-cert %1 or tls-key %2 (PEM, an RSA, EC or DSA key)")
                     .arg(certificateFile, keyFile);
        return nullptr;
    }
    tls->m_qt.setLocalCertificateChain(chain);
    tls->m_qt.setPrivateKey(*qtKey);
    tls->m_qt.setProtocol(QSsl::TlsV1_2OrLater);
    tls->m_qt.setPeerVerifyMode(QSslSocket::VerifyNone); // clients show no certificate
    tls->m_summary = QStringLiteral("%1, valid until %2")
                         .arg(chain.first().subjectDisplayName(), chain.first().expiryDate().toString(Qt::ISODate));
    return tls;
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx); // connections made from it hold their own reference
}

QSslConfiguration TlsContext::qt(const QList<QByteArray> &alpn) const
{
    QSslConfiguration configuration = m_qt;
    configuration.setAllowedNextProtocols(alpn);
    return configuration;
}

QTcpSocket *adoptServerSocket(qintptr descriptor, const std::optional<QSslConfiguration> &tls, QObject *parent)
{
    QTcpSocket *socket = nullptr;
    if (tls) {
        auto *ssl = new QSslSocket(parent);
        ssl->setSslConfiguration(*tls);
        socket = ssl;
    } else {
        socket = new QTcpSocket(parent);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(int(descriptor));
        delete socket;
        return nullptr;
    }
    if (tls)
        static_cast<QSslSocket *>(socket)->startServerEncryption();
    return socket;
}

} // namespace Herald
