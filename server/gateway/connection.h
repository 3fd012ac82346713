#pragma once

#include "gateway/poller.h"
#include "util/ipaddress.h"

#include <QByteArray>
#include <QHostAddress>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace Herald {

// A client's address as the kernel gave it, packed: 20 bytes and no allocation (a QHostAddress keeps
// a 56-byte private part per connection). Made a QHostAddress or text only at the edges: limits, logs;
// the hub keeps it packed too.
struct PeerAddress {
    IpAddress ip; // unknown: the kernel could not tell
    quint16 port = 0;

    QHostAddress address() const { return ip.toHostAddress(); }
    QString name() const; // "address:port" for logs
};
PeerAddress peerOf(qintptr descriptor); // of a connected socket; null when the kernel cannot tell

// One accepted TCP connection on its own descriptor: reads what arrives into a buffer shared by every
// connection of the thread, writes straight to the kernel and queues only what the kernel does not
// take. An idle connection holds no buffer at all (QTcpSocket keeps a 16–32 KiB chunk per direction).
// With a TLS context it speaks TLS (OpenSSL on the same non-blocking descriptor, the handshake first):
// the plain path only tests one pointer per read and per write. Transport only: the WebSocket protocol
// is Session's job. A plain object, no QObject: it tells its owner through Handler.
class Connection final : private Poller::Watcher
{
    Q_DISABLE_COPY_MOVE(Connection)

public:
    // What the connection tells its owner.
    class Handler
    {
    public:
        // Bytes received; the view is valid only during the call.
        virtual void received(QByteArrayView bytes) = 0;
        // Told once, from the event loop, when the connection is gone: the peer closed it, it failed
        // (`error` says how), or it was closed here.
        virtual void closed(const QString &error) = 0;

    protected:
        ~Handler() = default;
    };

    // Takes ownership of `descriptor`, a connected stream socket whose peer is `peer` (peerOf()); with
    // `tls`, the server side of TLS is spoken on it (the connection holds its own reference to `tls`).
    // `poller` (the thread's) watches the descriptor; it and `handler` outlive the connection.
    Connection(qintptr descriptor, const PeerAddress &peer, SSL_CTX *tls, Poller &poller, Handler &handler);
    ~Connection();

    const PeerAddress &peer() const { return m_peer; }
    QString peerName() const { return m_peer.name(); } // "address:port" for logs
    bool isOpen() const { return m_fd >= 0; }

    // Writes `bytes` after anything still queued; what the kernel does not take now is queued.
    void write(QByteArrayView bytes);
    qint64 bytesToWrite() const { return m_queued.size() - m_queuedOffset; }
    // Stops reading; closes once everything queued is written (or at once when nothing is).
    void closeAfterWriting();
    // Ends the sending side (a FIN) once everything queued is written, and reads on until the peer
    // closes: a peer still sending when the server gives up gets the server's last frame, not a reset.
    void finishWriting();
    // Closes now: what is queued here is dropped; the kernel still sends what it took, then a FIN.
    void abort();
    // Closes now with a reset: the kernel drops what it holds too (a peer that stopped reading would
    // otherwise keep that memory until TCP gives up on it).
    void reset();

private:
    void readyRead() override;
    void readyWrite() override;
    void readTls();
    void onWritable();
    void waitWritable(bool on);
    void setInterest(quint8 interest);
    // Gives the kernel (through TLS when on) what it takes of `bytes` now: the count taken, or -1 once
    // the connection failed and was closed.
    qsizetype sendSome(QByteArrayView bytes);
    qsizetype sendTls(QByteArrayView bytes);
    // After an OpenSSL call on the connection returned `result` (not a success): true if it waits for
    // the socket to be readable (or writable: `*wantsWrite`); false once the connection is closed.
    bool tlsWaits(int result, bool *wantsWrite);
    void refusePlainHttp();
    bool writeQueued(); // false: the connection failed and was closed
    void endSending();  // a FIN, after TLS's close_notify
    void fail(const QString &error);
    void release(const QString &error);

    int m_fd = -1;
    Poller &m_poller;
    Handler &m_handler;
    quint8 m_interest = Poller::None; // what the poller watches the descriptor for
    QByteArray m_queued;                         // bytes the kernel has not taken yet
    qsizetype m_queuedOffset = 0;
    PeerAddress m_peer;
    SSL *m_ssl = nullptr;                         // TLS on this connection; nullptr: plain
    bool m_closeWhenWritten = false;
    bool m_finishWhenWritten = false;
    bool m_readWaitsForWrite = false;  // TLS: a read needs the socket writable first
    bool m_writeWaitsForRead = false;  // TLS: a write needs the socket readable first
};

} // namespace Herald
