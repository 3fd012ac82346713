#include "app/config.h"

#include "store/databaseurl.h"
#include "cluster/redisaddress.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

#include <functional>

namespace Herald {

namespace {

// Parses one textual value into the config; returns an empty string or what is wrong with the value.
using Setter = std::function<QString(Config &, const QString &)>;

// One setting's member of Config: set from text, shown in the log, carried from one config to another.
struct Field {
    Setter set;
    std::function<QString(const Config &)> show;
    std::function<void(Config &to, const Config &from)> copy;
    bool secret = false; // never shown
    bool quiet = false;  // a bad value is not repeated in the error
};

QString shown(int v) { return QString::number(v); }
QString shown(qint64 v) { return QString::number(v); }
QString shown(bool v) { return v ? QStringLiteral("true") : QStringLiteral("false"); }
QString shown(const QString &v) { return v.isEmpty() ? QStringLiteral("(none)") : v; }
QString shown(const QStringList &v) { return v.isEmpty() ? QStringLiteral("(none)") : v.join(QLatin1Char(',')); }

template <typename T>
Field field(T Config::*member, Setter set)
{
    return {std::move(set), [member](const Config &c) { return shown(c.*member); },
            [member](Config &to, const Config &from) { to.*member = from.*member; }};
}

struct Option {
    const char *key;
    const char *valueName;
    const char *help;
    Field field;
};

Field integer(int Config::*member, qint64 min, qint64 max)
{
    return field(member, [=](Config &c, const QString &v) -> QString {
        bool ok = false;
        const qint64 n = v.trimmed().toLongLong(&ok);
        if (!ok || n < min || n > max)
            return QStringLiteral("expected an integer from %1 to %2").arg(min).arg(max);
        c.*member = int(n);
        return {};
    });
}

// Sizes accept a plain byte count or a K/M/G (KiB, MiB, GiB) suffix.
Field size(qint64 Config::*member, qint64 min, qint64 max)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        QString v = raw.trimmed().toUpper();
        qint64 factor = 1;
        if (v.endsWith(u'K'))
            factor = 1024;
        else if (v.endsWith(u'M'))
            factor = 1024 * 1024;
        else if (v.endsWith(u'G'))
            factor = 1024 * 1024 * 1024;
        if (factor != 1)
            v.chop(1);
        bool ok = false;
        const qint64 count = v.toLongLong(&ok);
        ok = ok && count >= 0 && count <= max / factor; // checked before multiplying: no overflow
        const qint64 n = ok ? count * factor : 0;
        if (!ok || n < min || n > max)
            return QStringLiteral("expected a size in bytes from %1 to %2 (K, M, G suffixes allowed)").arg(min).arg(max);
        c.*member = n;
        return {};
    });
}

Field text(QString Config::*member, bool allowEmpty = true)
{
    return field(member, [=](Config &c, const QString &v) -> QString {
        if (!allowEmpty && v.trimmed().isEmpty())
            return QStringLiteral("must not be empty");
        c.*member = v.trimmed();
        return {};
    });
}

Field address(QString Config::*member)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        const QString v = raw.trimmed();
        if (v != u"*" && QHostAddress(v).isNull())
            return QStringLiteral("expected an IP address or *");
        c.*member = v;
        return {};
    });
}

Field boolean(bool Config::*member)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        const QString v = raw.trimmed().toLower();
        if (v == u"true" || v == u"yes" || v == u"on" || v == u"1")
            c.*member = true;
        else if (v == u"false" || v == u"no" || v == u"off" || v == u"0")
            c.*member = false;
        else
            return QStringLiteral("expected true or false");
        return {};
    });
}

// One of a few lower-case words.
Field oneOf(QString Config::*member, const QStringList &words)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        const QString v = raw.trimmed().toLower();
        if (!words.contains(v))
            return QStringLiteral("expected %1 or %2").arg(words.mid(0, words.size() - 1).join(QLatin1String(", ")), words.last());
        c.*member = v;
        return {};
    });
}

Field secret(QString Config::*member)
{
    Field f = field(member, [=](Config &c, const QString &raw) -> QString {
        const QString v = raw.trimmed();
        if (!v.isEmpty() && v.size() < 16)
            return QStringLiteral("too short: use at least 16 characters, or leave it empty to generate one");
        c.*member = v;
        return {};
    });
    f.secret = true;
    return f;
}

