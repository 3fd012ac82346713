// Nothing accepted is lost (docs/operations.md): on SIGTERM every API send answered before the stop
// reaches its client before the close frame; the device registry keeps every answered registration
// through kill -9; a data directory that cannot be used (a file in its way, a corrupt herald.db) stops
// the start with a message naming the file and what to do, and a full disk at run time is an error
// answer, a log line and a metric, never a crash and never a registration answered but not kept. A
// push to another provider than APNs and a robot's queue go on during shutdown-grace, and what is still
// unsent when it runs out is written down in unsent-pushes.jsonl.
#include "jpushstandin.h"
#include "robotstandin.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <memory>

#include <sys/resource.h>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// Calls /api/<command> over and over, `parallel` at a time, each with the next number in `args(n)`,
// until stop() or the server stops answering; remembers which numbers were answered 200.
class CallStream final : public QObject
{
public:
    using Args = std::function<QJsonObject(int)>;
    CallStream(const ServerProcess &server, QString command, Args args, int parallel = 4)
        : m_url(server.apiUrl(u"/api/"_s + command)), m_key(server.apiKey().toUtf8()), m_args(std::move(args))
    {
        for (int i = 0; i < parallel; ++i)
            next();
    }

    void stop() { m_stopped = true; }
    bool isIdle() const { return m_open == 0; }
    const QSet<int> &answered() const { return m_answered; }
    int failures() const { return m_failures; }
    const QList<int> &statuses() const { return m_statuses; }

private:
    void next()
    {
        if (m_stopped)
            return;
        const int n = m_next++;
        QNetworkRequest request(m_url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        request.setRawHeader("Authorization", "Bearer " + m_key);
        QNetworkReply *reply = m_nam.post(request, QJsonDocument(m_args(n)).toJson(QJsonDocument::Compact));
        ++m_open;
        connect(reply, &QNetworkReply::finished, this, [this, reply, n] {
            reply->deleteLater();
            --m_open;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            m_statuses.append(status);
            if (status == 200) {
                m_answered.insert(n);
            } else if (++m_failures >= 20) {
                m_stopped = true; // the server is gone
            }
            next();
        });
    }

    QNetworkAccessManager m_nam;
    QUrl m_url;
    QByteArray m_key;
    Args m_args;
    int m_next = 0, m_open = 0, m_failures = 0;
    bool m_stopped = false;
    QSet<int> m_answered;
    QList<int> m_statuses;
};

QString deviceToken(int n)
{
    return u"%1"_s.arg(qlonglong(n), 64, 16, QChar(u'0'));
}

QJsonObject registration(int n)
{
    return {{u"uid"_s, u"u%1"_s.arg(n)}, {u"token"_s, deviceToken(n)}, {u"topic"_s, u"com.example.chat"_s}};
}

// The device tokens the registry holds, through a started server.
QSet<QString> registeredTokens(ServerProcess &server, int upTo)
{
    HttpClient http;
    QSet<QString> tokens;
    for (int n = 0; n < upTo; ++n) {
        const HttpReply r = http.command(server.apiUrl(), u"listDevices"_s, {{u"uid"_s, u"u%1"_s.arg(n)}}, server.apiKey().toUtf8());
        for (const QJsonValue &d : r.json().value(u"devices"_s).toArray())
            tokens.insert(d.toObject().value(u"token"_s).toString());
    }
    return tokens;
}

// Starts a server on `args`' data directory and looks for every registration of `answered` among the
// first `calls`: empty when all are there, else what is missing.
QString lostAfterRestart(const QStringList &args, int calls, const QSet<int> &answered)
{
    ServerProcess restarted(args);
    if (!restarted.start())
        return restarted.errorString();
    const QSet<QString> kept = registeredTokens(restarted, calls);
    for (const int n : answered) {
        if (!kept.contains(deviceToken(n)))
            return u"registration %1 was answered 200 but is gone"_s.arg(n);
    }
    return {};
}

const QString kJPushKey = u"7d431e42dfa6a6d693ac2d04"_s;
const QByteArray kJPushSecret = "5e987ac6d2e04d95a9d8f0d1";

// The lines of unsent-pushes.jsonl in the server's data directory; none when there is no such file.
QList<QJsonObject> unsentLines(const ServerProcess &server)
{
    QFile file(QDir(server.dataDir()).filePath(u"unsent-pushes.jsonl"_s));
    QList<QJsonObject> lines;
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

bool stoppedBySigterm(ServerProcess &server, QElapsedTimer *clock)
{
    clock->start();
    server.sendSignal(SIGTERM);
    return QTest::qWaitFor([&] { return server.process().state() == QProcess::NotRunning; }, 20000)
        && server.process().exitCode() == 0;
}

} // namespace

class TestDurability final : public QObject
{
    Q_OBJECT

private:
    // A server with JPush pointed at `jpush`, and a device of uid u-drain pushed to: it has reached the stand-in.
    std::unique_ptr<ServerProcess> pushedToJPush(JPushStandIn &jpush, const QString &grace);
    // A server with the robot `slow` (WeCom) at `robot`, allowed one message each `windowMs`, and `texts`
    // sent to it: the first has been posted.
    std::unique_ptr<ServerProcess> sentToRobot(RobotStandIn &robot, int windowMs, const QString &grace, const QStringList &texts);

