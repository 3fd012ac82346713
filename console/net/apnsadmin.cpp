#include "net/apnsadmin.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Herald::Console {

namespace {
QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toVariant().toString();
}

QDateTime timeOf(const QJsonValue &v)
{
    if (v.isDouble())
        return QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), Qt::UTC);
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

std::optional<Apns::Outcome> outcomeFromName(const QString &name)
{
    for (Apns::Outcome o : {Apns::Outcome::Delivered, Apns::Outcome::RetryLater, Apns::Outcome::DeviceTokenDead,
                            Apns::Outcome::NotificationRejected, Apns::Outcome::ConfigurationWrong}) {
        if (Apns::outcomeName(o) == name)
            return o;
    }
    return std::nullopt;
}
} // namespace

QJsonObject apnsArguments(const Apns::Notification &n)
{
    QJsonObject apns{{QLatin1String("payload"), QJsonDocument::fromJson(n.payload).object()},
                     {QLatin1String("push_type"), Apns::pushTypeName(n.pushType)},
                     {QLatin1String("priority"), n.priority}};
    if (n.expiration)
        apns.insert(QLatin1String("expiration"), double(*n.expiration));
    if (!n.collapseId.isEmpty())
        apns.insert(QLatin1String("collapse_id"), n.collapseId);
    if (!n.apnsId.isEmpty())
        apns.insert(QLatin1String("apns_id"), n.apnsId);
    return apns;
}

QString pushCommand(const ServerPush &push)
{
    return push.kind == ServerPush::Kind::Uid ? QStringLiteral("pushToUid") : QStringLiteral("pushToTokens");
}

QJsonObject pushArguments(const ServerPush &push)
{
    if (push.kind == ServerPush::Kind::Uid)
        return {{QLatin1String("uid"), push.uid},
                {QLatin1String("apns"), apnsArguments(push.notification)},
                {QLatin1String("always"), true}};
    QJsonObject args{{QLatin1String("tokens"), QJsonArray::fromStringList(push.tokens)},
                     {QLatin1String("apns"), apnsArguments(push.notification)}};
    if (!push.topic.isEmpty())
        args.insert(QLatin1String("topic"), push.topic);
    if (!push.environment.isEmpty())
        args.insert(QLatin1String("environment"), push.environment);
    return args;
}

QStringList pushIdsOf(const QJsonObject &reply)
{
    // pushToUid answers {"delivered":…,"online":…,"apns":{"push_id":…}}; pushToTokens {"push_id":…}.
    const QJsonObject body = reply.contains(QLatin1String("apns")) ? reply.value(QLatin1String("apns")).toObject() : reply;
    QStringList ids;
    if (body.contains(QLatin1String("push_id")))
        ids.append(text(body, "push_id"));
    for (const QJsonValue &v : body.value(QLatin1String("push_ids")).toArray())
        ids.append(v.toVariant().toString());
    for (const QJsonValue &v : body.value(QLatin1String("pushes")).toArray())
        ids.append(text(v.toObject(), "push_id"));
    ids.removeAll(QString());
    ids.removeDuplicates();
    return ids;
}

QList<ServerDevice> devicesOf(const QJsonObject &body)
{
    QList<ServerDevice> devices;
    for (const QJsonValue &v : body.value(QLatin1String("devices")).toArray()) {
        const QJsonObject o = v.toObject();
        ServerDevice d;
        d.token = text(o, "token");
        d.uid = text(o, "uid");
        d.platform = text(o, "platform");
        d.topic = text(o, "topic");
        d.environment = text(o, "environment");
        d.appVersion = text(o, "app_version");
        d.createdAt = timeOf(o.value(QLatin1String("created_at")));
        d.lastSeen = timeOf(o.value(QLatin1String("last_seen")));
        d.active = o.value(QLatin1String("active")).toBool(true);
        d.deactivatedReason = text(o, "deactivated_reason");
        if (!d.token.isEmpty())
            devices.append(d);
    }
    return devices;
}

Apns::Result apnsResultFromJson(const QJsonObject &o)
{
    Apns::Result r;
    r.status = o.value(QLatin1String("status")).toInt();
    r.reason = text(o, "reason");
    r.explanation = text(o, "explanation");
    r.apnsId = text(o, "apns_id");
    r.uniqueId = text(o, "unique_id");
    if (o.value(QLatin1String("timestamp")).isDouble())
        r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(qint64(o.value(QLatin1String("timestamp")).toDouble()), Qt::UTC);
    r.latencyUs = qint64(o.value(QLatin1String("latency_ms")).toDouble() * 1000.0);
    r.attempts = o.value(QLatin1String("attempts")).toInt();
    const std::optional<Apns::Outcome> outcome = outcomeFromName(text(o, "outcome"));
    r.outcome = outcome ? *outcome : Apns::classify(r.status, r.reason);
    if (r.explanation.isEmpty() && r.status != 200)
        r.explanation = Apns::explain(r.status, r.reason);
    return r;
}

} // namespace Herald::Console