// Web origins as browsers send them: scheme://host[:port], comma-separated (an INI list).
Field origins(QStringList Config::*member)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        QStringList list;
        for (const QString &item : raw.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString origin = item.trimmed();
            const QUrl url(origin, QUrl::StrictMode);
            if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty() || !url.path().isEmpty()
                || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty() || url.toString() != origin.toLower())
                return QStringLiteral("\"%1\" is no origin: expected scheme://host[:port], as https://chat.example.com")
                    .arg(origin);
            list.append(origin.toLower());
        }
        c.*member = list;
        return {};
    });
}

// Room names or patterns (* any characters, ? one), comma-separated; at least one.
Field globs(QStringList Config::*member)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        QStringList list;
        for (const QString &item : raw.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!item.trimmed().isEmpty())
                list.append(item.trimmed());
        }
        if (list.isEmpty())
            return QStringLiteral("expected a room name or pattern, or several comma-separated (* for every room)");
        c.*member = list;
        return {};
    });
}

// Room history needs both of its bounds (in memory on a single node, in Redis with `redis`).
QString checkHistory(const Config &c)
{
    if ((c.historySize > 0) != (c.historyTtl > 0))
        return QStringLiteral("history-size and history-ttl go together: give both to keep room history, or neither");
    return {};
}

// The connection-token keys: one key at most, and one to require tokens.
QString checkTokens(const Config &c)
{
    if (!c.tokenSecretFile.isEmpty() && !c.tokenPublicKeyFile.isEmpty())
        return QStringLiteral("token-secret-file and token-public-key-file are two ways of signing tokens: give one");
    if (c.requireToken && c.tokenSecretFile.isEmpty() && c.tokenPublicKeyFile.isEmpty())
        return QStringLiteral("require-token needs token-secret-file or token-public-key-file to check the tokens with");
    return {};
}

// Apple's key and team ids: 10 characters, upper-case letters and digits.
Field appleId(QString Config::*member)
{
    return field(member, [=](Config &c, const QString &raw) -> QString {
        const QString v = raw.trimmed();
        bool ok = v.isEmpty() || v.size() == 10;
        for (const QChar ch : v)
            ok = ok && ((ch >= u'A' && ch <= u'Z') || (ch >= u'0' && ch <= u'9'));
        if (!ok)
            return QStringLiteral("expected 10 upper-case letters and digits, as Apple shows it");
        c.*member = v;
        return {};
    });
}

// database: empty, or a MariaDB/MySQL URL without a password. A bad value is not repeated in the error:
// it may hold the very password it is refused for.
Field databaseUrl(QString Config::*member)
{
    Field f = field(member, [=](Config &c, const QString &raw) -> QString {
        QString why;
        if (!raw.trimmed().isEmpty() && !DatabaseUrl::parse(raw, &why))
            return why;
        c.*member = raw.trimmed();
        return {};
    });
    f.quiet = true;
    return f;
}

// A Redis URL that RedisAddress understands; it may hold a password, so it is shown as a secret.
Field redisUrl(QString Config::*member)
{
    Field f = field(member, [=](Config &c, const QString &raw) -> QString {
        const QString v = raw.trimmed();
        QString why;
        if (!v.isEmpty() && !RedisAddress::parse(v, &why))
            return why;
        c.*member = v;
        return {};
    });
    f.secret = true;
    return f;
}

