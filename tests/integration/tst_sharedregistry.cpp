// The device registry on MariaDB, shared by herald-server nodes (the real binary, a private mariadbd):
// a device registered through node A is pushed through node B to the APNs stand-in; a database down at
// start or killed mid-run leaves the server serving, the device commands answering 503 "device registry
// unavailable" and /healthz's "registry" degraded, until it is back; a password in the URL, or a
// password file that cannot be read, stops the start with a clear error that shows no password.
#include "apnscerts.h"
#include "apnsstandin.h"
#include "mariadbprocess.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// The stand-in trusts the test credentials' signing key for one topic.
const QString kKeyId = u"ABC123DEFG"_s;
const QString kTeamId = u"DEF123GHIJ"_s;
const QString kTopic = u"com.example.chat"_s;

// Device token n: 64 hex digits.
QString token(int n)
{
    return u"%1"_s.arg(n, 64, 16, QLatin1Char('0'));
}

QString errorOutcome(const HttpReply &r)
{
    const QJsonObject error = r.json().value(u"error").toObject();
    return u"%1 code %2: %3"_s.arg(r.status).arg(error.value(u"code").toInt()).arg(error.value(u"message").toString());
}

} // namespace

class TestSharedRegistry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void deviceRegisteredOnOneNodeIsPushedByAnother();
    void databaseDownAtStart();
    void databaseKilledMidRun();
    void badDatabaseSettingsStopTheServer_data();
    void badDatabaseSettingsStopTheServer();

private:
    QStringList databaseFlags() const
    {
        return {u"--database"_s, m_mariadb.url(), u"--database-password-file"_s, m_mariadb.passwordFile()};
    }
    std::unique_ptr<ServerProcess> startNode(const QStringList &extra = {});
    HttpReply call(ServerProcess &node, const QString &command, const QJsonObject &args)
    {
        return m_http.command(node.apiUrl(), command, args, node.apiKey().toUtf8());
    }
    QString registryHealth(ServerProcess &node)
    {
        return m_http.get(node.apiUrl(u"/healthz"_s)).json().value(u"registry").toString();
    }
    HttpReply registerDevice(ServerProcess &node, const QString &uid, const QString &device)
    {
        return call(node, u"registerDevice"_s, {{u"uid"_s, uid}, {u"token"_s, device}, {u"environment"_s, u"sandbox"_s}});
    }

    MariadbProcess m_mariadb;
    TestCertificates m_tls;
    ApnsTestCredentials m_credentials;
    std::unique_ptr<ApnsStandIn> m_standIn;
    HttpClient m_http;
};

void TestSharedRegistry::initTestCase()
{
    QString error;
    QVERIFY2(MariadbProcess::available(&error), qPrintable(error));
    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
    QVERIFY2(m_tls.create(), qPrintable(m_tls.errorString()));
    QVERIFY2(m_credentials.create(), qPrintable(m_credentials.errorString()));
    m_standIn = std::make_unique<ApnsStandIn>(ApnsStandIn::configFor(
        ApnsStandIn::Environment::Sandbox, m_tls.certificateFile(), m_tls.keyFile(),
        ApnsStandIn::signingKey(kKeyId, kTeamId, m_credentials.signingPublicKeyFile(), {kTopic})));
    QVERIFY2(m_standIn->listen(), qPrintable(m_standIn->errorString()));
}

// A node on the shared database, with APNs pointed at the stand-in; each in its own data directory.
std::unique_ptr<ServerProcess> TestSharedRegistry::startNode(const QStringList &extra)
{
    auto node = std::make_unique<ServerProcess>(
        databaseFlags() + extra
        + QStringList{u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-key-id"_s, kKeyId, u"--apns-team-id"_s, kTeamId,
                      u"--apns-topic"_s, kTopic, u"--apns-host"_s, u"127.0.0.1"_s, u"--apns-port"_s,
                      QString::number(m_standIn->serverPort()), u"--apns-ca-file"_s, m_tls.caFile()});
    if (!node->start()) {
        qWarning().noquote() << node->errorString() << node->log();
        return nullptr;
    }
    return node;
}

