#pragma once

// DingTalk's custom group robot (webhook) as its documentation describes it: the signed URL (timestamp
// and sign: HMAC-SHA256 of "timestamp\nsecret", Base64, URL-encoded), the text, markdown and link
// messages with @mobiles / @all, and its errcode answers classified; 20 messages a minute.

#include "push/robot.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrl>

namespace Herald::Push {

namespace DingTalk {

inline constexpr int kMessagesPerMinute = 20; // per robot; beyond it errcode 130101 for ten minutes
inline constexpr qint64 kTimestampWindowMs = 3600 * 1000; // a sign older (or newer) than this is refused
inline constexpr qsizetype kMaxTextBytes = 20000;         // a message's text

// Base64(HMAC-SHA256(key = secret, "timestamp\nsecret")), not yet URL-encoded.
QByteArray sign(qint64 timestampMs, const QByteArray &secret);
// The webhook with &timestamp=…&sign=… (the sign percent-encoded); unchanged without a secret.
QUrl signedUrl(const QUrl &webhook, const QByteArray &secret, qint64 timestampMs);
// The request body; what is wrong with the message (empty: it can go).
QJsonObject body(const RobotMessage &message);
QString problem(const RobotMessage &message);
// The documented errcodes.
const QList<RobotCode> &codes();

} // namespace DingTalk

class DingTalkRobot final : public RobotClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DingTalkRobot)

public:
    using RobotClient::RobotClient;
    ~DingTalkRobot() override;

    RobotKind kind() const override { return RobotKind::DingTalk; }
    QString problem(const RobotMessage &message) const override { return DingTalk::problem(message); }
    qsizetype maxTextBytes(RobotMessage::Kind) const override { return DingTalk::kMaxTextBytes; }
    QList<RobotRate> rates() const override { return {{DingTalk::kMessagesPerMinute, 60000}}; }

protected:
    QUrl url(qint64 nowMs) const override;
    QJsonObject body(const RobotMessage &message, qint64 nowMs) const override;
    RobotAnswer classify(const QJsonObject &answer) const override;
};

} // namespace Herald::Push