// The keys that only make sense together: one way of authenticating to APNs, complete; a TLS certificate
// with its key; a database password with a database.
QString checkTogether(const Config &c)
{
    const bool token = !c.apnsP8.isEmpty() || !c.apnsKeyId.isEmpty() || !c.apnsTeamId.isEmpty();
    const bool p12 = !c.apnsP12.isEmpty() || !c.apnsP12PasswordFile.isEmpty();
    const bool pem = !c.apnsCert.isEmpty() || !c.apnsKey.isEmpty();
    if (int(token) + int(p12) + int(pem) > 1)
        return QStringLiteral("apns-p8, apns-p12 and apns-cert are three ways of authenticating to APNs: give one");
    if (token && (c.apnsP8.isEmpty() || c.apnsKeyId.isEmpty() || c.apnsTeamId.isEmpty()))
        return QStringLiteral("APNs token authentication needs apns-p8, apns-key-id and apns-team-id together");
    if (p12 && c.apnsP12.isEmpty())
        return QStringLiteral("apns-p12-password-file is given without apns-p12");
    if (pem && (c.apnsCert.isEmpty() || c.apnsKey.isEmpty()))
        return QStringLiteral("APNs certificate authentication with PEM files needs apns-cert and apns-key together");
    if (c.tlsCert.isEmpty() != c.tlsKey.isEmpty())
        return QStringLiteral("tls-cert and tls-key go together: give both to speak TLS, or neither");
    if (c.database.isEmpty() && !c.databasePasswordFile.isEmpty())
        return QStringLiteral("database-password-file is given without database (the SQLite registry has no password)");
    return {};
}

constexpr int kMaxPort = 65535;

