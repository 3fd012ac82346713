#include "gateway/connection.h"

#include "util/logging.h"

#include <array>
#include <cerrno>
#include <cstring>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Herald {

namespace {
constexpr qsizetype kReadChunk = 64 * 1024;

// One read buffer per thread, shared by all its connections: what a read brings is handed on at once.
char *readBuffer()
{
    thread_local std::array<char, kReadChunk> buffer;
    return buffer.data();
}

bool wouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK || error == EINTR; }

QString systemError(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

constexpr int kMaxTlsRecordsPerRead = 4; // a record is 16 KiB at most: a readable socket gives what a plain read would

// Before each OpenSSL call: SSL_get_error reads this thread's error queue and errno.
void clearTlsErrors()
{
    ERR_clear_error();
    errno = 0;
}

QString tlsError(unsigned long code)
{
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QStringLiteral("TLS: ") + QString::fromLatin1(buffer);
}
} // namespace

PeerAddress peerOf(qintptr descriptor)
{
    PeerAddress peer;
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return peer;
    if (address.ss_family == AF_INET6) {
        const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&address);
        peer.ip = IpAddress::fromIPv6(&v6->sin6_addr);
        peer.port = ntohs(v6->sin6_port);
    } else if (address.ss_family == AF_INET) {
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(&address);
        peer.ip = IpAddress::fromIPv4(&v4->sin_addr);
        peer.port = ntohs(v4->sin_port);
    }
    return peer;
}

QString PeerAddress::name() const
{
    return peerName(address(), port);
}

Connection::Connection(qintptr descriptor, const PeerAddress &peer, SSL_CTX *tls, Poller &poller, Handler &handler)
    : m_fd(int(descriptor)), m_poller(poller), m_handler(handler), m_peer(peer)
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    const int one = 1; // the write batch already joins a pass's frames: send them without waiting
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    setInterest(Poller::Read);
    if (tls && m_fd >= 0) {
        m_ssl = SSL_new(tls);
        if (!m_ssl) {
            fail(QStringLiteral("TLS: no memory for a new connection"));
            return;
        }
        SSL_set_fd(m_ssl, m_fd);
        SSL_set_accept_state(m_ssl); // the handshake runs in the first reads and writes
    }
}

Connection::~Connection()
{
    SSL_free(m_ssl);
    if (m_fd >= 0)
        ::close(m_fd);
}

void Connection::write(QByteArrayView bytes)
{
    if (m_fd < 0 || bytes.isEmpty() || m_closeWhenWritten || m_finishWhenWritten)
        return; // nothing after the last frame
    if (bytesToWrite() > 0) { // behind what is queued
        if (m_queuedOffset > m_queued.size() / 2) {
            m_queued.remove(0, m_queuedOffset);
            m_queuedOffset = 0;
        }
        m_queued.append(bytes);
        return;
    }
    const qsizetype taken = sendSome(bytes);
    if (taken < 0 || taken == bytes.size())
        return;
    m_queued = bytes.sliced(taken).toByteArray();
    m_queuedOffset = 0;
    if (!m_writeWaitsForRead)
        waitWritable(true);
}

void Connection::waitWritable(bool on)
{
    setInterest(quint8(on ? m_interest | Poller::Write : m_interest & ~Poller::Write));
}

void Connection::setInterest(quint8 interest)
{
    if (m_fd >= 0 && !m_poller.watch(m_fd, this, interest, m_interest))
        fail(QStringLiteral("cannot watch the socket: ") + systemError(errno));
}

qsizetype Connection::sendSome(QByteArrayView bytes)
{
    if (m_ssl)
        return sendTls(bytes);
    const ssize_t sent = ::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
    if (sent >= 0)
        return qsizetype(sent);
    if (wouldBlock(errno))
        return 0;
    fail(systemError(errno));
    return -1;
}

qsizetype Connection::sendTls(QByteArrayView bytes)
{
    clearTlsErrors();
    const int sent = SSL_write(m_ssl, bytes.data(), int(qMin<qsizetype>(bytes.size(), INT_MAX)));
    if (sent > 0)
        return sent;
    bool wantsWrite = false;
    if (!tlsWaits(sent, &wantsWrite))
        return -1;
    // Waiting to read (a handshake message first): the write is retried after the next read, and
    // the socket's writability, which it does not wait for, is not watched meanwhile.
    m_writeWaitsForRead = !wantsWrite;
    if (m_writeWaitsForRead)
        waitWritable(false);
    return 0;
}

bool Connection::tlsWaits(int result, bool *wantsWrite)
{
    const int error = SSL_get_error(m_ssl, result);
    const unsigned long code = ERR_peek_error();
    switch (error) {
    case SSL_ERROR_WANT_READ: return true;
    case SSL_ERROR_WANT_WRITE:
        *wantsWrite = true;
        return true;
    case SSL_ERROR_ZERO_RETURN: // the peer's close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) its FIN
        release(QString());
        return false;
    case SSL_ERROR_SYSCALL:
        if (errno != 0 && wouldBlock(errno))
            return true;
        ERR_clear_error();
        fail(errno != 0 ? systemError(errno) : QStringLiteral("TLS: the connection dropped"));
        return false;
    default:
        ERR_clear_error();
        if (ERR_GET_REASON(code) == SSL_R_HTTP_REQUEST) {
            refusePlainHttp();
            return false;
        }
        fail(tlsError(code));
        return false;
    }
}

