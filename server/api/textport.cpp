#include "api/textport.h"

#include "api/connectiontimeouts.h"
#include "util/logging.h"
#include "util/metrics.h"
#include "util/tlscontext.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <unistd.h>

namespace Herald {

namespace {
QByteArray line(const QJsonObject &body, const QJsonValue &id)
{
    QJsonObject out = body;
    if (!id.isUndefined())
        out.insert(QLatin1String("id"), id);
    return QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n';
}

CommandResult badRequest(ApiError code, const QString &message)
{
    return CommandResult::failure(400, code, message);
}

QString errorText(const CommandResult &result)
{
    return result.body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}
} // namespace

TextPort::TextPort(Commands &commands, ApiKeyStore &keys, Metrics &metrics, QObject *parent)
    : QObject(parent), m_commands(commands), m_keys(keys), m_metrics(metrics), m_listener(QStringLiteral("text port"), lcText),
      m_throttle(QStringLiteral("text-port"), lcText), m_errors(lcText)
{
    connect(&m_listener, &TcpListener::accepted, this, &TextPort::accept);
}

TextPort::~TextPort() = default;

bool TextPort::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_listener.listen(address, port))
        return true;
    if (error)
        *error = m_listener.errorString();
    return false;
}

void TextPort::close()
{
    m_listener.close();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *s : sockets)
        s->disconnectFromHost();
}

void TextPort::accept(qintptr descriptor)
{
    QTcpSocket *socket = adoptServerSocket(descriptor, m_tls, this);
    if (!socket)
        return;
    // What a held connection sends meanwhile stays in the kernel, not in memory here.
    socket->setReadBufferSize(qMax<qint64>(2 * m_maxLine, 64 * 1024));
    Connection &connection = m_connections[socket];
    connection.timeouts = new ConnectionTimeouts(m_limits, socket);
    connect(connection.timeouts, &ConnectionTimeouts::expired, this, [this, socket](ConnectionTimeouts::Clock clock) {
        if (clock == ConnectionTimeouts::Clock::Idle) {
            drop(socket, "idle_timeout", QStringLiteral("silent for %1 s (idle-timeout)").arg(m_limits.idleTimeoutMs / 1000));
            return;
        }
        socket->write(line(CommandResult::failure(401, ApiError::NotAuthenticated,
                                                  QStringLiteral("no auth within %1 ms (handshake-timeout); closing")
                                                      .arg(m_limits.authTimeoutMs)).body,
                           QJsonValue::Undefined));
        drop(socket, "auth_timeout", QStringLiteral("no auth within %1 ms (handshake-timeout)").arg(m_limits.authTimeoutMs));
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readLines(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_connections.remove(socket);
        socket->deleteLater();
    });
}

// Closes a connection for `reason` (the metric's label), after what was written to it so far.
void TextPort::drop(QTcpSocket *socket, const char *reason, const QString &why)
{
    qCInfo(lcText).noquote() << QStringLiteral("closing text connection from %1: %2").arg(socket->peerAddress().toString(), why);
    m_metrics.countDoorClose(QStringLiteral("text"), QLatin1String(reason));
    m_connections.remove(socket);
    socket->flush();
    if (socket->bytesToWrite() == 0)
        socket->disconnectFromHost();
    else
        socket->abort(); // it does not read: nothing would ever be flushed
}

void TextPort::readLines(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->held)
        return;
    it->timeouts->activity();
    it->buffer += socket->readAll();
    qsizetype start = 0;
    for (qsizetype nl; (nl = it->buffer.indexOf('\n', start)) >= 0;) {
        QByteArray text = it->buffer.mid(start, nl - start);
        if (text.endsWith('\r'))
            text.chop(1);
        if (text.size() > m_maxLine)
            break; // reported below
        start = nl + 1;
        if (text.trimmed().isEmpty())
            continue;
        const Reply reply = handleLine(*it, text, socket);
        if (reply.delay.count() > 0 || reply.pending) {
            it->buffer.remove(0, start);
            it->held = true;
            if (reply.delay.count() > 0)
                QTimer::singleShot(reply.delay, socket, [this, socket, reply] { resume(socket, reply); });
            return;
        }
        if (!send(socket, reply))
            return;
        it = m_connections.find(socket); // a command may have run code that touched the table
        if (it == m_connections.end())
            return;
    }
    it->buffer.remove(0, start);
    const qsizetype pending = it->buffer.indexOf('\n');
    if ((pending < 0 ? it->buffer.size() : pending) > m_maxLine) {
        m_commands.count(DoorAnswer::Oversized, 413);
        socket->write(line(CommandResult::failure(413, ApiError::TooLarge,
                                                  QStringLiteral("line over max-request-size (%1 bytes); closing").arg(m_maxLine))
                               .body,
                           QJsonValue::Undefined));
        qCWarning(lcText).noquote() << "closing text connection from" << socket->peerAddress().toString()
                                    << ": a line over" << m_maxLine << "bytes (max-request-size)";
        m_connections.erase(it);
        socket->disconnectFromHost();
    }
}

