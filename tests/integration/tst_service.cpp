// herald-server as a service (docs/operations.md): --check-config before a reload, systemd's notify
// protocol (readiness, reload, stop, watchdog) and the json log that log shippers read.
#include "serverprocess.h"
#include "testclients.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runServer(const QStringList &args)
{
    QProcess p;
    p.start(ServerProcess::binary(), args);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// The datagram socket systemd listens on for a Type=notify service, bound in a temporary directory.
class NotifySocket final
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        qstrncpy(addr.sun_path, p.constData(), sizeof(addr.sun_path));
        if (m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isOpen() const { return m_fd >= 0; }
    // Every message received so far, in order.
    const QList<QByteArray> &messages()
    {
        char buffer[4096];
        for (ssize_t n; (n = ::recv(m_fd, buffer, sizeof(buffer), 0)) > 0;)
            m_messages.append(QByteArray(buffer, int(n)));
        return m_messages;
    }
    bool received(const QByteArray &prefix)
    {
        for (const QByteArray &m : messages()) {
            if (m.startsWith(prefix))
                return true;
        }
        return false;
    }
    void clear() { m_messages.clear(); }

private:
    QString m_path;
    int m_fd = -1;
    QList<QByteArray> m_messages;
};

// What systemd gives a Type=notify service with WatchdogSec= (watchdogPid: WATCHDOG_PID, when set).
QProcessEnvironment underSystemd(const QString &notifySocket, int watchdogUsec, qint64 watchdogPid = 0)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"NOTIFY_SOCKET"_s, notifySocket);
    env.insert(u"WATCHDOG_USEC"_s, QString::number(watchdogUsec));
    if (watchdogPid)
        env.insert(u"WATCHDOG_PID"_s, QString::number(watchdogPid));
    return env;
}

} // namespace

class TestService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkConfigAcceptsAGoodConfigAndBindsNothing();
    void shippedConfigIsValid();
    void checkConfigRefuses_data();
    void checkConfigRefuses();
    void notifiesSystemd();
    void watchdogOnlyForItsOwnPid();
    void jsonLogNamesClientAndAddress();

private:
    QTemporaryDir m_dir;
};

void TestService::checkConfigAcceptsAGoodConfigAndBindsNothing()
{
    // The port is taken: a start would fail on it; a check does not bind, so it does not notice.
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost));
    const QString ini = m_dir.filePath(u"good.ini"_s);
    const QString dataDir = m_dir.filePath(u"not-yet/data"_s);
    QVERIFY(writeFile(ini, "[herald]\nbind = 127.0.0.1\nport = " + QByteArray::number(taken.serverPort())
                               + "\nlog-format = json\ndata-dir = " + QFile::encodeName(dataDir) + "\n"));

    const Run r = runServer({u"--check-config"_s, u"--config"_s, ini});
    QCOMPARE(r.err, QString());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, u"herald-server: %1: configuration OK\n"_s.arg(ini));
    QVERIFY2(!QFileInfo::exists(dataDir), "a check writes nothing, not even the data directory");

    // The same check on flags alone.
    const Run flags = runServer({u"--check-config"_s, u"--port"_s, u"9000"_s});
    QCOMPARE(flags.exitCode, 0);
    QCOMPARE(flags.out, u"herald-server: the flags: configuration OK\n"_s);
}

// resources/herald.ini, the package's /etc/herald/herald.ini: good as it is, and each key it shows
// commented out is a real key with a good value.
void TestService::shippedConfigIsValid()
{
    const QString shipped = QStringLiteral(HERALD_SOURCE_DIR "/resources/herald.ini");
    QCOMPARE(runServer({u"--check-config"_s, u"--config"_s, shipped}).exitCode, 0);

    QFile file(shipped);
    QVERIFY(file.open(QIODevice::ReadOnly));
    static const QRegularExpression commented(u"^;([a-z0-9-]+) = (.+)$"_s); // QSettings reads ; as a comment, not #
    QByteArray uncommented;
    int keys = 0;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        const QRegularExpressionMatch m = commented.match(line);
        if (!m.hasMatch() || m.captured(1).startsWith(u"apns-"_s)) // the APNs files are examples
            continue;
        uncommented += (m.captured(1) + u" = "_s + m.captured(2) + u'\n').toUtf8();
        ++keys;
    }
    QVERIFY(keys >= 25);
    const QString ini = m_dir.filePath(u"shipped-uncommented.ini"_s);
    QVERIFY(writeFile(ini, uncommented));
    const Run r = runServer({u"--check-config"_s, u"--config"_s, ini});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
}

