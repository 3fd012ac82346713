#include "commands/commandresult.h"

namespace Herald {

CommandResult CommandResult::success(QJsonObject fields)
{
    fields.insert(QLatin1String("ok"), true);
    return {200, fields};
}

CommandResult CommandResult::failure(int status, ApiError code, const QString &message)
{
    return {status, QJsonObject{{QLatin1String("error"),
                                 QJsonObject{{QLatin1String("code"), int(code)}, {QLatin1String("message"), message}}}}};
}

} // namespace Herald
