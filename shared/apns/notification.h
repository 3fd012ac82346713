#pragma once

// One Apple push notification as Herald sends it over APNs' HTTP/2 API (docs/apns.md): the push types,
// the payload builder, and the checks made before anything is sent. Pure: no network here.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Herald::Apns {

enum class PushType { Alert, Background, Voip, Complication, FileProvider, Mdm, Location, LiveActivity, PushToTalk };

QString pushTypeName(PushType type);                       // the apns-push-type header value
QString aPushOf(PushType type);                            // "an alert push", "a voip push": for sentences
std::optional<PushType> pushTypeFromName(const QString &name);
QString topicSuffix(PushType type);                        // ".voip" for VoIP, … ; empty when none
int maxPayloadBytes(PushType type);                        // 4096, or 5120 for VoIP

// The usual parts of an `aps` dictionary, plus custom keys beside it.
struct PayloadFields {
    QString title;
    QString subtitle;
    QString body;
    std::optional<int> badge;
    QString sound;                // "default" or a file name in the app
    QString threadId;
    QString category;
    bool contentAvailable = false; // background update
    bool mutableContent = false;   // a notification service extension may change it
    QString interruptionLevel;     // passive, active, time-sensitive, critical
    QJsonObject custom;            // keys outside "aps"
};

// {"aps":{…},…custom} as compact JSON; an alert with only a body is the plain string form.
QByteArray buildPayload(const PayloadFields &fields);

// Everything one request to APNs needs besides credentials.
struct Notification {
    QString deviceToken;           // hex
    QString topic;                 // bundle id plus the push type's suffix
    PushType pushType = PushType::Alert;
    int priority = 10;             // 10 now, 5 power-aware (background), 1 lowest
    std::optional<qint64> expiration; // UNIX seconds; 0: deliver once or drop
    QString collapseId;
    QString apnsId;                // lower-case canonical UUID; empty: APNs makes one
    QByteArray payload;            // a JSON object
};

// What is wrong with a notification, checked before it is sent; empty when it can go. Each entry is a
// sentence for a person (the console and herald-push show them).
QStringList validate(const Notification &n);

// A device token: 16 to 200 hexadecimal characters, an even number. Empty when fine, else the problem.
QString checkDeviceToken(const QString &token);

} // namespace Herald::Apns
