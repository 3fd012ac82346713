// Several gateway threads (gateway-threads): connections are spread over them, and routing, order,
// kicks, disconnects and the shutdown work across them as they do in one.
#include "serverprocess.h"
#include "testclients.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace HeraldTest;

namespace {
constexpr int kThreads = 3;
constexpr int kPerThread = 3;
constexpr int kCloseGoingAway = 1001;
constexpr int kCloseTooMuchData = 1009;

bool writeIni(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}
} // namespace

class TestGatewayThreads : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void connectionsAreSpreadOverTheThreads();
    void aRoomArrivingInStepIsSpreadOverTheThreads();
    void everyoneHearsEveryoneInOrder();
    void kicksReachEveryThread();
    void shutdownClosesEveryThreadsClients();
    void reloadedLimitsReachEveryThread();

private:
    qint64 sample(const QString &name);
    qint64 threadConnections(int thread) { return sample(QStringLiteral("herald_gateway_thread_connections{thread=\"%1\"}").arg(thread)); }
    void loginAll(int count);

    std::unique_ptr<ServerProcess> m_server;
    HttpClient m_http;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
};

void TestGatewayThreads::init()
{
    m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--gateway-threads"), QString::number(kThreads)});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestGatewayThreads::cleanup()
{
    m_clients.clear();
    m_server.reset();
}

qint64 TestGatewayThreads::sample(const QString &name)
{
    return prometheusSample(m_http.get(m_server->apiUrl(QStringLiteral("/metrics")), m_server->apiKey().toUtf8()).body, name);
}

void TestGatewayThreads::loginAll(int count)
{
    for (int i = 0; i < count; ++i) {
        auto c = std::make_unique<ChatClient>();
        QVERIFY(c->connectAndLogin(m_server->clientUrl(), QStringLiteral("user%1").arg(i), QStringLiteral("1")));
        m_clients.push_back(std::move(c));
    }
}

void TestGatewayThreads::connectionsAreSpreadOverTheThreads()
{
    loginAll(kThreads * kPerThread);
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(threadConnections(t), kPerThread);
    QCOMPARE(sample(QStringLiteral("herald_gateway_thread_connections{thread=\"%1\"}").arg(kThreads)), 0); // no more threads

    // A TCP connection that never finishes its handshake is held too, and let go when it goes.
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, m_server->clientPort());
    QVERIFY(idle.waitForConnected(5000));
    QTRY_COMPARE(threadConnections(0) + threadConnections(1) + threadConnections(2), kThreads * kPerThread + 1);
    idle.close();
    m_clients.front()->ws.socket().close();
    QTRY_COMPARE(threadConnections(0) + threadConnections(1) + threadConnections(2), kThreads * kPerThread - 1);
    QTRY_COMPARE(sample(QStringLiteral("herald_connections")), kThreads * kPerThread - 1);
    QVERIFY(sayGoesRound(m_server->clientUrl(), QStringLiteral("1"), m_clients.back().get()));
}

// Clients that arrive in step with their rooms (client i in room i % kThreads, as a load generator or a
// proxy may bring them) are not all put on one thread per room: a thread is chosen at random among the
// least loaded. With strict turns every member of room 0 would be on one thread, which closing them
// would leave empty; at random that happens once in ~180,000 runs (3 · 3^-12).
void TestGatewayThreads::aRoomArrivingInStepIsSpreadOverTheThreads()
{
    constexpr int kPerRoom = 12;
    std::vector<ChatClient *> roomZero;
    for (int i = 0; i < kThreads * kPerRoom; ++i) {
        auto c = std::make_unique<ChatClient>();
        QVERIFY(c->connectAndLogin(m_server->clientUrl(), QStringLiteral("user%1").arg(i), QString::number(i % kThreads)));
        if (i % kThreads == 0)
            roomZero.push_back(c.get());
        m_clients.push_back(std::move(c));
    }
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(threadConnections(t), kPerRoom); // still even
    for (ChatClient *c : roomZero)
        c->ws.socket().close();
    QTRY_COMPARE(sample(QStringLiteral("herald_connections")), (kThreads - 1) * kPerRoom);
    for (int t = 0; t < kThreads; ++t)
        QVERIFY2(threadConnections(t) > 0, qPrintable(QStringLiteral("thread %1 held all of room 0").arg(t)));
}

