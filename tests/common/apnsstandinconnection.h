#pragma once

#include "apnsstandinchecks.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <nghttp2/nghttp2.h>

class QSslSocket;
class QTimer;

namespace HeraldTest {

class ApnsStandIn;

// One client connection of the stand-in: nghttp2 server session over a QSslSocket. Reads a chunk, lets
// nghttp2 parse it, answers every request it completed, then writes all frames in one go.
class ApnsStandInConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsStandInConnection)

public:
    ApnsStandInConnection(ApnsStandIn *server, QSslSocket *socket, int index, ApnsConnectionAuth auth);
    ~ApnsStandInConnection() override;

    // Sends the server preface (SETTINGS); false if nghttp2 could not start.
    bool start(quint32 initialMaxStreams, quint32 fullMaxStreams, int idleTimeoutMs);

    int index() const { return m_index; }
    ApnsConnectionAuth &auth() { return m_auth; }
    qint32 lastProcessedStream() const { return m_lastProcessed; }
    bool goingAway() const { return m_goingAway; }

    // The answer to a stream; html: a non-JSON text/html body (the scripted 500).
    void submitAnswer(ApnsStandInStream *stream, int status, const QByteArray &apnsId, const QByteArray &uniqueId,
                      const QByteArray &body, bool html);
    void refuse(ApnsStandInStream *stream); // RST_STREAM REFUSED_STREAM: not processed, safe to retry
    void raiseMaxStreams();                 // once the token was accepted
    // GOAWAY with the last processed stream, then close once drained.
    void goAway(const QByteArray &data, quint32 errorCode);
    // After this many more answers, GOAWAY.
    void goAwayAfter(int answers, const QByteArray &data, quint32 errorCode);
    void drop(); // abort the TCP connection, no GOAWAY

Q_SIGNALS:
    void closed();

private:
    static int onBeginHeaders(nghttp2_session *, const nghttp2_frame *frame, void *self);
    static int onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
                        const uint8_t *value, size_t valuelen, uint8_t flags, void *self);
    static int onDataChunk(nghttp2_session *, uint8_t flags, int32_t streamId, const uint8_t *data, size_t len, void *self);
    static int onFrameRecv(nghttp2_session *, const nghttp2_frame *frame, void *self);
    static int onStreamClose(nghttp2_session *, int32_t streamId, uint32_t errorCode, void *self);
    static ssize_t readBody(nghttp2_session *, int32_t streamId, uint8_t *buf, size_t length, uint32_t *flags,
                            nghttp2_data_source *source, void *self);

    void onReadyRead();
    void flush();
    void onIdle();

    ApnsStandIn *m_server;
    QSslSocket *m_socket;
    int m_index;
    ApnsConnectionAuth m_auth;
    nghttp2_session *m_session = nullptr;
    QHash<qint32, ApnsStandInStream *> m_streams; // owned
    QList<qint32> m_complete; // streams whose request ended during the current read
    QByteArray m_out;
    QTimer *m_idle = nullptr;
    quint32 m_fullMaxStreams = 1000;
    bool m_raised = false;
    bool m_goingAway = false;
    bool m_dead = false;
    bool m_inRead = false;
    int m_goAwayAfter = -1;
    QByteArray m_goAwayData;
    quint32 m_goAwayCode = 0;
    int m_openStreams = 0;
    qint32 m_lastProcessed = 0;
    qint32 m_processedBefore = 0;
};

} // namespace HeraldTest