    TestCertificates m_certs;
    QTemporaryDir m_dir;
    HttpClient m_http;

private Q_SLOTS:
    void initTestCase();
    void providerRetryGoesOnDuringGrace();
    void unansweredProviderPushIsWrittenDown();
    void robotQueueGoesOnDuringGrace();
    void fullRobotQueueIsWrittenDown();
    void sigtermDeliversEveryAnsweredSend();
    void killedServerKeepsEveryAnsweredRegistration();
    void unusableDataDirectoryStopsTheStart_data();
    void unusableDataDirectoryStopsTheStart();
    void fullDiskIsAnErrorAndLosesNothingAnswered();
};

void TestDurability::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
    QFile secret(m_dir.filePath(u"jpush.secret"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly) && secret.write(kJPushSecret + '\n') > 0);
}

std::unique_ptr<ServerProcess> TestDurability::pushedToJPush(JPushStandIn &jpush, const QString &grace)
{
    QString error;
    if (!jpush.listen(m_certs.certificateFile(), m_certs.keyFile(), &error))
        return nullptr;
    auto server = ServerProcess::started({u"--shutdown-grace"_s, grace, u"--jpush-app-key"_s, kJPushKey,
                                          u"--jpush-master-secret-file"_s, m_dir.filePath(u"jpush.secret"_s), u"--jpush-host"_s,
                                          u"127.0.0.1"_s, u"--jpush-port"_s, QString::number(jpush.port()), u"--jpush-ca-file"_s,
                                          m_certs.caFile()});
    if (!server)
        return nullptr;
    const QByteArray key = server->apiKey().toUtf8();
    if (m_http.command(server->apiUrl(), u"registerDevice"_s,
                       {{u"uid"_s, u"u-drain"_s}, {u"provider"_s, u"jpush"_s}, {u"token"_s, u"reg-drain-1"_s}}, key).status != 200
        || m_http.command(server->apiUrl(), u"pushToUid"_s,
                          QJsonDocument::fromJson(R"({"uid":"u-drain","apns":{"alert":{"title":"Mail","body":"drain"}}})").object(), key)
                   .status != 200
        || !QTest::qWaitFor([&] { return !jpush.requests().isEmpty(); }, 10000))
        return nullptr;
    return server;
}

// JPush answers the first attempt busy; SIGTERM before the retry: it goes on during shutdown-grace and
// is delivered, and the server exits then, not at the grace's end.
void TestDurability::providerRetryGoesOnDuringGrace()
{
    JPushStandIn jpush(kJPushKey, kJPushSecret);
    jpush.failNext(503, 1030);
    const auto server = pushedToJPush(jpush, u"15000"_s);
    QVERIFY(server);
    QElapsedTimer clock;
    QVERIFY2(stoppedBySigterm(*server, &clock), qPrintable(server->log().right(2000)));
    QCOMPARE(jpush.accepted().size(), 1);
    QCOMPARE(jpush.accepted().first().value(u"audience"_s).toObject().value(u"registration_id"_s).toArray(), QJsonArray{u"reg-drain-1"_s});
    QVERIFY2(clock.elapsed() < 12000, "the server waited for the grace's end");
    QVERIFY(unsentLines(*server).isEmpty());
}

