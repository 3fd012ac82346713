#pragma once

// The admin channel's APNs part (docs/admin-protocol.md, docs/api.md): what one notification came to
// (the "apns" event's result), how far a push has got ("apns_progress"), the push a console asks for
// (pushToTokens / pushToUid arguments), and the replies the console reads (push ids, devices). Value
// types and their JSON, free of the APNs client: shared/apns converts to and from them.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace Herald::Admin {

// Apns::Result on the wire: {"status","reason","explanation","apns_id","unique_id","timestamp",
// "latency_ms","attempts","outcome"}.
struct ApnsResult {
    int status = 0;
    QString reason;
    QString explanation;
    QString apnsId;
    QString uniqueId;                 // "" is left out
    std::optional<qint64> timestampMs; // a 410's: since when the token is invalid (ms since the epoch)
    double latencyMs = 0;
    int attempts = 0;
    QString outcome; // "delivered", "retry-later", "token-dead", "rejected", "configuration"
};

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

// The notification of a push the console asks for: {"payload","push_type","priority","expiration",
// "collapse_id","apns_id"} (the device token and topic are the push's).
struct ApnsHeaders {
    QJsonObject payload;
    QString pushType = QStringLiteral("alert");
    int priority = 10;
    std::optional<qint64> expiration; // UNIX seconds
    QString collapseId;               // "" is left out, as is apnsId
    QString apnsId;
};

// pushToTokens or pushToUid, as the console sends it.
struct PushRequest {
    enum class Kind { Tokens, Uid };
    Kind kind = Kind::Tokens;
    QStringList tokens;  // Tokens
    QString uid;         // Uid (sent with "always": a test push goes to APNs even while the uid is online)
    QString topic;       // Tokens; "": the server's default
    QString environment; // Tokens: "sandbox" or "production"; "": the server's default
    ApnsHeaders apns;
};

QString commandOf(const PushRequest &push); // "pushToTokens" or "pushToUid"
QJsonObject toJson(const PushRequest &push);  // the command's arguments
// The arguments read back, or what is wrong with them.
std::variant<PushRequest, QString> pushRequestFromJson(const QString &command, const QJsonObject &args);

// A device the server knows for a uid (listDevices' {"devices":[…]}). Every reply body written here
// also has "ok":true, as every successful command's.
struct Device {
    QString token;
    QString uid;
    QString platform;
    QString topic;
    QString environment;
    QString appVersion;
    QDateTime createdAt; // on the wire as ISO 8601 or as ms since the epoch
    QDateTime lastSeen;
    bool active = true;
    QString deactivatedReason; // "": null on the wire
    QString provider = QStringLiteral("apns"); // "apns" when a server from before providers leaves it out
};

QJsonObject toJson(const Device &device);
QJsonObject devicesReply(const QList<Device> &devices); // {"devices":[…]}
// listDevices' devices (those without a token left out), or what is wrong with the reply.
std::variant<QList<Device>, QString> devicesOf(const QJsonObject &replyBody);

// What the push commands answer. A push queued: pushToTokens' and
// pushToUid's "apns" object.
struct PushQueued {
    std::optional<qint64> pushId; // none (null on the wire): nothing was queued
    qint64 queued = 0;            // notifications queued
    QString skipped;              // why nothing was queued ("online": the uid is connected); "" is left out
};
struct PushToTokensReply { // {"apns":{…}}
    PushQueued apns;
};
struct PushToUidReply { // {"delivered":N,"online":B,"apns":{…}}: delivered to its connections, then APNs
    int delivered = 0;
    bool online = false;
    PushQueued apns;
};
struct PushToAllReply { // {"push_id":N,"total":N}: the push and the devices active when it started
    qint64 pushId = 0;
    int total = 0;
};

QJsonObject toJson(const PushToTokensReply &reply);
QJsonObject toJson(const PushToUidReply &reply);
QJsonObject toJson(const PushToAllReply &reply);
std::variant<PushToTokensReply, QString> pushToTokensReplyOf(const QJsonObject &replyBody);
std::variant<PushToUidReply, QString> pushToUidReplyOf(const QJsonObject &replyBody);
std::variant<PushToAllReply, QString> pushToAllReplyOf(const QJsonObject &replyBody);

// The push ids a push command answered with: pushToTokens {"apns":{"push_id":…,"queued":…}}, pushToUid
// {"delivered","online","apns":{"push_id":…|null,…}}, pushToAll {"push_id":…,"total":…}; older servers'
// "push_ids":[…] and "pushes":[{"push_id"}] too. Empty when nothing was queued.
QStringList pushIdsOf(const QJsonObject &replyBody);

QJsonObject toJson(const ApnsResult &result);

// getApnsStatus' result body: the APNs set-up, its connections, counters and the pushes under way; or,
// on a server without APNs, {"enabled":false,"reason":"…"}.
struct ApnsStatus {
    struct Endpoint {
        QString environment;
        QString url;
        bool connected = false;
    };
    struct Push { // {"push_id","everyone","total","sent","delivered","failed","dead"}: progress.done is not sent
        qint64 pushId = 0;
        PushProgress progress;
    };
    bool enabled = false;
    QString reason;      // not enabled: why
    QString auth;        // "token" or "certificate"
    QString summary;     // the credentials, for a person
    QString topic;       // the default topic
    QString environment; // the default environment
    QList<Endpoint> endpoints;
    int concurrency = 0;
    QMap<QString, qint64> counters; // results by outcome name
    qint64 deactivated = 0;
    int inFlight = 0;
    int queued = 0;
    QList<Push> pushes;
    qint64 eventsDropped = 0;
};

QJsonObject toJson(const ApnsStatus &status);
std::variant<ApnsStatus, QString> apnsStatusOf(const QJsonObject &replyBody);

bool operator==(const ApnsResult &a, const ApnsResult &b);
bool operator==(const PushProgress &a, const PushProgress &b);
bool operator==(const ApnsHeaders &a, const ApnsHeaders &b);
bool operator==(const PushRequest &a, const PushRequest &b);
bool operator==(const Device &a, const Device &b);
bool operator==(const ApnsStatus::Endpoint &a, const ApnsStatus::Endpoint &b);
bool operator==(const ApnsStatus::Push &a, const ApnsStatus::Push &b);
bool operator==(const ApnsStatus &a, const ApnsStatus &b);
bool operator==(const PushQueued &a, const PushQueued &b);
bool operator==(const PushToTokensReply &a, const PushToTokensReply &b);
bool operator==(const PushToUidReply &a, const PushToUidReply &b);
bool operator==(const PushToAllReply &a, const PushToAllReply &b);
char *toString(const ApnsStatus &m);
char *toString(const PushRequest &m);
char *toString(const Device &m);

namespace Detail {
class Fields;
ApnsResult apnsResultFrom(Fields &fields); // the "apns" event's "result"
} // namespace Detail

} // namespace Herald::Admin
