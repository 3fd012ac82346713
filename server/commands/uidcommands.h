#pragma once

// The uid and session commands (docs/api.md): a message to a uid's connections, binding and unbinding
// uids, who is behind a uid and which uid a client has, and each client's session.

#include "commands/command.h"

namespace Herald::UidCommands {

CommandResult sendToUid(const CommandContext &c, const Args &a);
CommandResult bindUid(const CommandContext &c, const Args &a);
CommandResult unbindUid(const CommandContext &c, const Args &a);
CommandResult isUidOnline(const CommandContext &c, const Args &a);
CommandResult getClientIdByUid(const CommandContext &c, const Args &a);
CommandResult getUidByClientId(const CommandContext &c, const Args &a);
CommandResult getSession(const CommandContext &c, const Args &a);
CommandResult setSession(const CommandContext &c, const Args &a);
CommandResult updateSession(const CommandContext &c, const Args &a);

} // namespace Herald::UidCommands
