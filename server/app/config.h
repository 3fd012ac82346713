#pragma once

#include <QString>
#include <QList>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace Herald {

// One group-chat robot, from its [robot.NAME] section (docs/configuration.md "Group-chat robots").
struct RobotConfig {
    QString name;        // the section's NAME: what commands and the console call it
    QString kind;        // dingtalk, feishu or wecom
    QString url;         // the webhook, https
    QString secretFile;  // the signing secret (DingTalk, Feishu), in a file of its own
    QString caFile;      // PEM CAs trusted for the webhook instead of the system's (staging, tests)
    int rate = 0;        // messages per window; 0: the kind's documented rate (tests shorten it)
    int windowMs = 0;    // with rate
    int queueLimit = 1000; // messages waiting at most; beyond it they are counted lost, never silently
};

// Every setting of herald-server. Each has an INI key (in --config FILE) and a command-line twin of the
// same name (--key VALUE); flags win over the file. docs/configuration.md lists them all.
struct Config {
    QString configFile;
    // listening
    QString bind = QStringLiteral("*");
    int port = 7272;
    QString apiBind = QStringLiteral("127.0.0.1");
    int apiPort = 7273;
    QString textBind = QStringLiteral("127.0.0.1");
    int textPort = 7274;
    int listenBacklog = 4096;
    int gatewayThreads = 0;       // 0: one per core
    QString clientProtocol = QStringLiteral("workerman-chat"); // or uid-first
    // TLS (both empty: plain ports): every port speaks it on its usual port (docs/security.md)
    QString tlsCert;              // PEM certificate, its chain after it
    QString tlsKey;               // its unencrypted PEM private key
    QString webRoot;              // files served at / on the API port (empty: none)
    // identity and storage
    QString dataDir;              // empty: the platform's app data location
    QString nodeId = QStringLiteral("auto");
    QString database;             // empty: the device registry in SQLite in the data directory; or mysql://user@host:port/db
    QString databasePasswordFile; // the database user's password, in a file of its own, never in the config
    QString logLevel = QStringLiteral("info");
    QString logFormat = QStringLiteral("text"); // or json
    // cluster (empty redis: a single node)
    QString redis;                // redis://[user:password@]host:port[/db]
    QString redisPasswordFile;    // Redis' password, in a file of its own, never in the config
    int clusterHeartbeat = 5000;  // ms between heartbeats; a node silent for three is dropped
    // secrets (empty: generated into files in the data directory)
    QString apiKey;
    QString adminToken;
    QString adminReadonlyToken;
    bool legacyPublishNeedsKey = true;
    bool legacyTextPush = false;  // the text port takes Workerman's {"uid":…} push lines, without the key
    // connection tokens (docs/security.md): one of the two keys, or neither (no tokens)
    QString tokenSecretFile;      // HS256
    QString tokenPublicKeyFile;   // RS256 or ES256, from the key's type
    int tokenLeeway = 30;         // seconds of clock skew allowed on exp, nbf, iat
    bool requireToken = false;    // clients without a valid token are closed 4001
    QStringList allowedOrigins;   // browsers' Origin accepted (scheme://host[:port]); empty: any
    // heartbeats
    int pingInterval = 10;        // seconds; 0 disables
    int pingLimit = 3;            // unanswered pings before closing; 0 never closes
    int clientMessageRate = 50;   // inbound messages a second per client (one per KiB); 0: unlimited
    int clientMessageBurst = 200; // of those, at once
    // limits
    qint64 maxMessageSize = 64 * 1024;
    int maxConnections = 100000;
    int maxConnectionsPerIp = 1000;
    int maxConnectionsPerUid = 0; // 0: no limit
    int handshakeTimeout = 10000; // ms; also for a text-port, API or admin connection to authenticate
    int idleTimeout = 300;        // seconds an authenticated text-port or API connection may stay silent; 0: for ever
    int maxRoomsPerClient = 100;
    qint64 maxSendBuffer = 1024 * 1024;
    qint64 maxRequestSize = 1024 * 1024;
    int shutdownGrace = 5000;     // ms
    // room history (docs/protocol.md#history-and-recovery): on where both are set
    int historySize = 0;          // messages kept per room; 0: off
    int historyTtl = 0;           // seconds one is kept; 0: off
    QStringList historyRooms = {QStringLiteral("*")}; // the rooms it covers (globs)
    // the audit log (audit.log in the data directory)
    qint64 auditMaxSize = 10 * 1024 * 1024; // rotated past this
    int auditKeep = 5;            // rotated files kept
    // Apple push notifications (all empty: APNs disabled). Token auth (.p8) or a certificate (.p12, or PEM).
    QString apnsP8;
    QString apnsKeyId;
    QString apnsTeamId;
    QString apnsP12;
    QString apnsP12PasswordFile;  // the .p12's password, in a file of its own, never in the config
    QString apnsCert;
    QString apnsKey;
    QString apnsTopic;            // default topic for devices registered without one
    QString apnsEnvironment = QStringLiteral("production"); // default for pushToTokens
    QString apnsHost;             // empty: Apple's host for each device's environment
    int apnsPort = 443;
    QString apnsCaFile;           // trusted instead of the system's CAs (tests, staging)
    int apnsConcurrency = 500;    // notifications in flight at most
    int apnsTimeout = 30000;      // ms for APNs to answer one request
    // FCM HTTP v1 (docs/push-providers.md)
    QString fcmServiceAccount;    // the Google service-account JSON file; empty: FCM not configured
    QString fcmHost;              // empty: Google's hosts (the token exchange and the sends)
    int fcmPort = 443;
    QString fcmCaFile;            // trusted instead of the system's CAs (tests, staging)
    // JPush Push API v3
    QString jpushAppKey;          // empty: JPush not configured
    QString jpushMasterSecretFile; // the master secret, in a file of its own, never in the config
    QString jpushHost;            // empty: api.jpush.cn
    int jpushPort = 443;
    QString jpushCaFile;
    // Getui REST API v2
    QString getuiAppId;           // empty: Getui not configured
    QString getuiAppKey;
    QString getuiMasterSecretFile; // the master secret, in a file of its own, never in the config
    QString getuiHost;            // empty: restapi.getui.com
    int getuiPort = 443;
    QString getuiCaFile;
    // group-chat robots: [robot.NAME] sections of the INI file
    QList<RobotConfig> robots;

    bool apnsConfigured() const;
    bool tls() const { return !tlsCert.isEmpty(); }
};

struct ConfigError {
    QString message;
};

// One setting that differs between two configs. A secret's values are never kept here.
struct ConfigChange {
    QString key;
    QString from;
    QString to;
    bool secret = false;

    QString toString() const; // "key: from → to", or "key: changed" for a secret
};

class ConfigLoader final
{
public:
    // Declares every option (and --config) on the parser.
    static void addOptions(QCommandLineParser &parser);
    // Reads --config's file (if any) then the flags. Any unknown key or bad value is an error naming it.
    static std::optional<Config> load(const QCommandLineParser &parser, ConfigError *error);
    static QStringList keys();
    // The settings whose values differ, in the order of keys().
    static QList<ConfigChange> changes(const Config &before, const Config &after);
    // Puts the running value of one setting back into config.
    static void keep(const QString &key, Config &config, const Config &running);
};

} // namespace Herald