// JPush never answers: when shutdown-grace runs out, the push is written down with its provider.
void TestDurability::unansweredProviderPushIsWrittenDown()
{
    JPushStandIn jpush(kJPushKey, kJPushSecret);
    jpush.setDelay(-1);
    const auto server = pushedToJPush(jpush, u"1500"_s);
    QVERIFY(server);
    QElapsedTimer clock;
    QVERIFY2(stoppedBySigterm(*server, &clock), qPrintable(server->log().right(2000)));
    QVERIFY2(clock.elapsed() >= 1400, "the push was waited for until shutdown-grace ran out");
    const QList<QJsonObject> lines = unsentLines(*server);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value(u"provider"_s).toString(), u"jpush"_s);
    QCOMPARE(lines.first().value(u"uid"_s).toString(), u"u-drain"_s);
    QCOMPARE(lines.first().value(u"token"_s).toString(), u"reg-drain-1"_s);
    QCOMPARE(lines.first().value(u"title"_s).toString(), u"Mail"_s);
    QCOMPARE(lines.first().value(u"body"_s).toString(), u"drain"_s);
    QVERIFY2(server->log().contains(u"1 push notifications not sent within shutdown-grace; written down in"_s), qPrintable(server->log()));
}

std::unique_ptr<ServerProcess> TestDurability::sentToRobot(RobotStandIn &robot, int windowMs, const QString &grace,
                                                           const QStringList &texts)
{
    QString error;
    if (!robot.listen(m_certs.certificateFile(), m_certs.keyFile(), &error))
        return nullptr;
    QFile ini(m_dir.filePath(u"robot-%1.ini"_s.arg(windowMs)));
    const QByteArray config = "[herald]\nbind = 127.0.0.1\nshutdown-grace = " + grace.toUtf8() + "\n[robot.slow]\nkind = wecom\nurl = "
                              + robot.webhook().toEncoded() + "\nca-file = " + QFile::encodeName(m_certs.caFile())
                              + "\nrate = 1\nwindow-ms = " + QByteArray::number(windowMs) + "\n";
    if (!ini.open(QIODevice::WriteOnly) || ini.write(config) != config.size())
        return nullptr;
    ini.close();
    auto server = ServerProcess::started({u"--config"_s, ini.fileName()});
    if (!server)
        return nullptr;
    for (const QString &text : texts) {
        if (m_http.command(server->apiUrl(), u"sendToRobot"_s, {{u"robot"_s, u"slow"_s}, {u"text"_s, text}}, server->apiKey().toUtf8())
                .status != 200)
            return nullptr;
    }
    if (!QTest::qWaitFor([&] { return robot.accepted().size() == 1; }, 10000))
        return nullptr;
    return server;
}

// One message a 2 s window: the second waits for room, SIGTERM meanwhile; it is posted during
// shutdown-grace, and the server exits then.
void TestDurability::robotQueueGoesOnDuringGrace()
{
    RobotStandIn robot(Herald::Push::RobotKind::WeCom, {});
    const auto server = sentToRobot(robot, 2000, u"15000"_s, {u"first"_s, u"second"_s});
    QVERIFY(server);
    QElapsedTimer clock;
    QVERIFY2(stoppedBySigterm(*server, &clock), qPrintable(server->log().right(2000)));
    QCOMPARE(robot.accepted().size(), 2);
    QVERIFY(robot.accepted().last().text.contains(u"second"_s));
    QVERIFY2(clock.elapsed() < 12000, "the server waited for the grace's end");
    QVERIFY(unsentLines(*server).isEmpty());
}

