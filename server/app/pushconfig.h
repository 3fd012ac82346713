#pragma once

#include "push/pushdispatcher.h"

#include <QString>

#include <optional>

namespace Herald {

struct Config;

// The push providers besides APNs that the config names (fcm-service-account, …), built from their
// files: none when none is configured. Nothing when a file is wrong (*error names the key and says what
// is wrong).
std::optional<PushDispatcher::Providers> loadPushProviders(const Config &config, QString *error);

} // namespace Herald
