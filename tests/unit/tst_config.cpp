// herald-server's settings: defaults, the INI file, flags overriding it, and errors naming the bad key or value.
#include "app/config.h"

#include <QCommandLineParser>
#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Herald;

namespace {

QString render(const QString &v) { return v; }
QString render(int v) { return QString::number(v); }
QString render(qint64 v) { return QString::number(v); }
QString render(bool v) { return v ? QStringLiteral("true") : QStringLiteral("false"); }
QString render(const QStringList &v) { return v.join(u','); }

struct Setting {
    const char *key;
    const char *byDefault; // as rendered
    const char *input;     // a valid value other than the default, as written in a file or a flag
    const char *parsed;    // what that input becomes
    std::function<QString(const Config &)> get;
};

template <typename T>
std::function<QString(const Config &)> field(T Config::*member)
{
    return [member](const Config &c) { return render(c.*member); };
}

// Every option, as the documentation describes it.
const QList<Setting> &settings()
{
    static const QList<Setting> table = {
        {"bind", "*", "127.0.0.1", "127.0.0.1", field(&Config::bind)},
        {"port", "7272", " 8080 ", "8080", field(&Config::port)},
        {"api-bind", "127.0.0.1", "::1", "::1", field(&Config::apiBind)},
        {"api-port", "7273", "0", "0", field(&Config::apiPort)},
        {"text-bind", "127.0.0.1", "*", "*", field(&Config::textBind)},
        {"text-port", "7274", "65535", "65535", field(&Config::textPort)},
        {"listen-backlog", "4096", "128", "128", field(&Config::listenBacklog)},
        {"gateway-threads", "0", "3", "3", field(&Config::gatewayThreads)},
        {"client-protocol", "workerman-chat", " UID-First ", "uid-first", field(&Config::clientProtocol)},
        {"tls-cert", "", "/etc/herald/fullchain.pem", "/etc/herald/fullchain.pem", field(&Config::tlsCert)},
        {"tls-key", "", "/etc/herald/privkey.pem", "/etc/herald/privkey.pem", field(&Config::tlsKey)},
        {"web-root", "", "/srv/chat", "/srv/chat", field(&Config::webRoot)},
        {"data-dir", "", "/var/lib/herald", "/var/lib/herald", field(&Config::dataDir)},
        {"node-id", "auto", "00C0FFEE", "00c0ffee", field(&Config::nodeId)},
        {"database", "", " mariadb://herald@db.example:3307/push ", "mariadb://herald@db.example:3307/push",
         field(&Config::database)},
        {"database-password-file", "", "/etc/herald/db.password", "/etc/herald/db.password",
         field(&Config::databasePasswordFile)},
        {"redis", "", "redis://:pw@127.0.0.1:6380/2", "redis://:pw@127.0.0.1:6380/2", field(&Config::redis)},
        {"redis-password-file", "", "/etc/herald/redis.pass", "/etc/herald/redis.pass", field(&Config::redisPasswordFile)},
        {"cluster-heartbeat", "5000", "1000", "1000", field(&Config::clusterHeartbeat)},
        {"log-level", "info", "DEBUG", "debug", field(&Config::logLevel)},
        {"log-format", "text", " JSON ", "json", field(&Config::logFormat)},
        {"api-key", "", "0123456789abcdef", "0123456789abcdef", field(&Config::apiKey)},
        {"admin-token", "", "admin-token-0123456789", "admin-token-0123456789", field(&Config::adminToken)},
        {"admin-readonly-token", "", "readonly-token-0123456789", "readonly-token-0123456789",
         field(&Config::adminReadonlyToken)},
        {"legacy-publish-needs-key", "true", "off", "false", field(&Config::legacyPublishNeedsKey)},
        {"legacy-text-push", "false", "yes", "true", field(&Config::legacyTextPush)},
        {"token-secret-file", "", "/etc/herald/token.secret", "/etc/herald/token.secret", field(&Config::tokenSecretFile)},
        {"token-public-key-file", "", "/etc/herald/token.pub", "/etc/herald/token.pub", field(&Config::tokenPublicKeyFile)},
        {"token-leeway", "30", "0", "0", field(&Config::tokenLeeway)},
        {"require-token", "false", "yes", "true", field(&Config::requireToken)},
        {"allowed-origins", "", "https://Chat.example.com, http://127.0.0.1:8080", "https://chat.example.com,http://127.0.0.1:8080",
         field(&Config::allowedOrigins)},
        {"ping-interval", "10", "0", "0", field(&Config::pingInterval)},
        {"ping-limit", "3", "1000", "1000", field(&Config::pingLimit)},
        {"client-message-rate", "50", "0", "0", field(&Config::clientMessageRate)},
        {"client-message-burst", "200", "1000000", "1000000", field(&Config::clientMessageBurst)},
        {"max-message-size", "65536", "1M", "1048576", field(&Config::maxMessageSize)},
        {"max-connections", "100000", "5", "5", field(&Config::maxConnections)},
        {"max-connections-per-ip", "1000", "10000000", "10000000", field(&Config::maxConnectionsPerIp)},
        {"max-connections-per-uid", "0", "3", "3", field(&Config::maxConnectionsPerUid)},
        {"handshake-timeout", "10000", "100", "100", field(&Config::handshakeTimeout)},
        {"idle-timeout", "300", "0", "0", field(&Config::idleTimeout)},
        {"max-rooms-per-client", "100", "1", "1", field(&Config::maxRoomsPerClient)},
        {"max-send-buffer", "1048576", "2k", "2048", field(&Config::maxSendBuffer)},
        {"max-request-size", "1048576", "256M", "268435456", field(&Config::maxRequestSize)},
        {"shutdown-grace", "5000", "0", "0", field(&Config::shutdownGrace)},
        {"history-size", "0", "500", "500", field(&Config::historySize)},
        {"history-ttl", "0", "600", "600", field(&Config::historyTtl)},
        {"history-rooms", "*", " news-*, lobby ", "news-*,lobby", field(&Config::historyRooms)},
        {"audit-max-size", "10485760", "1M", "1048576", field(&Config::auditMaxSize)},
        {"audit-keep", "5", "0", "0", field(&Config::auditKeep)},
        // Alone, the credential keys are incomplete (crossChecksOfApnsKeys); here each is read on its own.
        {"apns-p8", "", "/etc/herald/AuthKey_ABC123DEFG.p8", "/etc/herald/AuthKey_ABC123DEFG.p8", field(&Config::apnsP8)},
        {"apns-key-id", "", "ABC123DEFG", "ABC123DEFG", field(&Config::apnsKeyId)},
        {"apns-team-id", "", " DEF123GHIJ ", "DEF123GHIJ", field(&Config::apnsTeamId)},
        {"apns-p12", "", "/etc/herald/push.p12", "/etc/herald/push.p12", field(&Config::apnsP12)},
        {"apns-p12-password-file", "", "/etc/herald/push.password", "/etc/herald/push.password",
         field(&Config::apnsP12PasswordFile)},
        {"apns-cert", "", "/etc/herald/push.pem", "/etc/herald/push.pem", field(&Config::apnsCert)},
        {"apns-key", "", "/etc/herald/push.key", "/etc/herald/push.key", field(&Config::apnsKey)},
        {"apns-topic", "", "com.example.chat", "com.example.chat", field(&Config::apnsTopic)},
        {"apns-environment", "production", "Sandbox", "sandbox", field(&Config::apnsEnvironment)},
        {"apns-host", "", "127.0.0.1", "127.0.0.1", field(&Config::apnsHost)},
        {"apns-port", "443", "2197", "2197", field(&Config::apnsPort)},
        {"apns-ca-file", "", "/etc/herald/apns-ca.pem", "/etc/herald/apns-ca.pem", field(&Config::apnsCaFile)},
        {"apns-concurrency", "500", "1", "1", field(&Config::apnsConcurrency)},
        {"apns-timeout", "30000", "100", "100", field(&Config::apnsTimeout)},
        {"fcm-service-account", "", "/etc/herald/fcm.json", "/etc/herald/fcm.json", field(&Config::fcmServiceAccount)},
        {"fcm-host", "", "127.0.0.1", "127.0.0.1", field(&Config::fcmHost)},
        {"fcm-port", "443", "8443", "8443", field(&Config::fcmPort)},
        {"fcm-ca-file", "", "/etc/herald/fcm-ca.pem", "/etc/herald/fcm-ca.pem", field(&Config::fcmCaFile)},
        {"jpush-app-key", "", "7d431e42dfa6a6d693ac2d04", "7d431e42dfa6a6d693ac2d04", field(&Config::jpushAppKey)},
        {"jpush-master-secret-file", "", "/etc/herald/jpush.secret", "/etc/herald/jpush.secret",
         field(&Config::jpushMasterSecretFile)},
        {"jpush-host", "", "127.0.0.1", "127.0.0.1", field(&Config::jpushHost)},
        {"jpush-port", "443", "8443", "8443", field(&Config::jpushPort)},
        {"jpush-ca-file", "", "/etc/herald/jpush-ca.pem", "/etc/herald/jpush-ca.pem", field(&Config::jpushCaFile)},
        {"getui-app-id", "", "G5lfFkQZ008VoZUXydA2r2", "G5lfFkQZ008VoZUXydA2r2", field(&Config::getuiAppId)},
        {"getui-app-key", "", "xCGkZR1bCp6gscLUB20Dl4", "xCGkZR1bCp6gscLUB20Dl4", field(&Config::getuiAppKey)},
        {"getui-master-secret-file", "", "/etc/herald/getui.secret", "/etc/herald/getui.secret",
         field(&Config::getuiMasterSecretFile)},
        {"getui-host", "", "127.0.0.1", "127.0.0.1", field(&Config::getuiHost)},
        {"getui-port", "443", "8443", "8443", field(&Config::getuiPort)},
        {"getui-ca-file", "", "/etc/herald/getui-ca.pem", "/etc/herald/getui-ca.pem", field(&Config::getuiCaFile)},
    };
    return table;
}

const Setting *setting(const QString &key)
{
    for (const Setting &s : settings()) {
        if (key == QLatin1String(s.key))
            return &s;
    }
    return nullptr;
}

// The settings that differ from the defaults, as "key=value" lines.
QStringList changedSettings(const Config &c)
{
    QStringList out;
    for (const Setting &s : settings()) {
        if (s.get(c) != QLatin1String(s.byDefault))
            out.append(QLatin1String(s.key) + u'=' + s.get(c));
    }
    return out;
}

// The keys that make sense only with others (checked together at load): what each needs beside it.
QStringList companions(const QString &key)
{
    static const QHash<QString, QStringList> needs = {
        {QStringLiteral("apns-p8"), {QStringLiteral("apns-key-id=ABC123DEFG"), QStringLiteral("apns-team-id=DEF123GHIJ")}},
        {QStringLiteral("apns-key-id"), {QStringLiteral("apns-p8=k.p8"), QStringLiteral("apns-team-id=DEF123GHIJ")}},
        {QStringLiteral("apns-team-id"), {QStringLiteral("apns-p8=k.p8"), QStringLiteral("apns-key-id=ABC123DEFG")}},
        {QStringLiteral("apns-p12-password-file"), {QStringLiteral("apns-p12=c.p12")}},
        {QStringLiteral("database-password-file"), {QStringLiteral("database=mysql://herald@127.0.0.1/herald")}},
        {QStringLiteral("apns-cert"), {QStringLiteral("apns-key=c.key")}},
        {QStringLiteral("apns-key"), {QStringLiteral("apns-cert=c.pem")}},
        {QStringLiteral("tls-cert"), {QStringLiteral("tls-key=k.pem")}},
        {QStringLiteral("tls-key"), {QStringLiteral("tls-cert=c.pem")}},
        {QStringLiteral("require-token"), {QStringLiteral("token-secret-file=s")}},
        {QStringLiteral("history-size"), {QStringLiteral("history-ttl=60")}},
        {QStringLiteral("history-ttl"), {QStringLiteral("history-size=100")}},
    };
    return needs.value(key);
}

// The changed settings, less the companions that were given with `key`.
QStringList changedBesidesCompanions(const QStringList &changed, const QString &key)
{
    QStringList out = changed;
    for (const QString &c : companions(key))
        out.removeAll(c);
    return out;
}

struct Loaded {
    std::optional<Config> config;
    QString error;
    bool parsed = true; // the command line itself was accepted
};

} // namespace

class TestConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void historyNeedsBothBounds();

    void defaults();
    void optionTableIsCovered();
    void everyKeyHasAFlagTwin();
    void settingFromFlag_data();
    void settingFromFlag();
    void settingFromFile_data();
    void settingFromFile();
    void fileKeysAtTopOrUnderHerald();
    void flagsWinOverTheFile();
    void commasInFileValuesAreKept();
    void unknownKeyInFile_data();
    void unknownKeyInFile();
    void badValue_data();
    void badValue();
    void unreadableOrMalformedFile();
    void tlsCertAndKeyGoTogether();
    void databaseUrl_data();
    void databaseUrl();
    void crossChecksOfApnsKeys_data();
    void crossChecksOfApnsKeys();
    void crossChecksOfTokenKeys();
    void changesNameEachSettingThatDiffers_data();
    void changesNameEachSettingThatDiffers();
    void changesCompareValuesNotSpellings();
    void robotSections();
    void badRobotSections_data();
    void badRobotSections();
    void keepPutsOneRunningValueBack();

private:
    QString writeFile(const QByteArray &contents);
    Loaded load(QStringList flags, const QByteArray &ini = {});
    void settingsData();

    std::unique_ptr<QTemporaryDir> m_dir;
    int m_files = 0;
};

void TestConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestConfig::writeFile(const QByteArray &contents)
{
    const QString path = m_dir->filePath(QStringLiteral("herald-%1.ini").arg(++m_files));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Parses the flags as herald-server would (plus --config FILE when ini is given) and loads the config.
Loaded TestConfig::load(QStringList flags, const QByteArray &ini)
{
    if (!ini.isNull())
        flags.prepend(QStringLiteral("--config=") + writeFile(ini));
    QCommandLineParser parser;
    ConfigLoader::addOptions(parser);
    Loaded out;
    out.parsed = parser.parse(QStringList{QStringLiteral("herald-server")} + flags);
    if (!out.parsed) {
        out.error = parser.errorText();
        return out;
    }
    ConfigError error;
    out.config = ConfigLoader::load(parser, &error);
    out.error = error.message;
    return out;
}

void TestConfig::defaults()
{
    const Loaded l = load({});
    QVERIFY2(l.config, qPrintable(l.error));
    for (const Setting &s : settings())
        QCOMPARE(QLatin1String(s.key) + u'=' + s.get(*l.config), QLatin1String(s.key) + u'=' + QLatin1String(s.byDefault));
    QCOMPARE(l.config->configFile, QString());
}

void TestConfig::optionTableIsCovered()
{
    QStringList ours;
    for (const Setting &s : settings())
        ours.append(QLatin1String(s.key));
    QCOMPARE(ConfigLoader::keys(), ours); // same keys, same order as the documentation lists them
}

void TestConfig::everyKeyHasAFlagTwin()
{
    for (const QString &key : ConfigLoader::keys()) {
        QCommandLineParser parser;
        ConfigLoader::addOptions(parser);
        QVERIFY2(parser.parse({QStringLiteral("herald-server"), QStringLiteral("--") + key, QStringLiteral("x")}),
                 qPrintable(key + u": " + parser.errorText()));
        QCOMPARE(parser.value(key), QStringLiteral("x"));
    }
}

void TestConfig::settingsData()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("parsed");
    for (const Setting &s : settings())
        QTest::newRow(s.key) << QString::fromLatin1(s.key) << QString::fromLatin1(s.input) << QString::fromLatin1(s.parsed);
}

