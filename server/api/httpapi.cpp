#include "api/httpapi.h"

#include "api/adminchannel.h"
#include "api/apikey.h"
#include "api/connectiontimeouts.h"
#include "api/formbody.h"
#include "api/httpconnection.h"
#include "api/httpframing.h"
#include "api/prometheus.h"
#include "cluster/cluster.h"
#include "commands/commands.h"
#include "hub/hub.h"
#include "store/apikeystore.h"
#include "store/deviceregistry.h"
#include "util/acceptguard.h"
#include "util/logging.h"
#include "util/metrics.h"
#include "util/tlscontext.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <sys/socket.h>
#include <unistd.h>

namespace Herald {

namespace {
constexpr qint64 kHeaderAllowance = 16 * 1024; // request line and headers on top of the body limit
constexpr int kDrainMs = 5000; // after a refusal, what the client still sends is read and dropped this long
constexpr int kLastAnswerMs = 60000; // a connection closing after its answer is cut if the answer is not read by then
const QByteArray kJson = "application/json";
const QByteArray kText = "text/plain; charset=utf-8";

using Status = QHttpServerResponder::StatusCode;

QByteArray jsonText(const CommandResult &result)
{
    return QJsonDocument(result.body).toJson(QJsonDocument::Compact);
}

QString errorText(const CommandResult &result)
{
    return result.body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}

// A whole answer after which the connection closes, for a connection QtHttpServer no longer reads.
QByteArray closingResponse(int status, const QByteArray &body, const QByteArray &mimeType)
{
    const char *reason = status == 401 ? "Unauthorized" : status == 413 ? "Payload Too Large" : "Error";
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + mimeType
        + "\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}
} // namespace

// The listening socket. Its connections are accepted by an AcceptGuard (or, should the guard not
// attach, by QTcpServer) and each is shown to the API before QtHttpServer reads from it.
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
        QTcpSocket *socket = adoptServerSocket(descriptor, m_api.m_settings.tls, this);
        if (!socket)
            return;
        m_api.adopt(socket); // before QtHttpServer's own handlers, so the API's run first on every readyRead
        addPendingConnection(socket);
    }

    HttpApi &m_api;
    AcceptGuard *m_guard = nullptr;
};

HttpApi::HttpApi(Commands &commands, ApiKeyStore &keys, Hub &hub, Metrics &metrics, AdminChannel &admin,
                 const ServerInfo &info, const Cluster *cluster, QObject *parent)
    : QAbstractHttpServer(parent), m_commands(commands), m_keys(keys), m_hub(hub), m_metrics(metrics), m_admin(admin), m_info(info),
      m_cluster(cluster),
      m_throttle(QStringLiteral("HTTP API"), lcApi), m_errors(lcApi)
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

