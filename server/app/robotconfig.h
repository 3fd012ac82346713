#pragma once

#include "push/robotsender.h"

#include <QList>
#include <QString>

#include <optional>

namespace Herald {

struct Config;

// The robots of the config ready to send: each one's secret and CA files read. Nothing when a file is
// wrong (*error names the robot and the file, and says what is wrong).
std::optional<QList<RobotSettings>> loadRobotSettings(const Config &config, QString *error);

} // namespace Herald
