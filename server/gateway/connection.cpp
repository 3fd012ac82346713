#include "gateway/connection.h"

#include "util/logging.h"

#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <cstring>

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
} // namespace

PeerAddress peerOf(qintptr descriptor)
{
    PeerAddress peer;
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return peer;
    peer.address.setAddress(reinterpret_cast<const sockaddr *>(&address));
    bool isV4 = false;
    const quint32 v4 = peer.address.toIPv4Address(&isV4); // ::ffff:a.b.c.d from a dual-stack listener
    if (isV4)
        peer.address.setAddress(v4);
    peer.port = address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port)
                                              : ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
    return peer;
}

Connection::Connection(qintptr descriptor, const PeerAddress &peer, QObject *parent)
    : QObject(parent), m_fd(int(descriptor)), m_peer(peer)
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    const int one = 1; // the write batch already joins a pass's frames: send them without waiting
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &Connection::onReadable);
}

Connection::~Connection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString Connection::peerName() const
{
    return Herald::peerName(m_peer.address, m_peer.port);
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
    const ssize_t sent = ::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
    if (sent < 0 && !wouldBlock(errno)) {
        fail(systemError(errno));
        return;
    }
    const qsizetype taken = sent < 0 ? 0 : qsizetype(sent);
    if (taken == bytes.size())
        return;
    m_queued = bytes.sliced(taken).toByteArray();
    m_queuedOffset = 0;
    if (!m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &Connection::onWritable);
    }
    m_writeNotifier->setEnabled(true);
}

void Connection::closeAfterWriting()
{
    m_closeWhenWritten = true;
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
    if (bytesToWrite() == 0)
        release(QString());
}

void Connection::finishWriting()
{
    m_finishWhenWritten = true;
    if (m_fd >= 0 && bytesToWrite() == 0)
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

void Connection::onReadable()
{
    char *buffer = readBuffer();
    const ssize_t n = ::recv(m_fd, buffer, size_t(kReadChunk), 0);
    if (n > 0) {
        Q_EMIT received(QByteArrayView(buffer, qsizetype(n)));
        return;
    }
    if (n == 0)
        release(QString()); // the peer closed its end
    else if (!wouldBlock(errno))
        fail(systemError(errno));
}

void Connection::onWritable()
{
    if (!writeQueued())
        return;
    if (bytesToWrite() > 0)
        return;
    m_writeNotifier->setEnabled(false);
    m_queued.clear(); // the memory goes back: an idle connection holds no buffer
    m_queuedOffset = 0;
    if (m_closeWhenWritten)
        release(QString());
    else if (m_finishWhenWritten)
        ::shutdown(m_fd, SHUT_WR);
}

bool Connection::writeQueued()
{
    while (bytesToWrite() > 0) {
        const ssize_t sent = ::send(m_fd, m_queued.constData() + m_queuedOffset, size_t(bytesToWrite()), MSG_NOSIGNAL);
        if (sent < 0) {
            if (wouldBlock(errno))
                return true;
            fail(systemError(errno));
            return false;
        }
        m_queuedOffset += qsizetype(sent);
    }
    return true;
}

void Connection::fail(const QString &error) { release(error.isEmpty() ? QStringLiteral("failed") : error); }

void Connection::release(const QString &error)
{
    if (m_fd < 0)
        return;
    for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
        if (notifier) { // possibly the one whose signal is being handled: deleted from the event loop
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_readNotifier = m_writeNotifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
    m_queued.clear();
    m_queuedOffset = 0;
    // Never from inside a write or a read handler's caller: a hub sending to many clients may be
    // iterating over this one.
    QMetaObject::invokeMethod(this, [this, error] { Q_EMIT closed(error); }, Qt::QueuedConnection);
}

} // namespace Herald
