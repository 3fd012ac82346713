#include "app/application.h"

#include "api/adminchannel.h"
#include "api/httpapi.h"
#include "api/textport.h"
#include "app/apnsconfig.h"
#include "app/pushconfig.h"
#include "app/robotconfig.h"
#include "app/secrets.h"
#include "app/signalwatcher.h"
#include "auth/clientauth.h"
#include "chat/chatservice.h"
#include "cluster/cluster.h"
#include "commands/commands.h"
#include "gateway/gateway.h"
#include "history/historyrooms.h"
#include "history/roomhistory.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "push/apnsdispatcher.h"
#include "push/pushdispatcher.h"
#include "push/robots.h"
#include "push/unsentpushes.h"
#include "store/apikeystore.h"
#include "store/auditlog.h"
#include "store/deviceregistry.h"
#include "store/nodestate.h"
#include "store/registrydatabase.h"
#include "uidfirst/uidfirstservice.h"
#include "util/heaptrim.h"
#include "util/logging.h"
#include "util/systemdnotifier.h"
#include "util/tlscontext.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

namespace Herald {

namespace {
QHostAddress hostAddress(const QString &bind)
{
    return bind == u"*" ? QHostAddress(QHostAddress::Any) : QHostAddress(bind);
}

QString hostText(const QString &bind)
{
    if (bind == u"*")
        return QStringLiteral("0.0.0.0");
    return bind.contains(QLatin1Char(':')) ? QLatin1Char('[') + bind + QLatin1Char(']') : bind;
}

// Each connection is a file descriptor: lift the soft limit to the hard one and say if it is still low.
void raiseFileLimit(int maxConnections)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < rlim_t(maxConnections) + 64)
        qCWarning(lcApp).noquote() << QStringLiteral("open files limit is %1 (hard limit %2), below max-connections (%3): "
                                                     "raise the hard limit (LimitNOFILE=, ulimit -Hn) or lower max-connections")
                                          .arg(quint64(limit.rlim_cur)).arg(quint64(limit.rlim_max)).arg(maxConnections);
}

// The settings that only a restart changes: sockets, threads, where the data is and who this node is, the
// push providers.
bool restartOnly(const QString &key)
{
    static const QStringList keys = {
        QStringLiteral("bind"), QStringLiteral("port"), QStringLiteral("api-bind"), QStringLiteral("api-port"),
        QStringLiteral("text-bind"), QStringLiteral("text-port"), QStringLiteral("listen-backlog"),
        QStringLiteral("gateway-threads"), QStringLiteral("client-protocol"), QStringLiteral("data-dir"),
        QStringLiteral("node-id"), QStringLiteral("database"), QStringLiteral("database-password-file"),
        QStringLiteral("token-secret-file"), QStringLiteral("token-public-key-file"), QStringLiteral("redis"),
        QStringLiteral("redis-password-file"), QStringLiteral("cluster-heartbeat")};
    return keys.contains(key) || key.startsWith(QLatin1String("apns-")) || key.startsWith(QLatin1String("fcm-"))
        || key.startsWith(QLatin1String("jpush-")) || key.startsWith(QLatin1String("getui-"))
        || key.startsWith(QLatin1String("history-"));
}

// The secrets a config may leave empty, and their files in the data directory.
struct SecretFile {
    QString Config::*value;
    const char *file;
};
constexpr SecretFile kSecretFiles[] = {{&Config::apiKey, "api.key"}, {&Config::adminToken, "admin.token"},
                                       {&Config::adminReadonlyToken, "admin-readonly.token"}};

GatewayLimits limitsFrom(const Config &c)
{
    GatewayLimits l;
    l.maxMessageSize = c.maxMessageSize;
    l.maxConnections = c.maxConnections;
    l.maxConnectionsPerIp = c.maxConnectionsPerIp;
    l.handshakeTimeoutMs = c.handshakeTimeout;
    l.maxSendBuffer = c.maxSendBuffer;
    l.pingIntervalSec = c.pingInterval;
    l.pingLimit = c.pingLimit;
    l.messageRate = c.clientMessageRate;
    l.messageBurst = c.clientMessageBurst;
    l.listenBacklog = c.listenBacklog;
    for (const QString &origin : c.allowedOrigins)
        l.allowedOrigins.append(origin.toUtf8());
    return l;
}
} // namespace