// Plain HTTP on the TLS port (a ws:// URL for a wss:// server): told so in plain HTTP, as nginx does,
// rather than dropped without a word.
void Connection::refusePlainHttp()
{
    static const QByteArray body = "This port speaks TLS: connect with wss:// or https://.\r\n";
    static const QByteArray answer = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                                     "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    (void)!::send(m_fd, answer.constData(), size_t(answer.size()), MSG_NOSIGNAL); // best effort: a fresh, empty socket
    fail(QStringLiteral("TLS: a plain HTTP request on the TLS port (answered 400)"));
}

void Connection::closeAfterWriting()
{
    m_closeWhenWritten = true;
    setInterest(quint8(m_interest & ~Poller::Read));
    if (bytesToWrite() == 0)
        release(QString());
}

void Connection::finishWriting()
{
    m_finishWhenWritten = true;
    if (m_fd >= 0 && bytesToWrite() == 0)
        endSending();
}

void Connection::endSending()
{
    if (m_ssl && SSL_is_init_finished(m_ssl)) {
        ERR_clear_error();
        SSL_shutdown(m_ssl); // close_notify; the peer's own is not awaited
    }
    ::shutdown(m_fd, SHUT_WR);
}

void Connection::abort() { release(QString()); }

void Connection::reset()
{
    if (m_fd < 0)
        return;
    const linger now {1, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
    release(QString());
}

void Connection::readyRead()
{
    if (m_fd < 0 || !(m_interest & Poller::Read))
        return; // a readiness told in the same pass as the close
    if (m_ssl) {
        readTls();
        return;
    }
    char *buffer = readBuffer();
    const ssize_t n = ::recv(m_fd, buffer, size_t(kReadChunk), 0);
    if (n > 0) {
        m_handler.received(QByteArrayView(buffer, qsizetype(n)));
        return;
    }
    if (n == 0)
        release(QString()); // the peer closed its end
    else if (!wouldBlock(errno))
        fail(systemError(errno));
}

// The records readable now, a few at a time (OpenSSL reads no further than the record it decrypts: what
// it holds decrypted is always handed on, and the rest waits in the kernel for the next readiness).
void Connection::readTls()
{
    char *buffer = readBuffer();
    for (int i = 0; i < kMaxTlsRecordsPerRead && m_ssl && !m_closeWhenWritten; ++i) {
        clearTlsErrors();
        const int n = SSL_read(m_ssl, buffer, int(kReadChunk));
        if (n > 0) {
            m_handler.received(QByteArrayView(buffer, qsizetype(n)));
            continue;
        }
        bool wantsWrite = false;
        if (!tlsWaits(n, &wantsWrite))
            return;
        if (wantsWrite) { // a handshake message or a key update answer the kernel did not take
            m_readWaitsForWrite = true;
            waitWritable(true);
        }
        break;
    }
    if (m_fd >= 0 && m_writeWaitsForRead) {
        m_writeWaitsForRead = false;
        onWritable();
    }
}

void Connection::readyWrite()
{
    if (m_fd >= 0 && (m_interest & Poller::Write))
        onWritable();
}

void Connection::onWritable()
{
    if (m_readWaitsForWrite) {
        m_readWaitsForWrite = false;
        readTls();
        if (m_fd < 0)
            return;
    }
    if (!writeQueued())
        return;
    if (bytesToWrite() > 0 || m_fd < 0)
        return;
    waitWritable(false);
    m_queued.clear(); // the memory goes back: an idle connection holds no buffer
    m_queuedOffset = 0;
    if (m_closeWhenWritten)
        release(QString());
    else if (m_finishWhenWritten)
        endSending();
}

bool Connection::writeQueued()
{
    while (bytesToWrite() > 0 && !m_writeWaitsForRead) {
        const qsizetype sent = sendSome(QByteArrayView(m_queued).sliced(m_queuedOffset));
        if (sent < 0)
            return false;
        if (sent == 0)
            return true;
        m_queuedOffset += sent;
    }
    return true;
}

void Connection::fail(const QString &error) { release(error.isEmpty() ? QStringLiteral("failed") : error); }

void Connection::release(const QString &error)
{
    if (m_fd < 0)
        return;
    m_interest = Poller::None; // closing the descriptor takes it out of the epoll set
    if (m_ssl) {
        if (error.isEmpty() && SSL_is_init_finished(m_ssl) && !(SSL_get_shutdown(m_ssl) & SSL_SENT_SHUTDOWN)) {
            ERR_clear_error();
            SSL_shutdown(m_ssl); // close_notify, if the kernel takes it
        }
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    ::close(m_fd);
    m_fd = -1;
    m_queued.clear();
    m_queuedOffset = 0;
    // Never from inside a write or a read handler's caller: a hub sending to many clients may be
    // iterating over this one. The poller's queue, since the handler outlives the connection.
    Handler *handler = &m_handler;
    QMetaObject::invokeMethod(&m_poller, [handler, error] { handler->closed(error); }, Qt::QueuedConnection);
}

} // namespace Herald