void TestConfig::settingFromFlag_data()
{
    settingsData();
}

void TestConfig::settingFromFlag()
{
    QFETCH(QString, key);
    QFETCH(QString, input);
    QFETCH(QString, parsed);

    QStringList flags{QStringLiteral("--%1=%2").arg(key, input)};
    for (const QString &c : companions(key))
        flags.append(QStringLiteral("--") + c);
    const Loaded l = load(flags);
    QVERIFY2(l.config, qPrintable(l.error));
    QCOMPARE(changedBesidesCompanions(changedSettings(*l.config), key), QStringList{key + u'=' + parsed}); // that one and no other
}

void TestConfig::settingFromFile_data()
{
    settingsData();
}

void TestConfig::settingFromFile()
{
    QFETCH(QString, key);
    QFETCH(QString, input);
    QFETCH(QString, parsed);

    QByteArray ini = "[herald]\n" + key.toUtf8() + '=' + input.toUtf8() + '\n';
    for (const QString &c : companions(key))
        ini += c.toUtf8() + '\n';
    const Loaded l = load({}, ini);
    QVERIFY2(l.config, qPrintable(l.error));
    QCOMPARE(changedBesidesCompanions(changedSettings(*l.config), key), QStringList{key + u'=' + parsed});
    QVERIFY(l.config->configFile.endsWith(u".ini"));
}

