#include "push/dingtalk.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QUrlQuery>

namespace Herald::Push {

namespace DingTalk {

namespace {

// DingTalk's answers to a custom robot (errcode in a 200 answer's JSON body).
const QList<RobotCode> kErrcodes = {
    {0, RobotResult::Sent, "DingTalk accepted the message."},
    {310000, RobotResult::Configuration,
     "DingTalk refused the robot's security settings: the sign does not verify (check secret-file), the timestamp is more than an "
     "hour off (check the clock), a required keyword is missing, or the address is not in the robot's IP list."},
    {300001, RobotResult::Configuration, "The access_token in the webhook URL is not a robot's: copy the webhook again."},
    {130101, RobotResult::RateLimited, "The robot sent more than 20 messages a minute and is held for ten minutes: Herald queues and merges."},
    {400013, RobotResult::Configuration, "The group was dissolved: the robot has nowhere to post."},
    {40035, RobotResult::Rejected, "DingTalk found a required field missing or empty in the message."},
};

} // namespace

QByteArray sign(qint64 timestampMs, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(QByteArray::number(timestampMs) + '\n' + secret, secret, QCryptographicHash::Sha256)
        .toBase64();
}

QUrl signedUrl(const QUrl &webhook, const QByteArray &secret, qint64 timestampMs)
{
    if (secret.isEmpty())
        return webhook;
    QUrl url = webhook;
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("timestamp"), QString::number(timestampMs));
    query.addQueryItem(QStringLiteral("sign"), QString::fromLatin1(sign(timestampMs, secret).toPercentEncoding()));
    url.setQuery(query.toString(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

QJsonObject body(const RobotMessage &m)
{
    QJsonObject at{{QLatin1String("isAtAll"), m.atAll}};
    if (!m.atMobiles.isEmpty())
        at.insert(QLatin1String("atMobiles"), QJsonArray::fromStringList(m.atMobiles));
    switch (m.kind) {
    case RobotMessage::Kind::Text:
        return {{QLatin1String("msgtype"), QStringLiteral("text")},
                {QLatin1String("text"), QJsonObject{{QLatin1String("content"), m.text}}},
                {QLatin1String("at"), at}};
    case RobotMessage::Kind::Markdown:
        return {{QLatin1String("msgtype"), QStringLiteral("markdown")},
                {QLatin1String("markdown"), QJsonObject{{QLatin1String("title"), m.title}, {QLatin1String("text"), m.text}}},
                {QLatin1String("at"), at}};
    case RobotMessage::Kind::Link:
        return {{QLatin1String("msgtype"), QStringLiteral("link")},
                {QLatin1String("link"), QJsonObject{{QLatin1String("title"), m.title}, {QLatin1String("text"), m.text},
                                                     {QLatin1String("messageUrl"), m.messageUrl},
                                                     {QLatin1String("picUrl"), m.pictureUrl}}}};
    }
    return {};
}

QString problem(const RobotMessage &m)
{
    if (m.text.isEmpty())
        return QStringLiteral("the robot message has no text");
    if (m.text.toUtf8().size() > kMaxTextBytes)
        return QStringLiteral("the text is more than DingTalk's %1 bytes").arg(kMaxTextBytes);
    if (m.kind != RobotMessage::Kind::Text && m.title.isEmpty())
        return QStringLiteral("a markdown or link message needs a title");
    if (m.kind == RobotMessage::Kind::Link && !QUrl(m.messageUrl, QUrl::StrictMode).isValid())
        return QStringLiteral("a link message needs the URL it opens");
    if (m.kind == RobotMessage::Kind::Link && (m.atAll || !m.atMobiles.isEmpty()))
        return QStringLiteral("a link message cannot @-mention anyone");
    return {};
}

const QList<RobotCode> &codes()
{
    return kErrcodes;
}

} // namespace DingTalk

DingTalkRobot::~DingTalkRobot() = default;

QUrl DingTalkRobot::url(qint64 nowMs) const
{
    return DingTalk::signedUrl(options().webhook, options().secret, nowMs);
}

QJsonObject DingTalkRobot::body(const RobotMessage &message, qint64) const
{
    return DingTalk::body(message);
}

RobotAnswer DingTalkRobot::classify(const QJsonObject &answer) const
{
    return robotAnswer(DingTalk::codes(), kind(), answer.value(QLatin1String("errcode")).toInt(-1),
                       answer.value(QLatin1String("errmsg")).toString());
}

} // namespace Herald::Push