// A held connection's answer (a throttled failed login, or a command that answered later): out it goes,
// and the lines received meanwhile are read. Nothing when the connection closed meanwhile.
void TextPort::resume(QTcpSocket *socket, const Reply &reply)
{
    const auto it = socket ? m_connections.find(socket) : m_connections.end();
    if (it == m_connections.end())
        return;
    it->held = false;
    if (send(socket, reply))
        readLines(socket);
}

bool TextPort::send(QTcpSocket *socket, const Reply &reply)
{
    if (repliesPileUp(*socket, m_limits.maxUnsentBytes)) {
        qCWarning(lcText).noquote() << QStringLiteral("closing text connection from %1: %2 bytes of replies unread "
                                                      "(max-send-buffer %3); the peer sends commands and does not read "
                                                      "the replies")
                                           .arg(socket->peerAddress().toString())
                                           .arg(socket->bytesToWrite())
                                           .arg(m_limits.maxUnsentBytes);
        m_metrics.countDoorClose(QStringLiteral("text"), QStringLiteral("reply_backlog"));
        m_connections.remove(socket);
        socket->abort();
        return false;
    }
    const CommandResult &r = reply.result;
    if (!r.ok() && r.status != 401) { // failed logins are logged by the throttle
        const QString from = socket->peerAddress().toString();
        m_errors.info(QStringLiteral("%1 errors for %2 from %3").arg(r.status).arg(reply.command, from),
                      QStringLiteral("%1 for %2 from %3: %4").arg(r.status).arg(reply.command, from, errorText(r)));
    } else if (r.status == 401 && reply.command != u"auth") {
        const QString from = socket->peerAddress().toString();
        m_errors.info(QStringLiteral("commands before auth from %1").arg(from),
                      QStringLiteral("401 for %1 from %2: %3").arg(reply.command, from, errorText(r)));
    }
    socket->write(reply.plain.isEmpty() ? line(r.body, reply.id) : reply.plain);
    return true;
}

