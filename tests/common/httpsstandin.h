#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>

#include <functional>

class QSslServer;
class QSslSocket;

namespace HeraldTest {

// The HTTPS side of the providers' stand-ins: a TLS server on loopback (the test CA's certificate) that
// reads HTTP/1.1 requests, hands each to the stand-in and writes its answer.
class HttpsStandIn final : public QObject // no signals of its own: the context of its sockets' connections
{
    Q_DISABLE_COPY_MOVE(HttpsStandIn)

public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };
    struct Response {
        int status = 200;
        QByteArray body; // JSON
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    using Handler = std::function<Response(const Request &)>;

    explicit HttpsStandIn(Handler handler, QObject *parent = nullptr);
    ~HttpsStandIn() override;

    bool listen(const QString &certificateFile, const QString &keyFile, QString *error);
    quint16 port() const;
    // Answers each request this long after it came (the handler still sees it at once): 0 at once, the
    // default; -1 never (a service that hangs).
    void setDelay(int ms) { m_delayMs = ms; }

private:
    void onConnection();
    void onReadable(QSslSocket *socket);

    Handler m_handler;
    QSslServer *m_server;
    QHash<QSslSocket *, QByteArray> m_buffers;
    int m_delayMs = 0;
};

} // namespace HeraldTest