void TestConfig::fileKeysAtTopOrUnderHerald()
{
    const Loaded l = load({}, "; a comment\n"
                              "port = 9000\n"
                              "log-level=warning\n"
                              "\n"
                              "[herald]\n"
                              "ping-limit=5\n"
                              "max-send-buffer = 4M\n");
    QVERIFY2(l.config, qPrintable(l.error));
    QCOMPARE(changedSettings(*l.config),
             (QStringList{QStringLiteral("port=9000"), QStringLiteral("log-level=warning"), QStringLiteral("ping-limit=5"),
                          QStringLiteral("max-send-buffer=4194304")}));
}

void TestConfig::flagsWinOverTheFile()
{
    const Loaded l = load({QStringLiteral("--port=2000"), QStringLiteral("--bind=0.0.0.0")},
                          "port=1000\nping-limit=7\nbind=127.0.0.1\n");
    QVERIFY2(l.config, qPrintable(l.error));
    QCOMPARE(changedSettings(*l.config),
             (QStringList{QStringLiteral("bind=0.0.0.0"), QStringLiteral("port=2000"), QStringLiteral("ping-limit=7")}));
}

void TestConfig::commasInFileValuesAreKept()
{
    // QSettings reads "a,b" as a list; the loader must give back the text as written.
    const Loaded l = load({}, "data-dir=/srv/a,b\n");
    QVERIFY2(l.config, qPrintable(l.error));
    QCOMPARE(l.config->dataDir, QStringLiteral("/srv/a,b"));
}

void TestConfig::unknownKeyInFile_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("key");

    QTest::newRow("misspelt") << QByteArray("port=80\nprot=81\n") << QStringLiteral("prot");
    QTest::newRow("underscore instead of dash") << QByteArray("max_connections=5\n") << QStringLiteral("max_connections");
    QTest::newRow("config itself") << QByteArray("config=/etc/other.ini\n") << QStringLiteral("config");
    QTest::newRow("other section") << QByteArray("[server]\nport=80\n") << QStringLiteral("server/port");
}

