#include "commands/commandresult.h"

#include "protocol/adminprotocol.h"

namespace Herald {

CommandResult CommandResult::success(QJsonObject fields)
{
    fields.insert(QLatin1String("ok"), true);
    return {200, fields};
}

CommandResult CommandResult::failure(int status, ApiError code, const QString &message)
{
    return {status, Admin::errorBody(int(code), message)}; // one error body on every door
}

} // namespace Herald
