#pragma once

// The admin channel (docs/admin-protocol.md), every message in both directions, as value types with
// their codec: the server encodes what it sends and decodes what it is asked, the console the other way
// round. Pure: bytes in, a message or an error out; no sockets. The APNs part (results, pushes,
// devices) is in adminapns.h, included here; the console's commands and the parts of their replies it
// reads are in admincommands.h.

#include "protocol/adminapns.h"
#include "protocol/adminnodes.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <variant>

namespace Herald::Admin {

inline constexpr int ProtocolVersion = 1;

// ---- Parts of the server's messages ----

struct ClientInfo {
    QString id;
    QString name;
    QString uid;
    QStringList rooms;
    QString address;
    int port = 0;
    QDateTime connectedAt;
    qint64 messagesIn = 0, bytesIn = 0, messagesOut = 0, bytesOut = 0;
};

struct RoomInfo {
    QString room;
    int members = 0;             // on every node of the cluster
    QMap<QString, int> nodes;    // node id → its members (every node with some)
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
    QDateTime startedAt; // to the second on the wire
    qint64 uptimeS = 0;
    QStringList listen;
    QString eventDispatcher;
    qint64 maxMessageSize = 0;
};

enum class EventKind { Connect, Disconnect, Login, Join, Leave, Bind, Unbind, Session, Kick, Apns, ApnsProgress, Robot, Unknown };

// One live event. Which fields it has depends on its kind; the others stay empty.
struct Event {
    EventKind kind = EventKind::Unknown;
    QString kindName;    // as sent, so that events of a newer server are still shown; "" encodes the kind's name
    QDateTime time;
    QString clientId;    // every kind but Apns and ApnsProgress (Connect: the client's id)
    ClientInfo client;   // Connect
    QString name;        // Login; Robot: the robot's name
    QString room;        // Login, Join, Leave
    QString uid;         // Bind, Unbind; Apns: the uid pushed to ("" for a raw token: null on the wire)
    QString reason;      // Disconnect, Kick; Robot: why the messages were not sent
    QJsonObject session; // Session: the client's session data, an open JSON object
    qint64 pushId = 0;   // Apns, ApnsProgress: the push, as the push command answered
    QString token;       // Apns: the device token
    QString topic;       // Apns
    QString environment; // Apns: "production" or "sandbox"
    ApnsResult result;   // Apns
    PushProgress progress; // ApnsProgress
    QString robotResult; // Robot: rejected, configuration, unreachable or dropped
    int messages = 0;    // Robot: the messages not sent
};

struct TrafficMessage {
    QDateTime time;
    QString room;
    QString sender;
    int size = 0;
    int recipients = 0;
    QString content;
};

// ---- Server → console ----

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

struct Events {
    QList<Event> events;
};

struct StatsUpdate {
    Stats stats;
};

// The cluster's nodes (this one alone when it is no cluster's): after the snapshot, then whenever one of
// them changes (a heartbeat heard, a count, a state).
struct Nodes {
    QList<NodeInfo> nodes;
};

struct Traffic {
    QList<TrafficMessage> messages;
    qint64 dropped = 0; // messages the server left out because the console fell behind
};

// The answer to a request: the command's HTTP status and result body (an open JSON object: the HTTP
// API's result bodies; admincommands.h reads the ones the console uses).
struct Result {
    QJsonValue id;   // undefined: sent without "id"
    int status = 0;
    QJsonObject body;
    bool ok() const { return status >= 200 && status < 300; }
    // The error's message when the command failed ("" when it succeeded).
    QString errorMessage() const;
    int errorCode() const;
};

// A failed command's result body: {"error":{"code":N,"message":"…"}} (errorcodes.h has the codes).
QJsonObject errorBody(int code, const QString &message);

struct Pong {
    QJsonValue id;   // undefined: sent without "id"
};

struct ServerError {
    int code = 0;
    QString message;
};

// What the console made of a message it could not read.
struct DecodeError {
    QString message;
};

using Message = std::variant<Hello, Snapshot, Events, StatsUpdate, Traffic, Result, Pong, ServerError, Nodes, DecodeError>;

Message decode(const QByteArray &text);
QByteArray encode(const Hello &hello);
QByteArray encode(const Snapshot &snapshot);
QByteArray encode(const Events &events);
QByteArray encode(const StatsUpdate &stats);
QByteArray encode(const Traffic &traffic);
QByteArray encode(const Result &result);
QByteArray encode(const Pong &pong);
QByteArray encode(const ServerError &error);
QByteArray encode(const Nodes &nodes);

// The snapshot's "server" object is also /healthz's body; a client is written so wherever one is listed.
QJsonObject toJson(const ServerInfo &server);
QJsonObject toJson(const ClientInfo &client);

// listClients, which the admin channel answers itself (every client with fresh counters, for the
// console's refresh): the result body {"ok":true,"clients":[…]}, and the clients read back from it.
QJsonObject clientsReply(const QList<ClientInfo> &clients);
std::variant<QList<ClientInfo>, QString> clientsOf(const Result &result);
// subscribe's and unsubscribe's result body: {"ok":true,"tailing":[the rooms tailed now]}, and read back.
QJsonObject tailingReply(const QStringList &rooms);
std::variant<QStringList, QString> tailingOf(const Result &result);

// ---- Console → server ----

struct Auth {
    QString token; // a token that is no string reads as "", which no server accepts
};

// A command of the HTTP API's table (docs/api.md): its arguments are the open JSON object that table
// reads (admincommands.h builds the console's).
struct Command {
    QJsonValue id;      // undefined: sent without "id"
    QString cmd;        // "" when missing: the command table answers that it knows no such command
    QJsonObject args;   // {} when missing or not an object
    QByteArray rawArgs; // decoded only: the arguments' text as sent (integers past 2^53 stay exact)
};

struct Subscribe {
    QJsonValue id;
    QString room;
    bool subscribe = true; // false: "unsubscribe"
};

struct Ping {
    QJsonValue id;
};

struct RequestError {
    enum class Kind {
        NotAnObject,  // not JSON, or not an object
        UnknownType,  // `type` names no request (or is missing)
        MissingField, // a request without a field it needs (`id` is the request's)
    };
    Kind kind = Kind::NotAnObject;
    QJsonValue id;
    QString type;
    QString message;
};

using Request = std::variant<Auth, Command, Subscribe, Ping, RequestError>;

Request decodeRequest(const QByteArray &text);
QByteArray encode(const Auth &auth);
QByteArray encode(const Command &command);
QByteArray encode(const Subscribe &subscribe);
QByteArray encode(const Ping &ping);

// The same, as the console has long called them.
QByteArray encodeAuth(const QString &token);
QByteArray encodeCommand(const QJsonValue &id, const QString &cmd, const QJsonObject &args);
QByteArray encodeSubscribe(const QJsonValue &id, const QString &room, bool subscribe);
QByteArray encodePing(const QJsonValue &id);

// ---- Comparisons and text, for tests (a failing QCOMPARE prints the message) ----

bool operator==(const ClientInfo &a, const ClientInfo &b);
bool operator==(const RoomInfo &a, const RoomInfo &b);
bool operator==(const Stats &a, const Stats &b);
bool operator==(const ServerInfo &a, const ServerInfo &b);
bool operator==(const Event &a, const Event &b);
bool operator==(const TrafficMessage &a, const TrafficMessage &b);
bool operator==(const Hello &a, const Hello &b);
bool operator==(const Snapshot &a, const Snapshot &b);
bool operator==(const Events &a, const Events &b);
bool operator==(const StatsUpdate &a, const StatsUpdate &b);
bool operator==(const Traffic &a, const Traffic &b);
bool operator==(const Result &a, const Result &b);
bool operator==(const Pong &a, const Pong &b);
bool operator==(const ServerError &a, const ServerError &b);
bool operator==(const Nodes &a, const Nodes &b);
bool operator==(const DecodeError &a, const DecodeError &b);
bool operator==(const Auth &a, const Auth &b);
bool operator==(const Command &a, const Command &b); // rawArgs aside
bool operator==(const Subscribe &a, const Subscribe &b);
bool operator==(const Ping &a, const Ping &b);
bool operator==(const RequestError &a, const RequestError &b);

// QTest's hooks (found by argument-dependent lookup): the message as its JSON, or the error.
char *toString(const Message &m);
char *toString(const Request &m);
char *toString(const Hello &m);
char *toString(const Snapshot &m);
char *toString(const Events &m);
char *toString(const StatsUpdate &m);
char *toString(const Traffic &m);
char *toString(const Result &m);
char *toString(const Pong &m);
char *toString(const ServerError &m);
char *toString(const Nodes &m);
char *toString(const Auth &m);
char *toString(const Command &m);
char *toString(const Subscribe &m);
char *toString(const Ping &m);

} // namespace Herald::Admin