const QList<Option> &options()
{
    static const QList<Option> table = {
        {"bind", "address", "Address for WebSocket clients (* = every address).", address(&Config::bind)},
        {"port", "port", "Port for WebSocket clients (0 = any free port).", integer(&Config::port, 0, kMaxPort)},
        {"api-bind", "address", "Address of the HTTP API and admin channel.", address(&Config::apiBind)},
        {"api-port", "port", "Port of the HTTP API and admin channel.", integer(&Config::apiPort, 0, kMaxPort)},
        {"text-bind", "address", "Address of the newline-delimited text port.", address(&Config::textBind)},
        {"text-port", "port", "Port of the text port.", integer(&Config::textPort, 0, kMaxPort)},
        {"listen-backlog", "n", "Listen backlog of the client port.", integer(&Config::listenBacklog, 1, 65535)},
        {"gateway-threads", "n", "Threads that run the clients' connections (0 = one per core).",
         integer(&Config::gatewayThreads, 0, 64)},
        {"client-protocol", "name", "What clients speak: workerman-chat, or uid-first (trusted networks only).",
         oneOf(&Config::clientProtocol, {QStringLiteral("workerman-chat"), QStringLiteral("uid-first")})},
        {"tls-cert", "file",
         "PEM certificate (its chain after it): every port speaks TLS (wss://, https://, TLS text port). Reloaded on SIGHUP.",
         text(&Config::tlsCert)},
        {"tls-key", "file", "The unencrypted PEM private key of tls-cert.", text(&Config::tlsKey)},
        {"web-root", "dir", "Directory whose files the API port serves at / (GET, HEAD), such as a chat page (empty = none).",
         text(&Config::webRoot)},
        {"data-dir", "dir", "Directory for the database, keys and tokens.", text(&Config::dataDir)},
        {"node-id", "hex", "This node's id, 1 to 8 hex digits, or auto (generated once, stored).",
         field(&Config::nodeId, [](Config &c, const QString &raw) -> QString {
             const QString v = raw.trimmed().toLower();
             bool ok = false;
             if (v != u"auto" && (v.isEmpty() || v.size() > 8 || v.toUInt(&ok, 16) == 0 || !ok))
                 return QStringLiteral("expected auto or 1 to 8 hex digits, not zero");
             c.nodeId = v;
             return {};
         })},
        {"database", "url",
         "Where the device registry is: empty for SQLite in the data directory, or mysql://user@host:port/dbname "
         "(MariaDB/MySQL, shared by every node; the password in database-password-file).",
         databaseUrl(&Config::database)},
        {"database-password-file", "file", "A file holding the database user's password (none: no password).",
         text(&Config::databasePasswordFile)},
        {"redis", "url",
         "redis://[user:password@]host:port[/db]: the Redis that joins this node to a cluster (empty: a single node).",
         redisUrl(&Config::redis)},
        {"redis-password-file", "file", "A file holding Redis' password (instead of the one in the redis URL).",
         text(&Config::redisPasswordFile)},
        {"cluster-heartbeat", "ms",
         "Milliseconds between a node's heartbeats; a node not heard from for three is dropped from every answer.",
         integer(&Config::clusterHeartbeat, 100, 60000)},
        {"log-level", "level", "debug, info, warning or error.",
         oneOf(&Config::logLevel, {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                   QStringLiteral("error")})},
        {"log-format", "format", "text (one line: time, level, category, message) or json (one object per line).",
         oneOf(&Config::logFormat, {QStringLiteral("text"), QStringLiteral("json")})},
        {"api-key", "key", "API key for the HTTP API and text port (default: generated into api.key).",
         secret(&Config::apiKey)},
        {"admin-token", "token", "Full admin token (default: generated into admin.token).", secret(&Config::adminToken)},
        {"admin-readonly-token", "token", "Read-only admin token (default: generated into admin-readonly.token).",
         secret(&Config::adminReadonlyToken)},
        {"legacy-publish-needs-key", "bool", "Whether the web-msg-sender form call needs the API key.",
         boolean(&Config::legacyPublishNeedsKey)},
        {"legacy-text-push", "bool",
         "Whether the text port takes Workerman push lines ({\"uid\":...}) without the API key.",
         boolean(&Config::legacyTextPush)},
        {"token-secret-file", "file", "Connection tokens signed with HS256: a file holding the secret (32 bytes or more).",
         text(&Config::tokenSecretFile)},
        {"token-public-key-file", "file", "Connection tokens signed with RS256 or ES256: the PEM public key.",
         text(&Config::tokenPublicKeyFile)},
        {"token-leeway", "seconds", "Clock skew allowed on a token's exp, nbf and iat.",
         integer(&Config::tokenLeeway, 0, 3600)},
        {"require-token", "bool", "Whether every client needs a connection token (closed 4001 without one).",
         boolean(&Config::requireToken)},
        {"allowed-origins", "origins",
         "Browser origins (scheme://host[:port], comma-separated) allowed to connect; empty: any.",
         origins(&Config::allowedOrigins)},
        {"ping-interval", "seconds",
         "Seconds between heartbeats ({\"type\":\"ping\"}, or WebSocket pings with uid-first); 0 disables.",
         integer(&Config::pingInterval, 0, 3600)},
        {"ping-limit", "n", "Unanswered pings before a client is closed; 0 never closes.",
         integer(&Config::pingLimit, 0, 1000)},
        {"client-message-rate", "n", "Messages a second one client may send (one per KiB); 0 = unlimited.",
         integer(&Config::clientMessageRate, 0, 1000000)},
        {"client-message-burst", "n", "Messages one client may send at once, above client-message-rate.",
         integer(&Config::clientMessageBurst, 1, 1000000)},
        {"max-message-size", "bytes", "Largest incoming frame or message (and API message).",
         size(&Config::maxMessageSize, 128, 64LL * 1024 * 1024)},
        {"max-connections", "n", "Most client connections in total.", integer(&Config::maxConnections, 1, 10000000)},
        {"max-connections-per-ip", "n", "Most client connections from one IP address.",
         integer(&Config::maxConnectionsPerIp, 1, 10000000)},
        {"max-connections-per-uid", "n", "Most connections bound to one uid; the newest is refused (0 = no limit).",
         integer(&Config::maxConnectionsPerUid, 0, 10000000)},
        {"handshake-timeout", "ms",
         "Milliseconds a new connection has to finish its WebSocket handshake (then, with require-token, to present its "
         "token), or to authenticate on the text port, "
         "the HTTP API or the admin channel.",
         integer(&Config::handshakeTimeout, 100, 600000)},
        {"idle-timeout", "seconds", "Seconds an authenticated text-port or HTTP API connection may stay silent; 0: for ever.",
         integer(&Config::idleTimeout, 0, 86400)},
        {"max-rooms-per-client", "n", "Most rooms (groups) one connection can be in.",
         integer(&Config::maxRoomsPerClient, 1, 100000)},
        {"max-send-buffer", "bytes",
         "Unsent bytes a client (or a text-port, API or admin connection) may hold before it is closed as a slow consumer.",
         size(&Config::maxSendBuffer, 1024, 1024LL * 1024 * 1024)},
        {"max-request-size", "bytes", "Largest HTTP API body or text-port line.",
         size(&Config::maxRequestSize, 1024, 256LL * 1024 * 1024)},
        {"shutdown-grace", "ms", "Milliseconds clients get to close, push notifications to finish and robot queues to empty on "
         "SIGTERM before the process exits; what is unfinished is written down in unsent-pushes.jsonl.",
         integer(&Config::shutdownGrace, 0, 600000)},
        {"history-size", "n",
         "Messages kept per room for clients that reconnect (with history-ttl; 0 = no history, the default).",
         integer(&Config::historySize, 0, 100000)},
        {"history-ttl", "seconds", "Seconds a room's message is kept for reconnecting clients (with history-size; 0 = no history).",
         integer(&Config::historyTtl, 0, 7 * 86400)},
        {"history-rooms", "globs", "The rooms that keep history: comma-separated names or patterns (* and ?); default every room.",
         globs(&Config::historyRooms)},
        {"audit-max-size", "bytes", "Size past which the audit log (audit.log in the data directory) is rotated.",
         size(&Config::auditMaxSize, 1024, 1024LL * 1024 * 1024 * 1024)},
        {"audit-keep", "n", "Rotated audit log files kept (audit.log.1 … audit.log.N); 0 keeps none.",
         integer(&Config::auditKeep, 0, 1000)},
        {"apns-p8", "file", "APNs token authentication: the .p8 signing key (with apns-key-id and apns-team-id).",
         text(&Config::apnsP8)},
        {"apns-key-id", "id", "The .p8 key's 10-character key id.", appleId(&Config::apnsKeyId)},
        {"apns-team-id", "id", "The 10-character Apple team id.", appleId(&Config::apnsTeamId)},
        {"apns-p12", "file", "APNs certificate authentication: the .p12 push certificate.", text(&Config::apnsP12)},
        {"apns-p12-password-file", "file", "A file holding the .p12's password (none: no password).",
         text(&Config::apnsP12PasswordFile)},
        {"apns-cert", "file", "APNs certificate authentication: the PEM push certificate (with apns-key).",
         text(&Config::apnsCert)},
        {"apns-key", "file", "The PEM private key of apns-cert (unencrypted).", text(&Config::apnsKey)},
        {"apns-topic", "bundle-id", "Default topic for devices registered without one.", text(&Config::apnsTopic)},
        {"apns-environment", "env", "production or sandbox: the environment of pushToTokens without one.",
         oneOf(&Config::apnsEnvironment, {QStringLiteral("production"), QStringLiteral("sandbox")})},
        {"apns-host", "host", "APNs host instead of Apple's (tests, staging).", text(&Config::apnsHost)},
        {"apns-port", "port", "APNs port (443, or 2197).", integer(&Config::apnsPort, 1, kMaxPort)},
        {"apns-ca-file", "file", "PEM CA certificates trusted for APNs instead of the system's.", text(&Config::apnsCaFile)},
        {"apns-concurrency", "n", "Most notifications in flight to APNs at once.", integer(&Config::apnsConcurrency, 1, 100000)},
        {"apns-timeout", "ms", "Milliseconds a notification may take, every retry included.", integer(&Config::apnsTimeout, 100, 600000)},
        {"fcm-service-account", "file", "FCM HTTP v1: the Firebase project's Google service-account key (JSON).",
         text(&Config::fcmServiceAccount)},
        {"fcm-host", "host", "FCM and token-exchange host instead of Google's (tests, staging).", text(&Config::fcmHost)},
        {"fcm-port", "port", "FCM port (with fcm-host).", integer(&Config::fcmPort, 1, kMaxPort)},
        {"fcm-ca-file", "file", "PEM CA certificates trusted for FCM instead of the system's.", text(&Config::fcmCaFile)},
        {"jpush-app-key", "key", "JPush Push API v3: the app's AppKey (with jpush-master-secret-file).", text(&Config::jpushAppKey)},
        {"jpush-master-secret-file", "file", "A file holding the JPush app's Master Secret.", text(&Config::jpushMasterSecretFile)},
        {"jpush-host", "host", "JPush host instead of api.jpush.cn (tests, staging).", text(&Config::jpushHost)},
        {"jpush-port", "port", "JPush port (with jpush-host).", integer(&Config::jpushPort, 1, kMaxPort)},
        {"jpush-ca-file", "file", "PEM CA certificates trusted for JPush instead of the system's.", text(&Config::jpushCaFile)},
        {"getui-app-id", "id", "Getui REST API v2: the app's AppID (with getui-app-key and getui-master-secret-file).",
         text(&Config::getuiAppId)},
        {"getui-app-key", "key", "The Getui app's AppKey.", text(&Config::getuiAppKey)},
        {"getui-master-secret-file", "file", "A file holding the Getui app's MasterSecret.", text(&Config::getuiMasterSecretFile)},
        {"getui-host", "host", "Getui host instead of restapi.getui.com (tests, staging).", text(&Config::getuiHost)},
        {"getui-port", "port", "Getui port (with getui-host).", integer(&Config::getuiPort, 1, kMaxPort)},
        {"getui-ca-file", "file", "PEM CA certificates trusted for Getui instead of the system's.", text(&Config::getuiCaFile)},
    };
    return table;
}

