#include "apns/http2connection.h"

#include <QPointer>
#include <QSslSocket>
#include <QTimer>

#include <nghttp2/nghttp2.h>

namespace Herald::Apns {

namespace {

constexpr int32_t kWindowSize = 1 << 24;

nghttp2_nv nameValue(const QByteArray &name, const QByteArray &value)
{
    return {reinterpret_cast<uint8_t *>(const_cast<char *>(name.constData())),
            reinterpret_cast<uint8_t *>(const_cast<char *>(value.constData())), size_t(name.size()),
            size_t(value.size()), NGHTTP2_NV_FLAG_NONE};
}

QString http2Error(uint32_t code)
{
    return QString::fromLatin1(nghttp2_http2_strerror(code));
}

} // namespace

QByteArray Http2Connection::Response::header(const QByteArray &name) const
{
    for (const Header &h : headers) {
        if (h.name == name)
            return h.value;
    }
    return {};
}

// nghttp2's C callbacks, forwarding to the connection.
struct Http2Connection::Callbacks {
    static Http2Connection *self(void *user) { return static_cast<Http2Connection *>(user); }

    static int onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t nameLength,
                        const uint8_t *value, size_t valueLength, uint8_t, void *user)
    {
        if (frame->hd.type != NGHTTP2_HEADERS)
            return 0;
        auto it = self(user)->m_streams.find(frame->hd.stream_id);
        if (it == self(user)->m_streams.end())
            return 0;
        const QByteArray n(reinterpret_cast<const char *>(name), qsizetype(nameLength));
        const QByteArray v(reinterpret_cast<const char *>(value), qsizetype(valueLength));
        if (n == ":status")
            it->response.status = v.toInt();
        else
            it->response.headers.append({n, v});
        return 0;
    }

    static int onData(nghttp2_session *, uint8_t, int32_t streamId, const uint8_t *data, size_t length, void *user)
    {
        auto it = self(user)->m_streams.find(streamId);
        if (it != self(user)->m_streams.end())
            it->response.body.append(reinterpret_cast<const char *>(data), qsizetype(length));
        return 0;
    }

    static int onFrameReceived(nghttp2_session *session, const nghttp2_frame *frame, void *user)
    {
        Http2Connection *c = self(user);
        switch (frame->hd.type) {
        case NGHTTP2_SETTINGS:
            if (!(frame->hd.flags & NGHTTP2_FLAG_ACK))
                c->m_settingsChanged = true;
            break;
        case NGHTTP2_HEADERS:
        case NGHTTP2_DATA:
            if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) {
                auto it = c->m_streams.find(frame->hd.stream_id);
                if (it != c->m_streams.end())
                    it->complete = true;
            }
            break;
        case NGHTTP2_GOAWAY:
            c->m_goingAway = true;
            c->m_events.append({Event::GoAway, frame->goaway.last_stream_id, frame->goaway.error_code,
                                QByteArray(reinterpret_cast<const char *>(frame->goaway.opaque_data),
                                           qsizetype(frame->goaway.opaque_data_len)),
                                {},
                                {}});
            break;
        default:
            break;
        }
        Q_UNUSED(session);
        return 0;
    }

    static int onFrameSent(nghttp2_session *, const nghttp2_frame *frame, void *user)
    {
        if (frame->hd.type == NGHTTP2_HEADERS) {
            auto it = self(user)->m_streams.find(frame->hd.stream_id);
            if (it != self(user)->m_streams.end())
                it->headersSent = true;
        }
        return 0;
    }

    static int onStreamClose(nghttp2_session *, int32_t streamId, uint32_t errorCode, void *user)
    {
        Http2Connection *c = self(user);
        auto it = c->m_streams.find(streamId);
        if (it == c->m_streams.end())
            return 0;
        if (errorCode == NGHTTP2_NO_ERROR && it->complete) {
            c->m_events.append({Event::Response, streamId, 0, {}, {}, std::move(it->response)});
        } else {
            const bool unprocessed = errorCode == NGHTTP2_REFUSED_STREAM || !it->headersSent;
            QString why = it->failure;
            if (why.isEmpty())
                why = errorCode == NGHTTP2_NO_ERROR ? QStringLiteral("the stream ended without a full response")
                                                    : QStringLiteral("the stream was reset: %1").arg(http2Error(errorCode));
            Event e{Event::Failure, streamId, unprocessed ? 1u : 0u, {}, why, {}};
            c->m_events.append(std::move(e));
        }
        c->m_streams.erase(it);
        c->m_capacityChanged = true;
        return 0;
    }

    static ssize_t readBody(nghttp2_session *, int32_t streamId, uint8_t *buffer, size_t length, uint32_t *flags,
                            nghttp2_data_source *, void *user)
    {
        auto it = self(user)->m_streams.find(streamId);
        if (it == self(user)->m_streams.end())
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        const qint64 left = it->body.size() - it->offset;
        const size_t n = size_t(qMin<qint64>(left, qint64(length)));
        memcpy(buffer, it->body.constData() + it->offset, n);
        it->offset += qint64(n);
        if (it->offset >= it->body.size())
            *flags |= NGHTTP2_DATA_FLAG_EOF;
        return ssize_t(n);
    }
};

