#pragma once

#include "models/logmodel.h"
#include "protocol/adminprotocol.h"

namespace Herald::Console {

// Columns of the room tail and the event log, and how a message or an event fills them.
QStringList trafficHeaders();
LogRow trafficRow(const Admin::TrafficMessage &m);
QStringList eventHeaders();
LogRow eventRow(const Admin::Event &e);

} // namespace Herald::Console
