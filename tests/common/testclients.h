#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

#include <optional>

namespace HeraldTest {

// The wire error codes of the HTTP API, text port and admin channel (ApiError in
// shared/protocol/errorcodes.h), spelled out here so that a renumbering fails the tests.
namespace ApiCode {
enum : int {
    BadRequest = 2001,
    Unauthorized = 2002,
    UnknownCommand = 2003,
    MissingField = 2004,
    WrongFieldType = 2005,
    NoSuchClient = 2006,
    TooLarge = 2007,
    MethodNotAllowed = 2008,
    ReadOnly = 2009,
    LimitReached = 2010,
    NotAuthenticated = 2011,
    Internal = 2012,
    ApnsNotConfigured = 2013,
    InvalidNotification = 2014,
    RegistryUnavailable = 2015,
    OutOfScope = 2016,
    KeyExists = 2017,
    NoSuchKey = 2018,
    UnknownProvider = 2019,
};
} // namespace ApiCode

// A WebSocket client that records every text frame it receives (raw and parsed as JSON).
class WsClient final : public QObject
{
    Q_OBJECT

public:
    explicit WsClient(QObject *parent = nullptr);

    bool open(const QUrl &url, int timeoutMs = 5000, const QByteArray &bearer = {});
    // For wss:// URLs: the CAs trusted and the verification (TestCertificates::clientConfiguration()).
    void setSslConfiguration(const QSslConfiguration &tls) { m_socket.setSslConfiguration(tls); }
    void sendJson(const QJsonObject &message);
    void sendText(const QString &text);
    // Waits until a message with this "type" is received after index `from`; returns it (empty on timeout).
    QJsonObject waitFor(const QString &type, int timeoutMs = 5000, qsizetype *index = nullptr);
    // Waits for the socket to close; returns false on timeout.
    bool waitClosed(int timeoutMs = 5000);
    // Messages of a type received so far.
    QList<QJsonObject> ofType(const QString &type) const;
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void clear() { m_messages.clear(); m_raw.clear(); m_consumed = 0; }

    QWebSocket &socket() { return m_socket; }
    const QList<QJsonObject> &messages() const { return m_messages; }
    const QList<QString> &raw() const { return m_raw; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
    QList<QString> m_raw;
    qsizetype m_consumed = 0;
};

// A workerman-chat client: logs in and remembers its client id.
class ChatClient final : public QObject
{
    Q_OBJECT

public:
    explicit ChatClient(QObject *parent = nullptr) : QObject(parent), ws(this) {}
    bool connectAndLogin(const QUrl &url, const QString &name, const QJsonValue &room, int timeoutMs = 5000);
    void say(const QString &content, const QString &to = QStringLiteral("all"), const QString &toName = {});

    WsClient ws;
    QString clientId;
    QJsonObject loginReply;
};

struct HttpReply {
    int status = 0;
    QByteArray body;
    QJsonObject json() const;
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
};

// Blocking HTTP calls (over an event loop; no sleeps) for the backend API.
class HttpClient final : public QObject
{
    Q_OBJECT

public:
    explicit HttpClient(QObject *parent = nullptr) : QObject(parent) {}
    // For https:// URLs: the CAs trusted and the verification.
    void setSslConfiguration(const QSslConfiguration &tls) { m_tls = tls; }
    HttpReply post(const QUrl &url, const QByteArray &body, const QByteArray &key,
                   const QByteArray &contentType = "application/json");
    HttpReply get(const QUrl &url, const QByteArray &key = {});
    // POST /api/<command> with a JSON body and the key as a bearer token.
    HttpReply command(const QUrl &base, const QString &name, const QJsonObject &args, const QByteArray &key);
    // Any method with exactly these headers (no key unless one is among them), for unusual requests.
    HttpReply send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {});

private:
    HttpReply finish(class QNetworkReply *reply);
    QNetworkRequest request(const QUrl &url) const;
    QNetworkAccessManager m_nam;
    std::optional<QSslConfiguration> m_tls;
};

// The proof that a server still serves: a new client logs in to `room` and says a line, heard by
// `listener` (a client already in that room) or, without one, by the new client itself.
bool sayGoesRound(const QUrl &url, const QString &room, ChatClient *listener = nullptr);

// The value of one sample in a Prometheus text page, e.g. herald_closes_total{reason="slow_consumer"};
// 0 when absent.
qint64 prometheusSample(const QByteArray &page, const QString &sample);

// A client of the newline-delimited text port.
class TextClient final : public QObject
{
    Q_OBJECT

public:
    explicit TextClient(QObject *parent = nullptr) : QObject(parent) {}
    // With TLS on (setSslConfiguration), open() returns once the handshake is done and verified.
    void setSslConfiguration(const QSslConfiguration &tls);
    bool open(quint16 port, int timeoutMs = 5000);
    void writeLine(const QByteArray &line);
    // Waits for the next reply line; empty on timeout or close.
    QByteArray readLine(int timeoutMs = 5000);
    QJsonObject call(const QJsonObject &command, int timeoutMs = 5000);
    QSslSocket &socket() { return m_socket; }

private:
    QSslSocket m_socket; // plain unless setSslConfiguration was called
    bool m_tls = false;
};

// An HTTP/1.x client over a plain QTcpSocket, for what QNetworkAccessManager hides: the request byte
// for byte as written, and whether the server keeps the connection open after its answer.
class RawHttpClient final
{
public:
    RawHttpClient();
    bool connectTo(quint16 port, int timeoutMs = 5000);
    void send(const QByteArray &request);
    // The next whole answer (status line, headers and a Content-Length body); empty on timeout or close.
    QByteArray answer(int timeoutMs = 5000);
    // The next answer's status line and headers alone, for a HEAD (no body follows them).
    QByteArray headAnswer(int timeoutMs = 5000);
    bool waitClosed(int timeoutMs = 5000);
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_in;
};

// The value of a header in an HTTP answer (case-insensitive name); empty when absent.
QByteArray headerValue(const QByteArray &answer, const QByteArray &name);

} // namespace HeraldTest