Http2Connection::Http2Connection(QString host, quint16 port, QSslConfiguration tls, QObject *parent)
    : QObject(parent), m_host(std::move(host)), m_port(port), m_tls(std::move(tls))
{
    m_tls.setAllowedNextProtocols({QByteArrayLiteral("h2")});
}

Http2Connection::~Http2Connection()
{
    if (m_socket)
        m_socket->disconnect(this);
    if (m_session)
        nghttp2_session_del(m_session);
}

void Http2Connection::open(int timeoutMs)
{
    if (m_state != State::Unconnected)
        return;
    m_state = State::Connecting;
    m_socket = new QSslSocket(this);
    m_socket->setSslConfiguration(m_tls);
    m_socket->setPeerVerifyName(m_host);
    m_connectTimer = new QTimer(this);
    m_connectTimer->setSingleShot(true);
    connect(m_connectTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("no HTTP/2 connection to %1:%2 within the timeout").arg(m_host).arg(m_port));
    });
    m_connectTimer->start(timeoutMs);
    connect(m_socket, &QSslSocket::encrypted, this, &Http2Connection::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &Http2Connection::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &Http2Connection::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        m_verificationFailed = true;
        m_closeError = QStringLiteral("TLS to %1:%2 refused: %3").arg(m_host).arg(m_port).arg(texts.join(QStringLiteral("; ")));
    });
    connect(m_socket, &QSslSocket::disconnected, this, &Http2Connection::onDisconnected);
    m_socket->connectToHostEncrypted(m_host, m_port);
}

void Http2Connection::onEncrypted()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // small frames must not wait for ACKs
    if (m_socket->sslConfiguration().nextNegotiatedProtocol() != "h2") {
        fail(QStringLiteral("%1:%2 does not speak HTTP/2 (ALPN h2 not agreed)").arg(m_host).arg(m_port));
        return;
    }
    nghttp2_session_callbacks *callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Callbacks::onHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Callbacks::onData);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Callbacks::onFrameReceived);
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, &Callbacks::onFrameSent);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::onStreamClose);
    nghttp2_session_client_new(&m_session, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                               {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, uint32_t(kWindowSize)}};
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 2);
    nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0, kWindowSize);
    flush();
    // Ready once the server's SETTINGS arrive: its stream limit is known before the first request.
    onReadyRead();
}

bool Http2Connection::canSubmit() const
{
    return m_state == State::Ready && !m_goingAway && openStreams() < peerMaxConcurrentStreams();
}

int Http2Connection::peerMaxConcurrentStreams() const
{
    if (!m_session)
        return 0;
    return int(qMin<uint32_t>(nghttp2_session_get_remote_settings(m_session, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS),
                              uint32_t(1) << 30));
}

qint32 Http2Connection::submit(const Request &request)
{
    if (!canSubmit())
        return -1;
    const QByteArray scheme = QByteArrayLiteral("https");
    const QByteArray authority = m_host.toUtf8();
    QList<nghttp2_nv> nva;
    nva.reserve(request.headers.size() + 4);
    nva.append(nameValue(QByteArrayLiteral(":method"), request.method));
    nva.append(nameValue(QByteArrayLiteral(":scheme"), scheme));
    nva.append(nameValue(QByteArrayLiteral(":authority"), authority));
    nva.append(nameValue(QByteArrayLiteral(":path"), request.path));
    for (const Header &h : request.headers)
        nva.append(nameValue(h.name, h.value));
    nghttp2_data_provider body{};
    body.read_callback = &Callbacks::readBody;
    const int32_t id = nghttp2_submit_request(m_session, nullptr, nva.constData(), size_t(nva.size()),
                                              request.body.isEmpty() ? nullptr : &body, nullptr);
    if (id < 0)
        return -1;
    Stream &s = m_streams[id];
    s.body = request.body;
    scheduleFlush();
    return id;
}

void Http2Connection::cancel(qint32 streamId, const QString &why)
{
    auto it = m_streams.find(streamId);
    if (it == m_streams.end() || !m_session)
        return;
    it->failure = why;
    nghttp2_submit_rst_stream(m_session, NGHTTP2_FLAG_NONE, streamId, NGHTTP2_CANCEL);
    scheduleFlush();
}