// One message in ten minutes: what waits when shutdown-grace runs out is written down, a line per
// message with the robot's name.
void TestDurability::fullRobotQueueIsWrittenDown()
{
    RobotStandIn robot(Herald::Push::RobotKind::WeCom, {});
    const auto server = sentToRobot(robot, 600000, u"1500"_s, {u"first"_s, u"second"_s, u"third"_s});
    QVERIFY(server);
    QElapsedTimer clock;
    QVERIFY2(stoppedBySigterm(*server, &clock), qPrintable(server->log().right(2000)));
    QVERIFY2(clock.elapsed() >= 1400, "the queue was waited for until shutdown-grace ran out");
    QStringList texts;
    for (const QJsonObject &line : unsentLines(*server)) {
        QCOMPARE(line.value(u"robot"_s).toString(), u"slow"_s);
        QCOMPARE(line.value(u"kind"_s).toString(), u"wecom"_s);
        QCOMPARE(line.value(u"messages"_s).toInt(), 1);
        texts.append(line.value(u"text"_s).toString());
    }
    QCOMPARE(texts, (QStringList{u"second"_s, u"third"_s}));
    QCOMPARE(robot.accepted().size(), 1);
    QVERIFY2(server->log().contains(u"2 robot messages not sent within shutdown-grace; written down in"_s), qPrintable(server->log()));
}

// A stream of sendToClient calls to a connected client; SIGTERM in the middle of it. Every call
// answered 200 reaches the client before its close frame (1001).
void TestDurability::sigtermDeliversEveryAnsweredSend()
{
    ServerProcess server({u"--shutdown-grace"_s, u"10000"_s, u"--ping-interval"_s, u"0"_s});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ChatClient client;
    QVERIFY(client.connectAndLogin(server.clientUrl(), u"reader"_s, u"lobby"_s));
    QSet<int> received;
    connect(&client.ws.socket(), &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
        if (m.value(u"type"_s) == u"n"_s)
            received.insert(m.value(u"n"_s).toInt());
    });
    const QString id = client.clientId;
    CallStream stream(server, u"sendToClient"_s, [id](int n) {
        return QJsonObject{{u"client_id"_s, id}, {u"message"_s, u"{\"type\":\"n\",\"n\":%1}"_s.arg(n)}};
    });
    QVERIFY(QTest::qWaitFor([&] { return stream.answered().size() >= 200; }, 20000));
    server.sendSignal(SIGTERM);
    QVERIFY(client.ws.waitClosed(15000));
    QCOMPARE(client.ws.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    stream.stop();
    QVERIFY(QTest::qWaitFor([&] { return stream.isIdle(); }, 15000));
    QVERIFY(QTest::qWaitFor([&] { return server.process().state() == QProcess::NotRunning; }, 15000));
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY2(server.log().contains(u"every client closed"_s), qPrintable(server.log().right(2000))); // not the grace's end
    const QSet<int> lost = stream.answered() - received;
    QVERIFY2(lost.isEmpty(), qPrintable(u"%1 of %2 sends answered 200 never reached the client, e.g. %3"_s
                                            .arg(lost.size()).arg(stream.answered().size())
                                            .arg(lost.isEmpty() ? -1 : *lost.cbegin())));
    qInfo("%lld sends answered 200, all delivered before the close frame", qint64(stream.answered().size()));
}

// kill -9 in the middle of a stream of registrations: after a restart on the same data directory,
// every registration that was answered 200 is there (SQLite WAL: a commit is in the file before the
// answer; synchronous=NORMAL loses nothing to a killed process).
void TestDurability::killedServerKeepsEveryAnsweredRegistration()
{
    QTemporaryDir dir;
    const QStringList args{u"--data-dir"_s, dir.filePath(u"data"_s)};
    int sent = 0;
    QSet<int> answered;
    {
        ServerProcess server(args);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        CallStream stream(server, u"registerDevice"_s, &registration);
        QVERIFY(QTest::qWaitFor([&] { return stream.answered().size() >= 150; }, 30000));
        server.sendSignal(SIGKILL);
        QVERIFY(QTest::qWaitFor([&] { return server.process().state() == QProcess::NotRunning; }, 10000));
        QCOMPARE(server.process().exitStatus(), QProcess::CrashExit);
        QVERIFY(QTest::qWaitFor([&] { return stream.isIdle() || stream.failures() >= 20; }, 15000));
        stream.stop();
        answered = stream.answered();
        sent = int(stream.statuses().size()) + 4;
    }
    const QString lost = lostAfterRestart(args, sent, answered);
    QVERIFY2(lost.isEmpty(), qPrintable(lost));
    qInfo("%lld registrations answered before kill -9, all kept", qint64(answered.size()));
}

