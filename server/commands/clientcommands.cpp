#include "commands/clientcommands.h"

namespace Herald::ClientCommands {

CommandResult sendToAll(const CommandContext &c, const Args &a)
{
    HERALD_ARG(text, a.message());
    HERALD_ARG(exclude, a.idList("exclude"));
    return CommandResult::success({{QLatin1String("delivered"), c.hub.sendToAll(text, exclude)}});
}

CommandResult sendToClient(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(text, a.message());
    if (!c.hub.isOnline(id))
        return noSuchClient(id);
    return CommandResult::success({{QLatin1String("delivered"), c.hub.sendToClient(id, text)}});
}

CommandResult isOnline(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    return CommandResult::success({{QLatin1String("online"), c.hub.isOnline(id)}});
}

CommandResult closeClient(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(text, a.optionalMessage("message"));
    HERALD_ARG(reason, a.optionalId("reason"));
    return fromHubStatus(c.hub.closeClient(id, text, reason), id);
}

} // namespace Herald::ClientCommands
