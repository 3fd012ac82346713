#pragma once

// What the audit log keeps of a call (docs/security.md): who, from where, through which door, the
// command, a short summary of its arguments and how it was answered.

#include "commands/commands.h"
#include "protocol/adminsecurity.h"

namespace Herald::Audit {

// "uid=u1 message="hello wo…"": each argument by name, in name order. Secrets ("key", "secret",
// "password") never appear; message bodies and sessions only by their first kMessagePrefix characters,
// device tokens by their first 8; the whole at most kMaxSummary characters.
constexpr int kMessagePrefix = 24;
constexpr int kMaxSummary = 240;
QString argsSummary(const QJsonObject &args);

Admin::AuditEntry entry(const Call &call, const CommandResult &result);

} // namespace Herald::Audit
