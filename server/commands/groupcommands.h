#pragma once

// The group (room) commands (docs/api.md): a message to a group, joining, leaving and dissolving one,
// and who is in it.

#include "commands/command.h"

namespace Herald::GroupCommands {

CommandResult sendToGroup(const CommandContext &c, const Args &a);
CommandResult joinGroup(const CommandContext &c, const Args &a);
CommandResult leaveGroup(const CommandContext &c, const Args &a);
CommandResult ungroup(const CommandContext &c, const Args &a);
CommandResult getClientIdListByGroup(const CommandContext &c, const Args &a);
CommandResult getClientIdCountByGroup(const CommandContext &c, const Args &a);
CommandResult getUidListByGroup(const CommandContext &c, const Args &a);
CommandResult getUidCountByGroup(const CommandContext &c, const Args &a);
// The group's recent messages from its history (history-size), after offset `since`, at most `limit`:
// from this node's memory, or read from the cluster's Redis (answered once Redis has).
void getHistory(const CommandContext &c, const Args &a, const Commands::Answer &answer);

} // namespace Herald::GroupCommands