const Option *findOption(const QString &key)
{
    for (const Option &o : options()) {
        if (key == QLatin1String(o.key))
            return &o;
    }
    return nullptr;
}

bool apply(Config &config, const QString &key, const QString &value, const QString &where, ConfigError *error)
{
    const Option *o = findOption(key);
    if (!o) {
        if (error)
            error->message = QStringLiteral("%1: unknown key \"%2\"").arg(where, key);
        return false;
    }
    const QString problem = o->field.set(config, value);
    if (!problem.isEmpty()) {
        if (error && o->field.quiet)
            error->message = QStringLiteral("%1: bad value for %2: %3").arg(where, key, problem);
        else if (error)
            error->message = QStringLiteral("%1: bad value \"%2\" for %3: %4").arg(where, value, key, problem);
        return false;
    }
    return true;
}

// One key of a [robot.NAME] section into its robot; what is wrong with it, naming the robot.
QString applyRobotKey(RobotConfig &robot, const QString &key, const QString &raw)
{
    const QString v = raw.trimmed();
    const auto number = [&](int *out, int min, int max) -> QString {
        bool ok = false;
        const int n = v.toInt(&ok);
        if (!ok || n < min || n > max)
            return QStringLiteral("robot %1: bad value \"%2\" for %3: expected an integer from %4 to %5")
                .arg(robot.name, v, key).arg(min).arg(max);
        *out = n;
        return {};
    };
    if (key == u"kind") {
        robot.kind = v.toLower();
        if (!QStringList{QStringLiteral("dingtalk"), QStringLiteral("feishu"), QStringLiteral("wecom")}.contains(robot.kind))
            return QStringLiteral("robot %1: bad kind \"%2\": expected dingtalk, feishu or wecom").arg(robot.name, v);
    } else if (key == u"url") {
        const QUrl url(v, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != u"https" || url.host().isEmpty())
            return QStringLiteral("robot %1: bad url: expected the robot's https:// webhook").arg(robot.name);
        robot.url = v;
    } else if (key == u"secret-file") {
        robot.secretFile = v;
    } else if (key == u"ca-file") {
        robot.caFile = v;
    } else if (key == u"rate") {
        return number(&robot.rate, 1, 100000);
    } else if (key == u"window-ms") {
        return number(&robot.windowMs, 10, 3600000);
    } else if (key == u"queue-limit") {
        return number(&robot.queueLimit, 1, 1000000);
    } else {
        return QStringLiteral("robot %1: unknown key \"%2\" (kind, url, secret-file, ca-file)").arg(robot.name, key);
    }
    return {};
}

