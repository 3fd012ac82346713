#include "protocol/admincommands.h"

#include <QJsonArray>

namespace Herald::Admin {

namespace {

Command command(const char *name, const QJsonObject &args)
{
    return Command{QJsonValue(QJsonValue::Undefined), QLatin1String(name), args, {}};
}

QJsonObject ofClient(const QString &clientId)
{
    return {{QLatin1String("client_id"), clientId}};
}

QJsonObject withMember(QJsonObject args, const char *key, const QJsonValue &value)
{
    args.insert(QLatin1String(key), value);
    return args;
}

} // namespace

Command closeClient(const QString &clientId, const QString &reason, const QString &finalMessage)
{
    QJsonObject args = withMember(ofClient(clientId), "reason", reason);
    if (!finalMessage.isEmpty())
        args.insert(QLatin1String("message"), finalMessage);
    return command("closeClient", args);
}

Command joinGroup(const QString &clientId, const QString &group)
{
    return command("joinGroup", withMember(ofClient(clientId), "group", group));
}

Command leaveGroup(const QString &clientId, const QString &group)
{
    return command("leaveGroup", withMember(ofClient(clientId), "group", group));
}

Command bindUid(const QString &clientId, const QString &uid)
{
    return command("bindUid", withMember(ofClient(clientId), "uid", uid));
}

Command unbindUid(const QString &clientId)
{
    return command("unbindUid", ofClient(clientId));
}

Command ungroup(const QString &group)
{
    return command("ungroup", {{QLatin1String("group"), group}});
}

Command sendToClient(const QString &clientId, const QString &message)
{
    return command("sendToClient", withMember(ofClient(clientId), "message", message));
}

Command sendToAll(const QString &message, const QStringList &exclude)
{
    return command("sendToAll", {{QLatin1String("message"), message},
                                 {QLatin1String("exclude"), QJsonArray::fromStringList(exclude)}});
}

Command sendToGroup(const QString &group, const QString &message, const QStringList &exclude, const QString &sender)
{
    return command("sendToGroup", {{QLatin1String("group"), group},
                                   {QLatin1String("message"), message},
                                   {QLatin1String("exclude"), QJsonArray::fromStringList(exclude)},
                                   {QLatin1String("sender"), sender}});
}

Command sendToUid(const QString &uid, const QString &message, const QStringList &exclude)
{
    return command("sendToUid", {{QLatin1String("uid"), uid},
                                 {QLatin1String("message"), message},
                                 {QLatin1String("exclude"), QJsonArray::fromStringList(exclude)}});
}

Command getSession(const QString &clientId)
{
    return command("getSession", ofClient(clientId));
}

Command setSession(const QString &clientId, const QJsonObject &session)
{
    return command("setSession", withMember(ofClient(clientId), "session", session));
}

Command listClients()
{
    return command("listClients", {});
}

Command listDevices(const QString &uid)
{
    return command("listDevices", {{QLatin1String("uid"), uid}});
}

Command push(const PushRequest &p)
{
    Command c = command("", toJson(p));
    c.cmd = commandOf(p);
    return c;
}

Command listRobots()
{
    return command("listRobots", {});
}

Command mirroredToRobots(Command c, const QStringList &robots)
{
    if (!robots.isEmpty())
        c.args.insert(QLatin1String("robots"), QJsonArray::fromStringList(robots));
    return c;
}

QStringList robotNamesOf(const Result &r)
{
    QStringList names;
    for (const QJsonValue &robot : r.body.value(QLatin1String("robots")).toArray())
        names.append(robot.toObject().value(QLatin1String("name")).toString());
    return names;
}

Delivery deliveryOf(const Result &r)
{
    Delivery d;
    d.delivered = r.body.value(QLatin1String("delivered")).toInt();
    const QJsonValue online = r.body.value(QLatin1String("online"));
    if (online.isBool())
        d.online = online.toBool();
    return d;
}

QJsonObject sessionOf(const Result &r)
{
    return r.body.value(QLatin1String("session")).toObject();
}

} // namespace Herald::Admin