void TestService::checkConfigRefuses_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("expected"); // in stderr

    const QString missing = m_dir.filePath(u"AuthKey_ABC123DEFG.p8"_s);
    const QString plainFile = m_dir.filePath(u"a-file"_s);
    QVERIFY(writeFile(plainFile, "x"));
    QTest::newRow("unknown key") << "[herald]\nprot = 7272\n"_ba << QStringList() << u"unknown key \"prot\""_s;
    QTest::newRow("bad value") << "log-format = xml\n"_ba << QStringList()
                               << u"bad value \"xml\" for log-format: expected text or json"_s;
    QTest::newRow("a file it names cannot be read")
        << "apns-p8 = " + QFile::encodeName(missing) + "\napns-key-id = ABC123DEFG\napns-team-id = DEF123GHIJ\n"
        << QStringList() << u"apns-p8 (%1)"_s.arg(missing);
    QTest::newRow("data-dir is a file") << "data-dir = " + QFile::encodeName(plainFile) + "\n" << QStringList()
                                        << u"data-dir %1 is not a directory"_s.arg(plainFile);
    QTest::newRow("web-root is a file") << "web-root = " + QFile::encodeName(plainFile) + "\n" << QStringList()
                                        << u"web-root %1 is not a directory this user can read"_s.arg(plainFile);
    QTest::newRow("bad flag") << QByteArray() << QStringList{u"--port"_s, u"http"_s}
                              << u"--port: bad value \"http\" for port"_s;
    QTest::newRow("config file missing") << QByteArray() << QStringList{u"--config"_s, m_dir.filePath(u"none.ini"_s)}
                                         << u"cannot be read"_s;
}

void TestService::checkConfigRefuses()
{
    QFETCH(QByteArray, ini);
    QFETCH(QStringList, flags);
    QFETCH(QString, expected);
    QStringList args{u"--check-config"_s};
    if (!ini.isEmpty()) {
        const QString file = m_dir.filePath(u"bad.ini"_s);
        QVERIFY(writeFile(file, ini));
        args << u"--config"_s << file;
    }
    const Run r = runServer(args + flags);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
}

void TestService::notifiesSystemd()
{
    NotifySocket systemd(m_dir.filePath(u"notify"_s));
    QVERIFY(systemd.isOpen());
    ServerProcess server;
    server.process().setProcessEnvironment(underSystemd(m_dir.filePath(u"notify"_s), 200000)); // a ping every 100 ms
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    QTRY_VERIFY(systemd.received("READY=1"));
    QList<QByteArray> states = systemd.messages();
    states.removeAll("WATCHDOG=1"_ba); // pinged from the start, before it is ready too
    QCOMPARE(states.constFirst(), "READY=1\nSTATUS=accepting clients"_ba);
    QTRY_VERIFY(systemd.received("WATCHDOG=1"));
    QTRY_VERIFY(server.log().contains(u"told systemd we are ready; watchdog pings every 100 ms"_s));

    systemd.clear();
    server.sendSignal(SIGHUP);
    QTRY_VERIFY(server.log().contains(u"SIGHUP: configuration reloaded"_s));
    QTRY_VERIFY((states = systemd.messages()).contains("READY=1\nSTATUS=accepting clients"_ba));
    states.removeAll("WATCHDOG=1"_ba);
    QCOMPARE(states.size(), 2);
    QVERIFY2(states[0].startsWith("RELOADING=1\nMONOTONIC_USEC="), states[0].constData());
    QVERIFY(states[0].mid(states[0].indexOf('=', 12) + 1).toULongLong() > 0);

    systemd.clear();
    int exitCode = -1;
    QVERIFY(server.terminate(10000, &exitCode));
    QCOMPARE(exitCode, 0);
    QVERIFY(systemd.messages().contains("STOPPING=1\nSTATUS=closing clients"_ba));
}

void TestService::watchdogOnlyForItsOwnPid()
{
    NotifySocket systemd(m_dir.filePath(u"notify-other"_s));
    QVERIFY(systemd.isOpen());
    ServerProcess server;
    server.process().setProcessEnvironment(underSystemd(m_dir.filePath(u"notify-other"_s), 20000, ::getpid())); // this test's pid, not the server's
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTRY_VERIFY(systemd.received("READY=1"));
    QTRY_VERIFY(server.log().contains(u"told systemd we are ready; no watchdog"_s));
    QVERIFY(!systemd.received("WATCHDOG=1"));
}

void TestService::jsonLogNamesClientAndAddress()
{
    ServerProcess server({u"--log-format"_s, u"json"_s});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ChatClient client;
    QVERIFY(client.connectAndLogin(server.clientUrl(), u"a"_s, u"lobby"_s));
    QTRY_VERIFY(server.log().contains(client.clientId));

    bool connectLine = false;
    const QString log = server.log();
    for (const QString &line : log.split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.startsWith(u'{'))
            continue; // the ready banner on stdout
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
        for (const char *field : {"time", "level", "category", "message"})
            QVERIFY2(o.contains(QLatin1String(field)), qPrintable(line));
        if (o.value(u"message").toString().startsWith(u"connect "_s)) {
            connectLine = true;
            QCOMPARE(o.value(u"category").toString(), u"herald.gateway"_s);
            QCOMPARE(o.value(u"level").toString(), u"info"_s);
            QCOMPARE(o.value(u"client_id").toString(), client.clientId);
            QCOMPARE(o.value(u"address").toString(), u"127.0.0.1"_s);
            QVERIFY(o.value(u"port").toInt() > 0);
        }
    }
    QVERIFY2(connectLine, qPrintable(log));
}

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
