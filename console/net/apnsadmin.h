#pragma once

// The admin channel's APNs commands and events (docs/api.md: pushToTokens, pushToUid, listDevices, and
// the "apns" event) as value types, and their JSON: AdminClient speaks them, widgets only see the types.

#include "apns/notification.h"
#include "apns/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Herald::Console {

// A device the server knows for a uid (listDevices).
struct ServerDevice {
    QString token;
    QString uid;
    QString platform;
    QString topic;
    QString environment;
    QString appVersion;
    QDateTime createdAt;
    QDateTime lastSeen;
    bool active = true;
    QString deactivatedReason;
};

// A push the console asks the server to send: to device tokens, or to every device of a uid.
struct ServerPush {
    enum class Kind { Tokens, Uid };
    Kind kind = Kind::Tokens;
    QStringList tokens;     // Tokens
    QString uid;            // Uid
    QString topic;          // Tokens; empty: the server's default
    QString environment;    // Tokens: "sandbox" or "production"; empty: the server's default
    Apns::Notification notification; // payload and headers (its token and topic are not used)
};

// What became of one push the server sent, as an "apns" admin event reports it.
struct ServerPushResult {
    QString pushId;
    QString token;
    Apns::Result result;
};

// {"payload":{…},"push_type":…,"priority":…,"expiration":…,"collapse_id":…,"apns_id":…}
QJsonObject apnsArguments(const Apns::Notification &notification);
// The arguments of pushToTokens or pushToUid.
QString pushCommand(const ServerPush &push);
QJsonObject pushArguments(const ServerPush &push);
// The push ids a push command answered with ("push_id", "push_ids" or "pushes":[{"push_id"}]).
QStringList pushIdsOf(const QJsonObject &replyBody);
QList<ServerDevice> devicesOf(const QJsonObject &replyBody);
// Result::toJson() read back.
Apns::Result apnsResultFromJson(const QJsonObject &o);

} // namespace Herald::Console
