// AdminClient against a real herald-server: welcome, live events, commands, the room tail, a wrong
// token, closing and moving to another server, an unreachable server, and the server going away and
// coming back.
#include "net/adminclient.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace Herald::Console;
using namespace HeraldTest;

namespace {
using State = AdminClient::State;
using Failure = AdminClient::Failure;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// The server handles one connection's messages in order: once a command sent after a subscription is
// answered, the subscription is active.
bool settle(AdminClient &client)
{
    bool answered = false;
    client.command(QStringLiteral("getAllClientIdCount"), {}, [&answered](const Admin::Result &) { answered = true; });
    return QTest::qWaitFor([&answered] { return answered; }, 5000);
}

// Still connected: a say to its own room comes back (a close sent earlier would have arrived first).
bool stillConnected(ChatClient &chat)
{
    chat.say(QStringLiteral("still here?"));
    return !chat.ws.waitFor(QStringLiteral("say")).isEmpty() && chat.ws.isOpen();
}
} // namespace

class TestAdminClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void welcomeAndLiveEvents();
    void commandsAndResults();
    void roomTail();
    void readOnlyToken();
    void wrongTokenDoesNotRetry();
    void closeIsQuiet();
    void openMovesToAnotherServer();
    void unreachableRetriesWithBackOff();
    void serverComesBack();
    void certificateProblemIsNamedAndNotRetried();
    void privateCaFileIsTrusted();
    void realServerOverWssWithItsCaFile();

private:
    std::unique_ptr<ServerProcess> m_server;
    AdminClient::Target target(const QString &token) const { return {m_server->adminUrl(), token, {}}; }
};

