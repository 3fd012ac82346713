#include "commands/command.h"

#include "store/deviceregistry.h"

namespace Herald {

CommandResult noSuchClient(const QString &clientId)
{
    return CommandResult::failure(404, ApiError::NoSuchClient,
                                  QStringLiteral("client \"%1\" is not online").arg(clientId.left(64)));
}

CommandResult fromHubStatus(Hub::Status status, const QString &clientId)
{
    switch (status) {
    case Hub::Status::Ok: return CommandResult::success();
    case Hub::Status::NoSuchClient: return noSuchClient(clientId);
    case Hub::Status::LimitReached:
        return CommandResult::failure(409, ApiError::LimitReached,
                                      QStringLiteral("client \"%1\" is in too many groups (max-rooms-per-client)").arg(clientId));
    }
    return CommandResult::failure(500, ApiError::Internal, QStringLiteral("unexpected hub status"));
}

CommandResult countOf(int n)
{
    return CommandResult::success({{QLatin1String("count"), n}});
}

CommandResult storeFailure(const CommandContext &c, const QString &error)
{
    if (!c.devices.isAvailable())
        return CommandResult::failure(503, ApiError::RegistryUnavailable, error);
    return CommandResult::failure(500, ApiError::Internal, QStringLiteral("device registry: %1").arg(error));
}

} // namespace Herald
