#include "app/application.h"

#include "api/adminchannel.h"
#include "api/httpapi.h"
#include "api/textport.h"
#include "app/apnsconfig.h"
#include "app/secrets.h"
#include "app/signalwatcher.h"
#include "chat/chatservice.h"
#include "cluster/cluster.h"
#include "commands/commands.h"
#include "gateway/gateway.h"
#include "hub/hub.h"
#include "protocol/clientid.h"
#include "push/apnsdispatcher.h"
#include "store/deviceregistry.h"
#include "store/nodestate.h"
#include "uidfirst/uidfirstservice.h"
#include "util/heaptrim.h"
#include "util/logging.h"

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

// The settings that only a restart changes: sockets, threads, where the data is and who this node is, APNs.
bool restartOnly(const QString &key)
{
    static const QStringList keys = {
        QStringLiteral("bind"), QStringLiteral("port"), QStringLiteral("api-bind"), QStringLiteral("api-port"),
        QStringLiteral("text-bind"), QStringLiteral("text-port"), QStringLiteral("listen-backlog"),
        QStringLiteral("gateway-threads"), QStringLiteral("client-protocol"), QStringLiteral("data-dir"),
        QStringLiteral("node-id"), QStringLiteral("redis"), QStringLiteral("redis-password-file"),
        QStringLiteral("cluster-heartbeat")};
    return keys.contains(key) || key.startsWith(QLatin1String("apns-"));
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
    return l;
}
} // namespace

Application::Application(const Config &config, ConfigReader reread, QObject *parent)
    : QObject(parent), m_config(config), m_reread(std::move(reread))
{
}