// The [robot.NAME] sections: each robot complete, names unique by construction.
QString readRobots(QSettings &ini, QList<RobotConfig> *robots)
{
    for (const QString &group : ini.childGroups()) {
        if (!group.startsWith(QLatin1String("robot.")))
            continue;
        RobotConfig robot;
        robot.name = group.mid(6);
        static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
        if (!kName.match(robot.name).hasMatch())
            return QStringLiteral("[%1]: a robot's name is 1 to 64 letters, digits, - or _").arg(group);
        ini.beginGroup(group);
        const QStringList keys = ini.childKeys();
        QString problem;
        for (const QString &key : keys) {
            if (problem.isEmpty())
                problem = applyRobotKey(robot, key, ini.value(key).toString());
        }
        ini.endGroup();
        if (problem.isEmpty() && robot.kind.isEmpty())
            problem = QStringLiteral("robot %1: kind is missing: dingtalk, feishu or wecom").arg(robot.name);
        if (problem.isEmpty() && robot.url.isEmpty())
            problem = QStringLiteral("robot %1: url is missing: give the robot's webhook").arg(robot.name);
        if (problem.isEmpty() && robot.kind == u"wecom" && !robot.secretFile.isEmpty())
            problem = QStringLiteral("robot %1: a WeCom bot has no secret (its key is in the url): remove secret-file").arg(robot.name);
        if (problem.isEmpty() && (robot.rate == 0) != (robot.windowMs == 0))
            problem = QStringLiteral("robot %1: rate and window-ms go together").arg(robot.name);
        if (!problem.isEmpty())
            return problem;
        robots->append(robot);
    }
    return {};
}

} // namespace

