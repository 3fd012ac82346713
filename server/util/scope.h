#pragma once

#include <QString>

#include <optional>

namespace Herald {

// What a caller may do: an API key's scope, or the admin token it logged in with (the full token is
// Full, the read-only one Read). docs/security.md.
enum class Scope {
    Full, // everything, the keys and the audit log included
    Read, // the queries
    Push, // the commands that send or change clients' state, not the queries
};

QString scopeName(Scope scope); // "full", "read", "push"
std::optional<Scope> scopeFromName(const QString &name);

} // namespace Herald
