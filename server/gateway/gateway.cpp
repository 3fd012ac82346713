#include "gateway/gateway.h"

#include "gateway/session.h"
#include "hub/chatservice.h"
#include "hub/hub.h"
#include "protocol/chatcodec.h"
#include "protocol/clientid.h"
#include "protocol/wsframe.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QWebSocket>

#include <utility>

namespace Herald {

namespace {
QString closeKindFromCode(QWebSocketProtocol::CloseCode code)
{
    switch (code) {
    case QWebSocketProtocol::CloseCodeTooMuchData: return QStringLiteral("too_large");
    case QWebSocketProtocol::CloseCodeProtocolError: return QStringLiteral("protocol_error");
    case QWebSocketProtocol::CloseCodeWrongDatatype: return QStringLiteral("bad_data");
    default: return QStringLiteral("client");
    }
}
} // namespace

Gateway::Gateway(Hub &hub, ChatService &chat, ClientIdGenerator &ids, Metrics &metrics, QObject *parent)
    : QObject(parent),
      m_hub(hub),
      m_chat(chat),
      m_ids(ids),
      m_metrics(metrics),
      m_handshaker(QStringLiteral("herald"), QWebSocketServer::NonSecureMode)
{
    connect(&m_listener, &QTcpServer::newConnection, this, &Gateway::acceptPending);
    connect(&m_handshaker, &QWebSocketServer::newConnection, this, &Gateway::onHandshakeDone);
    connect(&m_heartbeat, &QTimer::timeout, this, &Gateway::heartbeat);
    setLimits(m_limits);
}

Gateway::~Gateway()
{
    // Tear down while every member still exists: a socket destroyed later (with the listener that parents
    // it) would call back into a half-destroyed gateway.
    m_listener.close();
    m_handshaker.disconnect(this);
    for (QTcpSocket *tcp : std::as_const(m_handshaking))
        tcp->disconnect(this);
    const QHash<QString, Session *> sessions = std::exchange(m_sessions, {});
    for (Session *s : sessions) {
        s->socket()->disconnect();
        if (QTcpSocket *tcp = s->tcp())
            tcp->disconnect(this);
        delete s;
    }
}

bool Gateway::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener.setListenBacklogSize(m_limits.listenBacklog);
    if (!m_listener.listen(address, port)) {
        if (error)
            *error = m_listener.errorString();
        return false;
    }
    return true;
}

void Gateway::setLimits(const GatewayLimits &limits)
{
    m_limits = limits;
    m_handshaker.setHandshakeTimeout(limits.handshakeTimeoutMs);
    m_handshaker.setMaxPendingConnections(1 << 20); // drained synchronously in onHandshakeDone
    if (limits.pingIntervalSec > 0)
        m_heartbeat.start(limits.pingIntervalSec * 1000);
    else
        m_heartbeat.stop();
    for (Session *s : std::as_const(m_sessions))
        s->setMaxUnsentBytes(limits.maxSendBuffer);
}

