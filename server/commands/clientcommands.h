#pragma once

// The client commands (docs/api.md): a message to everyone or to one client, whether a client is
// online, closing one.

#include "commands/command.h"

namespace Herald::ClientCommands {

CommandResult sendToAll(const CommandContext &c, const Args &a);
CommandResult sendToClient(const CommandContext &c, const Args &a);
CommandResult isOnline(const CommandContext &c, const Args &a);
CommandResult closeClient(const CommandContext &c, const Args &a);

} // namespace Herald::ClientCommands
