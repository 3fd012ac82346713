#pragma once

#include <QTcpServer>

namespace Herald {

// A listening socket that hands on each accepted descriptor instead of making a QTcpSocket of it:
// the gateway wraps it in its own lighter Connection.
class Listener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    using QTcpServer::QTcpServer;

Q_SIGNALS:
    void accepted(qintptr descriptor); // the receiver owns the descriptor

protected:
    void incomingConnection(qintptr descriptor) override { Q_EMIT accepted(descriptor); }
};

} // namespace Herald
