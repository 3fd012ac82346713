#pragma once

#include "protocol/errorcodes.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <variant>

// The workerman-chat browser protocol: one JSON object per text frame.
// Pure functions: bytes in, a request or an error out; no sockets.
namespace Herald::Chat {

inline constexpr int MaxNameLength = 128;   // characters of client_name
inline constexpr int MaxRoomIdLength = 128; // characters of room_id

inline constexpr int MaxTokenLength = 8192; // bytes of a connection token

struct LoginRequest {
    QString clientName; // raw, not yet escaped
    QString roomId;     // numbers arrive as their decimal text: 1 and "1" are one room
    QString token;      // a connection token (docs/security.md), when the client sent one
    bool operator==(const LoginRequest &o) const
    {
        return clientName == o.clientName && roomId == o.roomId && token == o.token;
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

// Local time as the reference server formats it: YYYY-MM-DD HH:MM:SS (worked out once a second).
QString currentTime();

} // namespace Herald::Chat
