#pragma once

// Wire error codes. Append only: a code, once released, is never renumbered or reused.
// docs/protocol.md and docs/api.md list them with their meaning.
namespace Herald {

// Sent to WebSocket clients as {"type":"error","code":N,"message":"..."}.
enum class ChatError : int {
    InvalidJson = 1001,      // the frame is not valid JSON
    NotAnObject = 1002,      // valid JSON, but not an object
    UnknownType = 1003,      // "type" missing or not one we know
    MissingField = 1004,     // a required field is absent
    WrongFieldType = 1005,   // a field has the wrong JSON type
    NotLoggedIn = 1006,      // "say" before "login"
    NoSuchClient = 1007,     // private "say" to a client id that is not online
    FieldTooLong = 1008,     // a name or room id past its length limit
    TooManyRooms = 1009,     // joining would pass max-rooms-per-client
    BinaryNotSupported = 1010, // a binary frame; the protocol is text only
    RateLimited = 1011,      // over client-message-rate: the message was dropped
    TokenRequired = 1012,    // require-token: no connection token; the connection is closed 4001
    TokenInvalid = 1013,     // the connection token was refused (signature, alg, exp, sub ...); closed 4001
    RoomNotAllowed = 1014,   // the connection token's "rooms" does not list the room
    UidConnectionLimit = 1015, // the uid has max-connections-per-uid connections already; closed 4002
};

// Returned by the HTTP API, the text port and the admin channel as {"error":{"code":N,"message":"..."}}.
enum class ApiError : int {
    BadRequest = 2001,       // malformed request (invalid JSON, not an object, bad form)
    Unauthorized = 2002,     // missing or wrong key / token
    UnknownCommand = 2003,   // no such command or path
    MissingField = 2004,     // a required argument is absent
    WrongFieldType = 2005,   // an argument has the wrong type
    NoSuchClient = 2006,     // the client id is not online
    TooLarge = 2007,         // body, line or message over the size limit
    MethodNotAllowed = 2008, // wrong HTTP method
    ReadOnly = 2009,         // a read-only admin session asked for a change
    LimitReached = 2010,     // e.g. max-rooms-per-client
    NotAuthenticated = 2011, // text port / admin: a command before "auth"
    Internal = 2012,         // a server fault; logged
    ApnsNotConfigured = 2013, // a push command on a server without APNs credentials
    InvalidNotification = 2014, // the apns object does not make a notification APNs would take
    RegistryUnavailable = 2015, // the device registry's database cannot be reached now; retried
    OutOfScope = 2016,       // the API key's scope (or the admin session's) does not allow the command
    KeyExists = 2017,        // createApiKey: a key of that name exists
    NoSuchKey = 2018,        // revokeApiKey: no key of that name (or the default key, which a command cannot revoke)
    UnknownProvider = 2019,  // registerDevice / unregisterDevice: "provider" is not apns, fcm, jpush or getui
    NoSuchRobot = 2020,      // sendToRobot, "robots": no robot of that name is configured
    InvalidRobotMessage = 2021, // sendToRobot, "robots": the message is not one the robot would take
    Stopping = 2022,         // the server is stopping (SIGTERM): a change arriving now is refused, not half done
    HistoryInRedis = 2023,   // unused since getHistory reads a cluster's Redis (kept: codes are never renumbered)
    HistoryUnavailable = 2024, // getHistory: the group's history is in the cluster's Redis, which cannot be reached now
};

} // namespace Herald
