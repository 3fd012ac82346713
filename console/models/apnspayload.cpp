#include "models/apnspayload.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>

namespace Herald::Console {

namespace {
// The context lupdate files these strings under.
struct ApnsPayload {
    Q_DECLARE_TR_FUNCTIONS(Herald::Console::ApnsPayload)
};

const QLatin1String kAps("aps");
const QLatin1String kAlert("alert");
const QLatin1String kTitle("title");
const QLatin1String kSubtitle("subtitle");
const QLatin1String kBody("body");
const QLatin1String kBadge("badge");
const QLatin1String kSound("sound");
const QLatin1String kName("name");
const QLatin1String kThreadId("thread-id");
const QLatin1String kCategory("category");
const QLatin1String kContentAvailable("content-available");
const QLatin1String kMutableContent("mutable-content");
const QLatin1String kInterruptionLevel("interruption-level");

bool isOwned(const QString &key)
{
    static const QStringList owned{kAlert, kBadge, kSound, kThreadId, kCategory, kContentAvailable, kMutableContent,
                                   kInterruptionLevel};
    return owned.contains(key);
}

// Sets or removes aps[key] as the fields have it.
void put(QJsonObject &aps, const QJsonObject &built, QLatin1String key)
{
    if (built.contains(key))
        aps.insert(key, built.value(key));
    else
        aps.remove(key);
}

QJsonObject withoutAps(QJsonObject o)
{
    o.remove(kAps);
    return o;
}
} // namespace

Apns::PayloadFields fieldsFromPayload(const QJsonObject &payload, QStringList *jsonOnly)
{
    Apns::PayloadFields f;
    f.custom = withoutAps(payload);
    QStringList extra = f.custom.keys();
    const QJsonValue apsValue = payload.value(kAps);
    if (!apsValue.isObject() && !apsValue.isUndefined())
        extra.append(kAps);
    const QJsonObject aps = apsValue.toObject();
    const QJsonValue alert = aps.value(kAlert);
    if (alert.isString()) {
        f.body = alert.toString();
    } else if (alert.isObject()) {
        const QJsonObject a = alert.toObject();
        f.title = a.value(kTitle).toString();
        f.subtitle = a.value(kSubtitle).toString();
        f.body = a.value(kBody).toString();
        for (const QString &key : a.keys()) {
            if (key != kTitle && key != kSubtitle && key != kBody)
                extra.append(QStringLiteral("aps.alert.") + key);
        }
    }
    if (aps.value(kBadge).isDouble())
        f.badge = aps.value(kBadge).toInt();
    const QJsonValue sound = aps.value(kSound);
    if (sound.isObject()) {
        f.sound = sound.toObject().value(kName).toString();
        for (const QString &key : sound.toObject().keys()) {
            if (key != kName)
                extra.append(QStringLiteral("aps.sound.") + key);
        }
    } else {
        f.sound = sound.toString();
    }
    f.threadId = aps.value(kThreadId).toString();
    f.category = aps.value(kCategory).toString();
    f.contentAvailable = aps.value(kContentAvailable).toInt() == 1;
    f.mutableContent = aps.value(kMutableContent).toInt() == 1;
    f.interruptionLevel = aps.value(kInterruptionLevel).toString();
    for (const QString &key : aps.keys()) {
        if (!isOwned(key))
            extra.append(QStringLiteral("aps.") + key);
    }
    if (jsonOnly)
        *jsonOnly = extra;
    return f;
}

QJsonObject applyFields(const Apns::PayloadFields &fields, const QJsonObject &current)
{
    const Apns::PayloadFields old = fieldsFromPayload(current);
    Apns::PayloadFields f = fields;
    f.custom = old.custom;
    const QJsonObject builtAps = QJsonDocument::fromJson(Apns::buildPayload(f)).object().value(kAps).toObject();
    QJsonObject aps = current.value(kAps).toObject();

    if (f.title != old.title || f.subtitle != old.subtitle || f.body != old.body) {
        const QJsonValue oldAlert = aps.value(kAlert);
        if (oldAlert.isObject()) { // keep the dictionary and its other keys (launch-image, *-loc-key…)
            QJsonObject a = oldAlert.toObject();
            const auto set = [&a](QLatin1String key, const QString &value) {
                if (value.isEmpty())
                    a.remove(key);
                else
                    a.insert(key, value);
            };
            set(kTitle, f.title);
            set(kSubtitle, f.subtitle);
            set(kBody, f.body);
            if (a.isEmpty())
                aps.remove(kAlert);
            else
                aps.insert(kAlert, a);
        } else {
            put(aps, builtAps, kAlert);
        }
    }
    if (f.badge != old.badge)
        put(aps, builtAps, kBadge);
    if (f.sound != old.sound) {
        const QJsonValue oldSound = aps.value(kSound);
        if (oldSound.isObject() && !f.sound.isEmpty()) { // a critical sound keeps critical and volume
            QJsonObject s = oldSound.toObject();
            s.insert(kName, f.sound);
            aps.insert(kSound, s);
        } else {
            put(aps, builtAps, kSound);
        }
    }
    if (f.threadId != old.threadId)
        put(aps, builtAps, kThreadId);
    if (f.category != old.category)
        put(aps, builtAps, kCategory);
    if (f.contentAvailable != old.contentAvailable)
        put(aps, builtAps, kContentAvailable);
    if (f.mutableContent != old.mutableContent)
        put(aps, builtAps, kMutableContent);
    if (f.interruptionLevel != old.interruptionLevel)
        put(aps, builtAps, kInterruptionLevel);

    QJsonObject root = current;
    root.insert(kAps, aps);
    return root;
}

QByteArray compactPayload(const QJsonObject &payload)
{
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

QString indentedPayload(const QJsonObject &payload)
{
    return QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Indented)).trimmed();
}

