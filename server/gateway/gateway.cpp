#include "gateway/gateway.h"

#include "gateway/connection.h"
#include "gateway/session.h"
#include "hub/chatservice.h"
#include "hub/hub.h"
#include "protocol/chatcodec.h"
#include "protocol/clientid.h"
#include "protocol/wsframe.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>

#include <utility>

namespace Herald {

Gateway::Gateway(Hub &hub, ChatService &chat, ClientIdGenerator &ids, Metrics &metrics, QObject *parent)
    : QObject(parent), m_hub(hub), m_chat(chat), m_ids(ids), m_metrics(metrics)
{
    connect(&m_listener, &Listener::accepted, this, &Gateway::accept);
    connect(&m_heartbeat, &QTimer::timeout, this, &Gateway::heartbeat);
    setLimits(m_limits);
}

Gateway::~Gateway()
{
    // Tear down while every member still exists: nothing may call back into a half-destroyed gateway.
    m_listener.close();
    const QHash<QString, Session *> sessions = std::exchange(m_sessions, {});
    for (const QSet<Session *> &set : {std::exchange(m_handshaking, {}), std::exchange(m_retired, {})})
        for (Session *s : set)
            delete s;
    for (Session *s : sessions)
        delete s;
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
    if (limits.pingIntervalSec > 0)
        m_heartbeat.start(limits.pingIntervalSec * 1000);
    else
        m_heartbeat.stop();
    for (Session *s : std::as_const(m_sessions))
        s->setMaxUnsentBytes(limits.maxSendBuffer);
}

void Gateway::accept(qintptr descriptor)
{
    auto *connection = new Connection(descriptor);
    const QHostAddress address = connection->peerAddress();
    if (refuse(address)) {
        connection->abort();
        connection->deleteLater();
        return;
    }
    ++m_open;
    ++m_perAddress[address];
    Session::Settings settings;
    settings.limits = {m_limits.maxMessageSize, m_limits.maxMessageSize};
    settings.maxUnsentBytes = m_limits.maxSendBuffer;
    settings.handshakeTimeoutMs = m_limits.handshakeTimeoutMs;
    auto *session = new Session(connection, settings, m_writes, this);
    m_handshaking.insert(session);
    connect(session, &Session::opened, this, [this, session] { startSession(session); });
    // Out of the hub once the current pass is over: the hub may be sending to it right now.
    connect(session, &Session::closing, session, [this, session] { retire(session); }, Qt::QueuedConnection);
    connect(session, &Session::ended, this, [this, session, address] {
        release(address);
        endSession(session);
    });
}

bool Gateway::refuse(const QHostAddress &address)
{
    const bool overTotal = m_limits.maxConnections > 0 && m_open >= m_limits.maxConnections;
    const bool overAddress = m_limits.maxConnectionsPerIp > 0 && m_perAddress.value(address) >= m_limits.maxConnectionsPerIp;
    if (!overTotal && !overAddress)
        return false;
    ++m_metrics.connectionsRefused;
    m_metrics.countClose(overTotal ? QStringLiteral("refused_max_connections") : QStringLiteral("refused_per_ip"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastRefusalLog >= 1000) { // at most one line a second during a storm
        m_lastRefusalLog = now;
        qCWarning(lcGateway).noquote()
            << "refused a connection from" << address.toString() << ":"
            << (overTotal ? QStringLiteral("max-connections (%1) reached").arg(m_limits.maxConnections)
                          : QStringLiteral("max-connections-per-ip (%1) reached").arg(m_limits.maxConnectionsPerIp));
    }
    return true;
}

void Gateway::release(const QHostAddress &address)
{
    --m_open;
    auto it = m_perAddress.find(address);
    if (it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
}

void Gateway::startSession(Session *session)
{
    m_handshaking.remove(session);
    const QString id = m_ids.next();
    session->setId(id);
    m_sessions.insert(id, session);
    ++m_metrics.connectionsAccepted;

    connect(session, &Session::textReceived, this, [this, session](const QByteArray &utf8) { onText(session, utf8); });
    connect(session, &Session::binaryReceived, this, [this, session](qsizetype size) {
        m_hub.noteIncoming(session->id(), size);
        m_chat.reject(session->id(), ChatError::BinaryNotSupported,
                      QStringLiteral("binary frames are not supported; send JSON in text frames"));
    });
    const Connection &connection = session->connection();
    qCInfo(lcGateway).noquote() << "connect" << id << "from" << connection.peerName();
    m_hub.addClient(id, connection.peerAddress().toString(), connection.peerPort());
}

void Gateway::onText(Session *session, const QByteArray &utf8)
{
    ++m_metrics.messagesIn;
    m_metrics.bytesIn += quint64(utf8.size());
    m_hub.noteIncoming(session->id(), utf8.size());
    m_chat.handle(session->id(), Chat::decode(utf8));
}

void Gateway::retire(Session *session)
{
    if (m_sessions.value(session->id()) != session)
        return;
    const QString &kind = session->closeKind();
    const QString &reason = session->closeReason();
    m_metrics.countClose(kind);
    qCInfo(lcGateway).noquote() << "close" << session->id() << session->connection().peerName() << kind << "code"
                                << session->closeCode()
                                << (reason.isEmpty() ? QString() : QStringLiteral("\"%1\"").arg(reason.left(120)));
    m_sessions.remove(session->id());
    m_retired.insert(session);
    m_chat.clientClosing(session->id());
    m_hub.removeClient(session->id(), kind);
}

void Gateway::endSession(Session *session)
{
    session->deleteLater();
    if (!session->wasOpened()) { // a handshake that never finished: counted only when the server ended it
        m_handshaking.remove(session);
        if (!session->closeKind().isEmpty())
            m_metrics.countClose(session->closeKind());
        return;
    }
    retire(session);
    m_retired.remove(session);
    if (m_sessions.isEmpty() && m_retired.isEmpty() && !m_listener.isListening())
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
    if (m_sessions.isEmpty() && m_retired.isEmpty()) {
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
