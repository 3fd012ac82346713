#pragma once

#include "models/logmodel.h"
#include "protocol/adminprotocol.h"

namespace Herald::Console {

// Columns of the room tail and the event log, and how a message or an event fills them.
QStringList trafficHeaders();
// `senderName` is the sender's chat name when the console knows it (the message carries only its id).
LogRow trafficRow(const Admin::TrafficMessage &m, const QString &senderName = {});
QStringList eventHeaders();
LogRow eventRow(const Admin::Event &e);

} // namespace Herald::Console
