// The process as an operator sees it: start-up, secrets, configuration errors, signals.
#include "serverprocess.h"
#include "testclients.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace HeraldTest;

namespace {

// Runs herald-server to completion (for start-up failures, --help, --version).
struct Finished {
    int exitCode = -1;
    QString output;
};

Finished runToEnd(const QStringList &args, int timeoutMs = 10000)
{
    QProcess p;
    p.start(ServerProcess::binary(), args);
    Finished f;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        f.output = QStringLiteral("(did not exit in time)");
        return f;
    }
    f.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    f.output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    return f;
}

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// The owner/group/other bits of a file mode (QFile also reports the current user's access).
constexpr QFile::Permissions kModeBits = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
    | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(content);
    return path;
}

// The permission bits of a file or directory, as `ls -l` shows them in octal; -1 if there is none.
int mode(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

// The open-files limits of a running process, "soft hard", from /proc.
QString openFilesLimits(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("Max open files")) {
            const QList<QByteArray> fields = line.mid(14).simplified().split(' ');
            return QString::fromLatin1(fields.value(0) + ' ' + fields.value(1));
        }
    }
    return {};
}

// The lines the server logged after `from` characters of its log.
QString logSince(ServerProcess &server, qsizetype from)
{
    return server.log().mid(from);
}

// Sets a row of herald.db's meta table while the server is stopped, as an earlier version left it.
bool setMeta(const QString &dataDir, const QString &key, const QString &value)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("meta"));
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("herald.db")));
        QSqlQuery q(db);
        ok = db.open() && q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
        q.addBindValue(key);
        q.addBindValue(value);
        ok = ok && q.exec();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("meta"));
    return ok;
}

} // namespace

class TestLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp();
    void badConfiguration_data();
    void badConfiguration();
    void secretsAreCreatedOnceWithOwnerOnlyPermissions();
    void secretsOfAFailedStartAreShownByTheNextStart();
    void newDataIsOwnerOnly();
    void existingModesAreKeptAndReported();
    void openFilesLimitIsRaisedToTheHardLimit_data();
    void openFilesLimitIsRaisedToTheHardLimit();
    void clientIdsDifferAcrossRestarts();
    void clientIdsNeverRepeatAfterManyBoots();
    void devicesSurviveRestarts();
    void neverRunsOnTheGlibDispatcher();
    void stopSignalClosesClientsWith1001_data();
    void stopSignalClosesClientsWith1001();
    void stopIsBoundedByTheGracePeriod();
    void sighupReloadsKeysAndLimits();
    void sighupWarnsOnlyForTheRestartOnlyKeysThatChanged();
    void sighupAppliesTheRestWhenASecretFileIsBad();
    void sighupKeepsTheOldConfigurationWhenTheFileIsBad();
};

