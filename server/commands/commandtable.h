#pragma once

#include "commands/command.h"

#include <QList>

namespace Herald {

enum class Effect { Reads, Changes }; // a command that changes state is refused to read-only callers

// One command: its name (GatewayWorker's, for the Gateway:: operations), whether it changes state,
// the doors it is open to, and its function.
struct CommandSpec {
    const char *name;
    Effect effect;
    Doors doors;
    CommandFunction run;
};

namespace CommandTable {

const QList<CommandSpec> &all(); // in the order the admin channel's hello lists them
const CommandSpec *find(const QString &name); // null: no such command

} // namespace CommandTable

} // namespace Herald
