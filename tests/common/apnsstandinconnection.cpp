#include "apnsstandinconnection.h"

#include "apnsstandin.h"

#include <QSslSocket>
#include <QTimer>

namespace HeraldTest {

namespace {
constexpr qsizetype BodyKept = 64 * 1024;  // far beyond any APNs limit; more is PayloadTooLarge anyway
constexpr int DrainTimeoutMs = 3000;       // after GOAWAY, hung streams do not keep the connection forever
constexpr int32_t ConnectionWindow = 16 * 1024 * 1024;

ApnsStandInConnection *me(void *self)
{
    return static_cast<ApnsStandInConnection *>(self);
}
} // namespace

ApnsStandInConnection::ApnsStandInConnection(ApnsStandIn *server, QSslSocket *socket, int index, ApnsConnectionAuth auth)
    : m_server(server)
    , m_socket(socket)
    , m_index(index)
    , m_auth(std::move(auth))
{
    m_socket->setParent(this);
}

ApnsStandInConnection::~ApnsStandInConnection()
{
    m_dead = true;
    if (m_session)
        nghttp2_session_del(m_session); // does not call on_stream_close: the streams are freed below
    qDeleteAll(m_streams);
}

bool ApnsStandInConnection::start(quint32 initialMaxStreams, quint32 fullMaxStreams, int idleTimeoutMs)
{
    m_fullMaxStreams = fullMaxStreams;
    m_raised = initialMaxStreams >= fullMaxStreams;
    nghttp2_session_callbacks *callbacks = nullptr;
    if (nghttp2_session_callbacks_new(&callbacks) != 0)
        return false;
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &ApnsStandInConnection::onBeginHeaders);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &ApnsStandInConnection::onHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &ApnsStandInConnection::onDataChunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &ApnsStandInConnection::onFrameRecv);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &ApnsStandInConnection::onStreamClose);
    const int rv = nghttp2_session_server_new(&m_session, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    if (rv != 0)
        return false;
    // Apple's server advertises a header list limit of 8000 bytes.
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, initialMaxStreams},
                                               {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, 8000}};
    if (nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 2) != 0
        || nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0, ConnectionWindow) != 0)
        return false;

    if (idleTimeoutMs > 0) {
        m_idle = new QTimer(this);
        m_idle->setSingleShot(true);
        m_idle->setInterval(idleTimeoutMs);
        connect(m_idle, &QTimer::timeout, this, &ApnsStandInConnection::onIdle);
        m_idle->start();
    }
    connect(m_socket, &QSslSocket::readyRead, this, &ApnsStandInConnection::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        m_dead = true;
        emit closed();
    });
    flush();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    return true;
}

int ApnsStandInConnection::onBeginHeaders(nghttp2_session *session, const nghttp2_frame *frame, void *self)
{
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    ApnsStandInConnection *c = me(self);
    auto *stream = new ApnsStandInStream;
    stream->id = frame->hd.stream_id;
    stream->arrivalMs = c->m_server->now();
    stream->arrivalNs = c->m_server->elapsedNs();
    c->m_streams.insert(stream->id, stream);
    nghttp2_session_set_stream_user_data(session, stream->id, stream);
    c->m_server->streamsOpen(++c->m_openStreams);
    return 0;
}

int ApnsStandInConnection::onHeader(nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name,
                                    size_t namelen, const uint8_t *value, size_t valuelen, uint8_t, void *)
{
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0; // trailers are not APNs
    auto *stream = static_cast<ApnsStandInStream *>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
    if (stream)
        stream->headers.append({QByteArray(reinterpret_cast<const char *>(name), qsizetype(namelen)),
                                QByteArray(reinterpret_cast<const char *>(value), qsizetype(valuelen))});
    return 0;
}

int ApnsStandInConnection::onDataChunk(nghttp2_session *session, uint8_t, int32_t streamId, const uint8_t *data, size_t len,
                                       void *)
{
    auto *stream = static_cast<ApnsStandInStream *>(nghttp2_session_get_stream_user_data(session, streamId));
    if (!stream)
        return 0;
    if (stream->body.size() + qsizetype(len) > BodyKept)
        stream->bodyOverflow = true;
    else
        stream->body.append(reinterpret_cast<const char *>(data), qsizetype(len));
    return 0;
}

int ApnsStandInConnection::onFrameRecv(nghttp2_session *session, const nghttp2_frame *frame, void *self)
{
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM)
        && nghttp2_session_get_stream_user_data(session, frame->hd.stream_id))
        me(self)->m_complete.append(frame->hd.stream_id);
    return 0;
}

int ApnsStandInConnection::onStreamClose(nghttp2_session *, int32_t streamId, uint32_t, void *self)
{
    ApnsStandInConnection *c = me(self);
    if (ApnsStandInStream *stream = c->m_streams.take(streamId)) {
        delete stream;
        --c->m_openStreams;
    }
    return 0;
}

ssize_t ApnsStandInConnection::readBody(nghttp2_session *, int32_t, uint8_t *buf, size_t length, uint32_t *flags,
                                        nghttp2_data_source *source, void *)
{
    auto *stream = static_cast<ApnsStandInStream *>(source->ptr);
    const qsizetype n = qMin(qsizetype(length), stream->responseBody.size() - stream->responseOffset);
    memcpy(buf, stream->responseBody.constData() + stream->responseOffset, size_t(n));
    stream->responseOffset += n;
    if (stream->responseOffset >= stream->responseBody.size())
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    return n;
}

