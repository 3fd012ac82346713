#pragma once

#include "commands/args.h"
#include "commands/commands.h"

#include <QByteArray>

#include <optional>

namespace Herald::RobotCommands {

// sendToRobot: {"robot","text"} or {"robot","markdown","title"}, optional "at_mobiles" and "at_all".
CommandResult sendToRobot(const CommandContext &c, const Args &a);
// listRobots: the configured robots, their kind, rates and queue.
CommandResult listRobots(const CommandContext &c, const Args &a);

// A send command's optional "robots": the names, each a configured robot that would take `text`; the
// failure to answer (nothing is sent) when one is not.
std::variant<QStringList, Fail> mirrorTargets(const CommandContext &c, const Args &a, const QByteArray &text);
// The message sent to clients, mirrored as text to each robot.
void mirror(const CommandContext &c, const QStringList &robots, const QByteArray &text);

} // namespace Herald::RobotCommands