void TestConfig::unknownKeyInFile()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, key);

    const Loaded l = load({}, ini);
    QVERIFY(!l.config);
    QVERIFY2(l.error.contains(QStringLiteral("unknown key \"%1\"").arg(key)), qPrintable(l.error));
    QVERIFY2(l.error.contains(m_dir->path()), qPrintable(l.error)); // names the file
}

void TestConfig::badValue_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    const auto row = [](const char *key, const char *value) {
        QTest::newRow(qPrintable(QStringLiteral("%1=%2").arg(QLatin1String(key), QLatin1String(value))))
            << QString::fromLatin1(key) << QString::fromLatin1(value);
    };
    row("port", "abc");
    row("port", "70000");
    row("port", "-1");
    row("port", "80.5");
    row("port", "");
    row("api-port", "65536");
    row("text-port", "0x10");
    row("listen-backlog", "0");
    row("gateway-threads", "-1");
    row("gateway-threads", "65");
    row("bind", "localhost");
    row("bind", "300.1.1.1");
    row("api-bind", "");
    row("node-id", "0");
    row("node-id", "123456789");
    row("node-id", "xyz");
    row("node-id", "");
    row("redis", "127.0.0.1:6379");
    row("redis", "http://127.0.0.1");
    row("redis", "redis://127.0.0.1/db");
    row("cluster-heartbeat", "50");
    row("cluster-heartbeat", "soon");
    row("log-level", "verbose");
    row("log-level", "");
    row("log-format", "xml");
    row("legacy-publish-needs-key", "maybe");
    row("legacy-text-push", "sometimes");
    row("client-protocol", "socket.io");
    row("client-protocol", "");
    row("api-key", "short");
    row("admin-token", "fifteen-chars!!");
    row("admin-readonly-token", "x");
    row("ping-interval", "3601");
    row("ping-interval", "-1");
    row("ping-limit", "-1");
    row("client-message-rate", "-1");
    row("client-message-rate", "fast");
    row("client-message-burst", "0");
    row("max-message-size", "-5");
    row("max-message-size", "127");
    row("max-message-size", "65M");
    row("max-message-size", "12KB");
    row("max-message-size", "K");
    row("max-message-size", "18014398509482048K"); // 2^64 + 64 KiB: must not wrap around to 64K
    row("max-send-buffer", "-1K");
    row("max-send-buffer", "2G");
    row("max-send-buffer", "17179869185G"); // 2^64 + 1 GiB
    row("max-request-size", "1T");
    row("max-request-size", "18014398509481985K"); // 2^64 + 1 KiB
    row("max-connections", "0");
    row("max-connections-per-ip", "10000001");
    row("handshake-timeout", "99");
    row("idle-timeout", "-1");
    row("idle-timeout", "86401");
    row("max-rooms-per-client", "0");
    row("shutdown-grace", "600001");
    row("history-size", "-1");
    row("history-size", "100001");
    row("history-ttl", "604801");
    row("history-rooms", "");
    row("token-leeway", "-1");
    row("token-leeway", "3601");
    row("require-token", "perhaps");
    row("allowed-origins", "chat.example.com");
    row("allowed-origins", "https://chat.example.com/");
    row("allowed-origins", "https://chat.example.com/page");
    row("allowed-origins", "https://chat.example.com?x=1");
    row("allowed-origins", "https://user@chat.example.com");
    row("allowed-origins", "https://ok.example.com,*");
    row("max-connections-per-uid", "-1");
    row("audit-max-size", "1023");
    row("audit-keep", "-1");
    row("audit-keep", "1001");
    row("apns-key-id", "abc123defg");
    row("apns-key-id", "ABC123DEF");
    row("apns-team-id", "DEF123GHIJK");
    row("apns-environment", "development-ish");
    row("apns-environment", "");
    row("apns-port", "0");
    row("apns-concurrency", "0");
    row("apns-timeout", "99");
    row("fcm-port", "0");
    row("fcm-port", "65536");
    row("jpush-port", "0");
    row("getui-port", "65536");
}

void TestConfig::badValue()
{
    QFETCH(QString, key);
    QFETCH(QString, value);

    const QString quotedValue = u'"' + value + u'"';
    const Loaded fromFlag = load({QStringLiteral("--%1=%2").arg(key, value)});
    QVERIFY2(fromFlag.parsed, qPrintable(fromFlag.error));
    QVERIFY2(!fromFlag.config, qPrintable(QStringLiteral("accepted as ") + setting(key)->get(*fromFlag.config)));
    QVERIFY2(fromFlag.error.contains(QStringLiteral("--") + key), qPrintable(fromFlag.error));
    QVERIFY2(fromFlag.error.contains(quotedValue), qPrintable(fromFlag.error));

    const Loaded fromFile = load({}, key.toUtf8() + '=' + value.toUtf8() + '\n');
    QVERIFY2(!fromFile.config, qPrintable(QStringLiteral("accepted as ") + setting(key)->get(*fromFile.config)));
    QVERIFY2(fromFile.error.contains(QStringLiteral(" for ") + key + u':'), qPrintable(fromFile.error));
    QVERIFY2(fromFile.error.contains(quotedValue), qPrintable(fromFile.error));
    QVERIFY2(fromFile.error.contains(m_dir->path()), qPrintable(fromFile.error));
}

