#include "api/commands.h"

#include "api/apnscommands.h"
#include "api/commandargs.h"

#include "apns/notification.h"
#include "hub/hub.h"
#include "store/deviceregistry.h"
#include "util/metrics.h"

#include <QJsonArray>

#include <functional>
#include <variant>

namespace Herald {

CommandResult CommandResult::success(QJsonObject fields)
{
    fields.insert(QLatin1String("ok"), true);
    return {200, fields};
}

CommandResult CommandResult::failure(int status, ApiError code, const QString &message)
{
    return {status, QJsonObject{{QLatin1String("error"),
                                 QJsonObject{{QLatin1String("code"), int(code)}, {QLatin1String("message"), message}}}}};
}

namespace {


Fail noSuchClient(const QString &id)
{
    return Fail::failure(404, ApiError::NoSuchClient, QStringLiteral("client \"%1\" is not online").arg(id.left(64)));
}

CommandResult fromStatus(Hub::Status status, const QString &clientId, QJsonObject fields = {})
{
    switch (status) {
    case Hub::Status::Ok: return CommandResult::success(fields);
    case Hub::Status::NoSuchClient: return noSuchClient(clientId);
    case Hub::Status::LimitReached:
        return Fail::failure(409, ApiError::LimitReached,
                             QStringLiteral("client \"%1\" is in too many groups (max-rooms-per-client)").arg(clientId));
    }
    return Fail::failure(500, ApiError::Internal, QStringLiteral("unexpected hub status"));
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

CommandResult count(int n)
{
    return CommandResult::success({{QLatin1String("count"), n}});
}

using Handler = std::function<CommandResult(Hub &, const Args &)>;

// What a command may use: the hub always; the device registry when the server has one.
struct Services {
    Hub &hub;
    DeviceRegistry *devices;
};

using DeviceHandler = std::function<CommandResult(DeviceRegistry &, const Args &)>;

struct CommandSpec {
    CommandSpec(const char *n, bool changes, Handler h)
        : name(n), changesState(changes), run([h](Services &s, const Args &a) { return h(s.hub, a); })
    {
    }
    CommandSpec(const char *n, bool changes, DeviceHandler h)
        : name(n), changesState(changes), run([h](Services &s, const Args &a) {
              return s.devices ? h(*s.devices, a)
                               : Fail::failure(503, ApiError::Internal, QStringLiteral("no device registry on this server"));
          })
    {
    }
    const char *name;
    bool changesState;
    std::function<CommandResult(Services &, const Args &)> run;
};

// A failed store operation: logged by the caller's door, reported as what it is.
CommandResult storeFailure(const QString &error)
{
    return Fail::failure(500, ApiError::Internal, QStringLiteral("device registry: %1").arg(error));
}

QJsonObject deviceToJson(const Device &d)
{
    return {{QLatin1String("token"), d.token},
            {QLatin1String("uid"), d.uid},
            {QLatin1String("platform"), d.platform},
            {QLatin1String("topic"), d.topic},
            {QLatin1String("environment"), d.environment},
            {QLatin1String("app_version"), d.appVersion},
            {QLatin1String("created_at"), d.createdAt.toString(Qt::ISODateWithMs)},
            {QLatin1String("last_seen"), d.lastSeen.toString(Qt::ISODateWithMs)},
            {QLatin1String("active"), d.active},
            {QLatin1String("deactivated_reason"), d.deactivatedReason.isEmpty() ? QJsonValue() : QJsonValue(d.deactivatedReason)}};
}

// An optional text argument that must pass `check` (empty: `fallback`).
std::variant<QString, Fail> checkedText(const Args &a, const char *key, const QString &fallback,
                                        QString (*check)(const QString &))
{
    HERALD_ARG(given, a.optionalId(key));
    const QString value = given.isEmpty() ? fallback : given;
    if (value.isEmpty())
        return Fail::failure(400, ApiError::MissingField, QStringLiteral("missing argument \"%1\"").arg(QLatin1String(key)));
    const QString problem = check(value);
    if (!problem.isEmpty())
        return Fail::failure(400, ApiError::WrongFieldType, QStringLiteral("argument \"%1\": %2").arg(QLatin1String(key), problem));
    return value;
}

const QList<CommandSpec> &commandTable()
{
    static const QList<CommandSpec> table = {
        {"sendToAll", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(text, a.message());
             HERALD_ARG(exclude, a.idList("exclude"));
             return CommandResult::success({{QLatin1String("delivered"), hub.sendToAll(text, exclude)}});
         }},
        {"sendToClient", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(text, a.message());
             if (!hub.isOnline(id))
                 return noSuchClient(id);
             return CommandResult::success({{QLatin1String("delivered"), hub.sendToClient(id, text)}});
         }},
        {"sendToUid", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(uid, a.id("uid"));
             HERALD_ARG(text, a.message());
             HERALD_ARG(exclude, a.idList("exclude"));
             const int n = hub.sendToUid(uid, text, exclude);
             return CommandResult::success({{QLatin1String("delivered"), n}, {QLatin1String("online"), hub.isUidOnline(uid)}});
         }},
        {"sendToGroup", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(group, a.id("group"));
             HERALD_ARG(text, a.message());
             HERALD_ARG(exclude, a.idList("exclude"));
             HERALD_ARG(sender, a.optionalId("sender"));
             const QString from = sender.isEmpty() ? QStringLiteral("api") : sender;
             return CommandResult::success({{QLatin1String("delivered"), hub.sendToGroup(group, text, exclude, from)}});
         }},
        {"bindUid", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(uid, a.id("uid"));
             return fromStatus(hub.bindUid(id, uid), id);
         }},
        {"unbindUid", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(uid, a.optionalId("uid"));
             return fromStatus(hub.unbindUid(id, uid), id);
         }},
        {"joinGroup", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(group, a.id("group"));
             return fromStatus(hub.joinGroup(id, group), id);
         }},
        {"leaveGroup", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(group, a.id("group"));
             return fromStatus(hub.leaveGroup(id, group), id);
         }},
        {"ungroup", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(group, a.id("group"));
             return CommandResult::success({{QLatin1String("removed"), hub.ungroup(group)}});
         }},
        {"isOnline", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             return CommandResult::success({{QLatin1String("online"), hub.isOnline(id)}});
         }},
        {"isUidOnline", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(uid, a.id("uid"));
             return CommandResult::success({{QLatin1String("online"), hub.isUidOnline(uid)}});
         }},
        {"getAllClientIdCount", false, [](Hub &hub, const Args &) { return count(hub.clientCount()); }},
        {"getAllClientIdList", false, [](Hub &hub, const Args &) {
             return CommandResult::success({{QLatin1String("client_ids"), toArray(hub.clientIds())}});
         }},
        {"getAllUidCount", false, [](Hub &hub, const Args &) { return count(hub.uidCount()); }},
        {"getAllUidList", false, [](Hub &hub, const Args &) {
             return CommandResult::success({{QLatin1String("uids"), toArray(hub.uids())}});
         }},
        {"getAllGroupCount", false, [](Hub &hub, const Args &) { return count(hub.groupCount()); }},
        {"getAllGroupIdList", false, [](Hub &hub, const Args &) {
             return CommandResult::success({{QLatin1String("groups"), toArray(hub.groups())}});
         }},
        {"getClientIdListByGroup", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(group, a.id("group"));
             return CommandResult::success({{QLatin1String("client_ids"), toArray(hub.clientIdsInGroup(group))}});
         }},
        {"getClientIdCountByGroup", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(group, a.id("group"));
             return count(hub.groupSize(group));
         }},
        {"getUidListByGroup", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(group, a.id("group"));
             return CommandResult::success({{QLatin1String("uids"), toArray(hub.uidsInGroup(group))}});
         }},
        {"getUidCountByGroup", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(group, a.id("group"));
             return count(int(hub.uidsInGroup(group).size()));
         }},
        {"getClientIdByUid", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(uid, a.id("uid"));
             return CommandResult::success({{QLatin1String("client_ids"), toArray(hub.clientIdsOfUid(uid))}});
         }},
        {"getUidByClientId", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             const ClientRecord *r = hub.client(id);
             if (!r)
                 return noSuchClient(id);
             return CommandResult::success({{QLatin1String("uid"), r->uid.isEmpty() ? QJsonValue() : QJsonValue(r->uid)}});
         }},
        {"getSession", false, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             const std::optional<QJsonObject> s = hub.session(id);
             if (!s)
                 return noSuchClient(id);
             return CommandResult::success({{QLatin1String("session"), *s}});
         }},
        {"setSession", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(session, a.object("session"));
             return fromStatus(hub.setSession(id, session), id);
         }},
        {"updateSession", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(session, a.object("session"));
             return fromStatus(hub.updateSession(id, session), id);
         }},
        {"closeClient", true, [](Hub &hub, const Args &a) -> CommandResult {
             HERALD_ARG(id, a.id("client_id"));
             HERALD_ARG(text, a.optionalMessage("message"));
             HERALD_ARG(reason, a.optionalId("reason"));
             return fromStatus(hub.closeClient(id, text, reason), id);
         }},
        // The device registry (Apple push notifications for users who are offline).
        {"registerDevice", true, [](DeviceRegistry &devices, const Args &a) -> CommandResult {
             Device d;
             HERALD_ARG(uid, a.id("uid"));
             HERALD_ARG(token, checkedText(a, "token", {}, &Apns::checkDeviceToken));
             HERALD_ARG(platform, checkedText(a, "platform", QStringLiteral("ios"), &DeviceRegistry::checkPlatform));
             HERALD_ARG(environment, checkedText(a, "environment", QStringLiteral("production"), &DeviceRegistry::checkEnvironment));
             HERALD_ARG(topic, a.optionalId("topic"));
             HERALD_ARG(version, a.optionalId("app_version"));
             d.uid = uid;
             d.token = token.toLower();
             d.platform = platform;
             d.environment = environment;
             d.topic = topic;
             d.appVersion = version;
             bool created = false;
             QString error;
             if (!devices.registerDevice(d, &created, &error))
                 return storeFailure(error);
             return CommandResult::success({{QLatin1String("created"), created}});
         }},
        {"unregisterDevice", true, [](DeviceRegistry &devices, const Args &a) -> CommandResult {
             HERALD_ARG(token, checkedText(a, "token", {}, &Apns::checkDeviceToken));
             HERALD_ARG(topic, a.optionalId("topic"));
             QString error;
             const std::optional<int> removed = devices.unregisterDevice(token.toLower(), topic, &error);
             return removed ? CommandResult::success({{QLatin1String("removed"), *removed}}) : storeFailure(error);
         }},
        {"listDevices", false, [](DeviceRegistry &devices, const Args &a) -> CommandResult {
             HERALD_ARG(uid, a.id("uid"));
             QString error;
             const std::optional<QList<Device>> list = devices.devicesOf(uid, &error);
             if (!list)
                 return storeFailure(error);
             QJsonArray out;
             for (const Device &d : *list)
                 out.append(deviceToJson(d));
             return CommandResult::success({{QLatin1String("devices"), out}});
         }},
        {"getDeviceCount", false, [](DeviceRegistry &devices, const Args &) -> CommandResult {
             QString error;
             const std::optional<int> n = devices.activeCount(&error);
             return n ? count(*n) : storeFailure(error);
         }},
    };
    return table;
}