void HttpApi::setSettings(const HttpApiSettings &settings)
{
    m_settings = settings;
    m_files = StaticFiles(settings.webRoot);
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

void HttpApi::adopt(QTcpSocket *socket)
{
    auto *connection = new HttpConnection(socket, m_settings.limits);
    connect(&connection->timeouts(), &ConnectionTimeouts::expired, this, [this, socket](ConnectionTimeouts::Clock clock) {
        drop(socket, clock == ConnectionTimeouts::Clock::Idle ? "idle_timeout" : "auth_timeout",
             clock == ConnectionTimeouts::Clock::Idle
                 ? QStringLiteral("silent for %1 s (idle-timeout)").arg(m_settings.limits.idleTimeoutMs / 1000)
                 : QStringLiteral("no request with the API key within %1 ms (handshake-timeout)")
                       .arg(m_settings.limits.authTimeoutMs));
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { received(socket); });
}

// On every readyRead, before QtHttpServer reads.
void HttpApi::received(QTcpSocket *socket)
{
    HttpConnection *connection = HttpConnection::of(socket);
    if (!connection)
        return;
    connection->timeouts().activity();
    if (repliesPileUp(*socket, m_settings.limits.maxUnsentBytes)) {
        qCWarning(lcApi).noquote() << QStringLiteral("closing API connection from %1: %2 bytes of answers unread "
                                                     "(max-send-buffer %3); the peer sends requests and does not read "
                                                     "the answers")
                                          .arg(socket->peerAddress().toString())
                                          .arg(socket->bytesToWrite())
                                          .arg(m_settings.limits.maxUnsentBytes);
        m_metrics.countDoorClose(QStringLiteral("http"), QStringLiteral("reply_backlog"));
        detach(socket);
        socket->abort();
        return;
    }
    if (connection->received() <= m_settings.maxRequestSize + kHeaderAllowance)
        return;
    qCWarning(lcApi).noquote() << "refused a request from" << socket->peerAddress().toString() << "over"
                               << m_settings.maxRequestSize << "bytes (max-request-size)";
    m_commands.count(DoorAnswer::Oversized, 413);
    detach(socket);
    closeWith(socket, closingResponse(413,
                                      jsonText(CommandResult::failure(413, ApiError::TooLarge,
                                                                      QStringLiteral("request over max-request-size (%1 bytes)")
                                                                          .arg(m_settings.maxRequestSize))),
                                      kJson));
}

// QtHttpServer reads no more from this connection; what still arrives is dropped.
void HttpApi::detach(QTcpSocket *socket)
{
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    socket->readAll();
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    if (HttpConnection *connection = HttpConnection::of(socket)) {
        connection->setParent(nullptr); // its clocks stop; deleted once the signal that got here returns
        connection->deleteLater();
    }
}

// Sends a detached connection its last answer. Closing while the client is still sending would reset
// the connection and lose the answer: our side ends once the answer is out, and the connection is cut
// after a grace period.
void HttpApi::closeWith(QTcpSocket *socket, const QByteArray &response)
{
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    });
    socket->write(response);
    QTimer::singleShot(kDrainMs, socket, [socket] { socket->abort(); });
}

void HttpApi::drop(QTcpSocket *socket, const char *reason, const QString &why)
{
    qCInfo(lcApi).noquote() << QStringLiteral("closing API connection from %1: %2").arg(socket->peerAddress().toString(), why);
    m_metrics.countDoorClose(QStringLiteral("http"), QLatin1String(reason));
    detach(socket);
    socket->flush();
    if (socket->bytesToWrite() == 0)
        socket->disconnectFromHost();
    else
        socket->abort(); // it does not read: nothing would ever be flushed
}

std::optional<KeyHolder> HttpApi::authorized(const QHttpServerRequest &request, QTcpSocket *socket,
                                             const QByteArray &formKey)
{
    std::optional<KeyHolder> holder;
    for (const QByteArray &presented : {bearerToken(request.value("Authorization")), request.value("X-Api-Key").trimmed(), formKey}) {
        if (!holder && !presented.isEmpty())
            holder = m_keys.match(presented);
    }
    if (holder) {
        m_throttle.succeeded(request.remoteAddress());
        if (HttpConnection *connection = HttpConnection::of(socket))
            connection->timeouts().authenticated();
    }
    return holder;
}

// A 401. Past a few failures from one address it waits (AuthThrottle), and the connection closes after it.
void HttpApi::refuseUnauthorized(const QHttpServerRequest &request, QTcpSocket *socket, const QString &what,
                                 const QByteArray &body, const QByteArray &mimeType)
{
    const std::chrono::milliseconds delay =
        m_throttle.failed(request.remoteAddress(), what, QStringLiteral("missing or wrong API key"));
    m_metrics.countAuthFailure(QStringLiteral("http"), delay.count() > 0);
    if (delay.count() == 0) {
        write(request, socket, body, mimeType, 401);
        return;
    }
    detach(socket);
    const QByteArray response = closingResponse(401, body, mimeType);
    QTimer::singleShot(delay, socket, [this, socket, response] { closeWith(socket, response); });
}