void TestConfig::unreadableOrMalformedFile()
{
    const QString missing = m_dir->filePath(QStringLiteral("missing.ini"));
    const Loaded noFile = load({QStringLiteral("--config=") + missing});
    QVERIFY(!noFile.config);
    QCOMPARE(noFile.error, QStringLiteral("config file \"%1\" cannot be read").arg(missing));

    const Loaded directory = load({QStringLiteral("--config=") + m_dir->path()});
    QVERIFY(!directory.config);
    QVERIFY2(directory.error.contains(u"cannot be read"), qPrintable(directory.error));

    const Loaded malformed = load({}, "[herald\nport=80\n");
    QVERIFY(!malformed.config);
    QVERIFY2(malformed.error.contains(u"not a valid INI file"), qPrintable(malformed.error));
}

// A bad database URL is refused saying what is wrong, without repeating the URL: it may hold a password.
void TestConfig::databaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("mysql") << QStringLiteral("mysql://herald@127.0.0.1:3306/herald") << QString();
    QTest::newRow("mariadb, default port") << QStringLiteral("mariadb://herald@db.example/herald") << QString();
    QTest::newRow("empty: SQLite") << QString() << QString();
    QTest::newRow("password") << QStringLiteral("mysql://herald:s3cret-pw@127.0.0.1/herald")
                              << QStringLiteral("put it in a file named by database-password-file");
    QTest::newRow("postgres") << QStringLiteral("postgres://herald@127.0.0.1/herald")
                              << QStringLiteral("expected mysql://user@host:port/dbname");
    QTest::newRow("no user") << QStringLiteral("mysql://127.0.0.1/herald") << QStringLiteral("a user, a host and a database name");
    QTest::newRow("no database") << QStringLiteral("mysql://herald@127.0.0.1:3306/") << QStringLiteral("a database name");
    QTest::newRow("path") << QStringLiteral("mysql://herald@127.0.0.1/herald/devices") << QStringLiteral("nothing more");
    QTest::newRow("query") << QStringLiteral("mysql://herald@127.0.0.1/herald?password=s3cret-pw") << QStringLiteral("nothing more");
    QTest::newRow("bad port") << QStringLiteral("mysql://herald@127.0.0.1:99999/herald") << QStringLiteral("expected mysql://");
}

void TestConfig::databaseUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, error);
    for (const Loaded &l : {load({QStringLiteral("--database=") + url}), load({}, "database=" + url.toUtf8() + '\n')}) {
        if (error.isEmpty()) {
            QVERIFY2(l.config, qPrintable(l.error));
            QCOMPARE(l.config->database, url);
            continue;
        }
        QVERIFY(!l.config);
        QVERIFY2(l.error.contains(u"bad value for database: ") && l.error.contains(error), qPrintable(l.error));
        QVERIFY2(!l.error.contains(u"s3cret-pw") && !l.error.contains(u"127.0.0.1"), qPrintable(l.error));
    }
}

void TestConfig::crossChecksOfApnsKeys_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addColumn<bool>("configured");

    const auto f = [](std::initializer_list<const char *> flags) {
        QStringList out;
        for (const char *x : flags)
            out.append(QString::fromLatin1(x));
        return out;
    };
    QTest::newRow("none") << QStringList() << QString() << false;
    QTest::newRow("topic alone") << f({"--apns-topic=com.example.app"}) << QString() << false;
    QTest::newRow("token") << f({"--apns-p8=k.p8", "--apns-key-id=ABC123DEFG", "--apns-team-id=DEF123GHIJ"}) << QString()
                           << true;
    QTest::newRow("p12") << f({"--apns-p12=c.p12", "--apns-p12-password-file=pw"}) << QString() << true;
    QTest::newRow("pem") << f({"--apns-cert=c.pem", "--apns-key=c.key"}) << QString() << true;
    QTest::newRow("p8 without ids") << f({"--apns-p8=k.p8"})
                                    << QStringLiteral("needs apns-p8, apns-key-id and apns-team-id together") << false;
    QTest::newRow("key id without p8") << f({"--apns-key-id=ABC123DEFG", "--apns-team-id=DEF123GHIJ"})
                                       << QStringLiteral("needs apns-p8, apns-key-id and apns-team-id together") << false;
    QTest::newRow("p8 and p12") << f({"--apns-p8=k.p8", "--apns-key-id=ABC123DEFG", "--apns-team-id=DEF123GHIJ",
                                      "--apns-p12=c.p12"})
                                << QStringLiteral("give one") << false;
    QTest::newRow("p12 and pem") << f({"--apns-p12=c.p12", "--apns-cert=c.pem", "--apns-key=c.key"})
                                 << QStringLiteral("give one") << false;
    QTest::newRow("password without p12") << f({"--apns-p12-password-file=pw"})
                                          << QStringLiteral("apns-p12-password-file is given without apns-p12") << false;
    QTest::newRow("database password without database")
        << f({"--database-password-file=pw"}) << QStringLiteral("database-password-file is given without database") << false;
    QTest::newRow("cert without key") << f({"--apns-cert=c.pem"}) << QStringLiteral("needs apns-cert and apns-key together")
                                      << false;
}

