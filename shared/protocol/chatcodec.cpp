#include "protocol/chatcodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace Herald::Chat {

namespace {

DecodeError missing(const char *field)
{
    return {ChatError::MissingField, QStringLiteral("missing field \"%1\"").arg(QLatin1String(field))};
}

DecodeError wrongType(const char *field, const char *expected)
{
    return {ChatError::WrongFieldType,
            QStringLiteral("field \"%1\" must be %2").arg(QLatin1String(field), QLatin1String(expected))};
}

DecodeError tooLong(const char *field, int limit)
{
    return {ChatError::FieldTooLong,
            QStringLiteral("field \"%1\" is longer than %2 characters").arg(QLatin1String(field)).arg(limit)};
}

// A string field; numbers are accepted as their decimal text when allowNumber is set.
std::variant<QString, DecodeError> stringField(const QJsonObject &obj, const char *field, bool required,
                                                bool allowNumber = false)
{
    const QJsonValue v = obj.value(QLatin1String(field));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return missing(field);
        return QString();
    }
    if (v.isString())
        return v.toString();
    if (allowNumber && v.isDouble()) {
        const double d = v.toDouble();
        // Past 2^53 a double is no exact integer, and past 2^63 the cast to qint64 is undefined.
        if (std::abs(d) <= 9007199254740992.0 && double(qint64(d)) == d)
            return QString::number(qint64(d));
        return wrongType(field, "a string or an integer");
    }
    return wrongType(field, allowNumber ? "a string or an integer" : "a string");
}

// login's optional "recover": {"offset": N, "epoch": "E"}, N a whole number from 0.
std::variant<std::optional<Position>, DecodeError> recoverField(const QJsonObject &obj)
{
    const QJsonValue v = obj.value(QLatin1String("recover"));
    if (v.isUndefined() || v.isNull())
        return std::optional<Position>();
    if (!v.isObject())
        return wrongType("recover", "an object: {\"offset\": N, \"epoch\": \"...\"}");
    const QJsonObject r = v.toObject();
    const QJsonValue offset = r.value(QLatin1String("offset"));
    const QJsonValue epoch = r.value(QLatin1String("epoch"));
    if (offset.isUndefined())
        return missing("recover.offset");
    if (epoch.isUndefined())
        return missing("recover.epoch");
    const double d = offset.toDouble(-1);
    if (!offset.isDouble() || d < 0 || d > 9007199254740992.0 || double(qint64(d)) != d)
        return wrongType("recover.offset", "a whole number from 0");
    if (!epoch.isString())
        return wrongType("recover.epoch", "a string");
    if (epoch.toString().size() > MaxEpochLength)
        return tooLong("recover.epoch", MaxEpochLength);
    return std::optional<Position>(Position{quint64(d), epoch.toString()});
}

Decoded decodeLogin(const QJsonObject &obj)
{
    auto name = stringField(obj, "client_name", true);
    if (auto *e = std::get_if<DecodeError>(&name))
        return *e;
    auto room = stringField(obj, "room_id", true, true);
    if (auto *e = std::get_if<DecodeError>(&room))
        return *e;
    auto token = stringField(obj, "token", false);
    if (auto *e = std::get_if<DecodeError>(&token))
        return *e;
    auto recover = recoverField(obj);
    if (auto *e = std::get_if<DecodeError>(&recover))
        return *e;
    LoginRequest r{std::get<QString>(name), std::get<QString>(room), std::get<QString>(token),
                   std::get<std::optional<Position>>(recover)};
    if (r.token.size() > MaxTokenLength)
        return tooLong("token", MaxTokenLength);
    if (r.clientName.size() > MaxNameLength)
        return tooLong("client_name", MaxNameLength);
    if (r.roomId.isEmpty())
        return DecodeError{ChatError::MissingField, QStringLiteral("field \"room_id\" is empty")};
    if (r.roomId.size() > MaxRoomIdLength)
        return tooLong("room_id", MaxRoomIdLength);
    return r;
}

Decoded decodeSay(const QJsonObject &obj)
{
    auto to = stringField(obj, "to_client_id", true);
    if (auto *e = std::get_if<DecodeError>(&to))
        return *e;
    auto toName = stringField(obj, "to_client_name", false);
    if (auto *e = std::get_if<DecodeError>(&toName))
        return *e;
    auto content = stringField(obj, "content", true, true);
    if (auto *e = std::get_if<DecodeError>(&content))
        return *e;
    SayRequest r{std::get<QString>(to), std::get<QString>(toName), std::get<QString>(content)};
    if (r.toClientId.isEmpty())
        return DecodeError{ChatError::MissingField, QStringLiteral("field \"to_client_id\" is empty")};
    if (r.toClientName.size() > MaxNameLength)
        return tooLong("to_client_name", MaxNameLength);
    return r;
}