Application::Application(const Config &config, ConfigReader reread, QObject *parent)
    : QObject(parent), m_config(config), m_reread(std::move(reread)), m_systemd(std::make_unique<SystemdNotifier>())
{
}

Application::~Application()
{
    // Doors first, then the gateway, then the hub they all use.
    m_text.reset();
    m_http.reset();
    m_admin.reset();
    m_apns.reset(); // its clients' connections, before the registry it writes to
    m_push.reset();
    m_gateway.reset();
    m_cluster.reset(); // before the hub it delivers to
    m_audit.reset(); // what it still buffers is written
}

bool Application::startRobots(QString *error)
{
    const std::optional<QList<RobotSettings>> robots = loadRobotSettings(m_config, error);
    if (!robots)
        return false;
    m_robots = std::make_unique<Robots>(*robots, m_metrics);
    for (const RobotSettings &r : *robots)
        qCInfo(lcApp).noquote() << QStringLiteral("robot %1: %2 at %3%4").arg(r.name, Push::robotKindName(r.kind), r.options.webhook.host(),
                                                                       r.options.secret.isEmpty() ? QString() : QStringLiteral(", signed"));
    return true;
}

bool Application::startApns(QString *error)
{
    const std::optional<ApnsSettings> settings = loadApnsSettings(m_config, error);
    if (!settings) {
        if (!error->isEmpty())
            return false;
        qCInfo(lcApp) << "APNs not configured (no apns-p8, apns-p12 or apns-cert): push commands are refused";
        return true;
    }
    m_apns = std::make_unique<ApnsDispatcher>(*settings, *m_devices, m_metrics);
    qCInfo(lcApp).noquote() << QStringLiteral("APNs: %1, default topic %2, %3 (at most %4 in flight)")
                                   .arg(settings->credentials.summary(),
                                        settings->defaultTopic.isEmpty() ? QStringLiteral("none") : settings->defaultTopic,
                                        settings->host.isEmpty() ? QStringLiteral("Apple's hosts")
                                                                 : settings->endpoint(settings->defaultEnvironment).url())
                                   .arg(settings->concurrency);
    return true;
}

bool Application::startPushProviders(QString *error)
{
    std::optional<PushDispatcher::Providers> providers = loadPushProviders(m_config, error);
    if (!providers)
        return false;
    if (providers->empty())
        return true;
    m_push = std::make_unique<PushDispatcher>(std::move(*providers), *m_devices, m_metrics);
    qCInfo(lcApp).noquote() << QStringLiteral("push providers besides APNs: %1").arg(m_push->providers().join(QStringLiteral(", ")));
    return true;
}

// The device registry where `database` says: the node's SQLite, or MariaDB/MySQL (which may be down now:
// then it is retried, and the device commands answer 503 meanwhile).
bool Application::startRegistry(QString *error)
{
    if (m_config.database.isEmpty()) {
        m_registryDatabase = std::make_unique<RegistryDatabase>(m_state->connectionName());
    } else {
        const std::optional<DatabaseUrl> url = DatabaseUrl::parse(m_config.database, error);
        if (!url)
            return false;
        QByteArray password;
        if (!m_config.databasePasswordFile.isEmpty()) {
            const std::optional<QByteArray> p = readPasswordFile(QStringLiteral("database-password-file"),
                                                                 m_config.databasePasswordFile, error);
            if (!p)
                return false;
            password = *p;
        }
        m_registryDatabase = std::make_unique<RegistryDatabase>(*url, QString::fromUtf8(password));
    }
    if (!m_registryDatabase->start(error))
        return false;
    m_devices = std::make_unique<DeviceRegistry>(*m_registryDatabase);
    return true;
}

// With redis set, this node joins the cluster: the hub's publishes go to the other nodes through Redis,
// and theirs come here. The password comes from redis-password-file when it is given.
bool Application::makeCluster(quint32 nodeId, QString *error)
{
    if (m_config.redis.isEmpty())
        return true;
    std::optional<RedisAddress> redis = RedisAddress::parse(m_config.redis, error);
    if (!redis)
        return false;
    if (!m_config.redisPasswordFile.isEmpty()) {
        const std::optional<QByteArray> password =
            readPasswordFile(QStringLiteral("redis-password-file"), m_config.redisPasswordFile, error);
        if (!password)
            return false;
        redis->password = QString::fromUtf8(*password);
    }
    const auto facts = [this] {
        return QJsonObject{{QLatin1String("listen"), QJsonArray::fromStringList(m_info.listen)},
                           {QLatin1String("started_at"), m_info.startedAt.toString(Qt::ISODate)},
                           {QLatin1String("version"), m_info.version}};
    };
    m_cluster = std::make_unique<Cluster>(
        Cluster::Settings{*redis, nodeId, std::chrono::milliseconds(m_config.clusterHeartbeat), facts,
                          m_sharedHistory ? m_sharedHistory->settings() : HistorySettings{}},
        *m_hub, m_metrics);
    qCInfo(lcApp).noquote() << QStringLiteral("cluster: node %1 through redis %2").arg(m_info.nodeId, redis->display());
    return true;
}

