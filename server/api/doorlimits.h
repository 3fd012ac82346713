#pragma once

#include <QtGlobal>

namespace Herald {

// What every backend door (HTTP API, text port, admin channel) allows one connection.
struct DoorLimits {
    int authTimeoutMs = 10000;              // to authenticate (handshake-timeout)
    int idleTimeoutMs = 300000;             // silent once authenticated; 0: for ever (idle-timeout)
    qint64 maxUnsentBytes = 1024 * 1024;    // replies waiting for a peer that does not read (max-send-buffer)
};

// True when more than `limit` bytes of replies still wait for the peer once the kernel has taken what it
// will: the peer asks and does not read the answers. QTcpSocket and QWebSocket alike.
template <typename Socket>
bool repliesPileUp(Socket &socket, qint64 limit)
{
    if (socket.bytesToWrite() <= limit)
        return false;
    socket.flush();
    return socket.bytesToWrite() > limit;
}

} // namespace Herald
