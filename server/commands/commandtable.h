#pragma once

#include "commands/command.h"

#include <QList>

namespace Herald {

enum class Effect { Reads, Changes }; // a command that changes state is audited
// What a caller's scope must allow: a query (scopes read and full), a send or change of the clients'
// state (push and full), or managing the server's keys and reading its audit log (full only).
enum class Need { Query, Send, Manage };

// One command: its name (GatewayWorker's, for the Gateway:: operations), whether it changes state,
// what it needs of its caller's scope, the doors it is open to, and its function: `run`, or `later` for
// one that may answer later.
struct CommandSpec {
    const char *name;
    Effect effect;
    Need need;
    Doors doors;
    CommandFunction run;
    LaterFunction later = nullptr;
};

bool allows(Scope scope, Need need);

namespace CommandTable {

const QList<CommandSpec> &all(); // in the order the admin channel's hello lists them
const CommandSpec *find(const QString &name); // null: no such command

} // namespace CommandTable

} // namespace Herald
