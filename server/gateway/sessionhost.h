#pragma once

#include "gateway/connection.h"
#include "gateway/deadlines.h"
#include "gateway/heartbeatwheel.h"
#include "gateway/outbox.h"
#include "gateway/poller.h"
#include "gateway/session.h"
#include "gateway/writebatch.h"
#include "util/slotpool.h"

#include <QByteArray>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <memory>
#include <vector>

namespace Herald {

class TlsContext;

struct HostSettings {
    Session::Settings session;
    int pingIntervalSec = 10; // 0: no heartbeat
    int pingLimit = 3;
    QByteArray pingFrame;     // the client protocol's heartbeat, framed once for every session
};

// The sessions of one gateway thread: it lives in that thread, makes a Session of each descriptor it
// is handed, runs their heartbeat and their writes, and reports to the gateway (in the hub's thread)
// through its signals, which reach the gateway queued and in order. Sessions are named by their
// client id towards the gateway; the gateway names them by pointer once they have opened. Sessions are
// plain objects that tell the host (Session::Host): one set of signal connections per thread, none
// per client.
class SessionHost final : public QObject, private Session::Host
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionHost)

public:
    SessionHost();
    ~SessionHost() override;

    // Each is called in the host's thread (the gateway queues them there).
    // `tls`: the context its TLS is made from; nullptr: a plain connection.
    void adopt(qintptr descriptor, const PeerAddress &peer, const QString &id, const std::shared_ptr<const TlsContext> &tls);
    // Frames each text of the outbox once (in this thread: the frames, which live until their write,
    // are this thread's memory, not the hub's) and hands each session its frames, closes and releases.
    void apply(const Outbox &outbox);
    void setSettings(const HostSettings &settings);

Q_SIGNALS:
    void opened(const QString &id, Herald::Session *session, const QByteArray &target);
    void textReceived(const QString &id, const QByteArray &utf8);
    void binaryReceived(const QString &id, qsizetype size);
    // The client is no longer reachable (kind, code and reason as Session tells them).
    void closing(const QString &id, const QString &kind, int code, const QString &reason);
    // The connection is gone; `opened` says whether the handshake had finished.
    void ended(const QString &id, bool opened, const QString &kind);

private:
    // Session::Host
    void sessionOpened(Session &session, const QByteArray &target) override;
    void sessionClosing(Session &session) override;
    void sessionText(Session &session, const QByteArray &utf8) override;
    void sessionBinary(Session &session, qsizetype size) override;
    void sessionEnded(Session &session) override;
    void wakeAt(Session &session, qint64 monotonicMs) override;

    void release(Session *session);
    void forget(Session *session);
    void deleteForgotten();
    void heartbeat();

    HostSettings m_settings; // its `session` part is shared by every session here
    SlotPool<Session> m_pool; // where the sessions live: packed, away from the thread's passing buffers
    Poller m_poller;         // every connection's descriptor
    Deadlines m_deadlines;   // handshakes and close handshakes under way
    WriteBatch m_writes;
    QTimer m_heartbeat;         // one tick visits one slot of the wheel
    HeartbeatWheel m_sessions;  // every session alive here
    QSet<Session *> m_released; // released by the gateway, connection not gone yet
    QSet<Session *> m_gone;     // connection gone, not released yet
    std::vector<Session *> m_forgotten; // to be deleted from the event loop
};

} // namespace Herald
