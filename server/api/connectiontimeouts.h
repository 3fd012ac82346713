#pragma once

#include "api/doorlimits.h"

#include <QObject>
#include <QTimer>

namespace Herald {

// The two clocks of a door's connection: it must authenticate within the authentication timeout
// (sending other things meanwhile does not extend that), and once authenticated it may stay silent for
// the idle timeout at most (0: for ever). A child of the connection's socket; expired() says which ran out.
class ConnectionTimeouts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTimeouts)

public:
    enum class Clock { Authentication, Idle };

    ConnectionTimeouts(const DoorLimits &limits, QObject *socket);

    void authenticated(); // the idle clock from now on
    void activity();      // the peer sent something: the idle clock starts again

Q_SIGNALS:
    void expired(Clock clock);

private:
    DoorLimits m_limits;
    QTimer m_timer;
    bool m_authenticated = false;
};

} // namespace Herald