bool HttpApi::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnection *connection = HttpConnection::of(socket);
    if (!connection)
        return true; // detached: it gets no more answers
    const QByteArray raw = connection->takeRequest();
    const QString path = request.url().path();
    const bool isGet = request.method() == QHttpServerRequest::Method::Get;

    // QtHttpServer asks before upgrading: true (and no answer) hands the socket to the admin channel,
    // whose own clocks apply from then on; false answers 404 through missingHandler.
    if (request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        if (path != u"/admin")
            return false;
        connection->setParent(nullptr);
        connection->deleteLater();
        return true;
    }
    connection->setClosesAfterAnswer(HttpFraming::closesAfterAnswer(HttpFraming::isHttp10(raw), request.value("Connection")));
    if (request.value("Transfer-Encoding").toLower().contains("chunked")) {
        const QString problem = HttpFraming::chunkedBodyProblem(HttpFraming::bodyOf(raw));
        if (!problem.isEmpty()) {
            connection->setClosesAfterAnswer(true); // where the next request starts is unknown
            reply(request, socket, CommandResult::failure(400, ApiError::BadRequest, QStringLiteral("malformed chunked body: ") + problem),
                  path);
            return true;
        }
    }

    if (path == u"/admin") {
        reply(request, socket, CommandResult::failure(426, ApiError::BadRequest,
                                                      QStringLiteral("/admin is a WebSocket endpoint: connect with ws://")),
              path);
        return true;
    }
    if (path == u"/healthz") {
        connection->timeouts().authenticated(); // needs no key
        QJsonObject body = m_info.toJson();
        // A node cut off from its cluster still serves its own clients: degraded, not down (200 all the same).
        const bool whole = !m_cluster || m_cluster->isHealthy();
        body.insert(QLatin1String("status"), whole ? QLatin1String("ok") : QLatin1String("degraded"));
        body.insert(QLatin1String("connections"), m_hub.clientCount());
        // "degraded": the device registry's database is unavailable (reconnecting); the device commands answer 503.
        body.insert(QLatin1String("registry"),
                    m_commands.context().devices.isAvailable() ? QLatin1String("ok") : QLatin1String("degraded"));
        if (m_cluster)
            body.insert(QLatin1String("cluster"), m_cluster->status());
        reply(request, socket, {200, body}, path);
        return true;
    }
    if (path == u"/metrics") {
        if (!authorized(request, socket)) {
            refuseUnauthorized(request, socket, QStringLiteral("metrics"),
                               jsonText(CommandResult::failure(401, ApiError::Unauthorized,
                                                               QStringLiteral("missing or wrong API key"))),
                               kJson);
            return true;
        }
        write(request, socket, renderPrometheus(m_metrics, m_hub, m_admin.connectionCount()),
              "text/plain; version=0.0.4; charset=utf-8", 200);
        return true;
    }
    if (path.startsWith(QLatin1String("/api/"))) {
        if (isGet || request.method() != QHttpServerRequest::Method::Post) {
            reply(request, socket,
                  m_commands.refuse({Door::Http, path.mid(5)}, CommandResult::failure(405, ApiError::MethodNotAllowed,
                                                                                      QStringLiteral("use POST with a JSON body"))),
                  path);
            return true;
        }
        command(path.mid(5), request, socket);
        return true;
    }
    const bool isHead = request.method() == QHttpServerRequest::Method::Head;
    if (m_files.isOn() && (isGet || isHead)
        && !FormBody::parse(request.url().query(QUrl::FullyEncoded).toUtf8(), m_settings.maxRequestSize).has(u"type")) {
        serveFile(request, socket);
        return true;
    }
    legacyPublish(request, socket);
    return true;
}

// A file under web-root, or 404. With TLS, the page's ws:// and http:// URLs are made wss:// and https://
// by the browser (Upgrade Insecure Requests), and it keeps to https (HSTS).
void HttpApi::serveFile(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (HttpConnection *connection = HttpConnection::of(socket))
        connection->timeouts().authenticated(); // needs no key
    const StaticFile file = m_files.get(request.url().path(QUrl::FullyEncoded).toUtf8());
    if (!file.found) {
        logError(request, 404, request.url().path(), file.why);
        respond(request, socket, 404, {{"Content-Type", kText}}, "not found\n");
        return;
    }
    Headers headers{{"Content-Type", file.contentType}, {"X-Content-Type-Options", "nosniff"}};
    if (m_settings.tls) {
        headers.emplace_back("Content-Security-Policy", "upgrade-insecure-requests");
        headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
    }
    respond(request, socket, 200, headers, file.body);
}