void TestLifecycle::versionAndHelp()
{
    const Finished version = runToEnd({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.output.contains(QStringLiteral("herald-server " HERALD_VERSION)), qPrintable(version.output));

    const Finished help = runToEnd({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *flag : {"--config", "--port", "--api-port", "--text-port", "--data-dir", "--node-id",
                             "--log-level", "--log-format", "--check-config", "--max-connections-per-ip", "--max-send-buffer"})
        QVERIFY2(help.output.contains(QLatin1String(flag)), flag);
}

void TestLifecycle::badConfiguration_data()
{
    QTest::addColumn<QByteArray>("ini");       // content of a config file; empty: no --config
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("mustName"); // what the error has to mention

    QTest::newRow("flag: port not a number") << QByteArray() << words("--port abc")
                                             << words("--port abc");
    QTest::newRow("flag: port out of range") << QByteArray() << words("--port 70000")
                                             << words("--port 70000");
    QTest::newRow("flag: bad log level") << QByteArray() << words("--log-level loud")
                                         << words("--log-level loud");
    QTest::newRow("flag: bad size") << QByteArray() << words("--max-message-size 12Q")
                                    << words("--max-message-size 12Q");
    QTest::newRow("flag: bad address") << QByteArray() << words("--bind localhostt")
                                       << words("--bind localhostt");
    QTest::newRow("flag: short api key") << QByteArray() << words("--api-key short")
                                         << words("--api-key short");
    QTest::newRow("ini: unknown key") << QByteArray("prot = 7272\n") << QStringList()
                                      << words("unknown key prot");
    QTest::newRow("ini: bad value") << QByteArray("[herald]\nping-interval = often\n") << QStringList()
                                    << words("ping-interval often");
    QTest::newRow("ini: negative limit") << QByteArray("max-connections = -5\n") << QStringList()
                                         << words("max-connections -5");
    QTest::newRow("ini: bad node id") << QByteArray("node-id = xyz\n") << QStringList()
                                      << words("node-id xyz");
}

void TestLifecycle::badConfiguration()
{
    QFETCH(QByteArray, ini);
    QFETCH(QStringList, flags);
    QFETCH(QStringList, mustName);

    QTemporaryDir dir;
    QStringList args{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data"))};
    if (!ini.isEmpty())
        args << QStringLiteral("--config") << writeFile(dir, QStringLiteral("herald.ini"), ini);
    const Finished f = runToEnd(args + flags);
    QCOMPARE(f.exitCode, 2);
    for (const QString &word : mustName)
        QVERIFY2(f.output.contains(word), qPrintable(QStringLiteral("error does not name %1: %2").arg(word, f.output)));
    QVERIFY2(!f.output.contains(QLatin1String(" ready ")), qPrintable(f.output));
    QVERIFY2(!QFileInfo::exists(dir.filePath(QStringLiteral("data/api.key"))), "nothing is created on a bad config");
}

void TestLifecycle::secretsAreCreatedOnceWithOwnerOnlyPermissions()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    const QStringList args{QStringLiteral("--data-dir"), data};

    ServerProcess first(args);
    QVERIFY2(first.start(), qPrintable(first.errorString()));
    const QString firstLog = first.log();
    for (const char *file : {"api.key", "admin.token", "admin-readonly.token"}) {
        const QString path = QDir(data).filePath(QLatin1String(file));
        QVERIFY2(QFileInfo::exists(path), file);
        QCOMPARE(QFile::permissions(path) & kModeBits, QFile::ReadOwner | QFile::WriteOwner);
        const QString secret = readSecret(data, QLatin1String(file));
        QVERIFY(secret.size() >= 16);
        QVERIFY2(firstLog.contains(QStringLiteral("%1 = %2").arg(QLatin1String(file), secret)), file);
    }
    QVERIFY(first.terminate(10000));

    ServerProcess second(args);
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    QCOMPARE(second.apiKey(), first.apiKey());
    QVERIFY2(!second.log().contains(first.apiKey()), "a secret is printed only when it is generated");
    QVERIFY(second.terminate(10000));
}

// A start that fails (here: the client port is taken) writes no secret, so the start that succeeds
// generates and shows them.
void TestLifecycle::secretsOfAFailedStartAreShownByTheNextStart()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost));
    const Finished failed = runToEnd({QStringLiteral("--data-dir"), data, QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                      QStringLiteral("--port"), QString::number(taken.serverPort()), QStringLiteral("--api-port"),
                                      QStringLiteral("0"), QStringLiteral("--text-port"), QStringLiteral("0")});
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(failed.output.contains(QStringLiteral("cannot listen for clients")), qPrintable(failed.output));
    QVERIFY2(!failed.output.contains(QLatin1String("generated secrets")), qPrintable(failed.output));

    ServerProcess server({QStringLiteral("--data-dir"), data});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    for (const char *file : {"api.key", "admin.token", "admin-readonly.token"}) {
        const QString secret = readSecret(data, QLatin1String(file));
        QVERIFY2(secret.size() >= 16, file);
        QVERIFY2(server.log().contains(QStringLiteral("%1 = %2").arg(QLatin1String(file), secret)), qPrintable(server.log()));
    }
}

// What the server creates in the data directory is its owner's only, whatever the umask lets through.
void TestLifecycle::newDataIsOwnerOnly()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("new/data"));
    ServerProcess server({QStringLiteral("--data-dir"), data});
    server.process().setChildProcessModifier([] { ::umask(022); });
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(mode(data), 0700);
    for (const char *file : {"herald.db", "herald.db-wal", "herald.db-shm", "api.key", "admin.token", "admin-readonly.token"})
        QVERIFY2(mode(QDir(data).filePath(QLatin1String(file))) == 0600,
                 qPrintable(QStringLiteral("%1 is %2").arg(QLatin1String(file)).arg(mode(QDir(data).filePath(QLatin1String(file))), 0, 8)));
    QVERIFY2(!server.log().contains(QLatin1String("other users")), qPrintable(server.log()));
}

