#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QTcpSocket;
class QWebSocket;

namespace Herald {

class WriteBatch;

// One client connection: its WebSocket, its heartbeat state and its back-pressure check.
// Protocol handling stays in the gateway and the chat service; this class only moves bytes.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    Session(const QString &id, QWebSocket *socket, QTcpSocket *tcp, WriteBatch &batch, qint64 maxUnsentBytes,
            QObject *parent);
    ~Session() override;

    const QString &id() const { return m_id; }
    QWebSocket *socket() const { return m_socket; }
    QTcpSocket *tcp() const { return m_tcp; }

    // Queues text for the client. A client whose unsent bytes pass the cap is closed (slow_consumer).
    // Sends one text message. `frame` is its WebSocket frame when the caller already built it (a
    // broadcast frames once for all recipients); empty, it is built here.
    void send(const QByteArray &text, const QByteArray &frame = {});
    // Writes the messages held for the write batch (WriteBatch calls it; a close calls it first).
    void flushHeld();
    // Closes with a WebSocket close code; reasonKind names the reason in metrics and logs.
    void closeWith(int closeCode, const QString &reason, const QString &reasonKind);
    // Heartbeat tick: closes after `limit` unanswered pings (0: never), otherwise sends a ping.
    void heartbeat(int limit, const QByteArray &ping);
    void noteAlive() { m_missedPings = 0; }
    void setMaxUnsentBytes(qint64 max) { m_maxUnsentBytes = max; }

    bool isClosing() const { return !m_closeKind.isEmpty(); }
    const QString &closeKind() const { return m_closeKind; }
    const QString &closeReason() const { return m_closeReason; }

private:
    QString m_id;
    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_tcp;
    WriteBatch &m_batch;
    QByteArray m_held; // frames not yet written to the socket (WriteBatch)
    qint64 m_maxUnsentBytes;
    int m_missedPings = 0;
    QString m_closeKind;
    QString m_closeReason;
};

} // namespace Herald
