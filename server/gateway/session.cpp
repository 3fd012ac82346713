#include "gateway/session.h"

#include "gateway/writebatch.h"

#include "protocol/wsframe.h"
#include "util/logging.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

namespace Herald {

namespace {
constexpr int kCloseHandshakeMs = 2000; // a peer that does not answer a close frame is aborted after this
}

Session::Session(const QString &id, QWebSocket *socket, QTcpSocket *tcp, WriteBatch &batch, qint64 maxUnsentBytes,
                 QObject *parent)
    : QObject(parent), m_id(id), m_socket(socket), m_tcp(tcp), m_batch(batch), m_maxUnsentBytes(maxUnsentBytes)
{
    m_socket->setParent(this);
}

Session::~Session() = default;

void Session::send(const QByteArray &text, const QByteArray &frame)
{
    if (isClosing() || m_socket->state() != QAbstractSocket::ConnectedState)
        return; // nothing may follow a close frame
    // The backlog before this message: one message larger than the cap must not close a client that reads.
    const qint64 backlog = m_tcp ? m_tcp->bytesToWrite() + m_held.size() : 0;
    if (m_tcp) { // the frame as the gateway built it once for every recipient, held for the write batch
        if (m_held.isEmpty())
            m_batch.add(this);
        m_held.append(frame.isEmpty() ? WebSocket::serverTextFrame(text) : frame);
    } else
        m_socket->sendTextMessage(QString::fromUtf8(text));
    if (m_maxUnsentBytes > 0 && backlog > m_maxUnsentBytes) {
        qCWarning(lcGateway).noquote() << "closing" << m_id << "from" << m_socket->peerAddress().toString()
                                       << ": more than" << m_maxUnsentBytes
                                       << "bytes unsent, the client is not reading (max-send-buffer)";
        m_closeKind = QStringLiteral("slow_consumer");
        m_closeReason = QStringLiteral("send buffer full");
        // Never close inside a send: the hub may be iterating over recipients.
        QTimer::singleShot(0, m_socket, &QWebSocket::abort);
    }
}

void Session::flushHeld()
{
    if (m_held.isEmpty() || !m_tcp)
        return;
    m_tcp->write(m_held);
    m_held.clear(); // no buffer kept between bursts: an idle client holds none
    m_tcp->flush(); // one send() now; what the kernel does not take goes out through the write notifier
}

void Session::closeWith(int closeCode, const QString &reason, const QString &reasonKind)
{
    if (isClosing())
        return;
    m_closeKind = reasonKind;
    m_closeReason = reason;
    QPointer<QWebSocket> socket = m_socket;
    QPointer<Session> self = this;
    QTimer::singleShot(0, m_socket, [self, socket, closeCode, reason] {
        if (self)
            self->flushHeld(); // what was sent before the close goes before the close frame
        socket->close(QWebSocketProtocol::CloseCode(closeCode), reason);
        QTimer::singleShot(kCloseHandshakeMs, socket, [socket] {
            if (socket)
                socket->abort();
        });
    });
}

void Session::heartbeat(int limit, const QByteArray &ping)
{
    if (isClosing())
        return;
    if (limit > 0 && m_missedPings >= limit) {
        closeWith(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("ping timeout"), QStringLiteral("ping_timeout"));
        return;
    }
    ++m_missedPings;
    send(ping);
}

} // namespace Herald
