#include "gateway/session.h"

#include "protocol/wshandshake.h"
#include "util/logging.h"

namespace Herald {

namespace {
constexpr int kCloseHandshakeMs = 2000; // a peer that does not answer a close frame is cut after this

QString kindOfError(quint16 closeCode)
{
    switch (closeCode) {
    case WebSocket::CloseTooMuchData: return QStringLiteral("too_large");
    case WebSocket::CloseBadData: return QStringLiteral("bad_data");
    default: return QStringLiteral("protocol_error");
    }
}
} // namespace

Session::Session(qintptr descriptor, const PeerAddress &peer, SSL_CTX *tls, Poller &poller, const Settings &settings,
                 WriteBatch &batch, Host &host)
    : m_connection(descriptor, peer, tls, poller, *this), m_settings(settings), m_batch(batch), m_host(host),
      m_reader(settings.limits)
{
    if (settings.handshakeTimeoutMs > 0)
        m_host.wakeAt(*this, coarseMonotonicMs() + settings.handshakeTimeoutMs);
}

Session::~Session() = default;

void Session::deadlinePassed()
{
    if (m_state == State::Closing && m_opened) { // the client did not answer the close frame
        m_connection.abort();
        return;
    }
    if (m_state != State::Handshaking)
        return;
    qCInfo(lcGateway).noquote() << "closing" << m_connection.peerName() << ": no WebSocket handshake within"
                                << m_settings.handshakeTimeoutMs << "ms (handshake-timeout)";
    m_closeKind = QStringLiteral("handshake_timeout");
    m_state = State::Closing;
    m_connection.closeAfterWriting();
}

void Session::received(QByteArrayView bytes)
{
    switch (m_state) {
    case State::Handshaking: readHandshake(bytes); break;
    case State::Open:
    case State::Closing: readFrames(bytes); break;
    case State::Closed: break;
    }
}

void Session::readHandshake(QByteArrayView bytes)
{
    QByteArrayView request = bytes; // most requests arrive whole: parsed where they lie
    if (!m_handshake.isEmpty()) {
        m_handshake.append(bytes);
        request = m_handshake;
    }
    WebSocket::HandshakeRequest parsed = WebSocket::parseHandshake(request);
    if (parsed.state == WebSocket::HandshakeRequest::State::Accepted && !originAllowed(parsed.origin))
        parsed = WebSocket::refusal(403, "the page's Origin is not in allowed-origins");
    switch (parsed.state) {
    case WebSocket::HandshakeRequest::State::Incomplete:
        if (m_handshake.isEmpty())
            m_handshake = bytes.toByteArray();
        return;
    case WebSocket::HandshakeRequest::State::Refused:
        qCInfo(lcGateway).noquote() << "refused a handshake from" << m_connection.peerName() << ":"
                                    << QString::fromUtf8(parsed.error) << "(HTTP" << parsed.status << ")";
        m_closeKind = parsed.status == 403 ? QStringLiteral("refused_origin") : QStringLiteral("bad_handshake");
        m_closeReason = QString::fromUtf8(parsed.error);
        m_state = State::Closing;
        m_handshake.clear();
        m_connection.write(WebSocket::refusalResponse(parsed));
        m_connection.closeAfterWriting();
        return;
    case WebSocket::HandshakeRequest::State::Accepted: break;
    }
    const QByteArray frames = request.sliced(parsed.consumed).toByteArray(); // a client may not wait for the answer
    m_handshake.clear();
    m_state = State::Open;
    m_opened = true;
    m_heardFrom = true; // the handshake is a sign of life: the first heartbeat sends no ping
    m_host.wakeAt(*this, 0);
    // Told before the client can see the answer: whatever it then does (an API call about itself)
    // finds it in the hub. What is sent to it meanwhile is held, and written after the answer.
    m_host.sessionOpened(*this, parsed.target);
    m_connection.write(WebSocket::acceptResponse(parsed));
    if (!frames.isEmpty())
        readFrames(frames);
}

bool Session::originAllowed(const QByteArray &origin) const
{
    // Browsers always send an Origin; other clients (apps, backends) need not, and are not refused for it.
    return m_settings.allowedOrigins.isEmpty() || origin.isEmpty() || m_settings.allowedOrigins.contains(origin);
}

void Session::readFrames(QByteArrayView bytes)
{
    if (m_reader.failed())
        return; // after a protocol error only the peer's close is awaited
    const auto error = m_reader.read(bytes, [this](WebSocket::Message &&m) { onMessage(std::move(m)); });
    if (!error)
        return;
    qCInfo(lcGateway).noquote() << "closing" << m_id << "from" << m_connection.peerName() << ":" << error->text;
    closeWith(error->closeCode, error->text, kindOfError(error->closeCode));
    m_connection.finishWriting(); // nothing more can be read from it: the close frame, then a FIN
}

void Session::onMessage(WebSocket::Message &&message)
{
    m_missedPings = 0; // anything from the client shows it is alive
    if (message.opcode != WebSocket::Opcode::Close && (m_state != State::Open || !admit(message)))
        return;
    switch (message.opcode) {
    case WebSocket::Opcode::Text:
        if (m_settings.isHeartbeatAnswer && m_settings.isHeartbeatAnswer(message.payload))
            break; // the heartbeat's answer: counted above, no business of the gateway's thread
        m_heardFrom = true;
        m_host.sessionText(*this, message.payload);
        break;
    case WebSocket::Opcode::Binary:
        m_heardFrom = true;
        m_host.sessionBinary(*this, message.payload.size());
        break;
    case WebSocket::Opcode::Ping: hold(WebSocket::serverFrame(WebSocket::Opcode::Pong, message.payload)); break;
    case WebSocket::Opcode::Close:
        if (m_state == State::Open) { // the client closes: echo its code (§5.5.1)
            m_closeCode = message.closeCode;
            markClosing(QStringLiteral("client"), QString::fromUtf8(message.payload));
            flushHeld();
            m_connection.write(message.closeCode == WebSocket::CloseNoStatus
                                    ? WebSocket::serverFrame(WebSocket::Opcode::Close, {})
                                    : WebSocket::serverCloseFrame(message.closeCode, {}));
            m_state = State::Closing;
        }
        m_connection.closeAfterWriting(); // both close frames exchanged: the server closes first (§7.1.1)
        break;
    case WebSocket::Opcode::Pong:
    case WebSocket::Opcode::Continuation: break;
    }
}

bool Session::admit(const WebSocket::Message &message)
{
    constexpr qsizetype kBytesPerToken = 1024;
    const int cost = int(qMin<qsizetype>(message.payload.size() / kBytesPerToken + 1, INT_MAX));
    if (m_inbound.take(cost, coarseMonotonicMs(), m_settings.messageLimit)) {
        m_dropped = 0;
        return true;
    }
    if (m_dropped++ == 0) {
        if (!m_settings.rateLimitedFrame.isEmpty())
            hold(m_settings.rateLimitedFrame);
    } else if (m_dropped > qMax(1, m_settings.messageLimit.burst)) {
        qCWarning(lcGateway).noquote() << "closing" << m_id << "from" << m_connection.peerName()
                                       << ": it went on sending over" << m_settings.messageLimit.rate
                                       << "messages a second (client-message-rate) after it was told to slow down";
        closeWith(WebSocket::ClosePolicyViolation, QStringLiteral("message rate exceeded"), QStringLiteral("rate_limited"));
    }
    return false;
}

void Session::closed(const QString &error)
{
    if (m_state == State::Closed)
        return;
    if (m_closeKind.isEmpty() && m_opened)
        markClosing(QStringLiteral("client"), error);
    if (m_closeKind.isEmpty() && !m_opened && error.startsWith(QLatin1String("TLS:"))) {
        qCInfo(lcGateway).noquote() << "closing" << m_connection.peerName() << ": its TLS handshake failed:" << error;
        m_closeKind = QStringLiteral("tls_failed");
    }
    m_state = State::Closed;
    WriteBatch::drop(m_held);
    m_host.wakeAt(*this, 0);
    m_host.sessionEnded(*this);
}

bool Session::hold(const QByteArray &frame)
{
    // The backlog before this frame: one message larger than the cap must not close a client that reads.
    const qint64 backlog = m_connection.bytesToWrite() + m_held.bytes;
    if (m_settings.maxUnsentBytes > 0 && backlog > m_settings.maxUnsentBytes) {
        qCWarning(lcGateway).noquote() << "closing" << m_id << "from" << m_connection.peer().address().toString()
                                       << ": more than" << m_settings.maxUnsentBytes
                                       << "bytes unsent, the client is not reading (max-send-buffer)";
        markClosing(QStringLiteral("slow_consumer"), QStringLiteral("send buffer full"));
        m_state = State::Closing;
        WriteBatch::drop(m_held);
        m_connection.reset();
        return false;
    }
    m_batch.hold(this, m_held, frame);
    return true;
}

void Session::send(const QByteArray &frame)
{
    if (m_state == State::Open) // nothing may follow a close frame
        hold(frame);
}

void Session::markClosing(const QString &kind, const QString &reason)
{
    m_closeKind = kind;
    m_closeReason = reason;
    m_host.sessionClosing(*this);
}

void Session::flushHeld()
{
    const QByteArrayView bytes = m_batch.take(m_held); // an idle client holds no buffer
    if (!bytes.isEmpty())
        m_connection.write(bytes);
}

void Session::closeWith(int code, const QString &reason, const QString &kind)
{
    if (m_state != State::Open)
        return; // a handshake, or a close already begun
    m_closeCode = code;
    markClosing(kind, reason);
    flushHeld(); // what was sent before the close goes before the close frame
    m_connection.write(WebSocket::serverCloseFrame(quint16(code), reason));
    m_state = State::Closing;
    m_host.wakeAt(*this, coarseMonotonicMs() + kCloseHandshakeMs);
}

void Session::heartbeat(int limit, const QByteArray &pingFrame)
{
    if (m_state != State::Open)
        return;
    if (std::exchange(m_heardFrom, false))
        return; // it spoke since the last heartbeat: alive, no ping needed
    if (limit > 0 && m_missedPings >= limit) {
        closeWith(WebSocket::CloseNormal, QStringLiteral("ping timeout"), QStringLiteral("ping_timeout"));
        return;
    }
    ++m_missedPings;
    send(pingFrame);
}

} // namespace Herald