void TestAdminClient::initTestCase()
{
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestAdminClient::welcomeAndLiveEvents()
{
    ChatClient before;
    QVERIFY(before.connectAndLogin(m_server->clientUrl(), QStringLiteral("early"), QStringLiteral("lobby")));

    AdminClient client;
    QSignalSpy snapshots(&client, &AdminClient::snapshotReceived);
    QSignalSpy events(&client, &AdminClient::eventsReceived);
    client.open(target(m_server->adminToken()));
    QTRY_COMPARE(client.state(), State::Connected);
    QVERIFY(!client.isReadOnly());
    QVERIFY(client.hello().commands.contains(QStringLiteral("closeClient")));
    QTRY_COMPARE(snapshots.count(), 1);
    const auto snapshot = snapshots.first().first().value<Admin::Snapshot>();
    QCOMPARE(snapshot.clients.size(), 1);
    QCOMPARE(snapshot.clients.first().id, before.clientId);
    QCOMPARE(snapshot.clients.first().name, QStringLiteral("early"));
    QCOMPARE(client.server().version, QStringLiteral(HERALD_VERSION));

    ChatClient later;
    QVERIFY(later.connectAndLogin(m_server->clientUrl(), QStringLiteral("late"), QStringLiteral("lobby")));
    const auto seen = [&](Admin::EventKind kind) {
        for (const QList<QVariant> &args : std::as_const(events)) {
            for (const Admin::Event &e : args.first().value<QList<Admin::Event>>()) {
                if (e.kind == kind && e.clientId == later.clientId)
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY(seen(Admin::EventKind::Connect));
    QTRY_VERIFY(seen(Admin::EventKind::Login));
    later.ws.socket().close();
    QTRY_VERIFY(seen(Admin::EventKind::Disconnect));
    QTRY_VERIFY(client.latencyMs() >= 0);
}

void TestAdminClient::commandsAndResults()
{
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(m_server->clientUrl(), QStringLiteral("cmd"), QStringLiteral("7")));
    AdminClient client;
    client.open(target(m_server->adminToken()));
    QTRY_COMPARE(client.state(), State::Connected);

    QSignalSpy finished(&client, &AdminClient::commandFinished);
    Admin::Result got;
    const qint64 id = client.command(QStringLiteral("getClientIdListByGroup"), {{QStringLiteral("group"), QStringLiteral("7")}},
                                     [&got](const Admin::Result &r) { got = r; });
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toLongLong(), id);
    QVERIFY(got.ok());
    QCOMPARE(got.body.value(u"client_ids").toArray().first().toString(), chat.clientId);

    // a command that fails reports the server's error
    client.command(QStringLiteral("sendToClient"), {{QStringLiteral("client_id"), QStringLiteral("nobody")},
                                                    {QStringLiteral("message"), QStringLiteral("x")}},
                   [&got](const Admin::Result &r) { got = r; });
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(got.status, 404);
    QCOMPARE(got.errorCode(), 2006);

    // a command sent while disconnected fails at once, never silently
    client.close();
    client.command(QStringLiteral("getAllClientIdCount"), {}, [&got](const Admin::Result &r) { got = r; });
    QTRY_COMPARE(finished.count(), 3);
    QCOMPARE(got.status, 0);
    QCOMPARE(got.errorMessage(), QStringLiteral("not connected"));
}

void TestAdminClient::roomTail()
{
    ChatClient talker;
    QVERIFY(talker.connectAndLogin(m_server->clientUrl(), QStringLiteral("talker"), QStringLiteral("tailed")));
    AdminClient client;
    QSignalSpy traffic(&client, &AdminClient::trafficReceived);
    client.subscribe(QStringLiteral("tailed")); // before connecting: sent once the welcome is in
    client.open(target(m_server->adminToken()));
    QTRY_COMPARE(client.state(), State::Connected);
    QVERIFY(settle(client)); // the subscription sent with the welcome is active
    talker.say(QStringLiteral("probe"));
    QTRY_COMPARE(traffic.count(), 1);
    const auto messages = traffic.last().first().value<QList<Admin::TrafficMessage>>();
    QCOMPARE(messages.last().room, QStringLiteral("tailed"));
    QCOMPARE(messages.last().sender, talker.clientId);
    QVERIFY(messages.last().content.contains(QStringLiteral("probe")));
    QCOMPARE(messages.last().size, messages.last().content.toUtf8().size());
}

void TestAdminClient::readOnlyToken()
{
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(m_server->clientUrl(), QStringLiteral("ro"), QStringLiteral("1")));
    AdminClient client;
    client.open(target(m_server->readonlyToken()));
    QTRY_COMPARE(client.state(), State::Connected);
    QVERIFY(client.isReadOnly());
    Admin::Result got;
    client.command(QStringLiteral("closeClient"), {{QStringLiteral("client_id"), chat.clientId}},
                   [&got](const Admin::Result &r) { got = r; });
    QTRY_COMPARE(got.status, 403);
    QCOMPARE(got.errorCode(), 2009);
    QVERIFY(stillConnected(chat));
}

void TestAdminClient::wrongTokenDoesNotRetry()
{
    AdminClient client;
    client.setReconnectDelays(50, 200);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    QSignalSpy states(&client, &AdminClient::stateChanged);
    client.open(target(QStringLiteral("this-is-not-the-token")));
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<Failure>(), Failure::WrongToken);
    QTRY_COMPARE(client.state(), State::Disconnected);
    const qsizetype settled = states.count();
    QVERIFY(!QTest::qWaitFor([&] { return states.count() > settled; }, 600)); // no reconnect loop
}

// Closing on purpose is not a failure: nothing to report, no reconnect, and a command still waiting for its
// answer gets one at once.
void TestAdminClient::closeIsQuiet()
{
    AdminClient client;
    client.setReconnectDelays(50, 50);
    client.open(target(m_server->adminToken()));
    QTRY_COMPARE(client.state(), State::Connected);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    QSignalSpy states(&client, &AdminClient::stateChanged);
    Admin::Result got;
    client.command(QStringLiteral("getAllClientIdCount"), {}, [&got](const Admin::Result &r) { got = r; });
    client.close(); // before the answer can arrive
    QTRY_COMPARE(got.errorMessage(), QStringLiteral("connection closed"));
    QCOMPARE(got.status, 0);
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(errors.count(), 0);
    QVERIFY(!QTest::qWaitFor([&] { return states.count() > 1; }, 300)); // no reconnect (the delay is 50 ms)
    QCOMPARE(errors.count(), 0);
}

// open() while connected moves to the other server without reporting the old connection as lost.
void TestAdminClient::openMovesToAnotherServer()
{
    ServerProcess other;
    QVERIFY2(other.start(), qPrintable(other.errorString()));
    ChatClient there;
    QVERIFY(there.connectAndLogin(other.clientUrl(), QStringLiteral("there"), QStringLiteral("elsewhere")));

    AdminClient client;
    QSignalSpy snapshots(&client, &AdminClient::snapshotReceived);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    client.open(target(m_server->adminToken()));
    QTRY_COMPARE(snapshots.count(), 1);
    client.open({other.adminUrl(), other.adminToken(), {}});
    QTRY_COMPARE(snapshots.count(), 2);
    QCOMPARE(client.state(), State::Connected);
    QCOMPARE(client.target().url, other.adminUrl());
    const auto snapshot = snapshots.last().first().value<Admin::Snapshot>();
    QCOMPARE(snapshot.clients.size(), 1);
    QCOMPARE(snapshot.clients.first().id, there.clientId);
    QCOMPARE(errors.count(), 0);
}