// The client protocol of client-protocol, its events wired to the admin channel.
std::unique_ptr<ClientProtocol> Application::makeClientProtocol()
{
    if (m_config.clientProtocol == u"uid-first") {
        qCWarning(lcApp).noquote()
            << "client-protocol is uid-first: every client names its own uid in its first message and is believed, "
               "so anyone who can reach the client port receives whatever is pushed to any uid they name. Use it only "
               "where every client is trusted; elsewhere use workerman-chat (the default) and have your backend bind "
               "each client's uid with bindUid once it has authenticated the user";
        return std::make_unique<UidFirstService>(*m_hub, *m_auth);
    }
    auto chat = std::make_unique<ChatService>(*m_hub, m_metrics, *m_auth, m_cluster ? &m_cluster->clients() : nullptr);
    connect(chat.get(), &ChatService::adminEvent, m_admin.get(), &AdminChannel::publishEvent);
    return chat;
}

// The connection tokens' key (token-secret-file or token-public-key-file), if the config names one.
bool Application::startAuth(QString *error)
{
    m_auth = std::make_unique<ClientAuth>(*m_hub, m_metrics);
    const bool secret = !m_config.tokenSecretFile.isEmpty();
    const QString path = secret ? m_config.tokenSecretFile : m_config.tokenPublicKeyFile;
    if (path.isEmpty()) {
        qCInfo(lcApp) << "connection tokens not configured (no token-secret-file or token-public-key-file)";
        return true;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 %2: %3").arg(secret ? u"token-secret-file" : u"token-public-key-file", path,
                                                             file.errorString());
        return false;
    }
    if (secret)
        warnIfShared(path);
    QString why;
    std::optional<TokenVerifier> verifier = secret ? TokenVerifier::fromSecret(file.readAll().trimmed(), &why)
                                                   : TokenVerifier::fromPublicKey(file.readAll(), &why);
    if (!verifier) {
        *error = QStringLiteral("%1 %2: %3").arg(secret ? u"token-secret-file" : u"token-public-key-file", path, why);
        return false;
    }
    qCInfo(lcApp).noquote() << QStringLiteral("connection tokens: %1 (%2), %3").arg(verifier->algorithmName(), path,
        m_config.requireToken ? QStringLiteral("required") : QStringLiteral("optional (require-token is false)"));
    m_auth->setVerifier(std::move(verifier));
    return true;
}

