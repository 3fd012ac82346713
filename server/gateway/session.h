#pragma once

#include "gateway/connection.h"
#include "gateway/tokenbucket.h"
#include "gateway/writebatch.h"
#include "protocol/wsframe.h"

#include <QList>
#include <QString>

namespace Herald {

// One client: the WebSocket protocol on one Connection — the opening handshake, the client's frames,
// pings, the close handshake — plus its heartbeat count and its back-pressure check. What the client
// says goes to its host (Host); routing and the client protocol are not its business. A plain object:
// thousands of them live in a thread, and a QObject with its signal connections cost more than the
// rest of a session.
class Session final : private Connection::Handler
{
    Q_DISABLE_COPY_MOVE(Session)

public:
    // What a session tells the host it lives in, in the host's thread.
    class Host
    {
    public:
        virtual void sessionOpened(Session &session, const QByteArray &target) = 0; // "/?token=...", for the client protocol
        // The close has begun (either side) or the connection dropped: the client is no longer
        // reachable. Told once, before ended().
        virtual void sessionClosing(Session &session) = 0;
        virtual void sessionText(Session &session, const QByteArray &utf8) = 0;
        virtual void sessionBinary(Session &session, qsizetype size) = 0;
        virtual void sessionEnded(Session &session) = 0; // the connection is gone; the session may be deleted
        // The session needs deadlinePassed() at `monotonicMs` (coarseMonotonicMs()); 0: no longer.
        virtual void wakeAt(Session &session, qint64 monotonicMs) = 0;

    protected:
        ~Host() = default;
    };

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

    // Makes the Connection of `descriptor` (see Connection) and starts reading the handshake. `settings`
    // are the host's, shared by its sessions: they, `batch` and `host` outlive the session, and a
    // change of settings applies to every session at once.
    Session(qintptr descriptor, const PeerAddress &peer, SSL_CTX *tls, Poller &poller, const Settings &settings,
            WriteBatch &batch, Host &host);
    ~Session();

    const QString &id() const { return m_id; }
    void setId(const QString &id) { m_id = id; }
    Connection &connection() { return m_connection; }
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
    // The moment asked for with Host::wakeAt has come: a handshake or a close handshake took too long.
    void deadlinePassed();
    WheelPlace &wheelPlace() { return m_wheelPlace; }
    const WheelPlace &wheelPlace() const { return m_wheelPlace; }

    // How it ended: the kind (client, kicked, too_large, ...), the code sent or received (1006: none) and reason.
    const QString &closeKind() const { return m_closeKind; }
    int closeCode() const { return m_closeCode; }
    const QString &closeReason() const { return m_closeReason; }

private:
    enum class State : quint8 { Handshaking, Open, Closing, Closed };

    void received(QByteArrayView bytes) override;
    void closed(const QString &error) override;
    void readHandshake(QByteArrayView bytes);
    bool originAllowed(const QByteArray &origin) const;
    void readFrames(QByteArrayView bytes);
    void onMessage(WebSocket::Message &&message);
    bool admit(const WebSocket::Message &message); // false: over the inbound limit, dropped
    // Queues a frame for the write batch; false (and closed as a slow consumer) when the backlog
    // before it is over the cap.
    bool hold(const QByteArray &frame);
    void markClosing(const QString &kind, const QString &reason);

    Connection m_connection;
    const Settings &m_settings;
    WriteBatch &m_batch;
    Host &m_host;
    WebSocket::FrameReader m_reader;
    State m_state = State::Handshaking;
    bool m_opened = false;
    QString m_id;
    QByteArray m_handshake; // the request so far, while it is incomplete
    WriteBatch::Held m_held; // frames not yet written, kept by the batch
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