QString baseTopic(const QString &topic)
{
    using Apns::PushType;
    QString best;
    for (PushType t : {PushType::Alert, PushType::Background, PushType::Voip, PushType::Complication, PushType::FileProvider,
                       PushType::Mdm, PushType::Location, PushType::LiveActivity, PushType::PushToTalk}) {
        const QString suffix = Apns::topicSuffix(t);
        if (!suffix.isEmpty() && topic.endsWith(suffix) && suffix.size() > best.size())
            best = suffix;
    }
    return topic.left(topic.size() - best.size());
}

QString topicForPushType(const QString &topic, Apns::PushType type)
{
    const QString base = baseTopic(topic.trimmed());
    return base.isEmpty() ? QString() : base + Apns::topicSuffix(type);
}

QList<PayloadTemplate> payloadTemplates()
{
    using Apns::PushType;
    const auto obj = [](const char *json) { return QJsonDocument::fromJson(json).object(); };
    QJsonObject live = obj(R"({"aps":{"event":"update","content-state":{"status":"On the way","eta":"12:30"},
                                      "alert":{"title":"Delivery update","body":"Your order is on the way"}}})");
    QJsonObject liveAps = live.value(kAps).toObject();
    liveAps.insert(QLatin1String("timestamp"), double(QDateTime::currentSecsSinceEpoch()));
    live.insert(kAps, liveAps);
    return {
        {ApnsPayload::tr("Simple alert"), PushType::Alert, 10, obj(R"({"aps":{"alert":"Hello from Herald","sound":"default"}})")},
        {ApnsPayload::tr("Alert with title and subtitle"), PushType::Alert, 10,
         obj(R"({"aps":{"alert":{"title":"Herald","subtitle":"Test push","body":"It works."},"sound":"default","badge":1}})")},
        {ApnsPayload::tr("Badge only"), PushType::Alert, 5, obj(R"({"aps":{"badge":7}})")},
        {ApnsPayload::tr("Silent background update"), PushType::Background, 5, obj(R"({"aps":{"content-available":1},"refresh":"inbox"})")},
        {ApnsPayload::tr("VoIP call"), PushType::Voip, 10, obj(R"({"aps":{},"caller":"Ann","handle":"+1 555 0100","call_id":"c-42"})")},
        {ApnsPayload::tr("Critical alert"), PushType::Alert, 10,
         obj(R"({"aps":{"alert":{"title":"Water leak","body":"Sensor in the basement"},"interruption-level":"critical",
                       "sound":{"critical":1,"name":"default","volume":1.0}}})")},
        {ApnsPayload::tr("Live Activity update"), PushType::LiveActivity, 10, live},
    };
}

} // namespace Herald::Console
