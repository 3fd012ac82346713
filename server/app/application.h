#pragma once

#include "app/config.h"
#include "api/serverinfo.h"
#include "util/metrics.h"

#include <QObject>

#include <functional>
#include <memory>

namespace Herald {

class AdminChannel;
class ApiKeyStore;
class ApnsDispatcher;
class PushDispatcher;
class Robots;
class AuditLog;
class ClientAuth;
class ClientIdGenerator;
class ClientProtocol;
class Cluster;
class DeviceRegistry;
class Commands;
class Gateway;
class HeapTrimmer;
class HttpApi;
class Hub;
class NodeState;
class RegistryDatabase;
class HistoryRooms;
class RoomHistory;
class SignalWatcher;
class SystemdNotifier;
class TextPort;
class TlsContext;

// Composes the server from a config, in one place: store, hub, broker, gateway, API doors, signals.
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    using ConfigReader = std::function<std::optional<Config>(ConfigError *)>;

    Application(const Config &config, ConfigReader reread, QObject *parent = nullptr);
    ~Application() override;

    // Opens storage, listens on every port and prints where; false with *error if anything fails.
    bool start(QString *error);
    void shutdown(int signal = 0);
    void reload();

Q_SIGNALS:
    void finished(int exitCode);

private:
    enum class NewSecrets { SaveNow, SaveAfterStart };
    struct NewSecret {
        QString file;
        QString value;
    };

    bool prepareDataDir(QString *error);
    // Fills each secret `config` leaves empty from its file in the data directory, or generates one (into
    // m_newSecrets, written now or by saveNewSecrets). Returns why a secret could not be had; it stays empty.
    QStringList readSecrets(Config &config, NewSecrets save);
    bool saveNewSecrets(QString *error);
    void finishStopping();
    void writeDownUnsentPushes();
    void reloadSecrets(Config &next);
    void reloadTls(Config &next);
    bool startRegistry(QString *error);
    void reloadConfig();
    bool startApns(QString *error);
    bool startPushProviders(QString *error); // the providers besides APNs
    bool startRobots(QString *error);
    bool makeCluster(quint32 nodeId, QString *error);
    std::unique_ptr<ClientProtocol> makeClientProtocol();
    bool startAuth(QString *error);
    void applyReloadable();
    void printReady() const;

    Config m_config;
    ConfigReader m_reread;
    Metrics m_metrics;
    ServerInfo m_info;
    std::unique_ptr<NodeState> m_state;
    std::unique_ptr<RegistryDatabase> m_registryDatabase;
    std::unique_ptr<DeviceRegistry> m_devices;
    std::unique_ptr<ApiKeyStore> m_keys;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<ApnsDispatcher> m_apns;
    std::unique_ptr<PushDispatcher> m_push; // null: no provider besides APNs is configured
    std::unique_ptr<Robots> m_robots;
    std::unique_ptr<ClientIdGenerator> m_ids;
    std::unique_ptr<RoomHistory> m_history; // before the hub, which holds it (a single node's history)
    std::unique_ptr<HistoryRooms> m_sharedHistory; // or the rooms whose history a cluster keeps in Redis
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<ClientAuth> m_auth;         // connection tokens, for the client protocol
    std::unique_ptr<Cluster> m_cluster; // with redis set
    std::unique_ptr<ClientProtocol> m_protocol; // what clients speak (client-protocol)
    std::unique_ptr<Commands> m_commands;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<AdminChannel> m_admin;
    std::unique_ptr<HttpApi> m_http;
    std::unique_ptr<TextPort> m_text;
    std::unique_ptr<SignalWatcher> m_signals;
    std::unique_ptr<HeapTrimmer> m_heapTrimmer;
    std::shared_ptr<const TlsContext> m_tls; // for new connections on every port; nullptr: plain ports
    std::unique_ptr<SystemdNotifier> m_systemd;
    QList<NewSecret> m_newSecrets; // generated, to be shown once
    bool m_stopping = false;
};

} // namespace Herald