void HttpApi::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    reply(request, socket, CommandResult::failure(404, ApiError::UnknownCommand, QStringLiteral("no such path")),
          request.url().path());
}

void HttpApi::command(const QString &name, const QHttpServerRequest &request, QTcpSocket *socket)
{
    Call call{Door::Http, name};
    const std::optional<KeyHolder> holder = authorized(request, socket);
    if (!holder) {
        refuseUnauthorized(request, socket, name,
                           jsonText(m_commands.refuse(call, CommandResult::failure(401, ApiError::Unauthorized,
                                                                                   QStringLiteral("missing or wrong API key")))),
                           kJson);
        return;
    }
    const QByteArray body = request.body();
    if (body.size() > m_settings.maxRequestSize) {
        reply(request, socket,
              m_commands.refuse(call, CommandResult::failure(413, ApiError::TooLarge, QStringLiteral("body over max-request-size (%1 bytes)")
                                                                                          .arg(m_settings.maxRequestSize))),
              name);
        return;
    }
    if (!body.trimmed().isEmpty()) {
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject()) {
            const QString why = err.error != QJsonParseError::NoError
                ? QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString())
                : QStringLiteral("the body must be a JSON object");
            reply(request, socket, m_commands.refuse(call, CommandResult::failure(400, ApiError::BadRequest, why)), name);
            return;
        }
        call.args = doc.object();
    }
    call.raw = body;
    call.scope = holder->scope;
    call.who = holder->name;
    call.from = request.remoteAddress().toString();
    // A place in line for the answer: one that comes later (Redis) holds back the pipelined ones after it.
    HttpConnection *connection = HttpConnection::of(socket);
    const quint64 place = connection ? connection->holdPlace() : 0;
    const Answering to = answering(request, socket);
    const std::optional<CommandResult> now = m_commands.execute(
        call, [this, to, place, name, socket = QPointer<QTcpSocket>(socket), connection = QPointer<HttpConnection>(connection)](
                  const CommandResult &result) {
            if (socket && connection && HttpConnection::of(socket) == connection) // not closed meanwhile
                reply(to, socket, result, name, place);
        });
    if (now)
        reply(to, socket, *now, name, place);
}

// web-msg-sender: type=publish&to=<uid or empty for everyone>&content=<text>, GET or POST (form body).
// Answers ok, offline or fail as plain text.
void HttpApi::legacyPublish(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // The query and, for a POST, the form body are one form: a field is given once in either.
    QByteArray form = request.url().query(QUrl::FullyEncoded).toUtf8();
    const qsizetype querySize = form.size();
    if (request.method() == QHttpServerRequest::Method::Post)
        form += '&' + request.body();
    const FormBody::Fields params = FormBody::parse(form, querySize + 1 + m_settings.maxRequestSize);
    const auto param = [&](const char *key) { return params.value(QString::fromLatin1(key)); };
    const auto fail = [&](int status, const QString &why) {
        logError(request, status, QStringLiteral("publish"), why);
        write(request, socket, "fail", kText, status);
    };
    if (!params.ok()) {
        fail(params.tooLarge ? 413 : 400, params.error);
        return;
    }
    if (!params.has(u"type")) {
        reply(request, socket, CommandResult::failure(404, ApiError::UnknownCommand,
                                                      QStringLiteral("no such path; commands are POST /api/<command>")),
              request.url().path());
        return;
    }
    if (param("type") != u"publish") {
        fail(400, QStringLiteral("type is \"%1\"; the form call is type=publish").arg(param("type").left(64)));
        return;
    }
    const QString to = param("to");
    Call call{Door::Http, to.isEmpty() ? QStringLiteral("sendToAll") : QStringLiteral("sendToUid"), Scope::Push,
              {{QLatin1String("message"), param("content")}}};
    call.from = request.remoteAddress().toString();
    if (!m_settings.legacyPublishNeedsKey) {
        if (HttpConnection *connection = HttpConnection::of(socket))
            connection->timeouts().authenticated();
    } else if (const std::optional<KeyHolder> holder = authorized(request, socket, param("key").toUtf8())) {
        call.scope = holder->scope;
        call.who = holder->name;
    } else {
        m_commands.count(DoorAnswer::FormCallLogin, 401);
        refuseUnauthorized(request, socket, QStringLiteral("publish"), "fail", kText);
        return;
    }
    if (!to.isEmpty())
        call.args.insert(QLatin1String("uid"), to);
    const CommandResult result = m_commands.execute(call);
    if (!result.ok()) {
        fail(400, errorText(result));
        return;
    }
    const bool offline = !to.isEmpty() && !result.body.value(QLatin1String("online")).toBool();
    write(request, socket, offline ? QByteArray("offline") : QByteArray("ok"), kText, 200);
}