void TestDurability::unusableDataDirectoryStopsTheStart_data()
{
    QTest::addColumn<QString>("dataDir");  // under the temporary directory
    QTest::addColumn<QString>("file");     // a file to create there first, with
    QTest::addColumn<QByteArray>("bytes"); // these bytes
    QTest::addColumn<QString>("named");    // the path the error names
    QTest::addColumn<QString>("advice");   // and what it says to do

    QTest::newRow("a file where the directory should be") << u"data"_s << u"data"_s << "not a directory"_ba << u"data"_s
                                                          << u"is a file, not a directory: move the file away or set data-dir"_s;
    QTest::newRow("a file in its path") << u"file/data"_s << u"file"_s << "a file"_ba << u"file/data"_s
                                        << u"set data-dir to a directory the server may write"_s;
    QTest::newRow("a corrupt herald.db") << u"data"_s << u"data/herald.db"_s << QByteArray(8192, '\x5a')
                                         << u"data/herald.db"_s << u"restore it from a backup, or move it away"_s;
}

// Exit code 1, a message naming the file and what to do; never a crash.
void TestDurability::unusableDataDirectoryStopsTheStart()
{
    QFETCH(QString, dataDir);
    QFETCH(QString, file);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, named);
    QFETCH(QString, advice);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QFileInfo(dir.filePath(file)).path()));
    QFile f(dir.filePath(file));
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    f.close();
    QProcess server;
    server.start(ServerProcess::binary(), {u"--data-dir"_s, dir.filePath(dataDir), u"--port"_s, u"0"_s, u"--api-port"_s, u"0"_s,
                                           u"--text-port"_s, u"0"_s, u"--bind"_s, u"127.0.0.1"_s});
    QVERIFY(server.waitForFinished(15000));
    const QString output = QString::fromUtf8(server.readAllStandardError() + server.readAllStandardOutput());
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 1);
    QVERIFY2(output.contains(dir.filePath(named)) && output.contains(advice), qPrintable(output));
    QCOMPARE(QFile(dir.filePath(file)).size(), bytes.size()); // left as it was
}

// The server's files may not grow past 1 MiB (RLIMIT_FSIZE, SIGXFSZ ignored: writes fail with EFBIG,
// as on a full disk). Registrations go on until the device registry cannot write: those are answered
// 500 with the reason, logged and counted; the server keeps serving, and
// after a restart without the limit every registration answered 200 is there.
void TestDurability::fullDiskIsAnErrorAndLosesNothingAnswered()
{
    QTemporaryDir dir;
    const QStringList args{u"--data-dir"_s, dir.filePath(u"data"_s), u"--ping-interval"_s, u"0"_s};
    QSet<int> answered;
    int calls = 0;
    {
        ServerProcess server(args);
        server.process().setChildProcessModifier([] {
            const rlimit limit{1024 * 1024, 1024 * 1024};
            ::setrlimit(RLIMIT_FSIZE, &limit);
            ::signal(SIGXFSZ, SIG_IGN);
        });
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        CallStream stream(server, u"registerDevice"_s, &registration, 2);
        QVERIFY2(QTest::qWaitFor([&] { return stream.isIdle(); }, 60000), "the registrations never failed");
        answered = stream.answered();
        calls = int(stream.statuses().size());
        QVERIFY(!answered.isEmpty());
        QVERIFY2(stream.statuses().count(500) >= 20, qPrintable(server.log().right(3000)));
        QVERIFY(server.process().state() == QProcess::Running);
        QTRY_VERIFY(server.metric(u"herald_api_calls_total{command=\"registerDevice\",status=\"500\"}"_s) >= 20);
        const QString log = server.log();
        const QString where = u" in %1 (check the data directory's free space and permissions)"_s
                                  .arg(dir.filePath(u"data/herald.db"_s));
        QVERIFY2(log.contains(u"warning herald.store: device registry: "_s) && log.contains(where), qPrintable(log.right(2500)));
        QVERIFY(sayGoesRound(server.clientUrl(), u"still"_s)); // the clients are still served
        QVERIFY(server.terminate(15000));
    }
    const QString lost = lostAfterRestart(args, calls, answered);
    QVERIFY2(lost.isEmpty(), qPrintable(lost));
    qInfo("%lld registrations answered 200 before the disk was full, all kept", qint64(answered.size()));
}

QTEST_MAIN(TestDurability)
#include "tst_durability.moc"
