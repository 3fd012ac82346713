#include "api/httpapi.h"

#include "api/adminchannel.h"
#include "api/apikey.h"
#include "api/commands.h"
#include "api/prometheus.h"
#include "hub/hub.h"
#include "util/acceptguard.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <sys/socket.h>
#include <unistd.h>

namespace Herald {

namespace {
constexpr qint64 kHeaderAllowance = 16 * 1024; // request line and headers on top of the body limit
const char kBytesProperty[] = "_herald_request_bytes";
constexpr int kDrainMs = 5000; // an oversized upload is read and dropped for this long after the 413

using Status = QHttpServerResponder::StatusCode;
} // namespace

// The listening socket. Its connections are accepted by an AcceptGuard (or, should the guard not
// attach, by QTcpServer), and the API watches each connection's bytes before QtHttpServer buffers them.
class HttpApi::Listener final : public QTcpServer
{
public:
    explicit Listener(HttpApi &api) : QTcpServer(&api), m_api(api) {}

    bool start(const QHostAddress &address, quint16 port)
    {
        if (!listen(address, port))
            return false;
        if (!m_guard)
            m_guard = new AcceptGuard(*this, QStringLiteral("HTTP API port"), lcApi,
                                      [this](qintptr descriptor) { adopt(descriptor); });
        m_guard->attach();
        return true;
    }

protected:
    void incomingConnection(qintptr descriptor) override { adopt(descriptor); }

private:
    void adopt(qintptr descriptor)
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            ::close(int(descriptor));
            delete socket;
            return;
        }
        // Connected before QtHttpServer's own handler, so it runs first on every readyRead.
        connect(socket, &QTcpSocket::readyRead, &m_api, [this, socket] { m_api.guardRequestSize(socket); });
        addPendingConnection(socket);
    }

    HttpApi &m_api;
    AcceptGuard *m_guard = nullptr;
};

HttpApi::HttpApi(Commands &commands, Hub &hub, Metrics &metrics, AdminChannel &admin, const ServerInfo &info,
                 QObject *parent)
    : QAbstractHttpServer(parent), m_commands(commands), m_hub(hub), m_metrics(metrics), m_admin(admin), m_info(info)
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, [this] {
        while (hasPendingWebSocketConnections())
            m_admin.accept(nextPendingWebSocketConnection());
    });
}

HttpApi::~HttpApi() = default;

bool HttpApi::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener = new Listener(*this);
    if (!m_listener->start(address, port)) {
        if (error)
            *error = m_listener->errorString();
        return false;
    }
    bind(m_listener);
    return true;
}

quint16 HttpApi::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void HttpApi::close()
{
    if (m_listener)
        m_listener->close();
}

