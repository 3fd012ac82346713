#include "util/scope.h"

namespace Herald {

QString scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Full: return QStringLiteral("full");
    case Scope::Read: return QStringLiteral("read");
    case Scope::Push: return QStringLiteral("push");
    }
    return QStringLiteral("read");
}

std::optional<Scope> scopeFromName(const QString &name)
{
    for (const Scope s : {Scope::Full, Scope::Read, Scope::Push}) {
        if (name == scopeName(s))
            return s;
    }
    return std::nullopt;
}

} // namespace Herald
