#pragma once

#include "util/logging.h"
#include "util/tcplistener.h"

namespace Herald {

// The client port's listening socket: it hands on each accepted descriptor (the gateway wraps it in its
// own lighter Connection) and survives running out of descriptors (util/acceptguard.h).
class Listener final : public TcpListener
{
public:
    explicit Listener(QObject *parent = nullptr) : TcpListener(QStringLiteral("client port"), lcGateway, parent) {}
};

} // namespace Herald
