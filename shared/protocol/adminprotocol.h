#pragma once

// The admin channel's messages (docs/admin-protocol.md), as value types, and their codec: the console
// decodes what the server sends and encodes what it asks. Pure: bytes in, message or error out.

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <variant>

namespace Herald::Admin {

inline constexpr int ProtocolVersion = 1;

struct ClientInfo {
    QString id;
    QString name;
    QString uid;
    QStringList rooms;
    QString address;
    int port = 0;
    QDateTime connectedAt;
    qint64 messagesIn = 0, bytesIn = 0, messagesOut = 0, bytesOut = 0;

    friend bool operator==(const ClientInfo &a, const ClientInfo &b);
};

struct RoomInfo {
    QString room;
    int members = 0;
};

struct Stats {
    QDateTime time;
    int connections = 0, rooms = 0, uids = 0;
    qint64 connectionsAccepted = 0, connectionsRefused = 0, logins = 0;
    qint64 messagesIn = 0, bytesIn = 0, messagesOut = 0, bytesOut = 0, publishes = 0;
};

struct ServerInfo {
    QString version;
    QString nodeId;
    QDateTime startedAt;
    QStringList listen;
    QString eventDispatcher;
    qint64 maxMessageSize = 0;
};

struct Hello {
    int protocol = 0;
    bool readOnly = true;
    QStringList commands;
};

struct Snapshot {
    ServerInfo server;
    QList<ClientInfo> clients;
    QList<RoomInfo> rooms;
    Stats stats;
};

enum class EventKind { Connect, Disconnect, Login, Join, Leave, Bind, Unbind, Session, Kick, Apns, ApnsProgress, Unknown };

// How far a push through APNs has got (apns_progress; pushToAll reports it while it pages).
struct PushProgress {
    bool everyone = false;
    int total = 0;
    int sent = 0;
    int delivered = 0;
    int failed = 0;
    int dead = 0;
    bool done = false;
};

struct Event {
    EventKind kind = EventKind::Unknown;
    QString kindName;   // as sent, so that events of a newer server are still shown
    QDateTime time;
    QString clientId;
    ClientInfo client;  // Connect
    QString name;       // Login
    QString room;       // Login, Join, Leave
    QString uid;        // Bind, Unbind
    QString reason;     // Disconnect, Kick
    QJsonObject session; // Session
    QString pushId;      // Apns, ApnsProgress: the push (as the push command answered)
    QString token;       // Apns: the device token
    QJsonObject result;  // Apns: {status, reason, explanation, apns_id, unique_id, timestamp, latency_ms, attempts, outcome}
    PushProgress progress; // ApnsProgress
};

struct Events {
    QList<Event> events;
};

struct TrafficMessage {
    QDateTime time;
    QString room;
    QString sender;
    int size = 0;
    int recipients = 0;
    QString content;
};

struct Traffic {
    QList<TrafficMessage> messages;
    qint64 dropped = 0; // messages the server left out because the console fell behind
};

struct StatsUpdate {
    Stats stats;
};

struct Result {
    QJsonValue id;
    int status = 0;
    QJsonObject body;
    bool ok() const { return status >= 200 && status < 300; }
    // The error's message when the command failed ("" when it succeeded).
    QString errorMessage() const;
    int errorCode() const;
};

struct Pong {
    QJsonValue id;
};

struct ServerError {
    int code = 0;
    QString message;
};

struct DecodeError {
    QString message;
};

using Message = std::variant<Hello, Snapshot, Events, StatsUpdate, Traffic, Result, Pong, ServerError, DecodeError>;

Message decode(const QByteArray &text);

ClientInfo clientFromJson(const QJsonObject &o);
QJsonObject toJson(const ClientInfo &c);
Stats statsFromJson(const QJsonObject &o);

// What the console sends.
QByteArray encodeAuth(const QString &token);
QByteArray encodeCommand(const QJsonValue &id, const QString &cmd, const QJsonObject &args);
QByteArray encodeSubscribe(const QJsonValue &id, const QString &room, bool subscribe);
QByteArray encodePing(const QJsonValue &id);

} // namespace Herald::Admin
