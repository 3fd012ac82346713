#pragma once

// The APNs commands (pushToUid, pushToTokens, pushToAll, getApnsStatus) behind every backend door;
// Commands delegates to them. docs/api.md describes them.

#include "api/commands.h"

#include <QString>
#include <QStringList>

namespace Herald {

class ApnsDispatcher;
class Args;
class Hub;

namespace ApnsCommands {

bool exists(const QString &name);
bool changesState(const QString &name);
QStringList names();
// `apns` is null when the server has no APNs credentials: the push commands then say so.
CommandResult run(const QString &name, Hub &hub, ApnsDispatcher *apns, const Args &args);

} // namespace ApnsCommands

} // namespace Herald
