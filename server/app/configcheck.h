#pragma once

#include <QStringList>

namespace Herald {

struct Config;

// What `herald-server --check-config` finds wrong in a config that parsed (its keys and values are
// checked by ConfigLoader): the files it names that cannot be read or loaded, a data directory that
// cannot be used. Binds no port and writes nothing. Empty: the config is good to start or reload with.
QStringList checkConfig(const Config &config);

} // namespace Herald
