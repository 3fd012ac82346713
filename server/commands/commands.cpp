#include "commands/commands.h"

#include "commands/commandtable.h"
#include "hub/hub.h"
#include "util/metrics.h"

namespace Herald {

ClusterView &CommandContext::clients() const
{
    return cluster ? *cluster : hub;
}

namespace {

// The command `call` names, if its door has it.
const CommandSpec *find(const QString &name, Door door)
{
    const CommandSpec *spec = CommandTable::find(name);
    return spec && spec->doors.testFlag(door) ? spec : nullptr;
}

} // namespace

Commands::Commands(const CommandContext &context, Metrics &metrics) : m_context(context), m_metrics(metrics) {}

CommandResult Commands::execute(const Call &call) const
{
    const CommandSpec *spec = find(call.name, call.door);
    CommandResult result;
    if (!spec)
        result = CommandResult::failure(404, ApiError::UnknownCommand,
                                        QStringLiteral("unknown command \"%1\"").arg(call.name.left(64)));
    else if (spec->effect == Effect::Changes && call.access == Access::ReadOnly)
        result = CommandResult::failure(403, ApiError::ReadOnly,
                                        QStringLiteral("\"%1\" changes state; this session is read-only").arg(call.name));
    else
        result = spec->run(m_context, Args(call.args, m_context.maxMessageSize, call.raw));
    m_metrics.countApiCall(spec ? call.name : QStringLiteral("unknown"), result.status);
    return result;
}

CommandResult Commands::refuse(const Call &call, CommandResult answer) const
{
    m_metrics.countApiCall(find(call.name, call.door) ? call.name : QStringLiteral("unknown"), answer.status);
    return answer;
}

void Commands::count(DoorAnswer answer, int status) const
{
    const auto name = [answer] {
        switch (answer) {
        case DoorAnswer::Oversized: return QStringLiteral("oversized");
        case DoorAnswer::TextLogin: return QStringLiteral("auth");
        case DoorAnswer::AdminLogin: return QStringLiteral("admin_auth");
        case DoorAnswer::FormCallLogin: return QStringLiteral("publish");
        }
        return QStringLiteral("unknown");
    };
    m_metrics.countApiCall(name(), status);
}

bool Commands::exists(const QString &name, Door door)
{
    return find(name, door) != nullptr;
}

bool Commands::changesState(const QString &name)
{
    const CommandSpec *spec = CommandTable::find(name);
    return spec && spec->effect == Effect::Changes;
}

QStringList Commands::names(Door door)
{
    QStringList out;
    for (const CommandSpec &spec : CommandTable::all()) {
        if (spec.doors.testFlag(door))
            out.append(QLatin1String(spec.name));
    }
    return out;
}

} // namespace Herald
