#include "models/consolestate.h"

#include "models/clientsmodel.h"
#include "models/logrows.h"
#include "models/nodesmodel.h"
#include "models/roomsmodel.h"
#include "models/statshistory.h"
#include "net/adminclient.h"

#include <QDateTime>
#include <QPointer>

namespace Herald::Console {

namespace {
constexpr int kCounterRefreshMs = 5000;
}

ConsoleState::ConsoleState(AdminClient &client, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_clients(new ClientsModel(this)),
      m_rooms(new RoomsModel(this)),
      m_traffic(new LogModel(trafficHeaders(), TailCapacity, this)),
      m_events(new LogModel(eventHeaders(), EventLogCapacity, this)),
      m_stats(new StatsHistory(300, this)),
      m_nodes(new NodesModel(this))
{
    connect(&client, &AdminClient::snapshotReceived, this, [this](const Admin::Snapshot &s) {
        m_clients->setSnapshot(s.clients, s.server.nodeId);
        m_nodes->clear(); // the "nodes" that follows says what there is now
        m_rooms->setSnapshot(s.rooms);
        m_stats->clear();
        m_stats->add(s.stats);
        setLive(true);
    });
    connect(&client, &AdminClient::eventsReceived, this, [this](const QList<Admin::Event> &events) {
        m_clients->applyEvents(events);
        m_rooms->applyEvents(events);
        QList<LogRow> rows;
        rows.reserve(events.size());
        for (const Admin::Event &e : events)
            rows.append(eventRow(e));
        m_events->append(rows);
    });
    connect(&client, &AdminClient::statsReceived, this, [this](const Admin::Stats &stats) {
        m_stats->add(stats);
        m_nodes->tick(QDateTime::currentDateTimeUtc()); // uptimes and heartbeats' ages, every second
    });
    connect(&client, &AdminClient::nodesReceived, m_nodes, &NodesModel::setNodes);
    connect(&client, &AdminClient::trafficReceived, this, [this](const QList<Admin::TrafficMessage> &messages, qint64 dropped) {
        m_traffic->addDropped(dropped);
        QList<LogRow> rows;
        rows.reserve(messages.size());
        for (const Admin::TrafficMessage &m : messages) {
            const int row = m_clients->rowOf(m.sender);
            rows.append(trafficRow(m, row >= 0 ? m_clients->clientAt(row).name : QString()));
        }
        m_traffic->append(rows);
    });

    m_counterTimer.setInterval(kCounterRefreshMs);
    connect(&m_counterTimer, &QTimer::timeout, this, [this] {
        if (m_clients->rowCount() <= CounterRefreshLimit)
            refreshCounters();
    });
    connect(&client, &AdminClient::stateChanged, this, [this](AdminClient::State state) {
        if (state == AdminClient::State::Connected) {
            m_counterTimer.start(); // live again once the snapshot of this connection is in
        } else {
            m_counterTimer.stop();
            setLive(false);
        }
    });
}

ConsoleState::~ConsoleState() = default;

void ConsoleState::setLive(bool live)
{
    if (m_live == live)
        return;
    m_live = live;
    Q_EMIT liveChanged(live);
}

void ConsoleState::refreshCounters()
{
    QPointer<ClientsModel> clients = m_clients;
    m_client.command(Admin::listClients(), [clients](const Admin::Result &r) {
        if (!clients || !r.ok())
            return;
        const auto fresh = Admin::clientsOf(r);
        if (const auto *list = std::get_if<QList<Admin::ClientInfo>>(&fresh))
            clients->refreshCounters(*list);
    });
}

} // namespace Herald::Console
