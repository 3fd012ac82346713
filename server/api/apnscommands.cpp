#include "api/apnscommands.h"

#include "api/apnsargs.h"
#include "api/commandargs.h"
#include "hub/hub.h"
#include "protocol/rawjson.h"
#include "push/apnsdispatcher.h"

#include <QJsonArray>

namespace Herald {

namespace {

using Handler = CommandResult (*)(Hub &, ApnsDispatcher &, const Args &);

struct Spec {
    const char *name;
    bool changesState;
    Handler run;
};

Fail notConfigured()
{
    return Fail::failure(503, ApiError::ApnsNotConfigured,
                         QStringLiteral("APNs is not configured on this server: set apns-p8 (with apns-key-id and "
                                        "apns-team-id), apns-p12, or apns-cert and apns-key (docs/configuration.md)"));
}

Fail invalid(const QStringList &problems)
{
    return Fail::failure(400, ApiError::InvalidNotification, QStringLiteral("apns: %1").arg(problems.join(QStringLiteral("; "))));
}

Fail storeFailure(const QString &error)
{
    return Fail::failure(500, ApiError::Internal, QStringLiteral("device registry: %1").arg(error));
}

// The `apns` argument as a notification prototype, or the failure to answer.
std::variant<Apns::Notification, Fail> prototype(const Args &a)
{
    HERALD_ARG(apns, a.object("apns"));
    QStringList problems;
    const QByteArray raw = a.raw().isEmpty() ? QByteArray() : Json::memberText(a.raw(), QLatin1String("apns"));
    const std::optional<Apns::Notification> n = parseApnsArgs(apns, raw, &problems);
    if (!n)
        return invalid(problems);
    return *n;
}

QJsonObject queued(quint64 pushId, qsizetype count)
{
    return {{QLatin1String("push_id"), qint64(pushId)}, {QLatin1String("queued"), qint64(count)}};
}

CommandResult pushToUid(Hub &hub, ApnsDispatcher &apns, const Args &a)
{
    HERALD_ARG(uid, a.id("uid"));
    HERALD_ARG(text, a.optionalMessage("message"));
    HERALD_ARG(exclude, a.idList("exclude"));
    HERALD_ARG(always, a.optionalBool("always", false));
    HERALD_ARG(proto, prototype(a));
    QString error;
    const std::optional<QList<ApnsTarget>> targets = apns.targetsOfUid(uid, proto, &error);
    if (!targets)
        return storeFailure(error);
    if (const QStringList problems = ApnsDispatcher::problems(*targets); !problems.isEmpty())
        return invalid(problems);
    // Nothing is sent before everything is known to be fine; then the WebSocket delivery, as sendToUid.
    const bool online = hub.isUidOnline(uid);
    const bool toApns = apns.wantsApns(uid, always);
    const int delivered = text.isEmpty() ? 0 : hub.sendToUid(uid, text, exclude);
    QJsonObject result;
    if (toApns) {
        result = queued(apns.send(*targets), targets->size());
    } else {
        result = {{QLatin1String("push_id"), QJsonValue()}, {QLatin1String("queued"), 0},
                  {QLatin1String("skipped"), QLatin1String("online")}};
    }
    return CommandResult::success({{QLatin1String("delivered"), delivered}, {QLatin1String("online"), online},
                                   {QLatin1String("apns"), result}});
}

CommandResult pushToTokens(Hub &, ApnsDispatcher &apns, const Args &a)
{
    const QJsonValue list = a.json().value(QLatin1String("tokens"));
    if (list.isUndefined() || list.isNull())
        return Args::missing("tokens");
    if (!list.isArray() || list.toArray().isEmpty())
        return Args::wrongType("tokens", "a non-empty array of device tokens");
    QStringList tokens;
    for (const QJsonValue &t : list.toArray()) {
        if (!t.isString())
            return Args::wrongType("tokens", "a non-empty array of device tokens");
        tokens.append(t.toString());
    }
    HERALD_ARG(topic, a.optionalId("topic"));
    HERALD_ARG(envName, a.optionalId("environment"));
    Apns::Environment environment = apns.settings().defaultEnvironment;
    if (!envName.isEmpty()) {
        const std::optional<Apns::Environment> e = Apns::environmentFromName(envName);
        if (!e)
            return Fail::failure(400, ApiError::WrongFieldType,
                                 QStringLiteral("argument \"environment\" is \"production\" or \"sandbox\""));
        environment = *e;
    }
    HERALD_ARG(proto, prototype(a));
    const QList<ApnsTarget> targets = apns.targetsOfTokens(tokens, topic, environment, proto);
    if (const QStringList problems = ApnsDispatcher::problems(targets); !problems.isEmpty())
        return invalid(problems);
    return CommandResult::success({{QLatin1String("apns"), queued(apns.send(targets), targets.size())}});
}

CommandResult pushToAll(Hub &, ApnsDispatcher &apns, const Args &a)
{
    HERALD_ARG(proto, prototype(a));
    if (const QStringList problems = apns.problemsForAll(proto); !problems.isEmpty())
        return invalid(problems);
    int total = 0;
    QString error;
    const std::optional<quint64> id = apns.pushToAll(proto, &total, &error);
    if (!id)
        return storeFailure(error);
    return CommandResult::success({{QLatin1String("push_id"), qint64(*id)}, {QLatin1String("total"), total}});
}

CommandResult status(Hub &, ApnsDispatcher &apns, const Args &)
{
    return CommandResult::success(apns.status());
}

const QList<Spec> &table()
{
    static const QList<Spec> specs = {
        {"pushToUid", true, &pushToUid},
        {"pushToTokens", true, &pushToTokens},
        {"pushToAll", true, &pushToAll},
        {"getApnsStatus", false, &status},
    };
    return specs;
}

const Spec *find(const QString &name)
{
    for (const Spec &s : table()) {
        if (name == QLatin1String(s.name))
            return &s;
    }
    return nullptr;
}

} // namespace

namespace ApnsCommands {

bool exists(const QString &name)
{
    return find(name) != nullptr;
}

bool changesState(const QString &name)
{
    const Spec *s = find(name);
    return s && s->changesState;
}

QStringList names()
{
    QStringList out;
    for (const Spec &s : table())
        out.append(QLatin1String(s.name));
    return out;
}

CommandResult run(const QString &name, Hub &hub, ApnsDispatcher *apns, const Args &args)
{
    const Spec *s = find(name);
    if (!s)
        return Fail::failure(404, ApiError::UnknownCommand, QStringLiteral("unknown command \"%1\"").arg(name.left(64)));
    if (!apns) {
        if (s->run == &status)
            return CommandResult::success({{QLatin1String("enabled"), false},
                                           {QLatin1String("reason"), notConfigured().body.value(QLatin1String("error"))
                                                                         .toObject().value(QLatin1String("message"))}});
        return notConfigured();
    }
    return s->run(hub, *apns, args);
}

} // namespace ApnsCommands

} // namespace Herald
