#include "push/feishu.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace Herald::Push {

namespace Feishu {

namespace {

// Feishu's answers to a custom bot ("code" in the answer's JSON body).
const QList<RobotCode> kCodes = {
    {0, RobotResult::Sent, "Feishu accepted the message."},
    {19021, RobotResult::Configuration,
     "Feishu refused the signature: the sign does not match (check secret-file) or the timestamp is more than an hour off "
     "(check the clock)."},
    {19022, RobotResult::Configuration, "This address is not in the bot's IP allow-list."},
    {19024, RobotResult::Rejected, "The message lacks every keyword the bot's security settings require."},
    {19001, RobotResult::Configuration, "The webhook's token is not a bot's: copy the webhook again."},
    {19002, RobotResult::Rejected, "Feishu found the message's parameters wrong (msg_type or content)."},
    {9499, RobotResult::RateLimited, "The bot sent more than Feishu allows (100 a minute, 5 a second): Herald queues and merges."},
};

QJsonObject atAllElement()
{
    return {{QLatin1String("tag"), QStringLiteral("at")}, {QLatin1String("user_id"), QStringLiteral("all")}};
}

} // namespace

QByteArray sign(qint64 timestampSecs, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(QByteArray(), QByteArray::number(timestampSecs) + '\n' + secret,
                                            QCryptographicHash::Sha256)
        .toBase64();
}

QJsonObject body(const RobotMessage &m, const QByteArray &secret, qint64 timestampSecs)
{
    QJsonObject out;
    if (m.kind == RobotMessage::Kind::Text) {
        QString text = m.text;
        if (m.atAll)
            text += QStringLiteral(" <at user_id=\"all\">all</at>");
        out = {{QLatin1String("msg_type"), QStringLiteral("text")},
               {QLatin1String("content"), QJsonObject{{QLatin1String("text"), text}}}};
    } else {
        QJsonArray lines;
        for (const QString &line : m.text.split(QLatin1Char('\n')))
            lines.append(QJsonArray{QJsonObject{{QLatin1String("tag"), QStringLiteral("text")}, {QLatin1String("text"), line}}});
        if (m.atAll)
            lines.append(QJsonArray{atAllElement()});
        const QJsonObject post{{QLatin1String("zh_cn"), QJsonObject{{QLatin1String("title"), m.title}, {QLatin1String("content"), lines}}}};
        out = {{QLatin1String("msg_type"), QStringLiteral("post")},
               {QLatin1String("content"), QJsonObject{{QLatin1String("post"), post}}}};
    }
    if (!secret.isEmpty()) {
        out.insert(QLatin1String("timestamp"), QString::number(timestampSecs));
        out.insert(QLatin1String("sign"), QString::fromLatin1(sign(timestampSecs, secret)));
    }
    return out;
}

QString problem(const RobotMessage &m)
{
    if (m.text.isEmpty())
        return QStringLiteral("the robot message has no text");
    if (m.text.toUtf8().size() > kMaxTextBytes)
        return QStringLiteral("the text is more than the %1 bytes a Feishu message carries").arg(kMaxTextBytes);
    if (m.kind == RobotMessage::Kind::Link)
        return QStringLiteral("Feishu bots take text and rich-text (markdown) messages, not links");
    if (m.kind == RobotMessage::Kind::Markdown && m.title.isEmpty())
        return QStringLiteral("a markdown or link message needs a title");
    if (!m.atMobiles.isEmpty())
        return QStringLiteral("Feishu bots @-mention by user id, not by mobile number: use @all or leave mobiles out");
    return {};
}

const QList<RobotCode> &codes()
{
    return kCodes;
}

} // namespace Feishu

FeishuRobot::~FeishuRobot() = default;

QJsonObject FeishuRobot::body(const RobotMessage &message, qint64 nowMs) const
{
    return Feishu::body(message, options().secret, nowMs / 1000);
}

RobotAnswer FeishuRobot::classify(const QJsonObject &answer) const
{
    return robotAnswer(Feishu::codes(), kind(), answer.value(QLatin1String("code")).toInt(-1),
                       answer.value(QLatin1String("msg")).toString());
}

} // namespace Herald::Push
