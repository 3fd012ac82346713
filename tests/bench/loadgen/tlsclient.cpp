#include "tlsclient.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace Loadgen {

TlsClient::~TlsClient()
{
    SSL_CTX_free(m_ctx);
}

bool TlsClient::init(const std::string &caFile, std::string &error)
{
    m_ctx = SSL_CTX_new(TLS_client_method());
    if (!m_ctx) {
        error = "TLS: SSL_CTX_new failed";
        return false;
    }
    SSL_CTX_set_min_proto_version(m_ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
    // Writes resume from m_out, which may have moved; idle connections give their buffers back.
    SSL_CTX_set_mode(m_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_load_verify_locations(m_ctx, caFile.c_str(), nullptr) != 1) {
        error = "TLS: cannot load the CA file \"" + caFile + "\" given with --ca: " + lastError(nullptr);
        SSL_CTX_free(m_ctx);
        m_ctx = nullptr;
        return false;
    }
    return true;
}

SSL *TlsClient::newSession(int fd, const std::string &host) const
{
    SSL *ssl = SSL_new(m_ctx);
    if (!ssl)
        return nullptr;
    SSL_set_fd(ssl, fd);
    SSL_set_connect_state(ssl);
    in_addr address{};
    if (inet_pton(AF_INET, host.c_str(), &address) == 1) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
    } else {
        SSL_set_tlsext_host_name(ssl, host.c_str());
        SSL_set1_host(ssl, host.c_str());
    }
    return ssl;
}

std::string TlsClient::lastError(SSL *ssl)
{
    if (ssl && SSL_get_verify_result(ssl) != X509_V_OK)
        return std::string("certificate verify failed: ") + X509_verify_cert_error_string(SSL_get_verify_result(ssl));
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (!code)
        return "the connection closed during the TLS handshake";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

} // namespace Loadgen
