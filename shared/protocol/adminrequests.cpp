// The console's requests: auth, command, subscribe / unsubscribe, ping.
#include "protocol/adminprotocol.h"

#include "protocol/adminfields.h"
#include "protocol/rawjson.h"

namespace Herald::Admin {

namespace {

QJsonObject request(const char *type, const QJsonValue &id)
{
    QJsonObject o{{QLatin1String("type"), QLatin1String(type)}};
    if (!id.isUndefined())
        o.insert(QLatin1String("id"), id);
    return o;
}

// Lenient, as the server always was: a room may be a number, an id any JSON value, and a token, command
// name or arguments of another type read as empty (no token is empty; the command table then says what
// is wrong).
Request decodeObject(const QJsonObject &o, const QByteArray &text)
{
    const QString type = o.value(QLatin1String("type")).toString();
    const QJsonValue id = o.value(QLatin1String("id"));
    if (type == u"auth")
        return Auth{o.value(QLatin1String("token")).toString()};
    if (type == u"command") {
        return Command{id, o.value(QLatin1String("cmd")).toString(), o.value(QLatin1String("args")).toObject(),
                       Json::memberText(text, QLatin1String("args"))};
    }
    if (type == u"subscribe" || type == u"unsubscribe") {
        const QString name = o.value(QLatin1String("room")).toVariant().toString();
        if (name.isEmpty())
            return RequestError{RequestError::Kind::MissingField, id, type, QStringLiteral("missing \"room\"")};
        return Subscribe{id, name, type == u"subscribe"};
    }
    if (type == u"ping")
        return Ping{id};
    return RequestError{RequestError::Kind::UnknownType, id, type,
                        QStringLiteral("unknown message type \"%1\"").arg(type.left(64))};
}

} // namespace

Request decodeRequest(const QByteArray &text)
{
    QString error;
    const QJsonObject o = Detail::parseObject(text, &error);
    if (!error.isEmpty())
        return RequestError{RequestError::Kind::NotAnObject, QJsonValue(QJsonValue::Undefined), QString(), error};
    return decodeObject(o, text);
}

QByteArray encode(const Auth &a)
{
    QJsonObject o = request("auth", QJsonValue::Undefined);
    o.insert(QLatin1String("token"), a.token);
    return Detail::compact(o);
}

QByteArray encode(const Command &c)
{
    QJsonObject o = request("command", c.id);
    o.insert(QLatin1String("cmd"), c.cmd);
    o.insert(QLatin1String("args"), c.args);
    return Detail::compact(o);
}

QByteArray encode(const Subscribe &s)
{
    QJsonObject o = request(s.subscribe ? "subscribe" : "unsubscribe", s.id);
    o.insert(QLatin1String("room"), s.room);
    return Detail::compact(o);
}

QByteArray encode(const Ping &p)
{
    return Detail::compact(request("ping", p.id));
}

QByteArray encodeAuth(const QString &token)
{
    return encode(Auth{token});
}

QByteArray encodeCommand(const QJsonValue &id, const QString &cmd, const QJsonObject &args)
{
    return encode(Command{id, cmd, args, {}});
}

QByteArray encodeSubscribe(const QJsonValue &id, const QString &room, bool subscribe)
{
    return encode(Subscribe{id, room, subscribe});
}

QByteArray encodePing(const QJsonValue &id)
{
    return encode(Ping{id});
}

bool operator==(const Auth &a, const Auth &b)
{
    return a.token == b.token;
}

bool operator==(const Command &a, const Command &b)
{
    return a.id == b.id && a.cmd == b.cmd && a.args == b.args;
}

bool operator==(const Subscribe &a, const Subscribe &b)
{
    return a.id == b.id && a.room == b.room && a.subscribe == b.subscribe;
}

bool operator==(const Ping &a, const Ping &b)
{
    return a.id == b.id;
}

bool operator==(const RequestError &a, const RequestError &b)
{
    return a.kind == b.kind && a.id == b.id && a.type == b.type && a.message == b.message;
}

char *toString(const Request &m)
{
    return Detail::messageText<RequestError>(m, [](const RequestError &e) {
        return QStringLiteral("RequestError %1 (type \"%2\"): %3").arg(int(e.kind)).arg(e.type, e.message);
    });
}

char *toString(const Auth &m) { return toString(Request(m)); }
char *toString(const Command &m) { return toString(Request(m)); }
char *toString(const Subscribe &m) { return toString(Request(m)); }
char *toString(const Ping &m) { return toString(Request(m)); }

} // namespace Herald::Admin