void ConfigLoader::addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("config"), QStringLiteral("INI file of settings (keys as the flags below)."),
                      QStringLiteral("file")});
    for (const Option &o : options())
        parser.addOption({QLatin1String(o.key), QLatin1String(o.help), QLatin1String(o.valueName)});
}

std::optional<Config> ConfigLoader::load(const QCommandLineParser &parser, ConfigError *error)
{
    Config config;
    if (parser.isSet(QStringLiteral("config"))) {
        config.configFile = parser.value(QStringLiteral("config"));
        const QFileInfo info(config.configFile);
        if (!info.isFile() || !info.isReadable()) {
            if (error)
                error->message = QStringLiteral("config file \"%1\" cannot be read").arg(config.configFile);
            return std::nullopt;
        }
        QSettings ini(config.configFile, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError) {
            if (error)
                error->message = QStringLiteral("config file \"%1\" is not a valid INI file").arg(config.configFile);
            return std::nullopt;
        }
        if (const QString problem = readRobots(ini, &config.robots); !problem.isEmpty()) {
            if (error)
                error->message = QStringLiteral("%1: %2").arg(config.configFile, problem);
            return std::nullopt;
        }
        for (const QString &rawKey : ini.allKeys()) {
            // Keys may sit at the top of the file or under [herald]; robots under [robot.NAME].
            if (rawKey.startsWith(QLatin1String("robot.")))
                continue;
            QString key = rawKey;
            if (key.startsWith(QLatin1String("herald/")))
                key = key.mid(7);
            const QVariant v = ini.value(rawKey);
            const QString value = v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(','))
                                                                       : v.toString();
            if (!apply(config, key, value, config.configFile, error))
                return std::nullopt;
        }
    }
    for (const Option &o : options()) {
        const QString key = QLatin1String(o.key);
        if (parser.isSet(key) && !apply(config, key, parser.value(key), QStringLiteral("--") + key, error))
            return std::nullopt;
    }
    QString problem = checkTogether(config);
    if (problem.isEmpty())
        problem = checkTokens(config);
    if (problem.isEmpty())
        problem = checkHistory(config);
    if (!problem.isEmpty()) {
        if (error)
            error->message = config.configFile.isEmpty() ? problem : QStringLiteral("%1: %2").arg(config.configFile, problem);
        return std::nullopt;
    }
    return config;
}

bool Config::apnsConfigured() const
{
    return !apnsP8.isEmpty() || !apnsP12.isEmpty() || !apnsCert.isEmpty();
}

QStringList ConfigLoader::keys()
{
    QStringList out;
    for (const Option &o : options())
        out.append(QLatin1String(o.key));
    return out;
}

QList<ConfigChange> ConfigLoader::changes(const Config &before, const Config &after)
{
    QList<ConfigChange> out;
    for (const Option &o : options()) {
        const QString from = o.field.show(before);
        const QString to = o.field.show(after);
        if (from == to)
            continue;
        if (o.field.secret)
            out.append({QLatin1String(o.key), {}, {}, true});
        else
            out.append({QLatin1String(o.key), from, to, false});
    }
    return out;
}

void ConfigLoader::keep(const QString &key, Config &config, const Config &running)
{
    if (const Option *o = findOption(key))
        o->field.copy(config, running);
}

QString ConfigChange::toString() const
{
    return secret ? QStringLiteral("%1: changed").arg(key) : QStringLiteral("%1: %2 → %3").arg(key, from, to);
}

} // namespace Herald
