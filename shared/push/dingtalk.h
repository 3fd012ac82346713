#pragma once

// DingTalk's custom group robot (webhook) as its documentation describes it: the signed URL (timestamp
// and sign: HMAC-SHA256 of "timestamp\nsecret", Base64, URL-encoded), the text, markdown and link
// messages with @mobiles / @all, and its errcode answers classified. Pure: no network here.

#include "push/provider.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace Herald::Push {

// One message to a group robot.
struct RobotMessage {
    enum class Kind { Text, Markdown, Link };
    Kind kind = Kind::Text;
    QString title;          // markdown and link
    QString text;
    QString messageUrl;     // link: where it opens
    QString pictureUrl;     // link: optional
    QStringList atMobiles;  // text and markdown: who is @-mentioned
    bool atAll = false;
};

namespace DingTalk {

inline constexpr int kMessagesPerMinute = 20; // per robot; beyond it errcode 130101 for ten minutes
inline constexpr qint64 kTimestampWindowMs = 3600 * 1000; // a sign older (or newer) than this is refused

// Base64(HMAC-SHA256(key = secret, "timestamp\nsecret")), not yet URL-encoded.
QByteArray sign(qint64 timestampMs, const QByteArray &secret);
// The webhook with &timestamp=…&sign=… (the sign percent-encoded); unchanged without a secret.
QUrl signedUrl(const QUrl &webhook, const QByteArray &secret, qint64 timestampMs);
// The request body; what is wrong with the message (empty: it can go).
QJsonObject body(const RobotMessage &message);
QString problem(const RobotMessage &message);
// An answer's errcode as every provider's outcome, with its explanation.
Outcome classify(int errcode, QString *explanation);

} // namespace DingTalk
} // namespace Herald::Push
