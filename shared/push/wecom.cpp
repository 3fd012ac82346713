#include "push/wecom.h"

#include <QJsonArray>

namespace Herald::Push {

namespace WeCom {

namespace {

// WeCom's answers to a group bot (errcode in the answer's JSON body).
const QList<RobotCode> kErrcodes = {
    {0, RobotResult::Sent, "WeCom accepted the message."},
    {45009, RobotResult::RateLimited, "The bot sent more than 20 messages a minute: Herald queues and merges."},
    {93000, RobotResult::Configuration, "The webhook's key is not a bot's (or the bot was removed): copy the webhook again."},
    {40008, RobotResult::Rejected, "WeCom does not know the message type."},
    {44004, RobotResult::Rejected, "The message's content is empty."},
    {40058, RobotResult::Rejected, "A field of the message is out of range (text over 2048 bytes, markdown over 4096)."},
};

} // namespace

QString content(const RobotMessage &m)
{
    return m.kind == RobotMessage::Kind::Markdown ? QStringLiteral("### %1\n%2").arg(m.title, m.text) : m.text;
}

QJsonObject body(const RobotMessage &m)
{
    if (m.kind == RobotMessage::Kind::Markdown)
        return {{QLatin1String("msgtype"), QStringLiteral("markdown")},
                {QLatin1String("markdown"), QJsonObject{{QLatin1String("content"), content(m)}}}};
    QJsonObject text{{QLatin1String("content"), m.text}};
    QStringList mentioned = m.atMobiles;
    if (m.atAll)
        mentioned.append(QStringLiteral("@all"));
    if (!mentioned.isEmpty())
        text.insert(QLatin1String("mentioned_mobile_list"), QJsonArray::fromStringList(mentioned));
    return {{QLatin1String("msgtype"), QStringLiteral("text")}, {QLatin1String("text"), text}};
}

QString problem(const RobotMessage &m)
{
    if (m.text.isEmpty())
        return QStringLiteral("the robot message has no text");
    if (m.kind == RobotMessage::Kind::Link)
        return QStringLiteral("WeCom bots take text and markdown messages here, not links");
    if (m.kind == RobotMessage::Kind::Markdown && m.title.isEmpty())
        return QStringLiteral("a markdown or link message needs a title");
    if (m.kind == RobotMessage::Kind::Markdown && (m.atAll || !m.atMobiles.isEmpty()))
        return QStringLiteral("WeCom markdown messages cannot @-mention by mobile or @all: send text to mention");
    const qsizetype limit = m.kind == RobotMessage::Kind::Markdown ? kMaxMarkdownBytes : kMaxTextBytes;
    if (content(m).toUtf8().size() > limit)
        return QStringLiteral("the content is more than WeCom's %1 bytes for this message type").arg(limit);
    return {};
}

const QList<RobotCode> &codes()
{
    return kErrcodes;
}

} // namespace WeCom

WeComRobot::~WeComRobot() = default;

qsizetype WeComRobot::maxTextBytes(RobotMessage::Kind kind) const
{
    return kind == RobotMessage::Kind::Markdown ? WeCom::kMaxMarkdownBytes - 64 : WeCom::kMaxTextBytes; // 64: the title's room
}

RobotAnswer WeComRobot::classify(const QJsonObject &answer) const
{
    return robotAnswer(WeCom::codes(), kind(), answer.value(QLatin1String("errcode")).toInt(-1),
                       answer.value(QLatin1String("errmsg")).toString());
}

} // namespace Herald::Push
