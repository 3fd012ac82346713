#pragma once

#include "net/apnsadmin.h"
#include "protocol/admincommands.h"
#include "protocol/adminsecurity.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <functional>

namespace Herald::Console {

// Owns the admin WebSocket: connects, authenticates, reconnects with back-off, and turns the server's
// messages into typed signals. Widgets never see JSON.
class AdminClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminClient)

public:
    enum class State { Disconnected, Connecting, Connected, WaitingToReconnect };
    Q_ENUM(State)
    enum class Failure { WrongToken, Unreachable, Certificate, Protocol, ConnectionLost };
    Q_ENUM(Failure)

    struct Target {
        QUrl url;        // ws://host:port/admin or wss://…
        QString token;
        QString caFile;  // optional PEM file of extra trusted CAs (for wss:// with a private CA)
    };

    using Callback = std::function<void(const Admin::Result &)>;

    explicit AdminClient(QObject *parent = nullptr);
    ~AdminClient() override;

    void open(const Target &target);
    void close();
    void setAutoReconnect(bool on) { m_autoReconnect = on; }
    // Delay before the next reconnect attempt; doubles on each failure up to maxReconnectDelay.
    void setReconnectDelays(int firstMs, int maxMs);

    State state() const { return m_state; }
    bool isReadOnly() const { return m_hello.readOnly; }
    const Admin::Hello &hello() const { return m_hello; }
    const Admin::ServerInfo &server() const { return m_server; }
    const Target &target() const { return m_target; }
    int latencyMs() const { return m_latencyMs; }

    // Runs a hub command (admincommands.h builds them); `done` (if any) gets the result, which is also
    // emitted as commandFinished. Returns the id the command was sent with.
    qint64 command(Admin::Command command, Callback done = {});
    qint64 command(const QString &cmd, const QJsonObject &args = {}, Callback done = {});
    void subscribe(const QString &room);
    void unsubscribe(const QString &room);

    // APNs through the server: pushToTokens or pushToUid. `done` gets the push ids the server gave, or
    // the error; each device's result follows as apnsResultReceived.
    using PushCallback = std::function<void(const QStringList &pushIds, const QString &error)>;
    qint64 push(const ServerPush &push, PushCallback done);
    // The devices the server knows for a uid; `done` gets them, or the error.
    using DevicesCallback = std::function<void(const QList<Admin::Device> &devices, const QString &error)>;
    qint64 listDevices(const QString &uid, DevicesCallback done);

    // The API keys and the audit log (the full admin token only). Each `done` gets the typed answer, or
    // the error (the server's message).
    using KeysCallback = std::function<void(const QList<Admin::ApiKey> &keys, const QString &error)>;
    qint64 listApiKeys(KeysCallback done);
    using NewKeyCallback = std::function<void(const Admin::NewApiKey &key, const QString &error)>;
    qint64 createApiKey(const QString &name, const QString &scope, NewKeyCallback done);
    using AuditCallback = std::function<void(const QList<Admin::AuditEntry> &entries, const QString &error)>;
    qint64 auditLog(const Admin::AuditQuery &query, AuditCallback done);

Q_SIGNALS:
    void stateChanged(Herald::Console::AdminClient::State state);
    void helloReceived(const Herald::Admin::Hello &hello);
    void snapshotReceived(const Herald::Admin::Snapshot &snapshot);
    void eventsReceived(const QList<Herald::Admin::Event> &events);
    void statsReceived(const Herald::Admin::Stats &stats);
    void trafficReceived(const QList<Herald::Admin::TrafficMessage> &messages, qint64 dropped);
    void nodesReceived(const QList<Herald::Admin::NodeInfo> &nodes);
    void commandFinished(qint64 id, const Herald::Admin::Result &result);
    void apnsResultReceived(const Herald::Console::ServerPushResult &result);
    void latencyChanged(int ms);
    void errorOccurred(Herald::Console::AdminClient::Failure failure, const QString &message);

private:
    void connectSocket();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void onSslErrors(const QList<QSslError> &errors);
    void fail(Failure failure, const QString &message);
    void setState(State state);
    void scheduleReconnect();
    void sendPing();
    void handle(const Admin::Message &message);
    void failPending(const QString &why);

    QWebSocket m_socket;
    Target m_target;
    State m_state = State::Disconnected;
    Admin::Hello m_hello;
    Admin::ServerInfo m_server;
    bool m_autoReconnect = true;
    bool m_wantOpen = false;
    bool m_welcomed = false;     // hello received on this connection
    bool m_stopRetrying = false; // a wrong token or certificate: retrying would not help
    int m_firstDelayMs = 500;
    int m_maxDelayMs = 30000;
    int m_delayMs = 500;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    QElapsedTimer m_clock;
    int m_latencyMs = -1;
    qint64 m_nextId = 1;
    QHash<qint64, Callback> m_pending;
    QSet<QString> m_tailed;      // rooms tailed, kept across reconnects and new connections
};

QString stateText(AdminClient::State state);

} // namespace Herald::Console
