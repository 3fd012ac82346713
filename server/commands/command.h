#pragma once

// What a command's function is written with: the context it runs in (commands.h), its arguments
// (args.h), and the answers the domains share. Each domain's functions are in their own file
// (clientcommands, groupcommands, uidcommands, devicecommands, servercommands); the table
// (commandtable.cpp) names them.

#include "commands/args.h"
#include "commands/commands.h"
#include "hub/hub.h"

namespace Herald {

using CommandFunction = CommandResult (*)(const CommandContext &, const Args &);
// A command that may answer later (it reads the cluster's Redis): it calls `answer` once, now or later.
using LaterFunction = void (*)(const CommandContext &, const Args &, const Commands::Answer &answer);

// 404: the client is not online.
CommandResult noSuchClient(const QString &clientId);
// A hub operation on `clientId`: success, 404 (not online) or 409 (max-rooms-per-client).
CommandResult fromHubStatus(Hub::Status status, const QString &clientId);
// {"ok":true,"count":n}
CommandResult countOf(int n);
// A failed device registry operation, reported as what it is: 503 when the registry's database is
// unavailable (it is retried), else 500.
CommandResult storeFailure(const CommandContext &c, const QString &error);

} // namespace Herald