void TestSharedRegistry::deviceRegisteredOnOneNodeIsPushedByAnother()
{
    const std::unique_ptr<ServerProcess> a = startNode();
    const std::unique_ptr<ServerProcess> b = startNode();
    QVERIFY(a && b);
    QVERIFY(a->dataDir() != b->dataDir());
    QCOMPARE(registryHealth(*a), u"ok"_s);

    const QString device = token(1);
    m_standIn->registerToken(device.toLatin1(), kTopic);
    HttpReply r = registerDevice(*a, u"u-shared"_s, device);
    QVERIFY2(r.status == 200, r.body.constData());

    r = call(*b, u"pushToUid"_s, QJsonDocument::fromJson(R"({"uid":"u-shared","apns":{"alert":"from B"}})").object());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
    QTRY_COMPARE(m_standIn->requests().size(), 1);
    const ApnsRequestRecord req = m_standIn->requests().first();
    QCOMPARE(req.path, "/3/device/" + device.toLatin1());
    QCOMPARE(req.status, 200);
    QCOMPARE(QJsonDocument::fromJson(req.body).object().value(u"aps").toObject().value(u"alert").toString(), u"from B"_s);

    // Unregistered on B: gone on A too.
    r = call(*b, u"unregisterDevice"_s, {{u"token"_s, device}});
    QCOMPARE(r.json().value(u"removed").toInt(), 1);
    QCOMPARE(call(*a, u"listDevices"_s, {{u"uid"_s, u"u-shared"_s}}).json().value(u"devices").toArray().size(), 0);
}

void TestSharedRegistry::databaseDownAtStart()
{
    m_mariadb.stop();
    const std::unique_ptr<ServerProcess> node = startNode();
    QVERIFY(node); // it starts all the same
    QCOMPARE(registryHealth(*node), u"degraded"_s);
    const QString log = node->log();
    QVERIFY2(log.contains(u"device registry %1 unavailable: "_s.arg(m_mariadb.url())), qPrintable(log));
    QVERIFY2(!log.contains(m_mariadb.password()), qPrintable(log));

    const QString device = token(2);
    HttpReply r = registerDevice(*node, u"u-later"_s, device);
    QVERIFY2(errorOutcome(r).startsWith(u"503 code %1: device registry unavailable: "_s.arg(ApiCode::RegistryUnavailable)),
             qPrintable(errorOutcome(r)));
    // Nothing else is lost: the commands that do not need the registry answer.
    QCOMPARE(call(*node, u"getAllClientIdCount"_s, {}).status, 200);

    QString error;
    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(registryHealth(*node), u"ok"_s, 15000);
    r = registerDevice(*node, u"u-later"_s, device);
    QVERIFY2(r.status == 200, r.body.constData());
}

void TestSharedRegistry::databaseKilledMidRun()
{
    QString error;
    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
    const std::unique_ptr<ServerProcess> node = startNode();
    QVERIFY(node);
    const QString device = token(3);
    HttpReply r = registerDevice(*node, u"u-crash"_s, device);
    QVERIFY2(r.status == 200, r.body.constData());

    m_mariadb.kill();
    r = call(*node, u"listDevices"_s, {{u"uid"_s, u"u-crash"_s}});
    QVERIFY2(errorOutcome(r).startsWith(u"503 code %1: device registry unavailable: "_s.arg(ApiCode::RegistryUnavailable)),
             qPrintable(errorOutcome(r)));
    QCOMPARE(registryHealth(*node), u"degraded"_s);
    QVERIFY(node->process().state() == QProcess::Running);

    QVERIFY2(m_mariadb.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(registryHealth(*node), u"ok"_s, 15000);
    r = call(*node, u"listDevices"_s, {{u"uid"_s, u"u-crash"_s}});
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"devices").toArray().size(), 1);
}

void TestSharedRegistry::badDatabaseSettingsStopTheServer_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("message");
    QTest::newRow("password in the URL")
        << QStringList{u"--database"_s, u"mysql://herald:%1@127.0.0.1:%2/herald"_s.arg(m_mariadb.password()).arg(m_mariadb.port())}
        << u"remove it from the URL and put it in a file named by database-password-file"_s;
    QTest::newRow("unreadable password file")
        << QStringList{u"--database"_s, m_mariadb.url(), u"--database-password-file"_s, u"/nonexistent/db.password"_s}
        << u"database-password-file: cannot read /nonexistent/db.password"_s;
}

void TestSharedRegistry::badDatabaseSettingsStopTheServer()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, message);
    ServerProcess server(flags);
    QVERIFY(!server.start());
    QVERIFY(server.process().state() == QProcess::NotRunning || server.process().waitForFinished(10000));
    QVERIFY(server.process().exitCode() != 0);
    const QString log = server.log();
    QVERIFY2(log.contains(message), qPrintable(log));
    QVERIFY2(!log.contains(m_mariadb.password()), qPrintable(log));
}

QTEST_GUILESS_MAIN(TestSharedRegistry)
#include "tst_sharedregistry.moc"