void TestConfig::historyNeedsBothBounds()
{
    for (const char *alone : {"--history-size=100", "--history-ttl=60"}) {
        const Loaded l = load({QLatin1String(alone)});
        QVERIFY(!l.config);
        QVERIFY2(l.error.contains(QStringLiteral("history-size and history-ttl go together")), qPrintable(l.error));
    }
    const QStringList both{QStringLiteral("--history-size=100"), QStringLiteral("--history-ttl=60")};
    QVERIFY(load(both).config);
    const Loaded cluster = load(both + QStringList{QStringLiteral("--redis=redis://127.0.0.1:6379")}); // kept in Redis
    QVERIFY2(cluster.config, qPrintable(cluster.error));
}

void TestConfig::tlsCertAndKeyGoTogether()
{
    for (const char *alone : {"--tls-cert=c.pem", "--tls-key=k.pem"}) {
        const Loaded l = load({QLatin1String(alone)});
        QVERIFY(!l.config);
        QVERIFY2(l.error.contains(QStringLiteral("tls-cert and tls-key go together")), qPrintable(l.error));
    }
    const Loaded both = load({QStringLiteral("--tls-cert=c.pem"), QStringLiteral("--tls-key=k.pem")});
    QVERIFY2(both.config, qPrintable(both.error));
    QVERIFY(both.config->tls());
}

void TestConfig::crossChecksOfApnsKeys()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, error);
    QFETCH(bool, configured);

    const Loaded l = load(flags);
    if (error.isEmpty()) {
        QVERIFY2(l.config, qPrintable(l.error));
        QCOMPARE(l.config->apnsConfigured(), configured);
    } else {
        QVERIFY(!l.config);
        QVERIFY2(l.error.contains(error), qPrintable(l.error));
    }
}

void TestConfig::crossChecksOfTokenKeys()
{
    QVERIFY(load({QStringLiteral("--token-secret-file=s"), QStringLiteral("--require-token=true")}).config);
    QVERIFY(load({QStringLiteral("--token-public-key-file=p"), QStringLiteral("--require-token=true")}).config);
    const Loaded both = load({QStringLiteral("--token-secret-file=s"), QStringLiteral("--token-public-key-file=p")});
    QVERIFY(!both.config);
    QVERIFY2(both.error.contains(QStringLiteral("give one")), qPrintable(both.error));
    const Loaded noKey = load({QStringLiteral("--require-token=true")});
    QVERIFY(!noKey.config);
    QVERIFY2(noKey.error.contains(QStringLiteral("require-token needs token-secret-file or token-public-key-file")),
             qPrintable(noKey.error));
}

void TestConfig::changesNameEachSettingThatDiffers_data()
{
    settingsData();
}

// What SIGHUP logs: each setting that changed, old and new value; a secret's values never.
void TestConfig::changesNameEachSettingThatDiffers()
{
    QFETCH(QString, key);
    QFETCH(QString, input);
    QFETCH(QString, parsed);

    const Setting *s = setting(key);
    QVERIFY(s);
    QStringList flags{QStringLiteral("--%1=%2").arg(key, input)};
    for (const QString &c : companions(key))
        flags.append(QStringLiteral("--") + c);
    const Loaded l = load(flags);
    QVERIFY2(l.config, qPrintable(l.error));
    const Config before;
    Config after = *l.config;
    for (const QString &c : companions(key)) // only `key` differs
        ConfigLoader::keep(c.section(u'=', 0, 0), after, before);

    const QList<ConfigChange> changes = ConfigLoader::changes(before, after);
    QCOMPARE(changes.size(), 1);
    const ConfigChange &change = changes.first();
    QCOMPARE(change.key, key);
    // redis may hold a password in its URL
    const bool secret = key == u"api-key" || key == u"admin-token" || key == u"admin-readonly-token" || key == u"redis";
    QCOMPARE(change.secret, secret);
    if (secret) {
        QCOMPARE(change.toString(), key + QStringLiteral(": changed"));
        QVERIFY(change.from.isEmpty() && change.to.isEmpty());
    } else {
        const QString byDefault = QLatin1String(s->byDefault);
        QCOMPARE(change.toString(), QStringLiteral("%1: %2 → %3").arg(key, byDefault.isEmpty() ? QStringLiteral("(none)") : byDefault, parsed));
    }
    QVERIFY(ConfigLoader::changes(after, after).isEmpty());
}

