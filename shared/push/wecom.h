#pragma once

// WeCom (企业微信)'s group bot (webhook) as its documentation describes it: the key in the webhook URL
// (no signature), text messages with mentioned_mobile_list (and "@all"), markdown messages; text up to
// 2048 bytes, markdown up to 4096; its errcode answers classified; 20 messages a minute.

#include "push/robot.h"

namespace Herald::Push {

namespace WeCom {

inline constexpr qsizetype kMaxTextBytes = 2048;
inline constexpr qsizetype kMaxMarkdownBytes = 4096;

// The body; a markdown message's title goes first as a heading (WeCom's markdown has no title field).
QJsonObject body(const RobotMessage &message);
QString content(const RobotMessage &message);
QString problem(const RobotMessage &message);
const QList<RobotCode> &codes();

} // namespace WeCom

class WeComRobot final : public RobotClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WeComRobot)

public:
    using RobotClient::RobotClient;
    ~WeComRobot() override;

    RobotKind kind() const override { return RobotKind::WeCom; }
    QString problem(const RobotMessage &message) const override { return WeCom::problem(message); }
    qsizetype maxTextBytes(RobotMessage::Kind kind) const override;
    QList<RobotRate> rates() const override { return {{20, 60000}}; }

protected:
    QUrl url(qint64) const override { return options().webhook; }
    QJsonObject body(const RobotMessage &message, qint64) const override { return WeCom::body(message); }
    RobotAnswer classify(const QJsonObject &answer) const override;
};

} // namespace Herald::Push
