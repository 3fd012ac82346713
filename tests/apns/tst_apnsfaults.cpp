// The APNs client against every fault of a strict stand-in for Apple on loopback (real HTTP/2 over real
// TLS): GOAWAY, 500 without JSON, 429, a hung stream, refused streams, a deadline over every retry, a
// dropped connection, an idle close, a server that is not there.
#include "apnsfixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Herald::Apns;
using namespace HeraldTest;

class TestApnsFaults final : public ApnsClientTestCase
{
    Q_OBJECT

private slots:
    void goAwayReQueuesWhatWasNotProcessed();
    void status500WithoutJson();
    void tooManyRequestsIsRetriedWithinTheBound();
    void hungStreamTimesOutAlone();
    void refusedStreamsAreTriedWithinTheBound();
    void goAwayOnEveryConnectionBacksOff();
    void theDeadlineBoundsEveryRetry_data();
    void theDeadlineBoundsEveryRetry();
    void droppedConnection();
    void idleTimeoutReconnects();
    void unreachableServer();
};

void TestApnsFaults::goAwayReQueuesWhatWasNotProcessed()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    QSignalSpy gone(&client, &ApnsClient::disconnected);
    const quint64 first = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(first));
    // The next request is answered, then GOAWAY {"reason":"Shutdown"}: whatever was sent beyond it was
    // never processed and goes out again on a new connection.
    standIn->goAway(QByteArrayLiteral(R"({"reason":"Shutdown"})"), 0, 1);
    QList<quint64> ids;
    for (int i = 0; i < 100; ++i)
        ids.append(client.send(ApnsFixture::notification()));
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 101, 15000);
    QCOMPARE(results.delivered(), 101);
    QVERIFY(results.eachOnce());
    QCOMPARE(standIn->connectionCount(), 2);
    QVERIFY(!gone.isEmpty());
    QCOMPARE(gone.first().at(0).toString(), QStringLiteral("GOAWAY Shutdown"));
}

void TestApnsFaults::status500WithoutJson()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ClientOptions once = quick();
    once.maxAttempts = 1;
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), once);
    Results results(client);
    standIn->status500NonJson();
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    QCOMPARE(results.at(id).status, 500);
    QCOMPARE(results.at(id).reason, QString::fromLatin1(Reason::BadResponse));
    QCOMPARE(results.at(id).outcome, Outcome::RetryLater);
    QVERIFY2(results.at(id).explanation.contains(QLatin1String("not JSON")), qPrintable(results.at(id).explanation));

    // With retries allowed, the next attempt goes through.
    ApnsClient retrying(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results retried(retrying);
    standIn->status500NonJson();
    const quint64 again = retrying.send(ApnsFixture::notification());
    QTRY_VERIFY(retried.has(again));
    QVERIFY(retried.at(again).delivered());
    QCOMPARE(retried.at(again).attempts, 2);
}

void TestApnsFaults::tooManyRequestsIsRetriedWithinTheBound()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    standIn->tooManyRequests(1);
    const quint64 once = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(once));
    QVERIFY(results.at(once).delivered());
    QCOMPARE(results.at(once).attempts, 2);

    standIn->tooManyRequests(10);
    const quint64 always = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(always));
    QCOMPARE(results.at(always).status, 429);
    QCOMPARE(results.at(always).reason, QStringLiteral("TooManyRequests"));
    QCOMPARE(results.at(always).attempts, 3); // the bound
    QCOMPARE(standIn->responseCount(429), 4);
}

void TestApnsFaults::hungStreamTimesOutAlone()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ClientOptions options = quick();
    options.deadlineMs = 300;
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), options);
    Results results(client);
    const quint64 first = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(first));
    standIn->hang();
    const quint64 hung = client.send(ApnsFixture::notification());
    QList<quint64> others;
    for (int i = 0; i < 10; ++i)
        others.append(client.send(ApnsFixture::notification()));
    QTRY_VERIFY(results.has(hung));
    QCOMPARE(results.at(hung).reason, QString::fromLatin1(Reason::Timeout));
    QCOMPARE(results.at(hung).status, 0);
    for (quint64 id : others)
        QVERIFY(results.at(id).delivered());
    QCOMPARE(standIn->connectionCount(), 1); // the connection stayed up for the others
    const quint64 after = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(after));
    QVERIFY(results.at(after).delivered());
}

// A server that resets every stream with REFUSED_STREAM: each try counts, and the notification ends
// with the cause once they are used up; the connection stays up.
void TestApnsFaults::refusedStreamsAreTriedWithinTheBound()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    standIn->setRefuseEveryStream(true);
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    const Result r = results.at(id);
    QCOMPARE(r.reason, QString::fromLatin1(Reason::Unprocessed));
    QCOMPARE(r.outcome, Outcome::RetryLater);
    QCOMPARE(r.attempts, quick().maxAttempts);
    QVERIFY2(r.explanation.contains(QLatin1String("REFUSED_STREAM")), qPrintable(r.explanation));
    QCOMPARE(standIn->requestCount(), quick().maxAttempts);

    standIn->setRefuseEveryStream(false);
    const quint64 after = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(after));
    QVERIFY(results.at(after).delivered());
    QCOMPARE(standIn->connectionCount(), 1);
}

