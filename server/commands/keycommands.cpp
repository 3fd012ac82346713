#include "commands/keycommands.h"

#include "protocol/adminsecurity.h"
#include "store/apikeystore.h"
#include "store/auditlog.h"

namespace Herald::KeyCommands {

namespace {

CommandResult unavailable(const char *what)
{
    return CommandResult::failure(503, ApiError::Internal, QStringLiteral("this server keeps no %1").arg(QLatin1String(what)));
}

Admin::ApiKey toAdmin(const ApiKeyRecord &r)
{
    return {r.name, scopeName(r.scope), r.created, r.lastUsed};
}

} // namespace

CommandResult createApiKey(const CommandContext &c, const Args &a)
{
    if (!c.keys)
        return unavailable("API keys");
    HERALD_ARG(name, a.id("name"));
    HERALD_ARG(scopeText, a.id("scope"));
    const std::optional<Scope> scope = scopeFromName(scopeText);
    if (!scope)
        return Args::wrongType("scope", "\"push\", \"read\" or \"full\"");
    if (const QString problem = ApiKeyStore::checkName(name); !problem.isEmpty())
        return CommandResult::failure(400, ApiError::WrongFieldType, problem);
    if (c.keys->contains(name))
        return CommandResult::failure(409, ApiError::KeyExists,
                                      QStringLiteral("there is already a key named \"%1\": revoke it first, or choose "
                                                     "another name").arg(name));
    QString error;
    const std::optional<QString> key = c.keys->create(name, *scope, &error);
    if (!key)
        return CommandResult::failure(500, ApiError::Internal, QStringLiteral("API keys: %1").arg(error));
    const Admin::NewApiKey reply{{name, scopeName(*scope), QDateTime::currentDateTimeUtc(), {}}, *key};
    return CommandResult::success(Admin::toJson(reply));
}

CommandResult listApiKeys(const CommandContext &c, const Args &)
{
    if (!c.keys)
        return unavailable("API keys");
    QList<Admin::ApiKey> keys;
    for (const ApiKeyRecord &r : c.keys->list())
        keys.append(toAdmin(r));
    return CommandResult::success(Admin::apiKeysReply(keys));
}

CommandResult revokeApiKey(const CommandContext &c, const Args &a)
{
    if (!c.keys)
        return unavailable("API keys");
    HERALD_ARG(name, a.id("name"));
    if (name == QLatin1String(ApiKeyStore::kDefaultName) || !c.keys->contains(name)) {
        QString why;
        c.keys->revoke(name, &why); // says why not, changes nothing
        return CommandResult::failure(404, ApiError::NoSuchKey, why);
    }
    QString error;
    if (!c.keys->revoke(name, &error))
        return CommandResult::failure(500, ApiError::Internal, QStringLiteral("API keys: %1").arg(error));
    return CommandResult::success({{QLatin1String("revoked"), name}});
}

CommandResult getAuditLog(const CommandContext &c, const Args &a)
{
    if (!c.audit)
        return unavailable("audit log");
    const auto query = Admin::auditQueryFromJson(a.json());
    if (const auto *error = std::get_if<QString>(&query))
        return CommandResult::failure(400, ApiError::WrongFieldType, *error);
    return CommandResult::success(Admin::auditLogReply(c.audit->search(std::get<Admin::AuditQuery>(query))));
}

} // namespace Herald::KeyCommands
