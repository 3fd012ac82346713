#pragma once

#include "gateway/tokenbucket.h"
#include "protocol/wsframe.h"

#include <QList>
#include <QObject>
#include <QString>

namespace Herald {

class Connection;
class WriteBatch;

// One client: the WebSocket protocol on one Connection — the opening handshake, the client's frames,
// pings, the close handshake — plus its heartbeat count and its back-pressure check. What the client
// says goes to the gateway as signals; routing and the client protocol are not its business.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    struct Settings {
        WebSocket::ReaderLimits limits;
        qint64 maxUnsentBytes = 1024 * 1024; // every frame queued counts: messages, pongs, closes
        int handshakeTimeoutMs = 10000;
        // Inbound messages and control frames, a token each per KiB started; 0: unlimited. The first
        // message over the limit is dropped and answered with `rateLimitedFrame` (if any); a client that
        // goes on (another burst dropped before one passes) is closed with 1008.
        TokenBucket::Limit messageLimit;
        QByteArray rateLimitedFrame;
        // The client protocol's answer to its heartbeat: recognised and absorbed here, never reported.
        bool (*isHeartbeatAnswer)(QByteArrayView text) = nullptr;
        // Browsers' Origin headers accepted (exact match); empty: any. A handshake without one is accepted.
        QList<QByteArray> allowedOrigins;
    };

    // Where a session is in its host's heartbeat wheel (the host's business; kept here to cost no lookup).
    struct WheelPlace {
        qint32 slot = -1;
        qint32 index = -1;
    };

    // Takes `connection` as its child and starts reading the handshake. `settings` are the host's,
    // shared by its sessions: they outlive the session and a change applies to every session at once.
    Session(Connection *connection, const Settings &settings, WriteBatch &batch, QObject *parent);
    ~Session() override;

    const QString &id() const { return m_id; }
    void setId(const QString &id) { m_id = id; }
    Connection &connection() const { return *m_connection; }
    bool isOpen() const { return m_state == State::Open; }   // handshake done, no close begun
    bool wasOpened() const { return m_opened; }

    // Sends one message as its WebSocket frame, built by the caller (a broadcast is framed once for
    // all its recipients). A client whose unsent bytes pass the cap is closed (slow_consumer).
    void send(const QByteArray &frame);
    // Writes the frames held for the write batch (WriteBatch calls it; a close calls it first).
    void flushHeld();
    // Starts the close handshake of an open session: what is held, then a close frame with this code;
    // the client's close frame is awaited for a moment. `kind` names the reason in metrics and logs.
    void closeWith(int code, const QString &reason, const QString &kind);
    // Heartbeat, once an interval: nothing for a client that sent a message since the last one (it is
    // alive); otherwise closes after `limit` unanswered pings (0: never), or sends `pingFrame`.
    void heartbeat(int limit, const QByteArray &pingFrame);
    WheelPlace &wheelPlace() { return m_wheelPlace; }
    const WheelPlace &wheelPlace() const { return m_wheelPlace; }

    // How it ended: the kind (client, kicked, too_large, ...), the code sent or received (1006: none) and reason.
    const QString &closeKind() const { return m_closeKind; }
    int closeCode() const { return m_closeCode; }
    const QString &closeReason() const { return m_closeReason; }

Q_SIGNALS:
    void opened(const QByteArray &target); // the request target ("/?token=..."), for the client protocol
    // The close has begun (either side) or the connection dropped: the client is no longer reachable.
    // Emitted once, before ended().
    void closing();
    void textReceived(const QByteArray &utf8);
    void binaryReceived(qsizetype size);
    void ended(); // the connection is gone; the session may be deleted

private:
    enum class State { Handshaking, Open, Closing, Closed };

    void onReceived(QByteArrayView bytes);
    void readHandshake(QByteArrayView bytes);
    bool originAllowed(const QByteArray &origin) const;
    void readFrames(QByteArrayView bytes);
    void onMessage(WebSocket::Message &&message);
    bool admit(const WebSocket::Message &message); // false: over the inbound limit, dropped
    void onClosed(const QString &error);
    // Queues a frame for the write batch; false (and closed as a slow consumer) when the backlog
    // before it is over the cap.
    bool hold(const QByteArray &frame);
    void markClosing(const QString &kind, const QString &reason);

    Connection *m_connection;
    const Settings &m_settings;
    WriteBatch &m_batch;
    WebSocket::FrameReader m_reader;
    State m_state = State::Handshaking;
    bool m_opened = false;
    QString m_id;
    QByteArray m_handshake; // the request so far, while it is incomplete
    QByteArray m_held;      // frames not yet written (WriteBatch)
    int m_missedPings = 0;
    bool m_heardFrom = false; // a message (not a heartbeat answer) since the last heartbeat
    int m_dropped = 0;        // messages dropped over the limit since the last one admitted
    TokenBucket m_inbound;
    WheelPlace m_wheelPlace;
    int m_closeCode = WebSocket::CloseAbnormal;
    QString m_closeKind;
    QString m_closeReason;
};

} // namespace Herald