// A server that sends GOAWAY on every new connection: reconnects wait longer each time, each counts
// as a try, and the result names the GOAWAY's reason.
void TestApnsFaults::goAwayOnEveryConnectionBacksOff()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    standIn->setGoAwayOnConnect(QByteArrayLiteral(R"({"reason":"Shutdown"})"));
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    QSignalSpy gone(&client, &ApnsClient::disconnected);
    QElapsedTimer elapsed;
    elapsed.start();
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    const Result r = results.at(id);
    QCOMPARE(r.outcome, Outcome::RetryLater);
    QCOMPARE(r.attempts, quick().maxAttempts);
    QVERIFY2(r.explanation.contains(QLatin1String("GOAWAY Shutdown")), qPrintable(r.explanation));
    QCOMPARE(standIn->connectionCount(), quick().maxAttempts);
    QCOMPARE(gone.size(), quick().maxAttempts);
    QCOMPARE(gone.first().at(0).toString(), QStringLiteral("GOAWAY Shutdown"));
    // Two back-offs between the three connections, the second twice the first (20 ms, then 40 ms).
    QVERIFY2(elapsed.elapsed() >= 60, qPrintable(QString::number(elapsed.elapsed())));

    standIn->setGoAwayOnConnect({});
    const quint64 after = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(after));
    QVERIFY(results.at(after).delivered());
}

// However many tries are allowed, the deadline ends the notification, with the last try's cause, and
// the requests and connections made until then are few.
void TestApnsFaults::theDeadlineBoundsEveryRetry_data()
{
    QTest::addColumn<bool>("refuse"); // else GOAWAY on every connection
    QTest::addColumn<QString>("cause");
    QTest::newRow("every stream refused") << true << QStringLiteral("REFUSED_STREAM");
    QTest::newRow("GOAWAY on every connection") << false << QStringLiteral("GOAWAY TooManyConnections");
}

void TestApnsFaults::theDeadlineBoundsEveryRetry()
{
    QFETCH(bool, refuse);
    QFETCH(QString, cause);
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    if (refuse)
        standIn->setRefuseEveryStream(true);
    else
        standIn->setGoAwayOnConnect(QByteArrayLiteral(R"({"reason":"TooManyConnections"})"));
    ClientOptions options = quick();
    options.maxAttempts = 1000000;
    options.deadlineMs = 600;
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), options);
    Results results(client);
    QElapsedTimer elapsed;
    elapsed.start();
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY_WITH_TIMEOUT(results.has(id), 10000);
    QVERIFY2(elapsed.elapsed() >= options.deadlineMs, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY2(elapsed.elapsed() < options.deadlineMs + 2000, qPrintable(QString::number(elapsed.elapsed())));
    const Result r = results.at(id);
    QCOMPARE(r.outcome, Outcome::RetryLater);
    QVERIFY2(r.explanation.contains(cause), qPrintable(r.explanation));
    QVERIFY2(r.explanation.contains(QLatin1String("600 ms")), qPrintable(r.explanation));
    // Back-off from 20 ms, doubling to 100 ms: about eight tries in 600 ms.
    QVERIFY2(r.attempts >= 2 && r.attempts <= 12, qPrintable(QString::number(r.attempts)));
    QVERIFY2(standIn->requestCount() <= 12, qPrintable(QString::number(standIn->requestCount())));
    QVERIFY2(standIn->connectionCount() <= 12, qPrintable(QString::number(standIn->connectionCount())));
}

void TestApnsFaults::droppedConnection()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    const quint64 first = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(first));
    standIn->dropConnection();
    const quint64 dropped = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(dropped));
    // Sent, no answer: it may have been delivered, so it is not re-sent behind the caller's back.
    QCOMPARE(results.at(dropped).reason, QString::fromLatin1(Reason::ConnectionLost));
    QCOMPARE(results.at(dropped).outcome, Outcome::RetryLater);
    const quint64 after = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(after));
    QVERIFY(results.at(after).delivered());
    QCOMPARE(standIn->connectionCount(), 2);
}

void TestApnsFaults::idleTimeoutReconnects()
{
    ApnsStandIn::Config config = m_fx.standIn()->config();
    config.idleTimeoutMs = 200;
    ApnsStandIn standIn(config);
    standIn.registerToken(kDeviceToken, kTopic);
    QVERIFY(standIn.listen());
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(standIn), quick());
    Results results(client);
    QSignalSpy gone(&client, &ApnsClient::disconnected);
    const quint64 first = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(first));
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(gone.first().at(0).toString(), QStringLiteral("GOAWAY IdleTimeout"));
    QVERIFY(!client.isConnected());
    const quint64 second = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(second));
    QVERIFY(results.at(second).delivered());
    QCOMPARE(standIn.connectionCount(), 2);
}

void TestApnsFaults::unreachableServer()
{
    Endpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    {
        QTcpServer probe; // a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        endpoint.port = probe.serverPort();
    }
    ApnsClient client(m_fx.tokenCredentials(), endpoint, quick());
    Results results(client);
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    QCOMPARE(results.at(id).reason, QString::fromLatin1(Reason::ConnectionFailed));
    QCOMPARE(results.at(id).outcome, Outcome::RetryLater);
    QCOMPARE(results.at(id).attempts, quick().maxAttempts);
}

QTEST_GUILESS_MAIN(TestApnsFaults)
#include "tst_apnsfaults.moc"