void HttpApi::guardRequestSize(QTcpSocket *socket)
{
    const qint64 seen = socket->property(kBytesProperty).toLongLong() + socket->bytesAvailable();
    socket->setProperty(kBytesProperty, seen);
    if (seen <= m_settings.maxRequestSize + kHeaderAllowance)
        return;
    qCWarning(lcApi).noquote() << "refused a request from" << socket->peerAddress().toString() << "over"
                               << m_settings.maxRequestSize << "bytes (max-request-size)";
    m_metrics.countApiCall(QStringLiteral("oversized"), 413);
    const QByteArray body = QJsonDocument(CommandResult::failure(413, ApiError::TooLarge,
                                                                 QStringLiteral("request over max-request-size (%1 bytes)")
                                                                     .arg(m_settings.maxRequestSize))
                                              .body)
                                .toJson(QJsonDocument::Compact);
    socket->disconnect(); // QtHttpServer must not parse what remains
    socket->readAll();
    socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nConnection: close\r\n"
                  "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // Closing while the client is still sending would reset the connection and lose the 413: end our side
    // once the answer is out, drop what still arrives, and give up after a grace period.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    });
    QTimer::singleShot(kDrainMs, socket, [socket] { socket->abort(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

bool HttpApi::authorized(const QHttpServerRequest &request, const QByteArray &formKey) const
{
    const QByteArray bearer = bearerToken(request.value("Authorization"));
    if (!bearer.isEmpty() && secretMatches(m_settings.apiKey, bearer))
        return true;
    const QByteArray header = request.value("X-Api-Key");
    if (!header.isEmpty() && secretMatches(m_settings.apiKey, header.trimmed()))
        return true;
    return !formKey.isEmpty() && secretMatches(m_settings.apiKey, formKey);
}

bool HttpApi::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    socket->setProperty(kBytesProperty, 0); // a whole request arrived: the size guard starts again
    const QString path = request.url().path();
    const bool isGet = request.method() == QHttpServerRequest::Method::Get;

    // QtHttpServer asks before upgrading: true (and no answer) hands the socket to the admin channel;
    // false answers 404 through missingHandler.
    if (request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return path == u"/admin";
    if (path == u"/admin") {
        reply(request, socket, CommandResult::failure(426, ApiError::BadRequest,
                                                      QStringLiteral("/admin is a WebSocket endpoint: connect with ws://")));
        return true;
    }

    if (path == u"/healthz") {
        QJsonObject body = m_info.toJson();
        body.insert(QLatin1String("status"), QLatin1String("ok"));
        body.insert(QLatin1String("connections"), m_hub.clientCount());
        reply(request, socket, {200, body});
        return true;
    }
    if (path == u"/metrics") {
        if (!authorized(request)) {
            reply(request, socket, CommandResult::failure(401, ApiError::Unauthorized, QStringLiteral("missing or wrong API key")));
            return true;
        }
        makeResponder(request, socket)
            .write(renderPrometheus(m_metrics, m_hub, m_admin.connectionCount()),
                   "text/plain; version=0.0.4; charset=utf-8");
        return true;
    }
    if (path.startsWith(QLatin1String("/api/"))) {
        if (isGet || request.method() != QHttpServerRequest::Method::Post) {
            reply(request, socket, CommandResult::failure(405, ApiError::MethodNotAllowed,
                                                          QStringLiteral("use POST with a JSON body")));
            return true;
        }
        command(path.mid(5), request, socket);
        return true;
    }
    legacyPublish(request, socket);
    return true;
}

void HttpApi::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    reply(request, socket, CommandResult::failure(404, ApiError::UnknownCommand, QStringLiteral("no such path")));
}

void HttpApi::command(const QString &name, const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!authorized(request)) {
        qCWarning(lcApi).noquote() << "401 for" << name << "from" << request.remoteAddress().toString()
                                   << ": missing or wrong API key";
        m_metrics.countApiCall(Commands::exists(name) ? name : QStringLiteral("unknown"), 401);
        reply(request, socket, CommandResult::failure(401, ApiError::Unauthorized, QStringLiteral("missing or wrong API key")));
        return;
    }
    const QByteArray body = request.body();
    if (body.size() > m_settings.maxRequestSize) {
        reply(request, socket, CommandResult::failure(413, ApiError::TooLarge,
                                                      QStringLiteral("body over max-request-size (%1 bytes)")
                                                          .arg(m_settings.maxRequestSize)));
        return;
    }
    QJsonObject args;
    if (!body.trimmed().isEmpty()) {
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject()) {
            const QString why = err.error != QJsonParseError::NoError
                ? QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString())
                : QStringLiteral("the body must be a JSON object");
            qCInfo(lcApi).noquote() << "400 for" << name + QLatin1Char(':') << why;
            m_metrics.countApiCall(Commands::exists(name) ? name : QStringLiteral("unknown"), 400);
            reply(request, socket, CommandResult::failure(400, ApiError::BadRequest, why));
            return;
        }
        args = doc.object();
    }
    const CommandResult result = m_commands.execute(name, args, Access::Full, body);
    if (!result.ok())
        qCInfo(lcApi).noquote() << result.status << "for" << name + QLatin1Char(':')
                                << result.body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    reply(request, socket, result);
}

// web-msg-sender: type=publish&to=<uid or empty for everyone>&content=<text>, GET or POST (form body).
// Answers ok, offline or fail as plain text.
void HttpApi::legacyPublish(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // '+' is a space in the query as in a form body (web-msg-sender's PHP decodes both so); %2B stays '+'.
    QUrlQuery params(request.url().query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QLatin1String("%20")));
    if (request.method() == QHttpServerRequest::Method::Post) {
        const QUrlQuery form(QString::fromUtf8(request.body()).replace(QLatin1Char('+'), QLatin1Char(' ')));
        for (const auto &[k, v] : form.queryItems(QUrl::FullyDecoded))
            params.addQueryItem(k, v);
    }
    const auto param = [&](const char *key) { return params.queryItemValue(QLatin1String(key), QUrl::FullyDecoded); };
    if (param("type") != u"publish") {
        reply(request, socket, CommandResult::failure(404, ApiError::UnknownCommand,
                                                      QStringLiteral("no such path; commands are POST /api/<command>")));
        return;
    }
    const auto plain = [&](const QByteArray &text, Status status) {
        makeResponder(request, socket).write(text, "text/plain; charset=utf-8", status);
    };
    if (m_settings.legacyPublishNeedsKey && !authorized(request, param("key").toUtf8())) {
        qCWarning(lcApi).noquote() << "401 for publish from" << request.remoteAddress().toString()
                                   << ": missing or wrong API key";
        m_metrics.countApiCall(QStringLiteral("publish"), 401);
        plain("fail", Status::Unauthorized);
        return;
    }
    const QString to = param("to");
    const QString content = param("content");
    QJsonObject args{{QLatin1String("message"), content}};
    CommandResult result;
    if (to.isEmpty()) {
        result = m_commands.execute(QStringLiteral("sendToAll"), args);
    } else {
        args.insert(QLatin1String("uid"), to);
        result = m_commands.execute(QStringLiteral("sendToUid"), args);
    }
    if (!result.ok()) {
        plain("fail", Status::BadRequest);
        return;
    }
    const bool offline = !to.isEmpty() && !result.body.value(QLatin1String("online")).toBool();
    plain(offline ? QByteArray("offline") : QByteArray("ok"), Status::Ok);
}

void HttpApi::reply(const QHttpServerRequest &request, QTcpSocket *socket, const CommandResult &result)
{
    makeResponder(request, socket).write(QJsonDocument(result.body).toJson(QJsonDocument::Compact), "application/json",
                                         static_cast<Status>(result.status));
}

} // namespace Herald