QJsonObject message(const char *type)
{
    QJsonObject o;
    o.insert(QLatin1String("type"), QLatin1String(type));
    return o;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Decoded decodeRefresh(const QJsonObject &obj)
{
    auto token = stringField(obj, "token", true);
    if (auto *e = std::get_if<DecodeError>(&token))
        return *e;
    RefreshRequest r{std::get<QString>(token)};
    if (r.token.isEmpty())
        return DecodeError{ChatError::MissingField, QStringLiteral("field \"token\" is empty")};
    if (r.token.size() > MaxTokenLength)
        return tooLong("token", MaxTokenLength);
    return r;
}

// A JSON string as QJsonDocument writes it: quotes, backslashes and control characters escaped
// (\u00XX in lower-case hex where there is no short form), everything else as UTF-8.
void appendJsonString(QByteArray &out, QStringView s)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (qsizetype i = 0; i < s.size();) {
        const char16_t c = s[i].unicode();
        if (c >= 0x80) { // a run of non-ASCII characters (surrogate pairs kept together), as UTF-8
            qsizetype end = i + 1;
            while (end < s.size() && s[end].unicode() >= 0x80)
                ++end;
            out += s.mid(i, end - i).toUtf8();
            i = end;
            continue;
        }
        ++i;
        if (c >= 0x20 && c != u'"' && c != u'\\') {
            out += char(c);
            continue;
        }
        out += '\\';
        switch (c) {
        case u'"': out += '"'; break;
        case u'\\': out += '\\'; break;
        case u'\b': out += 'b'; break;
        case u'\f': out += 'f'; break;
        case u'\n': out += 'n'; break;
        case u'\r': out += 'r'; break;
        case u'\t': out += 't'; break;
        default:
            out += "u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out += '"';
}

QJsonObject loginObject(const QString &clientId, const QString &clientName, const QString &time)
{
    QJsonObject o = message("login");
    o.insert(QLatin1String("client_id"), clientId);
    o.insert(QLatin1String("client_name"), clientName);
    o.insert(QLatin1String("time"), time);
    return o;
}

} // namespace

Decoded decode(const QByteArray &frame)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(frame, &err);
    if (err.error != QJsonParseError::NoError) {
        // Qt parses only an object or an array at the top level; a bare scalar (42, "x", null) is valid JSON.
        const QByteArray wrapped = QByteArray("[").append(frame).append(']');
        if (QJsonDocument::fromJson(wrapped).array().size() == 1)
            return DecodeError{ChatError::NotAnObject, QStringLiteral("a message must be a JSON object")};
        return DecodeError{ChatError::InvalidJson,
                           QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString())};
    }
    if (!doc.isObject())
        return DecodeError{ChatError::NotAnObject, QStringLiteral("a message must be a JSON object")};
    const QJsonObject obj = doc.object();
    const QJsonValue type = obj.value(QLatin1String("type"));
    if (!type.isString())
        return DecodeError{ChatError::UnknownType, QStringLiteral("field \"type\" must be a string")};
    const QString t = type.toString();
    if (t == u"login")
        return decodeLogin(obj);
    if (t == u"say")
        return decodeSay(obj);
    if (t == u"pong")
        return PongRequest{};
    if (t == u"ping")
        return PingRequest{};
    if (t == u"refresh")
        return decodeRefresh(obj);
    return DecodeError{ChatError::UnknownType, QStringLiteral("unknown type \"%1\"").arg(t.left(64))};
}

QString toString(const Decoded &decoded)
{
    struct Visitor {
        QString operator()(const LoginRequest &r) const
        {
            const QString recover = r.recover ? QStringLiteral(", recover=%1@%2").arg(r.recover->offset).arg(r.recover->epoch)
                                              : QString();
            return QStringLiteral("login(name=%1, room=%2%3)").arg(r.clientName, r.roomId, recover);
        }
        QString operator()(const SayRequest &r) const
        {
            return QStringLiteral("say(to=%1, to_name=%2, content=%3)").arg(r.toClientId, r.toClientName, r.content);
        }
        QString operator()(const PongRequest &) const { return QStringLiteral("pong"); }
        QString operator()(const PingRequest &) const { return QStringLiteral("ping"); }
        QString operator()(const RefreshRequest &) const { return QStringLiteral("refresh"); }
        QString operator()(const DecodeError &e) const
        {
            return QStringLiteral("error(%1, %2)").arg(int(e.code)).arg(e.message);
        }
    };
    return std::visit(Visitor{}, decoded);
}

bool isPong(QByteArrayView frame)
{
    // The usual answer costs a comparison; anything else that could be one is decoded (a pong may
    // carry more keys, or spaces).
    constexpr qsizetype kLongestPong = 256;
    if (frame == QByteArrayView("{\"type\":\"pong\"}"))
        return true;
    if (frame.size() > kLongestPong || !frame.contains(QByteArrayView("pong")))
        return false;
    return std::holds_alternative<PongRequest>(decode(frame.toByteArray()));
}

QByteArray encodePing()
{
    return QByteArrayLiteral("{\"type\":\"ping\"}");
}

QByteArray encodePong()
{
    return QByteArrayLiteral("{\"type\":\"pong\"}");
}

QByteArray encodeLogin(const QString &clientId, const QString &clientName, const QString &time)
{
    return compact(loginObject(clientId, clientName, time));
}