const CommandSpec *find(const QString &name)
{
    for (const CommandSpec &c : commandTable()) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

} // namespace

Commands::Commands(Hub &hub, Metrics &metrics) : m_hub(hub), m_metrics(metrics) {}

CommandResult Commands::execute(const QString &name, const QJsonObject &args, Access access, QByteArrayView rawArgs) const
{
    const CommandSpec *spec = find(name);
    const bool apns = !spec && ApnsCommands::exists(name);
    CommandResult result;
    if (!spec && !apns)
        result = Fail::failure(404, ApiError::UnknownCommand, QStringLiteral("unknown command \"%1\"").arg(name.left(64)));
    else if (changesState(name) && access == Access::ReadOnly)
        result = Fail::failure(403, ApiError::ReadOnly,
                               QStringLiteral("\"%1\" changes state; this session is read-only").arg(name));
    else if (apns)
        result = ApnsCommands::run(name, m_hub, m_apns, Args(args, m_maxMessageSize, rawArgs));
    else
    {
        Services services{m_hub, m_devices};
        result = spec->run(services, Args(args, m_maxMessageSize, rawArgs));
    }
    m_metrics.countApiCall(spec || apns ? name : QStringLiteral("unknown"), result.status);
    return result;
}

bool Commands::exists(const QString &name)
{
    return find(name) != nullptr || ApnsCommands::exists(name);
}

bool Commands::changesState(const QString &name)
{
    const CommandSpec *spec = find(name);
    return spec ? spec->changesState : ApnsCommands::changesState(name);
}

QStringList Commands::names()
{
    QStringList out;
    for (const CommandSpec &c : commandTable())
        out.append(QLatin1String(c.name));
    out += ApnsCommands::names();
    return out;
}

} // namespace Herald
