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
// The kinds of event the log's filter offers, and how each reads (the log's Event column); a kind the
// console does not know (a newer server's) reads as sent.
QStringList eventKinds();
QString eventKindLabel(const QString &kindName);

} // namespace Herald::Console