void ApnsStandInConnection::onReadyRead()
{
    if (m_dead)
        return;
    m_inRead = true;
    while (m_socket->bytesAvailable() > 0) {
        const QByteArray data = m_socket->readAll();
        const ssize_t rv = nghttp2_session_mem_recv(m_session, reinterpret_cast<const uint8_t *>(data.constData()),
                                                    size_t(data.size()));
        if (rv < 0) { // not HTTP/2, or a connection error: nghttp2 queued its GOAWAY
            m_complete.clear();
            m_inRead = false;
            flush();
            m_socket->disconnectFromHost();
            return;
        }
        const QList<qint32> complete = std::exchange(m_complete, {});
        for (qint32 id : complete) {
            auto *stream = static_cast<ApnsStandInStream *>(nghttp2_session_get_stream_user_data(m_session, id));
            if (!stream)
                continue;
            if (m_idle)
                m_idle->start();
            m_processedBefore = m_lastProcessed;
            m_lastProcessed = qMax(m_lastProcessed, id);
            m_server->handleRequest(this, stream);
            if (m_dead)
                return; // dropped on purpose
        }
    }
    m_inRead = false;
    flush();
}

void ApnsStandInConnection::flush()
{
    if (m_dead || !m_session)
        return;
    for (;;) {
        const uint8_t *data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(m_session, &data);
        if (n < 0) {
            m_socket->abort();
            return;
        }
        if (n == 0)
            break;
        m_out.append(reinterpret_cast<const char *>(data), qsizetype(n));
    }
    if (!m_out.isEmpty()) {
        m_socket->write(m_out.constData(), m_out.size());
        m_out.truncate(0); // keeps the capacity for the next batch
    }
    if (!nghttp2_session_want_read(m_session) && !nghttp2_session_want_write(m_session))
        m_socket->disconnectFromHost(); // GOAWAY sent and drained, or nghttp2 is done with this peer
}

void ApnsStandInConnection::submitAnswer(ApnsStandInStream *stream, int status, const QByteArray &apnsId,
                                         const QByteArray &uniqueId, const QByteArray &body, bool html)
{
    const QByteArray statusText = QByteArray::number(status);
    const auto nv = [](const char *name, const QByteArray &value) {
        return nghttp2_nv{reinterpret_cast<uint8_t *>(const_cast<char *>(name)),
                          reinterpret_cast<uint8_t *>(const_cast<char *>(value.constData())), strlen(name),
                          size_t(value.size()), NGHTTP2_NV_FLAG_NONE};
    };
    static const QByteArray htmlType = QByteArrayLiteral("text/html; charset=utf-8");
    nghttp2_nv headers[4] = {nv(":status", statusText), nv("apns-id", apnsId)};
    size_t count = 2;
    if (!uniqueId.isEmpty())
        headers[count++] = nv("apns-unique-id", uniqueId);
    if (html)
        headers[count++] = nv("content-type", htmlType);
    nghttp2_data_provider provider;
    provider.source.ptr = stream;
    provider.read_callback = &ApnsStandInConnection::readBody;
    stream->responseBody = body;
    stream->responseOffset = 0;
    nghttp2_submit_response(m_session, stream->id, headers, count, body.isEmpty() ? nullptr : &provider);
    if (m_goAwayAfter > 0 && --m_goAwayAfter == 0)
        goAway(m_goAwayData, m_goAwayCode);
}

void ApnsStandInConnection::refuse(ApnsStandInStream *stream)
{
    m_lastProcessed = m_processedBefore;
    nghttp2_submit_rst_stream(m_session, NGHTTP2_FLAG_NONE, stream->id, NGHTTP2_REFUSED_STREAM);
}

void ApnsStandInConnection::raiseMaxStreams()
{
    if (m_raised)
        return;
    m_raised = true;
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, m_fullMaxStreams}};
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 1);
}

void ApnsStandInConnection::goAway(const QByteArray &data, quint32 errorCode)
{
    if (m_goingAway || m_dead)
        return;
    m_goingAway = true;
    nghttp2_submit_goaway(m_session, NGHTTP2_FLAG_NONE, m_lastProcessed, errorCode,
                          reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size()));
    auto *drain = new QTimer(this);
    drain->setSingleShot(true);
    connect(drain, &QTimer::timeout, m_socket, &QSslSocket::abort);
    drain->start(DrainTimeoutMs);
    if (!m_inRead)
        flush();
}

void ApnsStandInConnection::goAwayAfter(int answers, const QByteArray &data, quint32 errorCode)
{
    m_goAwayAfter = answers;
    m_goAwayData = data;
    m_goAwayCode = errorCode;
}

void ApnsStandInConnection::drop()
{
    m_dead = true;
    m_socket->abort();
}

void ApnsStandInConnection::onIdle()
{
    goAway(QByteArrayLiteral("{\"reason\":\"IdleTimeout\"}"), NGHTTP2_NO_ERROR);
}

} // namespace HeraldTest
