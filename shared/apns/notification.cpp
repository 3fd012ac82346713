#include "apns/notification.h"

#include "apns/text.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace Herald::Apns {

namespace {

struct TypeInfo {
    PushType type;
    const char *name;
    const char *suffix;
};

constexpr TypeInfo kTypes[] = {
    {PushType::Alert, "alert", ""},
    {PushType::Background, "background", ""},
    {PushType::Voip, "voip", ".voip"},
    {PushType::Complication, "complication", ".complication"},
    {PushType::FileProvider, "fileprovider", ".pushkit.fileprovider"},
    {PushType::Mdm, "mdm", ""},
    {PushType::Location, "location", ".location-query"},
    {PushType::LiveActivity, "liveactivity", ".push-type.liveactivity"},
    {PushType::PushToTalk, "pushtotalk", ".voip-ptt"},
};

const TypeInfo &info(PushType type)
{
    for (const TypeInfo &t : kTypes) {
        if (t.type == type)
            return t;
    }
    return kTypes[0];
}

constexpr int kMaxCollapseIdBytes = 64;
constexpr int kMinTokenLength = 16;
constexpr int kMaxTokenLength = 200;

} // namespace

QString pushTypeName(PushType type)
{
    return QLatin1String(info(type).name);
}

QString aPushOf(PushType type)
{
    const QString name = pushTypeName(type);
    const bool vowel = QStringLiteral("aeiou").contains(name.front());
    return (vowel ? Text::tr("an %1 push") : Text::tr("a %1 push")).arg(name);
}

std::optional<PushType> pushTypeFromName(const QString &name)
{
    for (const TypeInfo &t : kTypes) {
        if (name == QLatin1String(t.name))
            return t.type;
    }
    return std::nullopt;
}

QString topicSuffix(PushType type)
{
    return QLatin1String(info(type).suffix);
}

int maxPayloadBytes(PushType type)
{
    return type == PushType::Voip ? 5120 : 4096;
}

QByteArray buildPayload(const PayloadFields &f)
{
    QJsonObject aps;
    if (!f.title.isEmpty() || !f.subtitle.isEmpty()) {
        QJsonObject alert;
        if (!f.title.isEmpty())
            alert.insert(QLatin1String("title"), f.title);
        if (!f.subtitle.isEmpty())
            alert.insert(QLatin1String("subtitle"), f.subtitle);
        if (!f.body.isEmpty())
            alert.insert(QLatin1String("body"), f.body);
        aps.insert(QLatin1String("alert"), alert);
    } else if (!f.body.isEmpty()) {
        aps.insert(QLatin1String("alert"), f.body);
    }
    if (f.badge)
        aps.insert(QLatin1String("badge"), *f.badge);
    if (!f.sound.isEmpty())
        aps.insert(QLatin1String("sound"), f.sound);
    if (!f.threadId.isEmpty())
        aps.insert(QLatin1String("thread-id"), f.threadId);
    if (!f.category.isEmpty())
        aps.insert(QLatin1String("category"), f.category);
    if (f.contentAvailable)
        aps.insert(QLatin1String("content-available"), 1);
    if (f.mutableContent)
        aps.insert(QLatin1String("mutable-content"), 1);
    if (!f.interruptionLevel.isEmpty())
        aps.insert(QLatin1String("interruption-level"), f.interruptionLevel);
    QJsonObject root = f.custom;
    root.insert(QLatin1String("aps"), aps);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString checkDeviceToken(const QString &token)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]+$"));
    if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength || token.size() % 2 != 0
        || !hex.match(token).hasMatch())
        return Text::tr("a device token is %1 to %2 hexadecimal characters, an even number")
            .arg(kMinTokenLength).arg(kMaxTokenLength);
    return {};
}

QStringList validate(const Notification &n)
{
    QStringList problems;
    if (const QString token = checkDeviceToken(n.deviceToken); !token.isEmpty())
        problems.append(token);

    const QString suffix = topicSuffix(n.pushType);
    if (n.topic.isEmpty())
        problems.append(Text::tr("the topic (the app's bundle id) is missing"));
    else if (!suffix.isEmpty() && !n.topic.endsWith(suffix))
        problems.append(QStringLiteral("%1 goes to the topic with \"%2\" at the end (e.g. %3%2)")
                            .arg(aPushOf(n.pushType), suffix, n.topic));

    if (n.priority != 10 && n.priority != 5 && n.priority != 1)
        problems.append(Text::tr("priority is 10, 5 or 1, not %1").arg(n.priority));
    if (n.pushType == PushType::Background && n.priority != 5)
        problems.append(Text::tr("a background push must have priority 5"));
    if (n.expiration && *n.expiration < 0)
        problems.append(Text::tr("the expiration is a UNIX time in seconds, or 0"));
    if (n.collapseId.toUtf8().size() > kMaxCollapseIdBytes)
        problems.append(Text::tr("the collapse id is %1 bytes; at most %2").arg(n.collapseId.toUtf8().size()).arg(kMaxCollapseIdBytes));
    static const QRegularExpression uuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    if (!n.apnsId.isEmpty() && !uuid.match(n.apnsId).hasMatch())
        problems.append(Text::tr("apns-id is a lower-case UUID like 123e4567-e89b-12d3-a456-4266554400a0"));

    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(n.payload, &err);
    if (n.payload.isEmpty()) {
        problems.append(Text::tr("the payload is empty"));
    } else if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        problems.append(Text::tr("the payload is not a JSON object (%1)")
                            .arg(err.error != QJsonParseError::NoError ? err.errorString() : Text::tr("not an object")));
    } else {
        const QJsonObject aps = doc.object().value(QLatin1String("aps")).toObject();
        if (n.pushType == PushType::Background && aps.value(QLatin1String("content-available")).toInt() != 1)
            problems.append(QStringLiteral("a background push needs \"content-available\": 1 in \"aps\""));
        static const QStringList levels{QStringLiteral("passive"), QStringLiteral("active"), QStringLiteral("time-sensitive"),
                                        QStringLiteral("critical")};
        const QJsonValue level = aps.value(QLatin1String("interruption-level"));
        if (!level.isUndefined() && !levels.contains(level.toString()))
            problems.append(Text::tr("interruption-level is one of %1").arg(levels.join(QStringLiteral(", "))));
    }
    if (n.payload.size() > maxPayloadBytes(n.pushType))
        problems.append(Text::tr("the payload is %1 bytes; %2 takes at most %3")
                            .arg(n.payload.size()).arg(aPushOf(n.pushType)).arg(maxPayloadBytes(n.pushType)));
    return problems;
}

} // namespace Herald::Apns