void Gateway::acceptPending()
{
    while (QTcpSocket *tcp = m_listener.nextPendingConnection()) {
        const QHostAddress address = tcp->peerAddress();
        const int fromAddress = m_perAddress.value(address);
        const bool overTotal = m_limits.maxConnections > 0 && m_open >= m_limits.maxConnections;
        const bool overAddress = m_limits.maxConnectionsPerIp > 0 && fromAddress >= m_limits.maxConnectionsPerIp;
        if (overTotal || overAddress) {
            ++m_metrics.connectionsRefused;
            m_metrics.countClose(overTotal ? QStringLiteral("refused_max_connections")
                                           : QStringLiteral("refused_per_ip"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (now - m_lastRefusalLog >= 1000) { // at most one line a second during a storm
                m_lastRefusalLog = now;
                qCWarning(lcGateway).noquote()
                    << "refused a connection from" << address.toString() << ":"
                    << (overTotal ? QStringLiteral("max-connections (%1) reached").arg(m_limits.maxConnections)
                                  : QStringLiteral("max-connections-per-ip (%1) reached").arg(m_limits.maxConnectionsPerIp));
            }
            tcp->abort();
            tcp->deleteLater();
            continue;
        }
        ++m_open;
        ++m_perAddress[address];
        const QPair<QHostAddress, quint16> peer{address, tcp->peerPort()};
        m_handshaking.insert(peer, tcp);
        // Only a connection that never became a session is released here: once upgraded, the QWebSocket
        // cuts every connection of its socket when it is destroyed, so sessions release on disconnected (startSession()).
        connect(tcp, &QObject::destroyed, this, [this, address, peer] {
            if (m_handshaking.remove(peer) > 0)
                release(address);
        });
        // handleConnection() does not start QWebSocketServer's handshake timeout (only its own listen() does).
        QTimer::singleShot(m_limits.handshakeTimeoutMs, tcp, [this, tcp, peer] {
            if (m_handshaking.value(peer) != tcp)
                return;
            m_metrics.countClose(QStringLiteral("handshake_timeout"));
            qCInfo(lcGateway).noquote() << "closing" << peer.first.toString() + QLatin1Char(':') + QString::number(peer.second)
                                        << ": no WebSocket handshake within" << m_limits.handshakeTimeoutMs
                                        << "ms (handshake-timeout)";
            tcp->close();
        });
        m_handshaker.handleConnection(tcp);
    }
}

void Gateway::release(const QHostAddress &address)
{
    --m_open;
    auto it = m_perAddress.find(address);
    if (it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
}

void Gateway::onHandshakeDone()
{
    while (QWebSocket *socket = m_handshaker.nextPendingConnection())
        startSession(socket);
}

void Gateway::startSession(QWebSocket *socket)
{
    socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxMessageSize));
    socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxMessageSize));
    QTcpSocket *tcp = m_handshaking.take({socket->peerAddress(), socket->peerPort()});
    const QString id = m_ids.next();
    auto *session = new Session(id, socket, tcp, m_writes, m_limits.maxSendBuffer, this);
    m_sessions.insert(id, session);
    ++m_metrics.connectionsAccepted;

    connect(socket, &QWebSocket::textMessageReceived, session, [this, session](const QString &text) {
        onText(session, text);
    });
    connect(socket, &QWebSocket::binaryMessageReceived, session, [this, session](const QByteArray &data) {
        session->noteAlive();
        m_hub.noteIncoming(session->id(), data.size());
        m_chat.reject(session->id(), ChatError::BinaryNotSupported,
                      QStringLiteral("binary frames are not supported; send JSON in text frames"));
    });
    connect(socket, &QWebSocket::pong, session, [session] { session->noteAlive(); });
    const QHostAddress address = socket->peerAddress();
    connect(socket, &QWebSocket::disconnected, session, [this, session, address] {
        release(address);
        endSession(session);
    });

    qCInfo(lcGateway).noquote() << "connect" << id << "from"
                                << socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
    m_hub.addClient(id, socket->peerAddress().toString(), socket->peerPort());
}

void Gateway::onText(Session *session, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    session->noteAlive();
    ++m_metrics.messagesIn;
    m_metrics.bytesIn += quint64(bytes.size());
    m_hub.noteIncoming(session->id(), bytes.size());
    m_chat.handle(session->id(), Chat::decode(bytes));
}

void Gateway::endSession(Session *session)
{
    QWebSocket *socket = session->socket();
    const QString kind = session->isClosing() ? session->closeKind() : closeKindFromCode(socket->closeCode());
    const QString reason = session->isClosing() ? session->closeReason() : socket->closeReason();
    m_metrics.countClose(kind);
    qCInfo(lcGateway).noquote() << "close" << session->id()
                                << socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort())
                                << kind << "code" << int(socket->closeCode())
                                << (reason.isEmpty() ? QString() : QStringLiteral("\"%1\"").arg(reason.left(120)));
    m_chat.clientClosing(session->id());
    m_hub.removeClient(session->id(), kind);
    m_sessions.remove(session->id());
    socket->disconnect(this);
    session->deleteLater();
    if (m_sessions.isEmpty() && !m_listener.isListening())
        Q_EMIT drained();
}

void Gateway::heartbeat()
{
    const QByteArray ping = Chat::encodePing();
    const QList<Session *> sessions = m_sessions.values();
    for (Session *s : sessions)
        s->heartbeat(m_limits.pingLimit, ping);
}

void Gateway::stopAccepting()
{
    m_listener.close();
    m_heartbeat.stop();
}

void Gateway::closeAll(int closeCode, const QString &reason)
{
    if (m_sessions.isEmpty()) {
        Q_EMIT drained();
        return;
    }
    for (Session *s : std::as_const(m_sessions))
        s->closeWith(closeCode, reason, QStringLiteral("shutdown"));
}

void Gateway::send(const QString &clientId, const QByteArray &text)
{
    Session *s = m_sessions.value(clientId);
    if (!s)
        return;
    // The hub hands every recipient of a broadcast the same QByteArray: frame it once. Holding the last
    // payload keeps its storage alive, so a matching pointer really is the same message.
    if (text.constData() != m_framedPayload.constData() || text.size() != m_framedPayload.size()) {
        m_framedPayload = text;
        m_frame = WebSocket::serverTextFrame(text);
    }
    s->send(text, m_frame);
}

void Gateway::close(const QString &clientId, int closeCode, const QString &reason)
{
    if (Session *s = m_sessions.value(clientId))
        s->closeWith(closeCode, reason, QStringLiteral("kicked"));
}

} // namespace Herald
