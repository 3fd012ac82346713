#pragma once

// Feishu/Lark's custom group bot (webhook) as its documentation describes it: the signature in the body
// (timestamp in seconds, and sign: Base64 of HMAC-SHA256 keyed with "timestamp\nsecret" over empty
// data), text and post (rich text) messages, @all; its code answers classified; 100 messages a minute
// and 5 a second; a request body of at most 20 KB.

#include "push/robot.h"

namespace Herald::Push {

namespace Feishu {

inline constexpr qint64 kTimestampWindowSecs = 3600; // a sign older (or newer) than this is refused
inline constexpr qsizetype kMaxBodyBytes = 20 * 1024;
inline constexpr qsizetype kMaxTextBytes = 18 * 1024; // the text, leaving room for the rest of the body

QByteArray sign(qint64 timestampSecs, const QByteArray &secret);
// The request body, with timestamp and sign when there is a secret.
QJsonObject body(const RobotMessage &message, const QByteArray &secret, qint64 timestampSecs);
QString problem(const RobotMessage &message);
const QList<RobotCode> &codes();

} // namespace Feishu

class FeishuRobot final : public RobotClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeishuRobot)

public:
    using RobotClient::RobotClient;
    ~FeishuRobot() override;

    RobotKind kind() const override { return RobotKind::Feishu; }
    QString problem(const RobotMessage &message) const override { return Feishu::problem(message); }
    qsizetype maxTextBytes(RobotMessage::Kind) const override { return Feishu::kMaxTextBytes; }
    QList<RobotRate> rates() const override { return {{100, 60000}, {5, 1000}}; }

protected:
    QUrl url(qint64) const override { return options().webhook; }
    QJsonObject body(const RobotMessage &message, qint64 nowMs) const override;
    RobotAnswer classify(const QJsonObject &answer) const override;
};

} // namespace Herald::Push