void HttpApi::reply(const QHttpServerRequest &request, QTcpSocket *socket, const CommandResult &result, const QString &what)
{
    reply(answering(request, socket), socket, result, what, 0);
}

void HttpApi::reply(const Answering &to, QTcpSocket *socket, const CommandResult &result, const QString &what, quint64 place)
{
    if (!result.ok())
        logError(to.from, result.status, what, errorText(result));
    respond(to, socket, result.status, {{"Content-Type", kJson}}, jsonText(result), place);
}

void HttpApi::write(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &body, const QByteArray &mimeType,
                    int status)
{
    respond(request, socket, status, {{"Content-Type", mimeType}}, body);
}

// Every answer goes out here: with "Connection: close", and the connection closed after it, when the
// request asked for that or is HTTP/1.0 without keep-alive (RFC 9112 §9.3). The answer to a HEAD has
// the headers a GET's would have, and no body.
void HttpApi::respond(const QHttpServerRequest &request, QTcpSocket *socket, int status, Headers headers, const QByteArray &body)
{
    respond(answering(request, socket), socket, status, std::move(headers), body, 0);
}

HttpApi::Answering HttpApi::answering(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const HttpConnection *connection = HttpConnection::of(socket);
    return {std::make_shared<QHttpServerResponder>(makeResponder(request, socket)),
            request.method() == QHttpServerRequest::Method::Head, connection && connection->closesAfterAnswer(),
            request.remoteAddress().toString()};
}

void HttpApi::respond(const Answering &to, QTcpSocket *socket, int status, Headers headers, const QByteArray &body,
                      quint64 place)
{
    if (to.closes)
        headers.emplace_back("Connection", "close");
    headers.emplace_back("Content-Length", QByteArray::number(body.size()));
    const auto write = [this, to, socket, status, headers, body] {
        QHttpServerResponder &responder = *to.responder;
        responder.writeStatusLine(static_cast<Status>(status));
        for (const auto &[name, value] : headers)
            responder.writeHeader(name, value);
        responder.writeBody(to.head ? QByteArray() : body);
        if (!to.closes)
            return;
        detach(socket);
        socket->disconnectFromHost();
        QTimer::singleShot(kLastAnswerMs, socket, [socket] { socket->abort(); }); // a peer that never reads it
    };
    if (HttpConnection *connection = HttpConnection::of(socket))
        connection->answer(place, write);
    else
        write();
}

// Failed logins are logged by the throttle; every other error answer here, damped per kind and address.
void HttpApi::logError(const QHttpServerRequest &request, int status, const QString &what, const QString &message)
{
    logError(request.remoteAddress().toString(), status, what, message);
}

void HttpApi::logError(const QString &from, int status, const QString &what, const QString &message)
{
    m_errors.info(QStringLiteral("%1 errors for %2 from %3").arg(status).arg(what, from),
                  QStringLiteral("%1 for %2 from %3: %4").arg(status).arg(what, from, message));
}

} // namespace Herald