// Written straight into one buffer of the right size, with QJsonDocument's bytes (keys sorted, the
// same escapes): a room's login burst would otherwise build a QJsonObject of the whole room per login,
// a dozen allocations of growing sizes each, and leave the server's heap full of holes
// (docs/benchmarks.md, "Memory per idle connection").
QByteArray encodeLoginWithList(const QString &clientId, const QString &clientName, const QString &time,
                               const ClientList &clients)
{
    // The list's keys in QJsonObject's order (sorted; of one id given twice, the last name counts).
    std::vector<qsizetype> order(size_t(clients.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return clients[a].first < clients[b].first; });
    const auto repeated = [&](size_t i) { return i + 1 < order.size() && clients[order[i + 1]].first == clients[order[i]].first; };

    qsizetype size = 96 + 3 * (clientId.size() + clientName.size() + time.size());
    for (const auto &[id, name] : clients)
        size += 3 * (id.size() + name.size()) + 6; // a UTF-16 unit is at most 3 bytes of UTF-8; "":"",
    QByteArray out;
    out.reserve(size);
    out += "{\"client_id\":";
    appendJsonString(out, clientId);
    out += ",\"client_list\":{";
    bool first = true;
    for (size_t i = 0; i < order.size(); ++i) {
        if (repeated(i))
            continue;
        if (!std::exchange(first, false))
            out += ',';
        appendJsonString(out, clients[order[i]].first);
        out += ':';
        appendJsonString(out, clients[order[i]].second);
    }
    out += "},\"client_name\":";
    appendJsonString(out, clientName);
    out += ",\"time\":";
    appendJsonString(out, time);
    out += ",\"type\":\"login\"}";
    return out;
}

QByteArray encodeSay(const QString &fromClientId, const QString &fromClientName, const QString &toClientId,
                     const QString &content, const QString &time)
{
    QJsonObject o = message("say");
    o.insert(QLatin1String("from_client_id"), fromClientId);
    o.insert(QLatin1String("from_client_name"), fromClientName);
    o.insert(QLatin1String("to_client_id"), toClientId);
    o.insert(QLatin1String("content"), content);
    o.insert(QLatin1String("time"), time);
    return compact(o);
}

QByteArray encodeLogout(const QString &fromClientId, const QString &fromClientName, const QString &time)
{
    QJsonObject o = message("logout");
    o.insert(QLatin1String("from_client_id"), fromClientId);
    o.insert(QLatin1String("from_client_name"), fromClientName);
    o.insert(QLatin1String("time"), time);
    return compact(o);
}

QByteArray encodeError(ChatError code, const QString &text)
{
    QJsonObject o = message("error");
    o.insert(QLatin1String("code"), int(code));
    o.insert(QLatin1String("message"), text);
    return compact(o);
}

QByteArray encodeRefreshed(qint64 expiresAt)
{
    QJsonObject o = message("refreshed");
    o.insert(QLatin1String("exp"), expiresAt);
    return compact(o);
}

std::optional<QByteArray> stampHead(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}'))
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed);
    if (!doc.isObject() || doc.object().contains(QLatin1String("offset")) || doc.object().contains(QLatin1String("epoch")))
        return std::nullopt;
    // The text is kept as it is (a backend's key order and escapes); the two fields go before its last brace.
    QByteArray out = trimmed.chopped(1);
    if (!doc.object().isEmpty())
        out.append(',');
    out.append("\"offset\":");
    return out;
}

QByteArray stampTail(const QString &epoch)
{
    QByteArray out(",\"epoch\":");
    out.append(QJsonDocument(QJsonArray{epoch}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
    out.append('}');
    return out;
}

std::optional<QByteArray> stamped(const QByteArray &text, const Position &position)
{
    std::optional<QByteArray> head = stampHead(text);
    if (!head)
        return std::nullopt;
    return head->append(QByteArray::number(position.offset)).append(stampTail(position.epoch));
}

QByteArray encodeRecovered(const QString &roomId, const Position &position, int count)
{
    QJsonObject o = message("recovered");
    o.insert(QLatin1String("room_id"), roomId);
    o.insert(QLatin1String("offset"), qint64(position.offset));
    o.insert(QLatin1String("epoch"), position.epoch);
    o.insert(QLatin1String("count"), count);
    return compact(o);
}

QByteArray encodeRecoverFailed(const QString &roomId, const QString &reason, const QString &text,
                               const std::optional<Position> &position)
{
    QJsonObject o = message("recover_failed");
    o.insert(QLatin1String("room_id"), roomId);
    o.insert(QLatin1String("reason"), reason);
    o.insert(QLatin1String("message"), text);
    if (position) {
        o.insert(QLatin1String("offset"), qint64(position->offset));
        o.insert(QLatin1String("epoch"), position->epoch);
    }
    return compact(o);
}

QString currentTime()
{
    // Every login, say and logout carries the time, which changes once a second; the local time
    // (glibc's tzset stats /etc/localtime on every call) and its text are worked out once a second.
    thread_local qint64 second = -1;
    thread_local QString text;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != second) {
        second = now;
        text = QDateTime::fromSecsSinceEpoch(now).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    return text;
}

} // namespace Herald::Chat
