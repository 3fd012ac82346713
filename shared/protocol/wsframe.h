#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Herald::WebSocket {

// One final, unmasked text frame (RFC 6455 §5.2) as a server sends it: built once for a broadcast, then
// the same bytes go to every recipient.
QByteArray serverTextFrame(QByteArrayView payload);

} // namespace Herald::WebSocket
