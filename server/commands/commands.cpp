#include "commands/commands.h"

#include "commands/audit.h"
#include "commands/commandtable.h"
#include "store/auditlog.h"
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

// A 403 that says what the command needs and what the caller has. A read-only caller asking for a
// change keeps the code it always had (ReadOnly).
CommandResult outOfScope(const Call &call, Need need)
{
    if (call.scope == Scope::Read && call.door == Door::Admin && need == Need::Send)
        return CommandResult::failure(403, ApiError::ReadOnly,
                                      QStringLiteral("\"%1\" changes state; this session is read-only").arg(call.name));
    const QString wanted = need == Need::Query ? QStringLiteral("read or full")
        : need == Need::Send                   ? QStringLiteral("push or full")
                                               : QStringLiteral("full");
    const QString holder = call.door == Door::Admin ? QStringLiteral("this session (%1)").arg(call.who)
                                                    : QStringLiteral("the key \"%1\"").arg(call.who);
    return CommandResult::failure(403, call.scope == Scope::Read && need != Need::Query ? ApiError::ReadOnly : ApiError::OutOfScope,
                                  QStringLiteral("\"%1\" needs scope %2; %3 has scope %4")
                                      .arg(call.name, wanted, holder, scopeName(call.scope)));
}

} // namespace

Commands::Commands(const CommandContext &context, Metrics &metrics) : m_context(context), m_metrics(metrics) {}

std::optional<CommandResult> Commands::execute(const Call &call, const Answer &later) const
{
    const CommandSpec *spec = find(call.name, call.door);
    std::optional<CommandResult> answer; // known now
    if (!spec)
        answer = CommandResult::failure(404, ApiError::UnknownCommand,
                                        QStringLiteral("unknown command \"%1\"").arg(call.name.left(64)));
    else if (!allows(call.scope, spec->need))
        answer = outOfScope(call, spec->need);
    else if (m_stopping && spec->effect == Effect::Changes)
        answer = CommandResult::failure(503, ApiError::Stopping,
                                        QStringLiteral("the server is stopping: send \"%1\" to another node, or again once it "
                                                       "is back")
                                            .arg(call.name));
    else if (spec->run)
        answer = spec->run(m_context, Args(call.args, m_context.maxMessageSize, call.raw));
    if (answer) {
        record(call, spec, *answer);
        return answer;
    }
    // It may answer before returning, or later: counted and audited when it does, once.
    struct Waiting {
        bool returned = false;
        std::optional<CommandResult> now;
    };
    const auto waiting = std::make_shared<Waiting>();
    Call kept = call;
    kept.raw = {}; // the door's bytes are gone by then
    spec->later(m_context, Args(call.args, m_context.maxMessageSize, call.raw),
                [this, waiting, kept, spec, later](const CommandResult &result) {
                    record(kept, spec, result);
                    if (waiting->returned)
                        later(result);
                    else
                        waiting->now = result;
                });
    waiting->returned = true;
    return waiting->now;
}

CommandResult Commands::execute(const Call &call) const
{
    const std::optional<CommandResult> now = execute(call, [](const CommandResult &) {});
    return now.value_or(CommandResult::failure(500, ApiError::Internal,
                                               QStringLiteral("\"%1\" answers later, and this caller cannot wait: call it "
                                                              "through the HTTP API, the text port or the admin channel")
                                                   .arg(call.name)));
}

void Commands::record(const Call &call, const CommandSpec *spec, const CommandResult &result) const
{
    m_metrics.countApiCall(spec ? call.name : QStringLiteral("unknown"), result.status);
    if (spec && spec->effect == Effect::Changes && m_context.audit)
        m_context.audit->append(Audit::entry(call, result));
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
