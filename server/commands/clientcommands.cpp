#include "commands/clientcommands.h"

#include "commands/robotcommands.h"

namespace Herald::ClientCommands {

CommandResult sendToAll(const CommandContext &c, const Args &a)
{
    HERALD_ARG(text, a.message());
    HERALD_ARG(exclude, a.idList("exclude"));
    HERALD_ARG(robots, RobotCommands::mirrorTargets(c, a, text));
    RobotCommands::mirror(c, robots, text);
    return CommandResult::success({{QLatin1String("delivered"), c.hub.sendToAll(text, exclude)}});
}

CommandResult sendToClient(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(text, a.message());
    HERALD_ARG(robots, RobotCommands::mirrorTargets(c, a, text));
    if (!c.clients().isOnline(id))
        return noSuchClient(id);
    RobotCommands::mirror(c, robots, text);
    const int here = c.hub.sendToClient(id, text);
    // A client of another node: handed to its node, which delivers it.
    return CommandResult::success({{QLatin1String("delivered"), c.hub.isOnline(id) ? here : 1}});
}

CommandResult isOnline(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    return CommandResult::success({{QLatin1String("online"), c.clients().isOnline(id)}});
}

CommandResult closeClient(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(text, a.optionalMessage("message"));
    HERALD_ARG(reason, a.optionalId("reason"));
    return fromHubStatus(c.clients().closeClient(id, text, reason), id);
}

} // namespace Herald::ClientCommands
