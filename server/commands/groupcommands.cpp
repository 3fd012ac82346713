#include "commands/groupcommands.h"

#include "commands/robotcommands.h"

#include <QJsonArray>

namespace Herald::GroupCommands {

CommandResult sendToGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    HERALD_ARG(text, a.message());
    HERALD_ARG(exclude, a.idList("exclude"));
    HERALD_ARG(sender, a.optionalId("sender"));
    HERALD_ARG(robots, RobotCommands::mirrorTargets(c, a, text));
    RobotCommands::mirror(c, robots, text);
    const QString from = sender.isEmpty() ? QStringLiteral("api") : sender;
    return CommandResult::success({{QLatin1String("delivered"), c.hub.sendToGroup(group, text, exclude, from)}});
}

CommandResult joinGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(group, a.id("group"));
    return fromHubStatus(c.clients().joinGroup(id, group), id);
}

CommandResult leaveGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(group, a.id("group"));
    return fromHubStatus(c.clients().leaveGroup(id, group), id);
}

CommandResult ungroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return CommandResult::success({{QLatin1String("removed"), c.clients().ungroup(group)}});
}

CommandResult getClientIdListByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return CommandResult::success({{QLatin1String("client_ids"), QJsonArray::fromStringList(c.clients().clientIdsInGroup(group))}});
}

CommandResult getClientIdCountByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return countOf(c.clients().groupSize(group));
}

CommandResult getUidListByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return CommandResult::success({{QLatin1String("uids"), QJsonArray::fromStringList(c.clients().uidsInGroup(group))}});
}

CommandResult getUidCountByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return countOf(int(c.clients().uidsInGroup(group).size()));
}

} // namespace Herald::GroupCommands