// A directory the server creates is its own (0700). An existing one keeps the mode its owner gave it; one
// that other users can enter is reported.
bool Application::prepareDataDir(QString *error)
{
    if (m_config.dataDir.isEmpty())
        m_config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    m_config.dataDir = QDir(m_config.dataDir).absolutePath();
    const QFileInfo info(m_config.dataDir);
    if (info.isDir()) {
        warnIfShared(m_config.dataDir);
        return true;
    }
    if (info.exists()) {
        *error = QStringLiteral("data directory %1 is a file, not a directory: move the file away or set data-dir")
                     .arg(m_config.dataDir);
        return false;
    }
    if (!QDir().mkpath(info.absolutePath())
        || !QDir().mkdir(m_config.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        *error = QStringLiteral("cannot create data directory %1 (is a file in its path, or may this user not write "
                                "there?): set data-dir to a directory the server may write")
                     .arg(m_config.dataDir);
        return false;
    }
    return true;
}

QStringList Application::readSecrets(Config &config, NewSecrets save)
{
    QStringList problems;
    for (const SecretFile &s : kSecretFiles) {
        if (!(config.*s.value).isEmpty())
            continue;
        const QString file = QLatin1String(s.file);
        QString why;
        std::optional<StoredSecret> secret = readOrGenerateSecret(config.dataDir, file, &why);
        if (secret && secret->created && save == NewSecrets::SaveNow && !saveSecret(config.dataDir, file, secret->value, &why))
            secret.reset();
        if (!secret) {
            problems.append(why);
            continue;
        }
        config.*s.value = secret->value;
        if (secret->created)
            m_newSecrets.append({file, secret->value});
    }
    return problems;
}

bool Application::saveNewSecrets(QString *error)
{
    for (const NewSecret &s : std::as_const(m_newSecrets)) {
        if (!saveSecret(m_config.dataDir, s.file, s.value, error))
            return false;
    }
    return true;
}

bool Application::start(QString *error)
{
    setLogLevel(m_config.logLevel);
    setLogFormat(m_config.logFormat);
    raiseFileLimit(m_config.maxConnections);
    if (!prepareDataDir(error))
        return false;
    // Secrets generated now are written once every port is bound, and shown then: a start that fails
    // leaves none unseen behind.
    if (const QStringList problems = readSecrets(m_config, NewSecrets::SaveAfterStart); !problems.isEmpty()) {
        *error = problems.join(QLatin1String("; "));
        return false;
    }

    m_state = std::make_unique<NodeState>();
    if (!m_state->open(m_config.dataDir, error))
        return false;
    warnIfShared(m_state->databasePath());
    const std::optional<quint32> nodeId = m_state->nodeId(m_config.nodeId, error);
    const std::optional<quint64> firstId = nodeId ? m_state->reserveClientIds(0, ClientIdGenerator::kBlockSize, error)
                                                  : std::nullopt;
    if (!firstId)
        return false;
    m_ids = std::make_unique<ClientIdGenerator>(*nodeId, *firstId, [this](quint64 notBelow) {
        QString why;
        const std::optional<quint64> first = m_state->reserveClientIds(notBelow, ClientIdGenerator::kBlockSize, &why);
        if (!first)
            qCCritical(lcStore).noquote() << QStringLiteral("cannot reserve client ids in %1: %2; new ids go on unreserved, "
                                                            "and a restart after a crash could repeat some")
                                                 .arg(m_state->databasePath(), why);
        return first;
    });
    if (!startRegistry(error))
        return false;
    m_keys = std::make_unique<ApiKeyStore>(m_state->connectionName());
    if (!m_keys->prepare(error)) {
        *error = QStringLiteral("cannot read the API keys in %1: %2").arg(m_state->databasePath(), *error);
        return false;
    }
    m_audit = std::make_unique<AuditLog>(m_config.dataDir, &m_metrics);

    m_info.version = QStringLiteral(HERALD_VERSION);
    m_info.nodeId = nodeIdText(*nodeId);
    m_info.startedAt = QDateTime::currentDateTimeUtc();
    m_info.dataDir = m_config.dataDir;
    m_info.maxMessageSize = m_config.maxMessageSize;
    if (QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance())
        m_info.eventDispatcher = QLatin1String(d->metaObject()->className());

    const HistorySettings history{m_config.historySize, m_config.historyTtl, m_config.historyRooms};
    if (history.on() && m_config.redis.isEmpty())
        m_history = std::make_unique<RoomHistory>(history);
    else if (history.on())
        m_sharedHistory = std::make_unique<HistoryRooms>(history);
    m_hub = std::make_unique<Hub>(m_metrics, m_history.get(), m_sharedHistory.get());
    m_hub->setMaxGroupsPerClient(m_config.maxRoomsPerClient);
    if (!startApns(error) || !startPushProviders(error) || !startRobots(error) || !makeCluster(*nodeId, error))
        return false;
    m_commands = std::make_unique<Commands>(
        CommandContext{*m_hub, *m_devices, m_apns.get(), m_config.maxMessageSize, m_keys.get(), m_audit.get(),
                       m_cluster ? &m_cluster->clients() : nullptr, m_push.get(), m_robots.get(),
                       m_cluster ? m_cluster->history() : nullptr},
        m_metrics);
    m_admin = std::make_unique<AdminChannel>(*m_hub, *m_commands, m_metrics, m_info, m_cluster.get());
    if (!startAuth(error))
        return false;
    m_protocol = makeClientProtocol();
    m_gateway = std::make_unique<Gateway>(*m_hub, *m_protocol, *m_ids, m_metrics,
                                          m_config.gatewayThreads > 0 ? m_config.gatewayThreads : QThread::idealThreadCount());
    // What a storm or a burst of logins freed goes back to the kernel a second after the clients'
    // connections and messages, and the heap in use, stop moving; and every minute anyway
    // (docs/operations.md).
    m_heapTrimmer = std::make_unique<HeapTrimmer>(std::chrono::seconds(60), [this] {
        return m_metrics.connectionsAccepted + m_metrics.messagesIn + quint64(m_hub->clientCount());
    });
    connect(m_heapTrimmer.get(), &HeapTrimmer::aboutToTrim, m_gateway.get(), &Gateway::dropSpareOutboxes);
    connect(m_heapTrimmer.get(), &HeapTrimmer::trimmed, this, [](qint64 released, qint64 us) {
        if (released > 0)
            qCDebug(lcApp).noquote() << QStringLiteral("heap trim: %1 KiB back to the kernel in %2 µs").arg(released / 1024).arg(us);
    });
    m_http = std::make_unique<HttpApi>(*m_commands, *m_keys, *m_hub, m_metrics, *m_admin, m_info, m_cluster.get());
    m_text = std::make_unique<TextPort>(*m_commands, *m_keys, m_metrics);
    if (m_apns)
        connect(m_apns.get(), &ApnsDispatcher::adminEvent, m_admin.get(), &AdminChannel::publishEvent);
    connect(m_robots.get(), &Robots::adminEvent, m_admin.get(), &AdminChannel::publishEvent);
    if (m_config.tls()) {
        m_tls = TlsContext::load(m_config.tlsCert, m_config.tlsKey, error);
        if (!m_tls)
            return false;
        qCInfo(lcApp).noquote() << "TLS on every port:" << m_tls->summary();
    }
    applyReloadable();
    if (m_config.allowedOrigins.isEmpty())
        qCWarning(lcApp) << "allowed-origins is empty: a page on any web site may open WebSocket connections to this "
                            "server in its visitors' names; list your pages' origins (https://chat.example.com)";

    QString why;
    if (!m_gateway->listen(hostAddress(m_config.bind), quint16(m_config.port), &why)) {
        *error = QStringLiteral("cannot listen for clients on %1:%2: %3 (set port or bind)")
                     .arg(m_config.bind).arg(m_config.port).arg(why);
        return false;
    }
    if (!m_http->listen(hostAddress(m_config.apiBind), quint16(m_config.apiPort), &why)) {
        *error = QStringLiteral("cannot listen for the HTTP API on %1:%2: %3 (set api-port or api-bind)")
                     .arg(m_config.apiBind).arg(m_config.apiPort).arg(why);
        return false;
    }
    if (!m_text->listen(hostAddress(m_config.textBind), quint16(m_config.textPort), &why)) {
        *error = QStringLiteral("cannot listen for the text port on %1:%2: %3 (set text-port or text-bind)")
                     .arg(m_config.textBind).arg(m_config.textPort).arg(why);
        return false;
    }
    const QString s = m_tls ? QStringLiteral("s") : QString();
    m_info.listen = {
        QStringLiteral("clients ws%1://%2:%3/").arg(s, hostText(m_config.bind)).arg(m_gateway->port()),
        QStringLiteral("api http%1://%2:%3/").arg(s, hostText(m_config.apiBind)).arg(m_http->port()),
        QStringLiteral("admin ws%1://%2:%3/admin").arg(s, hostText(m_config.apiBind)).arg(m_http->port()),
        QStringLiteral("text %1%2:%3").arg(m_tls ? QStringLiteral("tls://") : QString(), hostText(m_config.textBind))
            .arg(m_text->port()),
    };

    m_signals = std::make_unique<SignalWatcher>();
    if (!m_signals->install(error))
        return false;
    if (!saveNewSecrets(error))
        return false;
    connect(m_signals.get(), &SignalWatcher::terminateRequested, this, &Application::shutdown);
    connect(m_signals.get(), &SignalWatcher::reloadRequested, this, &Application::reload);
    connect(m_gateway.get(), &Gateway::drained, this, &Application::finishStopping);
    if (m_apns)
        connect(m_apns.get(), &ApnsDispatcher::drained, this, &Application::finishStopping);
    if (m_push)
        connect(m_push.get(), &PushDispatcher::drained, this, &Application::finishStopping);
    connect(m_robots.get(), &Robots::drained, this, &Application::finishStopping);
    if (m_cluster)
        m_cluster->open();
    printReady();
    m_newSecrets.clear();
    m_systemd->ready();
    return true;
}

void Application::applyReloadable()
{
    setLogLevel(m_config.logLevel);
    setLogFormat(m_config.logFormat);
    m_gateway->setLimits(limitsFrom(m_config));
    m_hub->setMaxGroupsPerClient(m_config.maxRoomsPerClient);
    m_hub->setMaxConnectionsPerUid(m_config.maxConnectionsPerUid);
    m_auth->setRequired(m_config.requireToken);
    m_auth->setTokenTimeout(m_config.handshakeTimeout);
    m_auth->setLeeway(m_config.tokenLeeway);
    m_commands->setMaxMessageSize(m_config.maxMessageSize);
    m_info.maxMessageSize = m_config.maxMessageSize;
    const DoorLimits doors{m_config.handshakeTimeout, m_config.idleTimeout * 1000, m_config.maxSendBuffer};
    m_keys->setDefaultKey(m_config.apiKey);
    m_audit->setSettings({m_config.auditMaxSize, m_config.auditKeep});
    m_gateway->setTls(m_tls);
    m_http->setSettings({m_config.legacyPublishNeedsKey, m_config.maxRequestSize, doors,
                         m_tls ? std::optional(m_tls->qt({QByteArrayLiteral("http/1.1")})) : std::nullopt, m_config.webRoot});
    m_text->setTls(m_tls ? std::optional(m_tls->qt()) : std::nullopt);
    m_text->setMaxLineSize(m_config.maxRequestSize);
    m_text->setLimits(doors);
    m_text->setLegacyPush(m_config.legacyTextPush);
    m_admin->setTokens({m_config.adminToken, m_config.adminReadonlyToken});
    m_admin->setLimits(doors);
}

void Application::printReady() const
{
    QString out = QStringLiteral("herald-server %1 ready (node %2, event dispatcher %3)\n")
                      .arg(m_info.version, m_info.nodeId, m_info.eventDispatcher);
    for (const QString &l : m_info.listen) {
        const qsizetype space = l.indexOf(QLatin1Char(' '));
        out += QStringLiteral("  %1 %2\n").arg(l.left(space), -8).arg(l.mid(space + 1));
    }
    out += QStringLiteral("  %1 %2\n").arg(QStringLiteral("data"), -8).arg(m_config.dataDir);
    if (!m_newSecrets.isEmpty()) {
        out += QStringLiteral("generated secrets (shown once; stored 0600 in the data directory):\n");
        for (const NewSecret &s : m_newSecrets)
            out += QStringLiteral("  %1 = %2\n").arg(s.file, s.value);
    }
    const QByteArray bytes = out.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void Application::shutdown(int signal)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_systemd->stopping();
    qCInfo(lcApp).noquote() << (signal ? QStringLiteral("signal %1:").arg(signal) : QString())
                            << "shutting down; closing" << m_gateway->sessionCount() << "clients with 1001";
    m_commands->stop(); // before anything closes: a change answered from now on could not be delivered
    m_http->close();
    m_text->close();
    m_admin->closeAll();
    // What is queued and in flight at every provider and robot goes on until shutdown-grace, then is
    // written down.
    if (m_apns)
        m_apns->drain();
    if (m_push)
        m_push->drain();
    m_robots->drain();
    m_gateway->stopAccepting();
    QTimer::singleShot(m_config.shutdownGrace, this, [this] {
        if (m_gateway->sessionCount() > 0)
            qCWarning(lcApp) << m_gateway->sessionCount() << "clients still open after shutdown-grace; exiting";
        writeDownUnsentPushes();
        Q_EMIT finished(0);
    });
    m_gateway->closeAll(1001, QStringLiteral("going away"));
}

// Every client closed, every push notification and robot message finished: the stop is complete.
void Application::finishStopping()
{
    if (!m_stopping || m_gateway->sessionCount() > 0 || (m_apns && !m_apns->isIdle()) || (m_push && !m_push->isIdle())
        || !m_robots->isIdle())
        return;
    qCInfo(lcApp) << "every client closed and every push finished; exiting";
    Q_EMIT finished(0);
}

// shutdown-grace ran out with push notifications or robot messages unfinished: each is written down as
// not sent.
void Application::writeDownUnsentPushes()
{
    QList<QJsonObject> pushes;
    if (m_apns && !m_apns->isIdle()) {
        pushes = m_apns->unsent();
        m_apns->cancelAll();
    }
    if (m_push && !m_push->isIdle()) {
        pushes += m_push->unsent();
        m_push->cancelAll();
    }
    const QList<QJsonObject> robots = m_robots->unsent();
    if (pushes.isEmpty() && robots.isEmpty())
        return;
    QString error;
    const bool written = UnsentPushes::append(m_config.dataDir, pushes + robots, &error);
    QStringList counts;
    if (!pushes.isEmpty())
        counts.append(QStringLiteral("%1 push notifications").arg(pushes.size()));
    if (!robots.isEmpty())
        counts.append(QStringLiteral("%1 robot messages").arg(robots.size()));
    const QString what = counts.join(QStringLiteral(" and ")) + QStringLiteral(" not sent within shutdown-grace");
    if (written)
        qCWarning(lcApp).noquote() << what + QStringLiteral("; written down in") << UnsentPushes::path(m_config.dataDir);
    else
        qCCritical(lcApp).noquote() << what + QStringLiteral(", and") << error;
}

// A secret file that cannot be read keeps the running secret: the other changes still apply.
void Application::reloadSecrets(Config &next)
{
    for (const QString &problem : readSecrets(next, NewSecrets::SaveNow))
        qCWarning(lcApp).noquote() << "SIGHUP: the running secret stays:" << problem;
    for (const SecretFile &s : kSecretFiles) {
        if ((next.*s.value).isEmpty())
            next.*s.value = m_config.*s.value;
    }
    for (const NewSecret &s : std::as_const(m_newSecrets))
        qCInfo(lcApp).noquote() << "SIGHUP: generated a new" << s.file << "in" << next.dataDir << "(0600); read it there";
    m_newSecrets.clear();
}

// The certificate and key are read again (renewed in place, or other files): new connections get them,
// open ones keep theirs. Files that do not load keep the running ones; TLS on or off takes a restart.
void Application::reloadTls(Config &next)
{
    const auto keep = [&] {
        next.tlsCert = m_config.tlsCert;
        next.tlsKey = m_config.tlsKey;
    };
    if (next.tls() != m_config.tls()) {
        qCWarning(lcApp).noquote() << "SIGHUP: turning TLS" << (next.tls() ? "on" : "off")
                                   << "takes a restart (the ports change scheme); the ports stay as they are until then";
        keep();
    }
    if (!next.tls())
        return;
    QString why;
    std::shared_ptr<const TlsContext> fresh = TlsContext::load(next.tlsCert, next.tlsKey, &why);
    if (!fresh) {
        qCWarning(lcApp).noquote() << "SIGHUP: TLS certificate not reloaded, the running one stays:" << why;
        keep();
        return;
    }
    m_tls = std::move(fresh);
    qCInfo(lcApp).noquote() << "SIGHUP: TLS certificate reloaded for new connections:" << m_tls->summary();
}

void Application::reload()
{
    m_systemd->reloading();
    reloadConfig();
    m_systemd->ready();
}

void Application::reloadConfig()
{
    ConfigError err;
    const std::optional<Config> fresh = m_reread ? m_reread(&err) : std::nullopt;
    if (!fresh) {
        qCWarning(lcApp).noquote() << "SIGHUP: configuration not reloaded:" << err.message;
        return;
    }
    Config next = *fresh;
    next.dataDir = next.dataDir.isEmpty() ? m_config.dataDir : QDir(next.dataDir).absolutePath();
    for (const ConfigChange &c : ConfigLoader::changes(m_config, next)) {
        if (!restartOnly(c.key))
            continue;
        qCWarning(lcApp).noquote() << QStringLiteral("SIGHUP: %1 takes a restart; %2 stays until then").arg(c.toString(), c.from);
        ConfigLoader::keep(c.key, next, m_config);
    }
    reloadSecrets(next);
    reloadTls(next);
    const QList<ConfigChange> changes = ConfigLoader::changes(m_config, next);
    for (const ConfigChange &c : changes)
        qCInfo(lcApp).noquote() << "SIGHUP:" << c.toString();
    m_config = next;
    applyReloadable();
    qCInfo(lcApp).noquote() << QStringLiteral("SIGHUP: configuration reloaded (%1)")
                                   .arg(changes.isEmpty()      ? QStringLiteral("nothing changed")
                                        : changes.size() == 1 ? QStringLiteral("1 setting changed")
                                                              : QStringLiteral("%1 settings changed").arg(changes.size()));
}

} // namespace Herald
