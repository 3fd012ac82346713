#pragma once

#include "push/apnssettings.h"

#include <QString>

#include <optional>

namespace Herald {

struct Config;

// Loads the APNs files the config names. Nothing when APNs is not configured (error left empty) or
// when a file is wrong (*error names the key and says what is wrong, in the shared loaders' words).
std::optional<ApnsSettings> loadApnsSettings(const Config &config, QString *error);

} // namespace Herald
