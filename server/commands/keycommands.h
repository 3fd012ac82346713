#pragma once

// The API keys and the audit log (docs/api.md, docs/security.md): create, list and revoke keys, and
// search the audit log. Each needs scope full (or the full admin token).

#include "commands/command.h"

namespace Herald::KeyCommands {

CommandResult createApiKey(const CommandContext &c, const Args &a);
CommandResult listApiKeys(const CommandContext &c, const Args &a);
CommandResult revokeApiKey(const CommandContext &c, const Args &a);
CommandResult getAuditLog(const CommandContext &c, const Args &a);

} // namespace Herald::KeyCommands