void TestConfig::changesCompareValuesNotSpellings()
{
    const Loaded a = load({}, "max-send-buffer = 64K\nlegacy-publish-needs-key = yes\nlog-level = INFO\n");
    const Loaded b = load({}, "max-send-buffer = 65536\nlegacy-publish-needs-key = true\nlog-level = info\n");
    QVERIFY2(a.config && b.config, qPrintable(a.error + b.error));
    QCOMPARE(ConfigLoader::changes(*a.config, *b.config).size(), 0);
}

void TestConfig::keepPutsOneRunningValueBack()
{
    const Config running;
    const Loaded l = load({QStringLiteral("--port=8080"), QStringLiteral("--ping-interval=0")});
    QVERIFY2(l.config, qPrintable(l.error));
    Config next = *l.config;
    ConfigLoader::keep(QStringLiteral("port"), next, running);
    const QList<ConfigChange> changes = ConfigLoader::changes(running, next);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().toString(), QStringLiteral("ping-interval: 10 → 0"));
    QCOMPARE(next.port, running.port);
}


// [robot.NAME] sections: each a robot with its keys; the rest of the file as without them.
void TestConfig::robotSections()
{
    const Loaded l = load({}, "[herald]\nport=7000\n[robot.ops]\nkind=DingTalk\nurl=https://oapi.dingtalk.com/robot/send?access_token=a\n"
                              "secret-file=/etc/ding\n[robot.lark-2]\nkind=feishu\nurl=https://open.feishu.cn/open-apis/bot/v2/hook/x\n"
                              "rate=3\nwindow-ms=2000\nqueue-limit=5\n");
    QVERIFY2(l.config, qPrintable(l.error));
    QCOMPARE(l.config->port, 7000);
    QCOMPARE(l.config->robots.size(), 2);
    const RobotConfig lark = l.config->robots.at(0), ops = l.config->robots.at(1);
    QCOMPARE(ops.name, QStringLiteral("ops"));
    QCOMPARE(ops.kind, QStringLiteral("dingtalk"));
    QCOMPARE(ops.url, QStringLiteral("https://oapi.dingtalk.com/robot/send?access_token=a"));
    QCOMPARE(ops.secretFile, QStringLiteral("/etc/ding"));
    QCOMPARE(ops.rate, 0);
    QCOMPARE(ops.queueLimit, 1000);
    QCOMPARE(lark.name, QStringLiteral("lark-2"));
    QCOMPARE(lark.rate, 3);
    QCOMPARE(lark.windowMs, 2000);
    QCOMPARE(lark.queueLimit, 5);
    QVERIFY(load({}, "[herald]\nport=7000\n").config->robots.isEmpty());
}

void TestConfig::badRobotSections_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<QString>("error");
    QTest::newRow("bad kind") << QByteArray("[robot.ops]\nkind=slack\nurl=https://a.example/x\n")
                              << QStringLiteral("robot ops: bad kind \"slack\": expected dingtalk, feishu or wecom");
    QTest::newRow("no kind") << QByteArray("[robot.ops]\nurl=https://a.example/x\n") << QStringLiteral("robot ops: kind is missing");
    QTest::newRow("no url") << QByteArray("[robot.ops]\nkind=wecom\n") << QStringLiteral("robot ops: url is missing");
    QTest::newRow("http url") << QByteArray("[robot.ops]\nkind=wecom\nurl=http://a.example/x\n") << QStringLiteral("robot ops: bad url");
    QTest::newRow("unknown key") << QByteArray("[robot.ops]\nkind=wecom\nurl=https://a.example/x\nkey=1\n")
                                 << QStringLiteral("robot ops: unknown key \"key\"");
    QTest::newRow("wecom secret") << QByteArray("[robot.ops]\nkind=wecom\nurl=https://a.example/x\nsecret-file=/s\n")
                                  << QStringLiteral("robot ops: a WeCom bot has no secret");
    QTest::newRow("rate alone") << QByteArray("[robot.ops]\nkind=wecom\nurl=https://a.example/x\nrate=3\n")
                                << QStringLiteral("robot ops: rate and window-ms go together");
    QTest::newRow("rate zero") << QByteArray("[robot.ops]\nkind=wecom\nurl=https://a.example/x\nrate=0\nwindow-ms=10\n")
                               << QStringLiteral("robot ops: bad value \"0\" for rate");
    QTest::newRow("bad name") << QByteArray("[robot.a.b]\nkind=wecom\nurl=https://a.example/x\n")
                              << QStringLiteral("a robot's name is 1 to 64 letters, digits, - or _");
}

void TestConfig::badRobotSections()
{
    QFETCH(QByteArray, section);
    QFETCH(QString, error);
    const Loaded l = load({}, "[herald]\nport=7000\n" + section);
    QVERIFY(!l.config);
    QVERIFY2(l.error.contains(error), qPrintable(l.error));
    QVERIFY(l.error.startsWith(m_dir->filePath(QString())));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