TextPort::Reply TextPort::handleLine(Connection &connection, const QByteArray &text, QTcpSocket *socket)
{
    Reply reply;
    reply.command = QStringLiteral("unknown");
    const Call unnamed{Door::Text, {}};
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError) {
        reply.result = m_commands.refuse(unnamed, badRequest(ApiError::BadRequest, QStringLiteral("invalid JSON at offset %1: %2")
                                                                                       .arg(err.offset).arg(err.errorString())));
        return reply;
    }
    if (!doc.isObject()) {
        reply.result = m_commands.refuse(unnamed, badRequest(ApiError::BadRequest, QStringLiteral("a command must be a JSON object")));
        return reply;
    }
    QJsonObject args = doc.object();
    reply.id = args.take(QLatin1String("id"));
    const QJsonValue cmd = args.take(QLatin1String("cmd"));
    if (m_legacyPush && cmd.isUndefined() && args.contains(QLatin1String("uid")))
        return legacyPush(connection, args.value(QLatin1String("uid")), text, socket);
    if (!cmd.isString()) {
        reply.result = m_commands.refuse(unnamed, badRequest(ApiError::MissingField, QStringLiteral("missing \"cmd\"")));
        return reply;
    }
    const QString name = cmd.toString();
    reply.command = name == u"auth" || Commands::exists(name, Door::Text) ? name : QStringLiteral("unknown");
    if (name == u"auth") {
        const std::optional<KeyHolder> holder = m_keys.match(args.value(QLatin1String("key")).toString().toUtf8());
        connection.authenticated = holder.has_value();
        m_commands.count(DoorAnswer::TextLogin, connection.authenticated ? 200 : 401);
        if (!holder) {
            reply.delay = m_throttle.failed(socket->peerAddress(), name, QStringLiteral("missing or wrong API key"));
            m_metrics.countAuthFailure(QStringLiteral("text"), reply.delay.count() > 0);
            reply.result = CommandResult::failure(401, ApiError::Unauthorized, QStringLiteral("missing or wrong API key"));
            return reply;
        }
        connection.holder = *holder;
        m_throttle.succeeded(socket->peerAddress());
        connection.timeouts->authenticated();
        reply.result = CommandResult::success();
        return reply;
    }
    if (connection.authenticated && !m_keys.contains(connection.holder.name)) {
        connection.authenticated = false; // its key was revoked meanwhile
        reply.result = m_commands.refuse({Door::Text, name}, CommandResult::failure(401, ApiError::NotAuthenticated,
                                                                                    QStringLiteral("the key \"%1\" was revoked: send {\"cmd\":\"auth\",\"key\":\"...\"} with another")
                                                                                        .arg(connection.holder.name)));
        return reply;
    }
    if (!connection.authenticated) {
        reply.result = m_commands.refuse({Door::Text, name}, CommandResult::failure(401, ApiError::NotAuthenticated,
                                                                                    QStringLiteral("send {\"cmd\":\"auth\",\"key\":\"...\"} first")));
        return reply;
    }
    const Reply asked = reply;
    const std::optional<CommandResult> now = m_commands.execute(
        {Door::Text, name, connection.holder.scope, args, text, connection.holder.name, socket->peerAddress().toString()},
        [this, socket = QPointer<QTcpSocket>(socket), asked](const CommandResult &result) {
            Reply late = asked;
            late.result = result;
            resume(socket, late);
        });
    reply.pending = !now;
    reply.result = now.value_or(CommandResult{});
    return reply;
}

// The Workerman push demo's line, {"uid":"uid1",...}: the whole line goes to the uid's connections, and
// the answer is Workerman's text protocol, "ok" when one was reached, else "fail".
TextPort::Reply TextPort::legacyPush(Connection &connection, const QJsonValue &uid, const QByteArray &text,
                                     QTcpSocket *socket)
{
    Reply reply;
    reply.command = QStringLiteral("sendToUid");
    reply.result = m_commands.execute({Door::Text, reply.command, Scope::Push,
                                       {{QLatin1String("uid"), uid}, {QLatin1String("message"), QString::fromUtf8(text)}},
                                       {}, QStringLiteral("anonymous"), socket->peerAddress().toString()});
    if (!reply.result.ok()) {
        qCWarning(lcText).noquote() << "legacy push from" << socket->peerAddress().toString() << "answered fail:"
                                    << errorText(reply.result);
        reply.result = CommandResult::success(); // answered as the demo's protocol says, logged above
        reply.plain = "fail\n";
        return reply;
    }
    // The operator opted into pushes without the key: a backend that keeps its connection for them is
    // held to the idle timeout, not the authentication one.
    connection.timeouts->authenticated();
    reply.plain = reply.result.body.value(QLatin1String("delivered")).toInt() > 0 ? "ok\n" : "fail\n";
    return reply;
}

} // namespace Herald
