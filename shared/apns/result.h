#pragma once

// What became of one notification: Apple's answer (status, reason, ids, the 410 timestamp), or why
// there was none, with a plain-language explanation and what the sender should do about it.

#include "protocol/adminapns.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Herald::Apns {

enum class Outcome {
    Delivered,          // 200: APNs accepted it
    RetryLater,         // 429, 5xx, a lost connection, a timeout: the same request may go through later
    DeviceTokenDead,    // 410 Unregistered / ExpiredToken, 400 BadDeviceToken: stop sending to this token
    NotificationRejected, // the notification itself is wrong (payload, headers): fix it, the token is fine
    ConfigurationWrong, // credentials, topic or environment are wrong: nothing will go through until fixed
};

QString outcomeName(Outcome outcome); // "delivered", "retry-later", "token-dead", "rejected", "configuration"
std::optional<Outcome> outcomeFromName(const QString &name);

// Herald's own reasons, for results without an APNs answer.
namespace Reason {
inline constexpr char InvalidNotification[] = "InvalidNotification"; // refused locally, never sent
inline constexpr char ConnectionFailed[] = "ConnectionFailed";       // TCP or TLS did not come up
inline constexpr char ConnectionLost[] = "ConnectionLost";           // closed before APNs answered
inline constexpr char Unprocessed[] = "Unprocessed";                 // APNs refused it unprocessed, every try
inline constexpr char Timeout[] = "Timeout";                         // APNs did not answer in time
inline constexpr char BadResponse[] = "BadResponse";                 // an answer that is not APNs'
inline constexpr char NoCredentials[] = "NoCredentials";
inline constexpr char Cancelled[] = "Cancelled";
} // namespace Reason

struct Result {
    int status = 0;              // HTTP status; 0 when APNs gave none
    QString reason;              // APNs' reason, or one of Herald's (Reason::…); empty on 200
    QString explanation;         // for a person: what it means and what to do
    QString apnsId;              // the apns-id APNs answered with
    QString uniqueId;            // apns-unique-id (sandbox only)
    std::optional<QDateTime> unregisteredAt; // a 410's timestamp: when the token stopped being valid
    qint64 latencyUs = 0;        // from the first send to the answer
    int attempts = 0;            // requests made (retries included)
    Outcome outcome = Outcome::RetryLater;

    bool delivered() const { return outcome == Outcome::Delivered; }
    QJsonObject toJson() const;  // as the admin channel's "apns" event carries it (Admin::ApnsResult)
    QString summary() const;     // one line: "200 delivered (apns-id …, 12.3 ms)" or "410 Unregistered: …"
};

// A result as the admin channel carries it, and back: an outcome the console does not know is worked
// out from the status and reason, and a missing explanation from Apple's table.
Admin::ApnsResult toAdmin(const Result &result);
Result fromAdmin(const Admin::ApnsResult &result);

// The result of APNs' answer: its status and body (JSON with "reason" and, for 410, "timestamp"); a body
// that is not JSON gives Reason::BadResponse. The caller adds the ids from the headers.
Result answerResult(int status, const QByteArray &body);
// What a GOAWAY says, for a person: "GOAWAY Shutdown" (APNs' JSON reason), else its debug data, else
// its HTTP/2 error code.
QString goAwayText(quint32 code, const QByteArray &debugData);

// The outcome and explanation of an APNs status and reason (Apple's table in docs/apns.md).
Outcome classify(int status, const QString &reason);
QString explain(int status, const QString &reason);
// Every reason Apple documents, with its status (for tests and the console's help).
struct KnownReason {
    int status;
    const char *reason;
};
const QList<KnownReason> &knownReasons();

} // namespace Herald::Apns
