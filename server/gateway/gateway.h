#pragma once

#include "gateway/listener.h"
#include "gateway/writebatch.h"
#include "hub/outlet.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace Herald {

class ChatService;
class ClientIdGenerator;
class Hub;
class Session;
struct Metrics;

struct GatewayLimits {
    qint64 maxMessageSize = 64 * 1024;   // bytes of one incoming frame and one message
    int maxConnections = 100000;         // in total
    int maxConnectionsPerIp = 1000;
    int handshakeTimeoutMs = 10000;
    qint64 maxSendBuffer = 1024 * 1024;  // unsent bytes per client before it is closed
    int pingIntervalSec = 10;            // 0: no heartbeat
    int pingLimit = 3;                   // unanswered pings before the close; 0: never close
    int listenBacklog = 4096;
};

// Accepts WebSocket clients: its own listening socket (large backlog, limits checked at accept), one
// Session per connection (the WebSocket protocol on a plain descriptor), heartbeats, and the hub's
// Outlet for sending and closing.
class Gateway final : public QObject, public Outlet
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    Gateway(Hub &hub, ChatService &chat, ClientIdGenerator &ids, Metrics &metrics, QObject *parent = nullptr);
    ~Gateway() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_listener.serverPort(); }
    QHostAddress address() const { return m_listener.serverAddress(); }
    void setLimits(const GatewayLimits &limits); // applies to new and (where it can) existing clients
    const GatewayLimits &limits() const { return m_limits; }

    // Shutdown: stop accepting, then close every client with 1001; drained() once all are gone.
    void stopAccepting();
    void closeAll(int closeCode, const QString &reason);
    int sessionCount() const { return int(m_sessions.size()); }

    void send(const QString &clientId, const QByteArray &text) override;
    void close(const QString &clientId, int closeCode, const QString &reason) override;

Q_SIGNALS:
    void drained();

private:
    void accept(qintptr descriptor);
    bool refuse(const QHostAddress &address); // true: over a limit, counted and logged
    void startSession(Session *session);
    void retire(Session *session);     // takes an opened session's client out of the hub, once
    void endSession(Session *session); // the connection is gone
    void onText(Session *session, const QByteArray &utf8);
    void release(const QHostAddress &address);
    void heartbeat();

    Hub &m_hub;
    ChatService &m_chat;
    ClientIdGenerator &m_ids;
    Metrics &m_metrics;
    GatewayLimits m_limits;
    Listener m_listener;
    QTimer m_heartbeat;
    int m_open = 0;                                  // TCP connections held, handshaking or not
    QHash<QHostAddress, int> m_perAddress;
    QSet<Session *> m_handshaking;
    QHash<QString, Session *> m_sessions; // opened, still in the hub
    QSet<Session *> m_retired;            // out of the hub, finishing their close handshake
    WriteBatch m_writes;
    QByteArray m_framedPayload; // the last message sent, and its frame
    QByteArray m_frame;
    qint64 m_lastRefusalLog = 0;
};

} // namespace Herald