void TestAdminClient::unreachableRetriesWithBackOff()
{
    AdminClient client;
    client.setReconnectDelays(100, 400);
    QElapsedTimer clock;
    clock.start();
    QList<Failure> failures;
    QList<qint64> failedAt;
    connect(&client, &AdminClient::errorOccurred, &client, [&](Failure f) {
        failures.append(f);
        failedAt.append(clock.elapsed());
    });
    client.open({QUrl(QStringLiteral("ws://127.0.0.1:%1/admin").arg(freePort())), QStringLiteral("whatever-token-123"), {}});
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 5, 10000); // it keeps trying
    QCOMPARE(failures, QList<Failure>(failures.size(), Failure::Unreachable));
    // each wait doubles, up to the maximum (timers may fire up to 5% early)
    const QList<qint64> delays{100, 200, 400, 400};
    for (qsizetype i = 0; i < delays.size(); ++i) {
        const qint64 waited = failedAt.at(i + 1) - failedAt.at(i);
        QVERIFY2(waited >= delays.at(i) * 95 / 100,
                 qPrintable(QStringLiteral("attempt %1 came %2 ms after the previous failure, expected %3 ms")
                                .arg(i + 2).arg(waited).arg(delays.at(i))));
    }
    QVERIFY(client.state() == State::WaitingToReconnect || client.state() == State::Connecting);
    const qsizetype before = failures.size();
    client.close();
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(failures.size(), before); // closing an attempt under way is not one more failure
}

// The server stops and starts again on the same ports and data directory (so the same token is valid):
// the client reconnects by itself, gets a fresh snapshot, and its room tail is renewed.
void TestAdminClient::serverComesBack()
{
    QTemporaryDir dir;
    const QStringList args{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")),
                           QStringLiteral("--port"), QString::number(freePort()),
                           QStringLiteral("--api-port"), QString::number(freePort()),
                           QStringLiteral("--text-port"), QString::number(freePort())};
    auto server = std::make_unique<ServerProcess>(args);
    QVERIFY2(server->start(), qPrintable(server->errorString()));
    ChatClient old;
    QVERIFY(old.connectAndLogin(server->clientUrl(), QStringLiteral("old"), QStringLiteral("back")));

    AdminClient client;
    client.setReconnectDelays(50, 500);
    QSignalSpy snapshots(&client, &AdminClient::snapshotReceived);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    QSignalSpy traffic(&client, &AdminClient::trafficReceived);
    client.subscribe(QStringLiteral("back"));
    client.open({server->adminUrl(), server->adminToken(), {}});
    QTRY_COMPARE(snapshots.count(), 1);
    const auto first = snapshots.first().first().value<Admin::Snapshot>();
    QCOMPARE(first.clients.size(), 1);
    QCOMPARE(first.clients.first().id, old.clientId);

    QVERIFY(server->terminate(10000));
    QTRY_COMPARE(client.state(), State::WaitingToReconnect);
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<Failure>(), Failure::ConnectionLost);

    server = std::make_unique<ServerProcess>(args);
    QVERIFY2(server->start(), qPrintable(server->errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 2, 10000);
    QCOMPARE(client.state(), State::Connected);
    const auto fresh = snapshots.last().first().value<Admin::Snapshot>();
    QCOMPARE(fresh.clients.size(), 0); // from the new process: the old one's client is gone

    QVERIFY(settle(client));
    ChatClient talker;
    QVERIFY(talker.connectAndLogin(server->clientUrl(), QStringLiteral("talker"), QStringLiteral("back")));
    talker.say(QStringLiteral("after the restart"));
    // what the room saw: the talker's login notice, then its say
    const auto tailed = [&traffic, &talker] {
        QStringList seen;
        for (const QList<QVariant> &args : std::as_const(traffic)) {
            for (const Admin::TrafficMessage &m : args.first().value<QList<Admin::TrafficMessage>>()) {
                const QJsonObject chat = QJsonDocument::fromJson(m.content.toUtf8()).object();
                seen.append((m.sender == talker.clientId ? QString() : m.sender + QLatin1Char(':'))
                            + chat.value(u"type").toString() + QLatin1Char(' ') + chat.value(u"content").toString());
            }
        }
        return seen;
    };
    QTRY_COMPARE(tailed(), QStringList({QStringLiteral("login "), QStringLiteral("say after the restart")}));
}

