#include "commands/apnsargs.h"

#include "protocol/rawjson.h"

#include <QJsonDocument>

#include <cmath>

namespace Herald {

namespace {

const QStringList &knownKeys()
{
    static const QStringList keys{
        QStringLiteral("payload"), QStringLiteral("alert"), QStringLiteral("badge"), QStringLiteral("sound"),
        QStringLiteral("thread_id"), QStringLiteral("category"), QStringLiteral("content_available"),
        QStringLiteral("mutable_content"), QStringLiteral("interruption_level"), QStringLiteral("custom"),
        QStringLiteral("push_type"), QStringLiteral("priority"), QStringLiteral("expiration"),
        QStringLiteral("collapse_id"), QStringLiteral("apns_id"), QStringLiteral("topic")};
    return keys;
}

// The payload fields: the keys that are no header.
const QStringList &fieldKeys()
{
    static const QStringList keys{QStringLiteral("alert"), QStringLiteral("badge"), QStringLiteral("sound"),
                                  QStringLiteral("thread_id"), QStringLiteral("category"),
                                  QStringLiteral("content_available"), QStringLiteral("mutable_content"),
                                  QStringLiteral("interruption_level"), QStringLiteral("custom")};
    return keys;
}

class Reader
{
public:
    Reader(const QJsonObject &obj, QStringList *problems) : m_obj(obj), m_problems(problems) {}

    bool has(const char *key) const
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull();
    }
    QString text(const char *key)
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        if (!has(key))
            return {};
        if (!v.isString())
            wrong(key, "a string");
        return v.toString();
    }
    std::optional<qint64> integer(const char *key, qint64 min, qint64 max)
    {
        if (!has(key))
            return std::nullopt;
        const QJsonValue v = m_obj.value(QLatin1String(key));
        const double d = v.toDouble();
        if (!v.isDouble() || std::floor(d) != d || d < double(min) || d > double(max)) {
            m_problems->append(QStringLiteral("\"%1\" must be an integer from %2 to %3")
                                   .arg(QLatin1String(key)).arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(d);
    }
    bool flag(const char *key) // true, false, 1 or 0
    {
        if (!has(key))
            return false;
        const QJsonValue v = m_obj.value(QLatin1String(key));
        if (v.isBool())
            return v.toBool();
        if (v.isDouble() && (v.toDouble() == 0 || v.toDouble() == 1))
            return v.toDouble() == 1;
        wrong(key, "true or false (or 1 or 0)");
        return false;
    }
    void wrong(const char *key, const char *what)
    {
        m_problems->append(QStringLiteral("\"%1\" must be %2").arg(QLatin1String(key), QLatin1String(what)));
    }

private:
    const QJsonObject &m_obj;
    QStringList *m_problems;
};

QByteArray payloadText(const QJsonObject &apns, QByteArrayView raw)
{
    QByteArray text;
    if (!raw.isEmpty())
        text = Json::memberText(raw, QLatin1String("payload")); // as the caller wrote it
    if (text.isEmpty())
        text = QJsonDocument(apns.value(QLatin1String("payload")).toObject()).toJson(QJsonDocument::Compact);
    return text;
}

Apns::PayloadFields fieldsFrom(const QJsonObject &apns, Reader &r, QStringList *problems)
{
    Apns::PayloadFields f;
    const QJsonValue alert = apns.value(QLatin1String("alert"));
    if (alert.isString()) {
        f.body = alert.toString();
    } else if (alert.isObject()) {
        const QJsonObject a = alert.toObject();
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (it.key() != u"title" && it.key() != u"subtitle" && it.key() != u"body")
                problems->append(QStringLiteral("\"alert\" has title, subtitle and body, not \"%1\" (use payload for more)").arg(it.key()));
            else if (!it.value().isString())
                problems->append(QStringLiteral("\"alert.%1\" must be a string").arg(it.key()));
        }
        f.title = a.value(QLatin1String("title")).toString();
        f.subtitle = a.value(QLatin1String("subtitle")).toString();
        f.body = a.value(QLatin1String("body")).toString();
    } else if (r.has("alert")) {
        r.wrong("alert", "a string or an object {title, subtitle, body}");
    }
    if (const std::optional<qint64> badge = r.integer("badge", 0, 2147483647))
        f.badge = int(*badge);
    f.sound = r.text("sound");
    f.threadId = r.text("thread_id");
    f.category = r.text("category");
    f.contentAvailable = r.flag("content_available");
    f.mutableContent = r.flag("mutable_content");
    f.interruptionLevel = r.text("interruption_level");
    const QJsonValue custom = apns.value(QLatin1String("custom"));
    if (custom.isObject()) {
        f.custom = custom.toObject();
        if (f.custom.contains(QLatin1String("aps")))
            problems->append(QStringLiteral("\"custom\" holds the keys beside \"aps\", not \"aps\" itself"));
    } else if (r.has("custom")) {
        r.wrong("custom", "an object");
    }
    return f;
}

} // namespace

std::optional<Apns::Notification> parseApnsArgs(const QJsonObject &apns, QByteArrayView raw, QStringList *problems)
{
    problems->clear();
    Reader r(apns, problems);
    for (auto it = apns.begin(); it != apns.end(); ++it) {
        if (!knownKeys().contains(it.key()))
            problems->append(QStringLiteral("\"apns\" has no key \"%1\"; known: %2")
                                 .arg(it.key().left(64), knownKeys().join(QStringLiteral(", "))));
    }
    bool anyField = false;
    for (const QString &k : fieldKeys())
        anyField = anyField || r.has(k.toLatin1().constData());

    Apns::Notification n;
    bool backgroundOnly = false;
    if (r.has("payload")) {
        if (!apns.value(QLatin1String("payload")).isObject())
            r.wrong("payload", "a JSON object (the whole APNs payload, with \"aps\")");
        else if (anyField)
            problems->append(QStringLiteral("give either \"payload\" or the fields (alert, badge, sound, …), not both"));
        else
            n.payload = payloadText(apns, raw);
    } else if (!anyField) {
        problems->append(QStringLiteral("\"apns\" needs a \"payload\" or at least one of alert, badge, sound, "
                                        "content_available, custom"));
    } else {
        const Apns::PayloadFields f = fieldsFrom(apns, r, problems);
        n.payload = Apns::buildPayload(f);
        backgroundOnly = f.contentAvailable && f.title.isEmpty() && f.subtitle.isEmpty() && f.body.isEmpty()
            && !f.badge && f.sound.isEmpty();
    }

    // A content-available push with nothing to show is a background push, unless told otherwise.
    n.pushType = backgroundOnly ? Apns::PushType::Background : Apns::PushType::Alert;
    if (r.has("push_type")) {
        const std::optional<Apns::PushType> type = Apns::pushTypeFromName(r.text("push_type"));
        if (type)
            n.pushType = *type;
        else if (apns.value(QLatin1String("push_type")).isString())
            problems->append(QStringLiteral("\"push_type\" is one of alert, background, voip, complication, "
                                            "fileprovider, mdm, location, liveactivity, pushtotalk"));
    }
    n.priority = n.pushType == Apns::PushType::Background ? 5 : 10;
    if (r.has("priority"))
        n.priority = int(r.integer("priority", 1, 10).value_or(n.priority));
    if (const std::optional<qint64> e = r.integer("expiration", 0, 1LL << 40))
        n.expiration = *e;
    n.collapseId = r.text("collapse_id");
    n.apnsId = r.text("apns_id");
    n.topic = r.text("topic");
    if (!problems->isEmpty())
        return std::nullopt;
    return n;
}

} // namespace Herald