// An existing directory and secret keep the modes their owner gave them; what others can read is reported
// with the command that closes it.
void TestLifecycle::existingModesAreKeptAndReported()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkdir(data));
    QVERIFY(::chmod(QFile::encodeName(data).constData(), 0755) == 0);
    const QString keyFile = QDir(data).filePath(QStringLiteral("api.key"));
    QFile key(keyFile);
    QVERIFY(key.open(QIODevice::WriteOnly) && key.write("shared-key-0123456789\n") > 0);
    key.close();
    QVERIFY(::chmod(QFile::encodeName(keyFile).constData(), 0644) == 0);

    ServerProcess server({QStringLiteral("--data-dir"), data});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(mode(data), 0755);
    QCOMPARE(mode(keyFile), 0644);
    const QString log = server.log();
    QVERIFY2(log.contains(QStringLiteral("can access %1 (mode 0755): run chmod 700 %1").arg(data)), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("can access %1 (mode 0644): run chmod 600 %1").arg(keyFile)), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("shared-key-0123456789")), "the key itself is never logged");
    HttpClient http;
    QCOMPARE(http.command(server.apiUrl(), QStringLiteral("getAllClientIdCount"), {}, "shared-key-0123456789").status, 200);
}

void TestLifecycle::openFilesLimitIsRaisedToTheHardLimit_data()
{
    QTest::addColumn<int>("maxConnections");
    QTest::addColumn<bool>("warns");
    QTest::newRow("max-connections below the hard limit") << 1000 << false;
    QTest::newRow("max-connections above the hard limit") << 5000 << true;
}

// Each client is a descriptor: the server lifts its soft limit to the hard one, and warns only if that is
// still too low for max-connections.
void TestLifecycle::openFilesLimitIsRaisedToTheHardLimit()
{
    QFETCH(int, maxConnections);
    QFETCH(bool, warns);
    rlimit ours{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &ours) == 0);
    if (ours.rlim_max < 2048)
        QSKIP("this test needs a hard open-files limit of 2048 at least");

    ServerProcess server({QStringLiteral("--max-connections"), QString::number(maxConnections)});
    server.process().setChildProcessModifier([] {
        const rlimit low{256, 2048};
        ::setrlimit(RLIMIT_NOFILE, &low);
    });
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(openFilesLimits(server.pid()), QStringLiteral("2048 2048"));
    const QString log = server.log();
    QVERIFY2(log.contains(QStringLiteral("open files limit is 2048 (hard limit 2048), below max-connections (%1)").arg(maxConnections)) == warns,
             qPrintable(log));
}

void TestLifecycle::clientIdsDifferAcrossRestarts()
{
    QTemporaryDir dir;
    const QStringList args{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data"))};
    QString ids[2];
    for (QString &id : ids) {
        ServerProcess server(args);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        ChatClient client;
        QVERIFY(client.connectAndLogin(server.clientUrl(), QStringLiteral("ann"), 1));
        id = client.clientId;
        QVERIFY(server.terminate(10000));
    }
    QCOMPARE(ids[0].size(), 20);
    QCOMPARE(ids[0].left(8), ids[1].left(8)); // the node id is stored in the data directory
    QVERIFY(ids[0] != ids[1]);                 // each boot takes a new block of the node's sequence
}

// Earlier versions counted boots in 16 bits: the 65,537th boot gave the first boot's ids again.
void TestLifecycle::clientIdsNeverRepeatAfterManyBoots()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    QStringList ids;
    for (int boot = 0; boot < 3; ++boot) {
        ServerProcess server({QStringLiteral("--data-dir"), data});
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        ChatClient client;
        QVERIFY(client.connectAndLogin(server.clientUrl(), QStringLiteral("ann"), 1));
        ids.append(client.clientId);
        QVERIFY(server.terminate(10000));
        if (boot == 0)
            QVERIFY(setMeta(data, QStringLiteral("boot_epoch"), QStringLiteral("65535"))); // 65,534 boots later
    }
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 3);
}

