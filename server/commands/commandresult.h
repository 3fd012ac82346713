#pragma once

#include "protocol/errorcodes.h"

#include <QJsonObject>
#include <QString>

namespace Herald {

// The result of one command: an HTTP status that means what it says and a JSON body, either
// {"ok":true, ...fields} or {"error":{"code":N,"message":"..."}}.
struct CommandResult {
    int status = 200;
    QJsonObject body;

    bool ok() const { return status >= 200 && status < 300; }
    static CommandResult success(QJsonObject fields = {});
    static CommandResult failure(int status, ApiError code, const QString &message);
};

} // namespace Herald