void TestGatewayThreads::everyoneHearsEveryoneInOrder()
{
    loginAll(kThreads * kPerThread);
    constexpr int kLines = 50;
    for (auto &c : m_clients)
        c->ws.clear();
    // The first client says its lines in a burst; every client, whatever its thread, hears all of them in order.
    for (int i = 0; i < kLines; ++i)
        m_clients.front()->say(QString::number(i));
    for (auto &c : m_clients) {
        QTRY_COMPARE(c->ws.ofType(QStringLiteral("say")).size(), kLines);
        const QList<QJsonObject> says = c->ws.ofType(QStringLiteral("say"));
        for (int i = 0; i < kLines; ++i)
            QCOMPARE(says[i].value(u"content").toString(), QString::number(i));
    }
}

void TestGatewayThreads::kicksReachEveryThread()
{
    loginAll(kThreads * kPerThread);
    const QUrl api = m_server->apiUrl();
    // Each round of kThreads clients gets one thread each (in random order): the first kThreads are on
    // different threads.
    for (int i = 0; i < kThreads; ++i) {
        const HttpReply r = m_http.command(api, QStringLiteral("closeClient"),
                                           {{QStringLiteral("client_id"), m_clients[size_t(i)]->clientId},
                                            {QStringLiteral("message"), QStringLiteral("bye %1").arg(i)}},
                                           m_server->apiKey().toUtf8());
        QCOMPARE(r.status, 200);
    }
    for (int i = 0; i < kThreads; ++i) {
        ChatClient &c = *m_clients[size_t(i)];
        QVERIFY(c.ws.waitClosed());
        QCOMPARE(int(c.ws.socket().closeCode()), 1000);
        QVERIFY(c.ws.raw().contains(QStringLiteral("bye %1").arg(i))); // the message went before the close
    }
    QTRY_COMPARE(sample(QStringLiteral("herald_connections")), kThreads * (kPerThread - 1));
    QTRY_COMPARE(sample(QStringLiteral("herald_closes_total{reason=\"kicked\"}")), kThreads);
    for (int t = 0; t < kThreads; ++t)
        QTRY_COMPARE(threadConnections(t), kPerThread - 1);
    QVERIFY(sayGoesRound(m_server->clientUrl(), QStringLiteral("1"), m_clients.back().get()));
}

void TestGatewayThreads::shutdownClosesEveryThreadsClients()
{
    loginAll(kThreads * kPerThread);
    int exitCode = -1;
    QVERIFY(m_server->terminate(10000, &exitCode));
    QCOMPARE(exitCode, 0);
    for (auto &c : m_clients) {
        QVERIFY(c->ws.waitClosed());
        QCOMPARE(int(c->ws.socket().closeCode()), kCloseGoingAway);
    }
}

// SIGHUP's new limits go to every gateway thread: a message over the new max-message-size closes a
// new client with 1009 whichever thread holds it, and one under it still goes round.
void TestGatewayThreads::reloadedLimitsReachEveryThread()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("herald.ini"));
    QVERIFY(writeIni(ini, "max-message-size = 64K\n"));
    m_server = std::make_unique<ServerProcess>(
        QStringList{QStringLiteral("--config"), ini, QStringLiteral("--gateway-threads"), QString::number(kThreads)});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    QVERIFY(writeIni(ini, "max-message-size = 1K\n"));
    m_server->sendSignal(SIGHUP);
    QTRY_VERIFY(m_server->log().contains(QLatin1String("SIGHUP: configuration reloaded")));

    loginAll(kThreads); // one on each thread
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(threadConnections(t), 1);
    for (auto &c : m_clients)
        c->say(QString(2048, QLatin1Char('x')));
    for (auto &c : m_clients) {
        QVERIFY(c->ws.waitClosed());
        QCOMPARE(int(c->ws.socket().closeCode()), kCloseTooMuchData);
    }
    QTRY_COMPARE(sample(QStringLiteral("herald_closes_total{reason=\"too_large\"}")), kThreads);
    QVERIFY(sayGoesRound(m_server->clientUrl(), QStringLiteral("1")));
}

QTEST_MAIN(TestGatewayThreads)
#include "tst_gatewaythreads.moc"
