#include "api/textport.h"

#include "api/apikey.h"
#include "api/commands.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QTcpSocket>

namespace Herald {

namespace {
QByteArray line(const QJsonObject &body, const QJsonValue &id)
{
    QJsonObject out = body;
    if (!id.isUndefined())
        out.insert(QLatin1String("id"), id);
    return QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray errorLine(ApiError code, const QString &message, const QJsonValue &id = QJsonValue::Undefined)
{
    return line(CommandResult::failure(400, code, message).body, id);
}
} // namespace

TextPort::TextPort(Commands &commands, Metrics &metrics, QObject *parent)
    : QObject(parent), m_commands(commands), m_metrics(metrics)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TextPort::accept);
}

TextPort::~TextPort() = default;

bool TextPort::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server.listen(address, port))
        return true;
    if (error)
        *error = m_server.errorString();
    return false;
}

void TextPort::close()
{
    m_server.close();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *s : sockets)
        s->disconnectFromHost();
}

void TextPort::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_connections.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readLines(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void TextPort::readLines(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    qsizetype start = 0;
    for (qsizetype nl; (nl = it->buffer.indexOf('\n', start)) >= 0; start = nl + 1) {
        QByteArray text = it->buffer.mid(start, nl - start);
        if (text.endsWith('\r'))
            text.chop(1);
        if (text.size() > m_maxLine)
            break; // reported below
        if (!text.trimmed().isEmpty())
            socket->write(handleLine(*it, text, socket));
    }
    it->buffer.remove(0, start);
    const qsizetype pending = it->buffer.indexOf('\n');
    if ((pending < 0 ? it->buffer.size() : pending) > m_maxLine) {
        qCWarning(lcText).noquote() << "closing text connection from" << socket->peerAddress().toString()
                                    << ": a line over" << m_maxLine << "bytes (max-request-size)";
        m_metrics.countApiCall(QStringLiteral("oversized"), 413);
        socket->write(errorLine(ApiError::TooLarge,
                                QStringLiteral("line over max-request-size (%1 bytes); closing").arg(m_maxLine)));
        it->buffer.clear();
        m_connections.erase(it);
        socket->disconnectFromHost();
    }
}

QByteArray TextPort::handleLine(Connection &connection, const QByteArray &text, QTcpSocket *socket)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError) {
        m_metrics.countApiCall(QStringLiteral("unknown"), 400);
        return errorLine(ApiError::BadRequest,
                         QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    }
    if (!doc.isObject()) {
        m_metrics.countApiCall(QStringLiteral("unknown"), 400);
        return errorLine(ApiError::BadRequest, QStringLiteral("a command must be a JSON object"));
    }
    QJsonObject args = doc.object();
    const QJsonValue id = args.take(QLatin1String("id"));
    const QJsonValue cmd = args.take(QLatin1String("cmd"));
    if (m_legacyPush && cmd.isUndefined() && args.contains(QLatin1String("uid")))
        return legacyPush(args.value(QLatin1String("uid")), text, socket);
    if (!cmd.isString()) {
        m_metrics.countApiCall(QStringLiteral("unknown"), 400);
        return errorLine(ApiError::MissingField, QStringLiteral("missing \"cmd\""), id);
    }
    const QString name = cmd.toString();
    if (name == u"auth") {
        connection.authenticated = secretMatches(m_apiKey, args.value(QLatin1String("key")).toString().toUtf8());
        if (!connection.authenticated) {
            qCWarning(lcText).noquote() << "401 for auth from" << socket->peerAddress().toString()
                                        << ": missing or wrong API key";
            m_metrics.countApiCall(name, 401);
            return line(CommandResult::failure(401, ApiError::Unauthorized, QStringLiteral("missing or wrong API key")).body,
                        id);
        }
        m_metrics.countApiCall(name, 200);
        return line(CommandResult::success().body, id);
    }
    if (!connection.authenticated) {
        m_metrics.countApiCall(Commands::exists(name) ? name : QStringLiteral("unknown"), 401);
        return line(CommandResult::failure(401, ApiError::NotAuthenticated,
                                           QStringLiteral("send {\"cmd\":\"auth\",\"key\":\"...\"} first"))
                        .body,
                    id);
    }
    const CommandResult result = m_commands.execute(name, args, Access::Full, text);
    if (!result.ok())
        qCInfo(lcText).noquote() << result.status << "for" << name;
    return line(result.body, id);
}

// The Workerman push demo's line, {"uid":"uid1",...}: the whole line goes to the uid's connections, and
// the answer is Workerman's text protocol, "ok" when one was reached, else "fail".
QByteArray TextPort::legacyPush(const QJsonValue &uid, const QByteArray &text, QTcpSocket *socket)
{
    const CommandResult result = m_commands.execute(
        QStringLiteral("sendToUid"), {{QLatin1String("uid"), uid}, {QLatin1String("message"), QString::fromUtf8(text)}});
    if (!result.ok()) {
        qCWarning(lcText).noquote() << "legacy push from" << socket->peerAddress().toString() << "answered fail:"
                                    << result.body.value(QLatin1String("error"))[QLatin1String("message")].toString();
        return "fail\n";
    }
    return result.body.value(QLatin1String("delivered")).toInt() > 0 ? "ok\n" : "fail\n";
}

} // namespace Herald
