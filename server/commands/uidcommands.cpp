#include "commands/uidcommands.h"

#include "commands/robotcommands.h"

#include <QJsonArray>

namespace Herald::UidCommands {

CommandResult sendToUid(const CommandContext &c, const Args &a)
{
    HERALD_ARG(uid, a.id("uid"));
    HERALD_ARG(text, a.message());
    HERALD_ARG(exclude, a.idList("exclude"));
    HERALD_ARG(robots, RobotCommands::mirrorTargets(c, a, text));
    RobotCommands::mirror(c, robots, text);
    const int n = c.hub.sendToUid(uid, text, exclude);
    return CommandResult::success({{QLatin1String("delivered"), n}, {QLatin1String("online"), c.clients().isUidOnline(uid)}});
}

CommandResult bindUid(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(uid, a.id("uid"));
    const Hub::Status status = c.clients().bindUid(id, uid);
    if (status == Hub::Status::LimitReached)
        return CommandResult::failure(409, ApiError::LimitReached,
                                      QStringLiteral("uid \"%1\" has as many connections as max-connections-per-uid allows: "
                                                     "client \"%2\" was not bound").arg(uid.left(64), id));
    return fromHubStatus(status, id);
}

CommandResult unbindUid(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(uid, a.optionalId("uid"));
    return fromHubStatus(c.clients().unbindUid(id, uid), id);
}

CommandResult isUidOnline(const CommandContext &c, const Args &a)
{
    HERALD_ARG(uid, a.id("uid"));
    return CommandResult::success({{QLatin1String("online"), c.clients().isUidOnline(uid)}});
}

CommandResult getClientIdByUid(const CommandContext &c, const Args &a)
{
    HERALD_ARG(uid, a.id("uid"));
    return CommandResult::success({{QLatin1String("client_ids"), QJsonArray::fromStringList(c.clients().clientIdsOfUid(uid))}});
}

CommandResult getUidByClientId(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    const std::optional<ClientRecord> r = c.clients().clientRecord(id);
    if (!r)
        return noSuchClient(id);
    return CommandResult::success({{QLatin1String("uid"), r->uid.isEmpty() ? QJsonValue() : QJsonValue(r->uid)}});
}

CommandResult getSession(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    const std::optional<QJsonObject> s = c.clients().session(id);
    if (!s)
        return noSuchClient(id);
    return CommandResult::success({{QLatin1String("session"), *s}});
}

CommandResult setSession(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(session, a.object("session"));
    return fromHubStatus(c.clients().setSession(id, session), id);
}

CommandResult updateSession(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(session, a.object("session"));
    return fromHubStatus(c.clients().updateSession(id, session), id);
}

} // namespace Herald::UidCommands
