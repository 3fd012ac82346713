#pragma once

#include <QByteArray>
#include <QString>

namespace Herald {

// The hub's way out to this node's connections (implemented by the gateway).
class Outlet
{
public:
    virtual ~Outlet() = default;
    virtual void send(const QString &clientId, const QByteArray &text) = 0;
    // Closes the connection with a WebSocket close code; reason is logged and sent in the close frame.
    virtual void close(const QString &clientId, int closeCode, const QString &reason) = 0;
};

} // namespace Herald