namespace {
// A TLS endpoint with the test CA's server certificate: enough to see whether the console trusts it.
struct TlsEndpoint {
    TestCertificates certs;
    QSslServer server;
    int encrypted = 0;

    bool listen()
    {
        if (!certs.create()) {
            qWarning("%s", qPrintable(certs.errorString()));
            return false;
        }
        QFile cert(certs.certificateFile()), key(certs.keyFile());
        if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return false;
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(QSslCertificate(&cert, QSsl::Pem));
        ssl.setPrivateKey(QSslKey(&key, QSsl::Ec, QSsl::Pem));
        server.setSslConfiguration(ssl);
        QObject::connect(&server, &QSslServer::pendingConnectionAvailable, &server, [this] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                ++encrypted; // only handshakes that succeeded arrive here
                s->disconnectFromHost(); // no WebSocket behind it
            }
        });
        return server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1/admin").arg(server.serverPort())); }
};
} // namespace

void TestAdminClient::certificateProblemIsNamedAndNotRetried()
{
    TlsEndpoint endpoint;
    QVERIFY(endpoint.listen());

    AdminClient client;
    client.setReconnectDelays(50, 100);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    client.open({endpoint.url(), QStringLiteral("whatever-token-123"), {}}); // the private CA is not trusted
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<Failure>(), Failure::Certificate);
    QVERIFY2(errors.first().at(1).toString().contains(QStringLiteral("certificate")), qPrintable(errors.first().at(1).toString()));
    QTRY_COMPARE(client.state(), State::Disconnected); // retrying cannot fix a certificate
    QCOMPARE(endpoint.encrypted, 0);
}

void TestAdminClient::privateCaFileIsTrusted()
{
    TlsEndpoint endpoint;
    QVERIFY(endpoint.listen());

    AdminClient client;
    client.setAutoReconnect(false);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    client.open({endpoint.url(), QStringLiteral("whatever-token-123"), endpoint.certs.caFile()});
    QTRY_COMPARE(endpoint.encrypted, 1); // the handshake succeeded: the CA file was trusted
    QTRY_VERIFY(!errors.isEmpty());
    for (const QList<QVariant> &e : std::as_const(errors))
        QVERIFY(e.first().value<Failure>() != Failure::Certificate);

    // A CA file that cannot be read is a clear certificate error before any connection.
    AdminClient missing;
    QSignalSpy missingErrors(&missing, &AdminClient::errorOccurred);
    missing.open({endpoint.url(), QStringLiteral("whatever-token-123"), QStringLiteral("/nonexistent/ca.pem")});
    QCOMPARE(missingErrors.count(), 1);
    QCOMPARE(missingErrors.first().first().value<Failure>(), Failure::Certificate);
    QVERIFY(missingErrors.first().at(1).toString().contains(QStringLiteral("/nonexistent/ca.pem")));
    QCOMPARE(missing.state(), State::Disconnected);
}

// The console against herald-server with tls-cert: wss://…/admin verified with the CA file, and
// refused as a certificate problem without it.
void TestAdminClient::realServerOverWssWithItsCaFile()
{
    TestCertificates certs;
    QVERIFY2(certs.create(), qPrintable(certs.errorString()));
    ServerProcess server({QStringLiteral("--tls-cert"), certs.certificateFile(), QStringLiteral("--tls-key"), certs.keyFile()});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(server.adminUrl().scheme(), QStringLiteral("wss"));

    AdminClient client;
    QSignalSpy snapshots(&client, &AdminClient::snapshotReceived);
    client.open({server.adminUrl(), server.adminToken(), certs.caFile()});
    QTRY_COMPARE(snapshots.count(), 1);
    QCOMPARE(client.state(), State::Connected);

    AdminClient untrusting;
    untrusting.setAutoReconnect(false);
    QSignalSpy errors(&untrusting, &AdminClient::errorOccurred);
    untrusting.open({server.adminUrl(), server.adminToken(), {}});
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<Failure>(), Failure::Certificate);
}

QTEST_GUILESS_MAIN(TestAdminClient)
#include "tst_adminclient.moc"
