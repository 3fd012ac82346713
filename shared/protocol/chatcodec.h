#pragma once

#include "protocol/errorcodes.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>
#include <variant>

// The workerman-chat browser protocol: one JSON object per text frame.
// Pure functions: bytes in, a request or an error out; no sockets.
namespace Herald::Chat {

inline constexpr int MaxNameLength = 128;   // characters of client_name
inline constexpr int MaxRoomIdLength = 128; // characters of room_id

inline constexpr int MaxTokenLength = 8192; // bytes of a connection token
inline constexpr int MaxEpochLength = 64;   // characters of a recover's epoch

// A room's place in its history: the offset of its latest message within the epoch.
struct Position {
    quint64 offset = 0;
    QString epoch;
    bool operator==(const Position &o) const { return offset == o.offset && epoch == o.epoch; }
};

struct LoginRequest {
    QString clientName; // raw, not yet escaped
    QString roomId;     // numbers arrive as their decimal text: 1 and "1" are one room
    QString token;      // a connection token (docs/security.md), when the client sent one
    std::optional<Position> recover; // "recover": the last offset the client saw in the room, to get what it missed
    bool operator==(const LoginRequest &o) const
    {
        return clientName == o.clientName && roomId == o.roomId && token == o.token && recover == o.recover;
    }
};

// A new connection token before the current one expires (same uid).
struct RefreshRequest {
    QString token;
    bool operator==(const RefreshRequest &o) const { return token == o.token; }
};

struct SayRequest {
    QString toClientId; // "all" or a client id
    QString toClientName;
    QString content;
    bool operator==(const SayRequest &o) const
    {
        return toClientId == o.toClientId && toClientName == o.toClientName && content == o.content;
    }
};

struct PongRequest {
    bool operator==(const PongRequest &) const { return true; }
};
struct PingRequest { // a client's own keep-alive; answered with pong
    bool operator==(const PingRequest &) const { return true; }
};

struct DecodeError {
    ChatError code;
    QString message;
    bool operator==(const DecodeError &o) const { return code == o.code && message == o.message; }
};

using Decoded = std::variant<LoginRequest, SayRequest, PongRequest, PingRequest, RefreshRequest, DecodeError>;

Decoded decode(const QByteArray &frame);
// True when the frame is the answer to the server's heartbeat ({"type":"pong"}): cheap for every other
// frame, so the gateway can absorb pongs without decoding what it passes on.
bool isPong(QByteArrayView frame);
QString toString(const Decoded &decoded); // for readable test failures and logs

// Server → client messages. Names and content are passed already escaped where the protocol says so.
using ClientList = QList<QPair<QString, QString>>; // (client_id, client_name), in join order

QByteArray encodePing();
QByteArray encodePong();
QByteArray encodeLogin(const QString &clientId, const QString &clientName, const QString &time);
QByteArray encodeLoginWithList(const QString &clientId, const QString &clientName, const QString &time,
                               const ClientList &clients);
QByteArray encodeSay(const QString &fromClientId, const QString &fromClientName, const QString &toClientId,
                     const QString &content, const QString &time);
QByteArray encodeLogout(const QString &fromClientId, const QString &fromClientName, const QString &time);
QByteArray encodeError(ChatError code, const QString &message);
// The answer to a refresh: the new token's expiry (seconds since the epoch).
QByteArray encodeRefreshed(qint64 expiresAt);

// Room history (docs/protocol.md#history-and-recovery). `text` with "offset" and "epoch" added as its last
// fields, when it is a JSON object that has neither; otherwise nothing (the text is then sent as it is).
std::optional<QByteArray> stamped(const QByteArray &text, const Position &position);
// What `stamped` puts before the offset's digits (the text up to its last brace, then `"offset":`), for
// whoever appends the offset and the epoch elsewhere (Redis, in a cluster); nothing where stamped gives
// nothing. stamped(text, p) == stampHead(text) + p.offset + stampTail(p.epoch).
std::optional<QByteArray> stampHead(const QByteArray &text);
QByteArray stampTail(const QString &epoch);
// After the missed messages of a recovering login: the client is now at `position`.
QByteArray encodeRecovered(const QString &roomId, const Position &position, int count);
// A recovery that cannot be done (`reason`: history_off, epoch_changed, too_old, offset_ahead,
// history_unavailable); the app
// reloads the room. `position` is the room's, when it has history.
QByteArray encodeRecoverFailed(const QString &roomId, const QString &reason, const QString &message,
                               const std::optional<Position> &position);

// Local time as the reference server formats it: YYYY-MM-DD HH:MM:SS (worked out once a second).
QString currentTime();

} // namespace Herald::Chat