void Http2Connection::shutdown()
{
    if (!m_session || m_state == State::Closed) {
        abort(QString());
        return;
    }
    m_goingAway = true;
    m_state = State::Closing;
    nghttp2_session_terminate_session(m_session, NGHTTP2_NO_ERROR);
    flush();
}

void Http2Connection::abort(const QString &why)
{
    fail(why);
}

void Http2Connection::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &Http2Connection::flush, Qt::QueuedConnection);
}

void Http2Connection::flush()
{
    m_flushScheduled = false;
    if (!m_session || !m_socket || m_state == State::Closed)
        return;
    QByteArray out;
    const uint8_t *data = nullptr;
    ssize_t n;
    while ((n = nghttp2_session_mem_send(m_session, &data)) > 0)
        out.append(reinterpret_cast<const char *>(data), qsizetype(n));
    if (n < 0) {
        fail(QStringLiteral("HTTP/2 framing failed: %1").arg(QString::fromLatin1(nghttp2_strerror(int(n)))));
        return;
    }
    if (!out.isEmpty())
        m_socket->write(out);
    dispatchEvents();
    if (m_session && !nghttp2_session_want_read(m_session) && !nghttp2_session_want_write(m_session))
        finishClose(m_closeError);
}

void Http2Connection::onReadyRead()
{
    if (!m_session)
        return;
    const QByteArray in = m_socket->readAll();
    if (!in.isEmpty()) {
        const ssize_t used = nghttp2_session_mem_recv(m_session, reinterpret_cast<const uint8_t *>(in.constData()),
                                                      size_t(in.size()));
        if (used < 0) {
            fail(QStringLiteral("the server broke HTTP/2: %1").arg(QString::fromLatin1(nghttp2_strerror(int(used)))));
            return;
        }
    }
    flush();
}

void Http2Connection::dispatchEvents()
{
    QPointer<Http2Connection> guard(this);
    if (m_settingsChanged && m_state == State::Connecting) {
        m_settingsChanged = false;
        m_state = State::Ready;
        m_connectTimer->stop();
        Q_EMIT ready();
        if (!guard)
            return;
    }
    const QList<Event> events = std::exchange(m_events, {});
    for (const Event &e : events) {
        switch (e.kind) {
        case Event::Response:
            Q_EMIT response(e.streamId, e.response);
            break;
        case Event::Failure:
            Q_EMIT streamFailed(e.streamId, e.error, e.code != 0);
            break;
        case Event::GoAway:
            Q_EMIT goAway(e.code, e.data);
            break;
        }
        if (!guard)
            return;
    }
    if ((m_capacityChanged || m_settingsChanged) && canSubmit()) {
        m_capacityChanged = m_settingsChanged = false;
        Q_EMIT capacityAvailable();
    }
}

void Http2Connection::onSocketError()
{
    if (m_closeError.isEmpty())
        m_closeError = QStringLiteral("%1:%2: %3").arg(m_host).arg(m_port).arg(m_socket->errorString());
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        finishClose(m_closeError);
}

void Http2Connection::onDisconnected()
{
    finishClose(m_closeError.isEmpty() && m_state != State::Closing ? QStringLiteral("the server closed the connection")
                                                                     : m_closeError);
}

void Http2Connection::fail(const QString &error)
{
    if (m_closeError.isEmpty())
        m_closeError = error;
    if (m_socket)
        m_socket->abort();
    finishClose(m_closeError);
}

void Http2Connection::finishClose(const QString &error)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_connectTimer)
        m_connectTimer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    const QString why = error.isEmpty() ? QStringLiteral("the connection was closed") : error;
    for (auto it = m_streams.cbegin(); it != m_streams.cend(); ++it)
        m_events.append({Event::Failure, it.key(), it->headersSent ? 0u : 1u, {}, it->failure.isEmpty() ? why : it->failure, {}});
    m_streams.clear();
    if (m_session) {
        nghttp2_session_del(m_session);
        m_session = nullptr;
    }
    QPointer<Http2Connection> guard(this);
    const QList<Event> events = std::exchange(m_events, {});
    for (const Event &e : events) {
        if (e.kind == Event::Failure)
            Q_EMIT streamFailed(e.streamId, e.error, e.code != 0);
        else if (e.kind == Event::Response)
            Q_EMIT response(e.streamId, e.response);
        else
            Q_EMIT goAway(e.code, e.data);
        if (!guard)
            return;
    }
    Q_EMIT closed(error);
}

} // namespace Herald::Apns
