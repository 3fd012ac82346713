#pragma once

// One HTTP/2 client connection over TLS (QSslSocket, ALPN "h2"), framed by nghttp2: many concurrent
// requests as streams, the peer's SETTINGS honoured, GOAWAY and resets reported per stream with whether
// the server could have processed it. Knows nothing of APNs.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <memory>

class QSslSocket;
class QTimer;
struct nghttp2_session;

namespace Herald::Apns {

class Http2Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Http2Connection)

public:
    struct Header {
        QByteArray name; // lower case, as HTTP/2 wants
        QByteArray value;
    };
    struct Request {
        QByteArray method = QByteArrayLiteral("POST");
        QByteArray path;
        QList<Header> headers;
        QByteArray body;
    };
    struct Response {
        int status = 0;
        QList<Header> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const;
    };
    enum class State { Unconnected, Connecting, Ready, Closing, Closed };

    Http2Connection(QString host, quint16 port, QSslConfiguration tls, QObject *parent = nullptr);
    ~Http2Connection() override;

    // Connects, handshakes TLS with ALPN h2 and sends the preface; ready() or closed() follows.
    void open(int timeoutMs);
    State state() const { return m_state; }
    bool canSubmit() const; // ready, not going away, and below the peer's stream limit
    // Ready and not going away: a request may go on it once a stream is free.
    bool isUsable() const { return m_state == State::Ready && !m_goingAway; }
    int openStreams() const { return int(m_streams.size()); }
    int peerMaxConcurrentStreams() const;
    // The server's certificate was not trusted: a configuration problem, not worth retrying.
    bool verificationFailed() const { return m_verificationFailed; }

    // Sends a request; its stream id, or -1 if it cannot go now (see canSubmit()). Frames go out when
    // control returns to the event loop, so a burst of submits shares TLS records.
    qint32 submit(const Request &request);
    // Resets a stream (RST_STREAM CANCEL); streamFailed() follows.
    void cancel(qint32 streamId, const QString &why);
    // Sends GOAWAY, lets open streams finish, then closes.
    void shutdown();
    // Closes at once; open streams fail.
    void abort(const QString &why);

Q_SIGNALS:
    void ready();
    void response(qint32 streamId, const Herald::Apns::Http2Connection::Response &response);
    // A stream ended without a complete response. `unprocessed`: the server certainly did not act on
    // it (refused, above a GOAWAY's last stream id, or never written), so it is safe to send again.
    void streamFailed(qint32 streamId, const QString &error, bool unprocessed);
    void goAway(quint32 errorCode, const QByteArray &debugData);
    // More streams may be submitted (one closed, or the peer raised its limit).
    void capacityAvailable();
    // The connection is gone (every stream already failed or answered); empty error when asked to.
    void closed(const QString &error);

private:
    struct Stream {
        QByteArray body;
        qint64 offset = 0;
        Response response;
        bool headersSent = false;
        bool complete = false;
        QString failure;
    };
    // What nghttp2 reported while it parsed, emitted once it returned (never from inside nghttp2).
    struct Event {
        enum Kind { Response, Failure, GoAway } kind;
        qint32 streamId;
        quint32 code; // GOAWAY's error code; for a failure, 1 when the stream was unprocessed
        QByteArray data;
        QString error;
        Http2Connection::Response response;
    };
    struct Callbacks;
    friend struct Callbacks;

    void onEncrypted();
    void onReadyRead();
    void onSocketError();
    void onDisconnected();
    void scheduleFlush();
    void flush();
    void dispatchEvents();
    void fail(const QString &error);
    void finishClose(const QString &error);

    QString m_host;
    quint16 m_port;
    QSslConfiguration m_tls;
    QSslSocket *m_socket = nullptr;
    QTimer *m_connectTimer = nullptr;
    nghttp2_session *m_session = nullptr;
    QHash<qint32, Stream> m_streams;
    State m_state = State::Unconnected;
    bool m_flushScheduled = false;
    bool m_goingAway = false;
    bool m_verificationFailed = false;
    bool m_settingsChanged = false;
    bool m_capacityChanged = false;
    QList<Event> m_events;
    QString m_closeError;
};

} // namespace Herald::Apns
