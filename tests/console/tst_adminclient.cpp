// AdminClient against a real herald-server: welcome, live events, commands, the room tail, a wrong
// token, an unreachable server, and the server going away and coming back.
#include "net/adminclient.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QJsonArray>
#include <QSignalSpy>
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
    void unreachableRetriesWithBackOff();
    void serverComesBack();

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
    // The server handles a connection's messages in order: once a later command is answered, the
    // subscription sent with the welcome is active.
    bool answered = false;
    client.command(QStringLiteral("getAllClientIdCount"), {}, [&answered](const Admin::Result &) { answered = true; });
    QTRY_VERIFY(answered);
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
    QVERIFY(chat.ws.isOpen());
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

void TestAdminClient::unreachableRetriesWithBackOff()
{
    AdminClient client;
    client.setReconnectDelays(50, 100);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    client.open({QUrl(QStringLiteral("ws://127.0.0.1:%1/admin").arg(freePort())), QStringLiteral("whatever-token-123"), {}});
    QTRY_VERIFY(errors.count() >= 3); // it keeps trying
    for (const QList<QVariant> &e : std::as_const(errors))
        QCOMPARE(e.first().value<Failure>(), Failure::Unreachable);
    QVERIFY(client.state() == State::WaitingToReconnect || client.state() == State::Connecting);
    client.close();
    QCOMPARE(client.state(), State::Disconnected);
}

void TestAdminClient::serverComesBack()
{
    QTemporaryDir dir;
    const QStringList args{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")),
                           QStringLiteral("--port"), QString::number(freePort()),
                           QStringLiteral("--api-port"), QString::number(freePort()),
                           QStringLiteral("--text-port"), QString::number(freePort())};
    auto server = std::make_unique<ServerProcess>(args);
    QVERIFY2(server->start(), qPrintable(server->errorString()));
    const QString token = server->adminToken();
    const QUrl url = server->adminUrl();

    AdminClient client;
    client.setReconnectDelays(50, 300);
    QSignalSpy snapshots(&client, &AdminClient::snapshotReceived);
    QSignalSpy errors(&client, &AdminClient::errorOccurred);
    client.open({url, token, {}});
    QTRY_COMPARE(snapshots.count(), 1);

    QVERIFY(server->terminate(10000));
    QTRY_VERIFY(client.state() != State::Connected);
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().first().value<Failure>(), Failure::ConnectionLost);

    server = std::make_unique<ServerProcess>(args); // same ports and data directory: the same token
    QVERIFY2(server->start(), qPrintable(server->errorString()));
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(server->clientUrl(), QStringLiteral("back"), QStringLiteral("1")));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Connected, 10000);
    QTRY_COMPARE(snapshots.count(), 2);
    const auto fresh = snapshots.last().first().value<Admin::Snapshot>();
    QCOMPARE(fresh.clients.size(), 1);
    QCOMPARE(fresh.clients.first().id, chat.clientId);
}

QTEST_GUILESS_MAIN(TestAdminClient)
#include "tst_adminclient.moc"