Application::~Application()
{
    // Doors first, then the gateway, then the hub they all use.
    m_text.reset();
    m_http.reset();
    m_admin.reset();
    m_apns.reset(); // its clients' connections, before the registry it writes to
    m_gateway.reset();
    m_cluster.reset(); // before the hub it delivers to
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
    m_apns = std::make_unique<ApnsDispatcher>(*settings, *m_devices, *m_hub, m_metrics);
    qCInfo(lcApp).noquote() << QStringLiteral("APNs: %1, default topic %2, %3 (at most %4 in flight)")
                                   .arg(settings->credentials.summary(),
                                        settings->defaultTopic.isEmpty() ? QStringLiteral("none") : settings->defaultTopic,
                                        settings->host.isEmpty() ? QStringLiteral("Apple's hosts")
                                                                 : settings->endpoint(settings->defaultEnvironment).url())
                                   .arg(settings->concurrency);
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
        QFile file(m_config.redisPasswordFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read redis-password-file %1: %2").arg(m_config.redisPasswordFile, file.errorString());
            return false;
        }
        redis->password = QString::fromUtf8(file.readAll()).trimmed();
    }
    const auto facts = [this] {
        return QJsonObject{{QLatin1String("listen"), QJsonArray::fromStringList(m_info.listen)},
                           {QLatin1String("started_at"), m_info.startedAt.toString(Qt::ISODate)},
                           {QLatin1String("version"), m_info.version}};
    };
    m_cluster = std::make_unique<Cluster>(
        Cluster::Settings{*redis, nodeId, std::chrono::milliseconds(m_config.clusterHeartbeat), facts}, *m_hub, m_metrics);
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
        return std::make_unique<UidFirstService>(*m_hub);
    }
    auto chat = std::make_unique<ChatService>(*m_hub, m_metrics, m_cluster ? &m_cluster->clients() : nullptr);
    connect(chat.get(), &ChatService::adminEvent, m_admin.get(), &AdminChannel::publishEvent);
    return chat;
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
    if (!QDir().mkpath(info.absolutePath())
        || !QDir().mkdir(m_config.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        *error = QStringLiteral("cannot create data directory %1 (set data-dir)").arg(m_config.dataDir);
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
    m_devices = std::make_unique<DeviceRegistry>(m_state->connectionName());
    if (!m_devices->prepare(error))
        return false;

    m_info.version = QStringLiteral(HERALD_VERSION);
    m_info.nodeId = QStringLiteral("%1").arg(*nodeId, 8, 16, QLatin1Char('0'));
    m_info.startedAt = QDateTime::currentDateTimeUtc();
    m_info.dataDir = m_config.dataDir;
    m_info.maxMessageSize = m_config.maxMessageSize;
    if (QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance())
        m_info.eventDispatcher = QLatin1String(d->metaObject()->className());

    m_hub = std::make_unique<Hub>(m_metrics);
    m_hub->setMaxGroupsPerClient(m_config.maxRoomsPerClient);
    if (!startApns(error) || !makeCluster(*nodeId, error))
        return false;
    m_commands = std::make_unique<Commands>(
        CommandContext{*m_hub, *m_devices, m_apns.get(), m_config.maxMessageSize, m_cluster ? &m_cluster->clients() : nullptr},
        m_metrics);
    m_admin = std::make_unique<AdminChannel>(*m_hub, *m_commands, m_metrics, m_info);
    m_protocol = makeClientProtocol();
    m_gateway = std::make_unique<Gateway>(*m_hub, *m_protocol, *m_ids, m_metrics,
                                          m_config.gatewayThreads > 0 ? m_config.gatewayThreads : QThread::idealThreadCount());
    // Every minute: what a storm or a burst of logins freed goes back to the kernel (docs/operations.md).
    m_heapTrimmer = std::make_unique<HeapTrimmer>(std::chrono::seconds(60));
    connect(m_heapTrimmer.get(), &HeapTrimmer::trimmed, this, [](qint64 released, qint64 us) {
        if (released > 0)
            qCDebug(lcApp).noquote() << QStringLiteral("heap trim: %1 KiB back to the kernel in %2 µs").arg(released / 1024).arg(us);
    });
    m_http = std::make_unique<HttpApi>(*m_commands, *m_hub, m_metrics, *m_admin, m_info, m_cluster.get());
    m_text = std::make_unique<TextPort>(*m_commands, m_metrics);
    if (m_apns)
        connect(m_apns.get(), &ApnsDispatcher::adminEvent, m_admin.get(), &AdminChannel::publishEvent);
    applyReloadable();

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
    m_info.listen = {
        QStringLiteral("clients ws://%1:%2/").arg(hostText(m_config.bind)).arg(m_gateway->port()),
        QStringLiteral("api http://%1:%2/").arg(hostText(m_config.apiBind)).arg(m_http->port()),
        QStringLiteral("admin ws://%1:%2/admin").arg(hostText(m_config.apiBind)).arg(m_http->port()),
        QStringLiteral("text %1:%2").arg(hostText(m_config.textBind)).arg(m_text->port()),
    };

    m_signals = std::make_unique<SignalWatcher>();
    if (!m_signals->install(error))
        return false;
    if (!saveNewSecrets(error))
        return false;
    connect(m_signals.get(), &SignalWatcher::terminateRequested, this, &Application::shutdown);
    connect(m_signals.get(), &SignalWatcher::reloadRequested, this, &Application::reload);
    connect(m_gateway.get(), &Gateway::drained, this, [this] {
        if (m_stopping) {
            qCInfo(lcApp) << "every client closed; exiting";
            Q_EMIT finished(0);
        }
    });
    if (m_cluster)
        m_cluster->open();
    printReady();
    m_newSecrets.clear();
    return true;
}

void Application::applyReloadable()
{
    setLogLevel(m_config.logLevel);
    m_gateway->setLimits(limitsFrom(m_config));
    m_hub->setMaxGroupsPerClient(m_config.maxRoomsPerClient);
    m_commands->setMaxMessageSize(m_config.maxMessageSize);
    m_info.maxMessageSize = m_config.maxMessageSize;
    const DoorLimits doors{m_config.handshakeTimeout, m_config.idleTimeout * 1000, m_config.maxSendBuffer};
    m_http->setSettings({m_config.apiKey, m_config.legacyPublishNeedsKey, m_config.maxRequestSize, doors});
    m_text->setApiKey(m_config.apiKey);
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
    qCInfo(lcApp).noquote() << (signal ? QStringLiteral("signal %1:").arg(signal) : QString())
                            << "shutting down; closing" << m_gateway->sessionCount() << "clients with 1001";
    m_http->close();
    m_text->close();
    m_admin->closeAll();
    if (m_apns)
        m_apns->cancelAll();
    m_gateway->stopAccepting();
    QTimer::singleShot(m_config.shutdownGrace, this, [this] {
        qCWarning(lcApp) << m_gateway->sessionCount() << "clients still open after shutdown-grace; exiting";
        Q_EMIT finished(0);
    });
    m_gateway->closeAll(1001, QStringLiteral("going away"));
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

void Application::reload()
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
