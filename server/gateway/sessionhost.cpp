#include "gateway/sessionhost.h"

#include "protocol/wsframe.h"
#include "util/tlscontext.h"

#include <algorithm>

namespace Herald {

namespace {
constexpr int kHeartbeatTickMs = 20; // how often a slot of the wheel is visited, at most: small bursts of pings
constexpr int kMaxWheelSlots = 1000;
} // namespace

SessionHost::SessionHost() : m_poller(this), m_deadlines(this), m_writes(this), m_heartbeat(this)
{
    connect(&m_heartbeat, &QTimer::timeout, this, &SessionHost::heartbeat);
}

SessionHost::~SessionHost()
{
    const std::vector<Session *> sessions = m_sessions.all();
    m_sessions = HeartbeatWheel();
    for (Session *session : sessions)
        m_pool.destroy(session);
    deleteForgotten();
}

void SessionHost::setSettings(const HostSettings &settings)
{
    m_settings = settings; // in place: the sessions see the new settings at once
    if (settings.pingIntervalSec <= 0) {
        m_heartbeat.stop();
        return;
    }
    // Each session is visited once an interval, in its slot: a tick pings a slot's share of them.
    const int intervalMs = settings.pingIntervalSec * 1000;
    const int slotCount = std::clamp(intervalMs / kHeartbeatTickMs, 1, kMaxWheelSlots);
    if (slotCount != m_sessions.slotCount())
        m_sessions.resize(slotCount);
    m_heartbeat.start(intervalMs / slotCount);
}

void SessionHost::adopt(qintptr descriptor, const PeerAddress &peer, const QString &id,
                        const std::shared_ptr<const TlsContext> &tls)
{
    Session::Host &host = *this;
    Session *session = m_pool.create(descriptor, peer, tls ? tls->openssl() : nullptr, m_poller, m_settings.session,
                                     m_writes, host);
    session->setId(id);
    m_sessions.add(session);
}

void SessionHost::sessionOpened(Session &session, const QByteArray &target)
{
    Q_EMIT opened(session.id(), &session, target);
}

void SessionHost::sessionClosing(Session &session)
{
    Q_EMIT closing(session.id(), session.closeKind(), session.closeCode(), session.closeReason());
}

void SessionHost::sessionText(Session &session, const QByteArray &utf8)
{
    Q_EMIT textReceived(session.id(), utf8);
}

void SessionHost::sessionBinary(Session &session, qsizetype size)
{
    Q_EMIT binaryReceived(session.id(), size);
}

void SessionHost::wakeAt(Session &session, qint64 monotonicMs)
{
    m_deadlines.set(&session, monotonicMs);
}

void SessionHost::apply(const Outbox &outbox)
{
    // The frames are held, not written: the write batch sends them at the end of this pass, so every
    // outbox that arrived meanwhile reaches each socket in the same send(). A text's Send steps follow
    // one another: each is framed once, when its first step comes, and shared by its recipients.
    qsizetype framed = -1;
    QByteArray frame;
    for (const Outbox::Step &step : outbox.steps) {
        switch (step.op) {
        case Outbox::Op::Send:
            if (step.index != framed) {
                framed = step.index;
                frame = WebSocket::serverTextFrame(outbox.texts[size_t(step.index)]);
            }
            step.session->send(frame);
            break;
        case Outbox::Op::Close: {
            const Outbox::Close &c = outbox.closes[size_t(step.index)];
            step.session->closeWith(c.code, c.reason, c.kind);
            break;
        }
        case Outbox::Op::Release: release(step.session); break;
        }
    }
}

void SessionHost::sessionEnded(Session &session)
{
    Q_EMIT ended(session.id(), session.wasOpened(), session.closeKind());
    // An opened session stays until the gateway has released it: its outboxes may still name it.
    if (session.wasOpened() && !m_released.remove(&session)) {
        m_gone.insert(&session);
        return;
    }
    forget(&session);
}

void SessionHost::release(Session *session)
{
    if (!m_gone.remove(session)) {
        m_released.insert(session);
        return;
    }
    forget(session);
}

void SessionHost::forget(Session *session)
{
    m_sessions.remove(session);
    m_writes.remove(session);
    m_deadlines.set(session, 0);
    // From the event loop: it may be the session whose call brought it here.
    m_forgotten.push_back(session);
    if (m_forgotten.size() == 1)
        QMetaObject::invokeMethod(this, &SessionHost::deleteForgotten, Qt::QueuedConnection);
}

void SessionHost::deleteForgotten()
{
    for (Session *session : std::exchange(m_forgotten, {}))
        m_pool.destroy(session);
}

void SessionHost::heartbeat()
{
    for (Session *s : m_sessions.advance())
        s->heartbeat(m_settings.pingLimit, m_settings.pingFrame);
}

} // namespace Herald
