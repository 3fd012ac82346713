#pragma once

// The console's side of the admin channel's APNs part (docs/api.md: pushToTokens, pushToUid,
// listDevices, and the "apns" event): the push it asks for, in the APNs client's terms, and what became
// of it. shared/protocol/adminapns.h is the wire; this only converts.

#include "apns/notification.h"
#include "apns/result.h"
#include "protocol/adminapns.h"

#include <QString>
#include <QStringList>

namespace Herald::Console {

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

// The push as the admin channel carries it.
Admin::PushRequest pushRequest(const ServerPush &push);

} // namespace Herald::Console
