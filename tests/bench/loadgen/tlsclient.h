#pragma once

#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace Loadgen {

// The client side of TLS for --tls: one SSL_CTX per pool thread (TLS 1.2 and 1.3, the CA of --ca trusted
// alone, the server's certificate verified against the host name or address), and a session per
// connection on its non-blocking descriptor.
class TlsClient final
{
public:
    TlsClient() = default;
    ~TlsClient();
    TlsClient(const TlsClient &) = delete;
    TlsClient &operator=(const TlsClient &) = delete;

    // False with the reason (a CA file that does not load) in error.
    bool init(const std::string &caFile, std::string &error);
    bool enabled() const { return m_ctx != nullptr; }
    // A client session on fd that will verify the certificate against host (a name or an IPv4 address).
    SSL *newSession(int fd, const std::string &host) const;
    // OpenSSL's reason for the last failure on this thread, the verification result first.
    static std::string lastError(SSL *ssl);

private:
    SSL_CTX *m_ctx = nullptr;
};

} // namespace Loadgen
