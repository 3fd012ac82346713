#pragma once

#include <QObject>
#include <QTimer>

namespace Herald::Console {

class AdminClient;
class ClientsModel;
class RoomsModel;
class LogModel;
class NodesModel;
class StatsHistory;

// Everything the console knows of the server, kept live from one AdminClient: the models every panel
// shows, and whether they are live. No widgets here.
class ConsoleState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleState)

public:
    static constexpr int TailCapacity = 5000;
    static constexpr int EventLogCapacity = 10000;
    static constexpr int CounterRefreshLimit = 5000; // above this many clients, counters refresh on demand only

    explicit ConsoleState(AdminClient &client, QObject *parent = nullptr);
    ~ConsoleState() override;

    AdminClient &client() const { return m_client; }
    ClientsModel &clients() const { return *m_clients; }
    RoomsModel &rooms() const { return *m_rooms; }
    LogModel &traffic() const { return *m_traffic; }
    LogModel &events() const { return *m_events; }
    StatsHistory &stats() const { return *m_stats; }
    NodesModel &nodes() const { return *m_nodes; }

    // Asks the server for every client's message and byte counters.
    void refreshCounters();
    // True from a connection's snapshot until the connection ends: the clients and rooms are the server's
    // now. Otherwise they are as they were when the last connection ended (or empty), not live.
    bool isLive() const { return m_live; }

Q_SIGNALS:
    void liveChanged(bool live);

private:
    void setLive(bool live);

    AdminClient &m_client;
    ClientsModel *m_clients;
    RoomsModel *m_rooms;
    LogModel *m_traffic;
    LogModel *m_events;
    StatsHistory *m_stats;
    NodesModel *m_nodes;
    QTimer m_counterTimer;
    bool m_live = false;
};

} // namespace Herald::Console
