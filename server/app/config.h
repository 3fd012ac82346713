#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace Herald {

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
    // identity and storage
    QString dataDir;              // empty: the platform's app data location
    QString nodeId = QStringLiteral("auto");
    QString logLevel = QStringLiteral("info");
    // secrets (empty: generated into files in the data directory)
    QString apiKey;
    QString adminToken;
    QString adminReadonlyToken;
    bool legacyPublishNeedsKey = true;
    // heartbeats
    int pingInterval = 10;        // seconds; 0 disables
    int pingLimit = 3;            // unanswered pings before closing; 0 never closes
    // limits
    qint64 maxMessageSize = 64 * 1024;
    int maxConnections = 100000;
    int maxConnectionsPerIp = 1000;
    int handshakeTimeout = 10000; // ms
    int maxRoomsPerClient = 100;
    qint64 maxSendBuffer = 1024 * 1024;
    qint64 maxRequestSize = 1024 * 1024;
    int shutdownGrace = 5000;     // ms
};

struct ConfigError {
    QString message;
};

class ConfigLoader final
{
public:
    // Declares every option (and --config) on the parser.
    static void addOptions(QCommandLineParser &parser);
    // Reads --config's file (if any) then the flags. Any unknown key or bad value is an error naming it.
    static std::optional<Config> load(const QCommandLineParser &parser, ConfigError *error);
    static QStringList keys();
};

} // namespace Herald
