#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

namespace Herald {

// Tells systemd (Type=notify) how the service is doing, through the datagram socket NOTIFY_SOCKET names
// (sd_notify(3)'s protocol, spoken directly: no libsystemd to link): READY=1 once every port is bound,
// RELOADING=1 / READY=1 around a SIGHUP, STOPPING=1 on SIGTERM, and WATCHDOG=1 from the event loop at half
// of WatchdogSec, so that a main thread that hangs gets the service restarted. Outside systemd (no
// NOTIFY_SOCKET) it does nothing.
class SystemdNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemdNotifier)

public:
    explicit SystemdNotifier(QObject *parent = nullptr);
    ~SystemdNotifier() override;

    bool enabled() const { return m_fd >= 0; }
    // Sends "KEY=value" lines; false if it could not (logged once).
    bool notify(const QByteArray &state);
    void ready();
    void reloading();
    void stopping();
    // The interval WATCHDOG_USEC asks for, halved; 0 when there is no watchdog for this process.
    int watchdogIntervalMs() const { return m_watchdog.interval(); }

private:
    int m_fd = -1;
    QByteArray m_address; // sockaddr_un bytes
    QTimer m_watchdog;
    bool m_warned = false;
    bool m_toldReady = false;
};

} // namespace Herald
