#include "commands/audit.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Herald::Audit {

namespace {

QString doorName(Door door)
{
    switch (door) {
    case Door::Http: return QStringLiteral("http");
    case Door::Text: return QStringLiteral("text");
    case Door::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("unknown");
}

QString shortened(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max) + QChar(0x2026);
}

QString textOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

// How much of an argument's value the log keeps: none for a secret, a prefix for what a user wrote.
int keptLength(const QString &key)
{
    static const QStringList secrets = {QStringLiteral("key"), QStringLiteral("secret"), QStringLiteral("password")};
    static const QStringList bodies = {QStringLiteral("message"), QStringLiteral("content"), QStringLiteral("session"),
                                       QStringLiteral("apns"), QStringLiteral("final_message")};
    if (secrets.contains(key))
        return 0;
    if (key == u"token" || key == u"tokens")
        return 8;
    return bodies.contains(key) ? kMessagePrefix : 64;
}

} // namespace

QString argsSummary(const QJsonObject &args)
{
    QStringList parts;
    for (auto it = args.begin(); it != args.end(); ++it) {
        const int keep = keptLength(it.key());
        const QString value = keep == 0 ? QStringLiteral("(hidden)") : shortened(textOf(it.value()), keep);
        parts.append(it.key() + QLatin1Char('=') + (it.value().isString() && keep > 0 ? QLatin1Char('"') + value + QLatin1Char('"') : value));
    }
    return shortened(parts.join(QLatin1Char(' ')), kMaxSummary);
}

Admin::AuditEntry entry(const Call &call, const CommandResult &result)
{
    Admin::AuditEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.who = call.who.isEmpty() ? QStringLiteral("anonymous") : call.who;
    e.from = call.from;
    e.door = doorName(call.door);
    e.command = call.name.left(64);
    e.args = argsSummary(call.args);
    e.status = result.status;
    if (!result.ok())
        e.error = result.body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    return e;
}

} // namespace Herald::Audit
