#pragma once

#include <QByteArray>
#include <QString>

namespace Herald {

struct ClientRecord;

// The hub's way out to this node's connections (implemented by the gateway).
class Outlet
{
public:
    virtual ~Outlet() = default;
    // `to` carries the endpoint the outlet named in Hub::addClient, so that a send needs no lookup.
    virtual void send(const ClientRecord &to, const QByteArray &text) = 0;
    // Closes the connection with a WebSocket close code; reason is logged and sent in the close frame.
    virtual void close(const QString &clientId, int closeCode, const QString &reason) = 0;
};

} // namespace Herald
