#pragma once

#include "api/auththrottle.h"
#include "commands/commands.h"
#include "api/doorlimits.h"
#include "history/roomhistory.h"
#include "protocol/adminprotocol.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace Herald {

class Cluster;
struct DirectoryChange;
class Hub;
struct Metrics;
struct ServerInfo;

struct AdminTokens {
    QString full;
    QString readOnly;
};

// The console's WebSocket endpoint (/admin on the API port): authentication, a snapshot, batched live
// events, stats every second, the cluster's nodes, room tails, and every hub command. docs/admin-protocol.md
// is its spec.
class AdminChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminChannel)

public:
    // `cluster`: this node's part of a cluster, if any (the nodes it reports, the other nodes' clients).
    AdminChannel(Hub &hub, Commands &commands, Metrics &metrics, const ServerInfo &info, const Cluster *cluster = nullptr,
                 QObject *parent = nullptr);
    ~AdminChannel() override;

    void setTokens(const AdminTokens &tokens) { m_tokens = tokens; }
    void setLimits(const DoorLimits &limits) { m_limits = limits; } // the authentication timeout and the reply cap
    // Takes a WebSocket upgraded by the HTTP server; closes it unless its path is /admin.
    void accept(std::unique_ptr<QWebSocket> socket);
    void closeAll(); // 1001, for shutdown
    int connectionCount() const { return int(m_peers.size()); }
    // A live event from another part of the server (the chat service, the APNs dispatcher), batched
    // with the others.
    void publishEvent(const Herald::Admin::Event &event) { queueEvent(event); }

private:
    struct Peer {
        QWebSocket *socket = nullptr;
        bool authenticated = false;
        bool closing = false; // refused or cut: nothing more is read from it or sent to it
        Scope scope = Scope::Read; // Full with the admin token, Read with the read-only one
        QSet<QString> tailed;      // rooms whose traffic this peer receives
        QList<Admin::TrafficMessage> traffic; // tail messages waiting for the next flush
        quint64 trafficDropped = 0;
    };

    bool authenticate(Peer &peer, const QByteArray &token);
    void refuse(QWebSocket *socket);
    void onMessage(Peer &peer, const QString &text);
    void welcome(Peer &peer);
    void reply(Peer &peer, const QJsonValue &id, int status, const QJsonObject &body);
    void sendError(Peer &peer, ApiError code, const QString &message);
    void send(Peer &peer, const QByteArray &message);
    void queueEvent(Admin::Event event);
    void flush();
    void sendStats();
    void sendNodesIfChanged();
    Admin::Stats stats() const;
    QList<Admin::ClientInfo> clients() const;
    Admin::Snapshot snapshot() const;
    QMap<QString, int> membersByNode(const QString &group) const;
    void onRemoteChange(const DirectoryChange &change);
    void forget(QWebSocket *socket);
    void onGroupMessage(const QString &group, const QString &sender, const QByteArray &text, int recipients);
    void sendRecentHistory(Peer &peer, const QString &room);
    void sendTail(Peer &peer, const QString &room, const QList<RoomHistory::Entry> &entries);
    Peer *find(QWebSocket *socket); // an authenticated peer still open; null: gone meanwhile

    Hub &m_hub;
    Commands &m_commands;
    Metrics &m_metrics;
    const ServerInfo &m_info;
    const Cluster *m_cluster;
    QByteArray m_nodes; // the last nodes message sent to every console
    AdminTokens m_tokens;
    DoorLimits m_limits;
    AuthThrottle m_throttle;
    QHash<QWebSocket *, Peer> m_peers;
    QList<Admin::Event> m_events; // live events waiting for the next flush
    QTimer m_flushTimer;      // batches events: a storm reaches the console as a few messages a second
    QTimer m_statsTimer;
};

} // namespace Herald