void TestLifecycle::devicesSurviveRestarts()
{
    QTemporaryDir dir;
    const QStringList args{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data"))};
    const QJsonObject device{{QStringLiteral("uid"), QStringLiteral("u7")},
                             {QStringLiteral("token"), QStringLiteral("aabbccddeeff00112233445566778899")},
                             {QStringLiteral("topic"), QStringLiteral("com.example.chat")}};
    HttpClient http;
    for (int start = 0; start < 2; ++start) {
        ServerProcess server(args);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QByteArray key = server.apiKey().toUtf8();
        if (start == 0)
            QCOMPARE(http.command(server.apiUrl(), QStringLiteral("registerDevice"), device, key).json().value(u"created"),
                     QJsonValue(true));
        const QJsonArray devices = http.command(server.apiUrl(), QStringLiteral("listDevices"),
                                                {{QStringLiteral("uid"), QStringLiteral("u7")}}, key)
                                       .json().value(u"devices").toArray();
        QCOMPARE(devices.size(), 1);
        QCOMPARE(devices.first().toObject().value(u"topic").toString(), QStringLiteral("com.example.chat"));
        QVERIFY(server.terminate(10000));
    }
}

void TestLifecycle::neverRunsOnTheGlibDispatcher()
{
    ServerProcess server;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_NO_GLIB"));
    server.process().setProcessEnvironment(env);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    HttpClient http;
    const HttpReply health = http.get(server.apiUrl(QStringLiteral("/healthz")));
    QCOMPARE(health.status, 200);
    const QString dispatcher = health.json().value(QStringLiteral("event_dispatcher")).toString();
    QVERIFY2(!dispatcher.isEmpty(), health.body.constData());
    QVERIFY2(!dispatcher.contains(QLatin1String("Glib")), qPrintable(dispatcher));
    QVERIFY(server.log().contains(QStringLiteral("event dispatcher ") + dispatcher));
}

void TestLifecycle::stopSignalClosesClientsWith1001_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestLifecycle::stopSignalClosesClientsWith1001()
{
    QFETCH(int, signal);
    ServerProcess server({QStringLiteral("--shutdown-grace"), QStringLiteral("30000")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    std::vector<std::unique_ptr<ChatClient>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<ChatClient>());
        QVERIFY(clients.back()->connectAndLogin(server.clientUrl(), QStringLiteral("c%1").arg(i), 1 + i % 2));
    }
    QElapsedTimer clock;
    clock.start();
    server.sendSignal(signal);
    for (auto &c : clients) {
        QVERIFY(c->ws.waitClosed(5000));
        QCOMPARE(c->ws.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    }
    QVERIFY(server.process().waitForFinished(15000));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY2(clock.elapsed() < 15000, "every client closed cleanly, so the process does not wait for the grace period");
}

// A client that stops reading keeps its close frame from ever being flushed; it cannot hold the process
// beyond shutdown-grace.
void TestLifecycle::stopIsBoundedByTheGracePeriod()
{
    ServerProcess server({QStringLiteral("--shutdown-grace"), QStringLiteral("300"), QStringLiteral("--max-message-size"),
                          QStringLiteral("1M"), QStringLiteral("--max-send-buffer"), QStringLiteral("1G")});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTcpSocket mute;
    mute.setReadBufferSize(4096); // Qt stops reading from the kernel once this is full
    mute.connectToHost(QHostAddress::LocalHost, server.clientPort());
    QVERIFY(mute.waitForConnected(5000));
    mute.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QVERIFY(mute.waitForReadyRead(5000));
    QVERIFY(mute.peek(12).startsWith("HTTP/1.1 101"));

    // More than the kernel buffers of both ends hold, so the server keeps unsent bytes of its own.
    HttpClient http;
    const QJsonObject big{{QStringLiteral("message"), QString(1000 * 1000, QLatin1Char('x'))}};
    for (int i = 0; i < 24; ++i)
        QCOMPARE(http.command(server.apiUrl(), QStringLiteral("sendToAll"), big, server.apiKey().toUtf8()).status, 200);

    QElapsedTimer clock;
    clock.start();
    QVERIFY(server.terminate(6000));
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY2(clock.elapsed() >= 250, "the stuck client was given the grace period");
    // The grace period ended it (not the close handshake's own 2 s abort), and promptly.
    QVERIFY(server.log().contains(QLatin1String("clients still open after shutdown-grace")));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void TestLifecycle::sighupReloadsKeysAndLimits()
{
    QTemporaryDir dir;
    const QByteArray oldKey = "old-key-0123456789abcdef";
    const QByteArray newKey = "new-key-0123456789abcdef";
    const QString ini = writeFile(dir, QStringLiteral("herald.ini"), "api-key = " + oldKey + "\n");
    ServerProcess server({QStringLiteral("--config"), ini});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    HttpClient http;
    const auto count = [&](const QByteArray &key) {
        return http.command(server.apiUrl(), QStringLiteral("getAllClientIdCount"), {}, key).status;
    };
    QCOMPARE(count(oldKey), 200);

    QVERIFY(!writeFile(dir, QStringLiteral("herald.ini"),
                       "api-key = " + newKey + "\nmax-connections-per-ip = 1\n").isEmpty());
    server.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(server.log().contains(QLatin1String("SIGHUP: configuration reloaded")), 5000);
    QCOMPARE(count(oldKey), 401);
    QCOMPARE(count(newKey), 200);
    // Each change is named, with its old and new value; a key's never.
    const QString log = server.log();
    QVERIFY2(log.contains(QLatin1String("SIGHUP: api-key: changed")), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("SIGHUP: max-connections-per-ip: 1000 → 1")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("SIGHUP: configuration reloaded (2 settings changed)")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("restart")), qPrintable(log));

    // The new per-IP limit holds for new connections.
    WsClient first, second;
    QVERIFY(first.open(server.clientUrl()));
    QVERIFY(!second.open(server.clientUrl(), 2000) || second.waitClosed(2000));
    QVERIFY(first.isOpen());
    QVERIFY2(!server.log().contains(QString::fromLatin1(newKey)), "keys never reach the log");
}

void TestLifecycle::sighupWarnsOnlyForTheRestartOnlyKeysThatChanged()
{
    QTemporaryDir dir;
    const QString ini = writeFile(dir, QStringLiteral("herald.ini"), "listen-backlog = 128\n");
    ServerProcess server({QStringLiteral("--config"), ini});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const qsizetype before = server.log().size();

    QVERIFY(!writeFile(dir, QStringLiteral("herald.ini"), "listen-backlog = 128\ngateway-threads = 3\nping-interval = 7\n").isEmpty());
    server.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(logSince(server, before).contains(QLatin1String("SIGHUP: configuration reloaded")), 5000);
    const QString log = logSince(server, before);
    QVERIFY2(log.contains(QStringLiteral("SIGHUP: gateway-threads: 0 → 3 takes a restart; 0 stays until then")), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("SIGHUP: ping-interval: 10 → 7")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("(1 setting changed)")), qPrintable(log));
    for (const char *unchanged : {"listen-backlog", "port", "bind", "data-dir", "node-id", "apns"})
        QVERIFY2(!log.contains(QLatin1String(unchanged)), qPrintable(log));
}

// A secret file that cannot be read keeps the running secret; the other changes still apply.
void TestLifecycle::sighupAppliesTheRestWhenASecretFileIsBad()
{
    QTemporaryDir dir;
    const QString ini = writeFile(dir, QStringLiteral("herald.ini"), "ping-interval = 10\n");
    ServerProcess server({QStringLiteral("--config"), ini});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QByteArray key = server.apiKey().toUtf8();
    const QString keyFile = QDir(server.dataDir()).filePath(QStringLiteral("api.key"));
    QFile broken(keyFile);
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate) && broken.write("short\n") > 0);
    broken.close();

    QVERIFY(!writeFile(dir, QStringLiteral("herald.ini"), "ping-interval = 10\nmax-connections-per-ip = 1\n").isEmpty());
    server.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(server.log().contains(QLatin1String("SIGHUP: configuration reloaded")), 5000);
    const QString log = server.log();
    QVERIFY2(log.contains(QStringLiteral("SIGHUP: the running secret stays: %1 holds fewer than 16 characters").arg(keyFile)),
             qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("SIGHUP: max-connections-per-ip: 1000 → 1")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("api-key: changed")), qPrintable(log));
    HttpClient http;
    QCOMPARE(http.command(server.apiUrl(), QStringLiteral("getAllClientIdCount"), {}, key).status, 200);
    WsClient first, second;
    QVERIFY(first.open(server.clientUrl()));
    QVERIFY(!second.open(server.clientUrl(), 2000) || second.waitClosed(2000));
    QVERIFY(first.isOpen());
}

void TestLifecycle::sighupKeepsTheOldConfigurationWhenTheFileIsBad()
{
    QTemporaryDir dir;
    const QByteArray key = "the-key-0123456789abcdef";
    const QString ini = writeFile(dir, QStringLiteral("herald.ini"), "api-key = " + key + "\n");
    ServerProcess server({QStringLiteral("--config"), ini});
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    QVERIFY(!writeFile(dir, QStringLiteral("herald.ini"), "api-key = " + key + "\nping-limit = lots\n").isEmpty());
    server.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(server.log().contains(QLatin1String("SIGHUP: configuration not reloaded")), 5000);
    QVERIFY2(server.log().contains(QLatin1String("ping-limit")), "the warning names the bad key");
    HttpClient http;
    QCOMPARE(http.command(server.apiUrl(), QStringLiteral("getAllClientIdCount"), {}, key).status, 200);
    QCOMPARE(server.process().state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
