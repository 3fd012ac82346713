#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

class QSocketNotifier;

namespace Herald {

struct PeerAddress {
    QHostAddress address; // IPv4 for a v4 client of a dual-stack listener, not ::ffff:a.b.c.d
    quint16 port = 0;
};
PeerAddress peerOf(qintptr descriptor); // of a connected socket; null when the kernel cannot tell

// One accepted TCP connection on its own descriptor: reads what arrives into a buffer shared by every
// connection of the thread, writes straight to the kernel and queues only what the kernel does not
// take. An idle connection holds no buffer at all (QTcpSocket keeps a 16–32 KiB chunk per direction).
// Transport only: the WebSocket protocol is Session's job.
class Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    // Takes ownership of `descriptor`, a connected stream socket whose peer is `peer` (peerOf()).
    Connection(qintptr descriptor, const PeerAddress &peer, QObject *parent = nullptr);
    ~Connection() override;

    const QHostAddress &peerAddress() const { return m_peer.address; }
    quint16 peerPort() const { return m_peer.port; }
    QString peerName() const; // "address:port" for logs
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

Q_SIGNALS:
    // Bytes received; the view is valid only during the call.
    void received(QByteArrayView bytes);
    // Emitted once, from the event loop, when the connection is gone: the peer closed it, it failed
    // (`error` says how), or it was closed here.
    void closed(const QString &error);

private:
    void onReadable();
    void onWritable();
    bool writeQueued(); // false: the connection failed and was closed
    void fail(const QString &error);
    void release(const QString &error);

    int m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr; // made the first time the kernel does not take a write
    QByteArray m_queued;                         // bytes the kernel has not taken yet
    qsizetype m_queuedOffset = 0;
    PeerAddress m_peer;
    bool m_closeWhenWritten = false;
    bool m_finishWhenWritten = false;
};

} // namespace Herald
