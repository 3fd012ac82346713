// The APNs client against a strict stand-in for Apple on loopback (real HTTP/2 over real TLS): what it
// sends, every reason Apple answers, and every fault (GOAWAY, 500 without JSON, 429, a hung stream, a
// dropped connection, an idle close).
#include "apnsfixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QUuid>
#include <QTest>

using namespace Herald::Apns;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Apns::Result)

namespace {

// Collects the client's results by id.
class Results
{
public:
    explicit Results(ApnsClient &client)
    {
        QObject::connect(&client, &ApnsClient::finished, &client, [this](quint64 id, const Result &r) {
            ++m_count[id];
            m_results.insert(id, r);
        });
    }
    bool has(quint64 id) const { return m_results.contains(id); }
    Result at(quint64 id) const { return m_results.value(id); }
    int size() const { return int(m_results.size()); }
    int delivered() const
    {
        return int(std::count_if(m_results.cbegin(), m_results.cend(), [](const Result &r) { return r.delivered(); }));
    }
    bool eachOnce() const
    {
        return std::all_of(m_count.cbegin(), m_count.cend(), [](int n) { return n == 1; });
    }

private:
    QHash<quint64, Result> m_results;
    QHash<quint64, int> m_count;
};

ClientOptions quick()
{
    ClientOptions o;
    o.retryDelayMs = 20;
    o.maxRetryDelayMs = 100;
    o.deadlineMs = 5000;
    return o;
}

} // namespace

class TestApnsClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void deliversWithEveryHeader();
    void oneStreamUntilTheTokenIsProven();
    void manyConcurrentStreamsOnOneConnection();
    void everyReason_data();
    void everyReason();
    void deadTokens();
    void strictChecksReachTheCaller();
    void wrongSigningKey();
    void providerTokenRenewal();
    void expiredProviderTokenIsRenewedOnce();
    void invalidNotificationsAreNeverSent();
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
    void certificateAuthentication();
    void certificateWithSeveralTopics();
    void untrustedServerIsAConfigurationError();
    void unreachableServer();

private:
    ApnsFixture m_fx;
};

void TestApnsClient::initTestCase()
{
    qRegisterMetaType<Result>();
    QString error;
    QVERIFY2(m_fx.create(&error), qPrintable(error));
}

void TestApnsClient::deliversWithEveryHeader()
{
    auto standIn = m_fx.standIn();
    QVERIFY2(standIn->listen(), qPrintable(standIn->errorString()));
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    Notification n = ApnsFixture::notification();
    n.collapseId = QStringLiteral("score");
    n.expiration = 1900000000;
    n.apnsId = QStringLiteral("123e4567-e89b-12d3-a456-4266554400a0");
    n.priority = 5;
    const quint64 id = client.send(n);
    QVERIFY(!results.has(id)); // never from inside send()
    QTRY_VERIFY(results.has(id));
    const Result r = results.at(id);
    QVERIFY2(r.delivered(), qPrintable(r.summary()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.apnsId, n.apnsId); // echoed
    QVERIFY(!r.uniqueId.isEmpty()); // sandbox only
    QCOMPARE(r.attempts, 1);
    QVERIFY(r.latencyUs > 0);

    QCOMPARE(standIn->requests().size(), 1);
    const ApnsRequestRecord req = standIn->requests().first();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/3/device/") + kDeviceToken);
    QVERIFY(req.header("authorization").startsWith("bearer "));
    QCOMPARE(req.jwtHeader.value(u"kid").toString(), kKeyId);
    QCOMPARE(req.jwtClaims.value(u"iss").toString(), kTeamId);
    QCOMPARE(req.header("apns-push-type"), QByteArray("alert"));
    QCOMPARE(req.header("apns-topic"), kTopic.toLatin1());
    QCOMPARE(req.header("apns-priority"), QByteArray("5"));
    QCOMPARE(req.header("apns-expiration"), QByteArray("1900000000"));
    QCOMPARE(req.header("apns-collapse-id"), QByteArray("score"));
    QCOMPARE(req.header("apns-id"), n.apnsId.toLatin1());
    QCOMPARE(req.body, n.payload);

    // Production sends no apns-unique-id, and APNs makes the apns-id when none was given.
    auto production = m_fx.standIn(ApnsStandIn::Environment::Production);
    QVERIFY(production->listen());
    ApnsClient prodClient(m_fx.tokenCredentials(), m_fx.endpoint(*production), quick());
    Results prodResults(prodClient);
    const quint64 p = prodClient.send(ApnsFixture::notification());
    QTRY_VERIFY(prodResults.has(p));
    QVERIFY(prodResults.at(p).delivered());
    QVERIFY(prodResults.at(p).uniqueId.isEmpty());
    QVERIFY(!QUuid::fromString(prodResults.at(p).apnsId).isNull());
}

void TestApnsClient::oneStreamUntilTheTokenIsProven()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    for (int i = 0; i < 50; ++i)
        client.send(ApnsFixture::notification());
    QTRY_COMPARE(results.size(), 50);
    QCOMPARE(results.delivered(), 50);
    QCOMPARE(standIn->connectionCount(), 1);
    // The stand-in allows one stream until a token went through; the client never tripped it, and
    // used many streams once allowed.
    QCOMPARE(standIn->responseCount(200), 50);
    QVERIFY2(standIn->maxConcurrentStreamsSeen() > 1, "the client never used more than one stream");
}

void TestApnsClient::manyConcurrentStreamsOnOneConnection()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ClientOptions options = quick();
    options.maxConcurrentStreams = 200;
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), options);
    Results results(client);
    for (int i = 0; i < 3000; ++i)
        client.send(ApnsFixture::notification());
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 3000, 30000);
    QCOMPARE(results.delivered(), 3000);
    QVERIFY(results.eachOnce());
    QCOMPARE(standIn->connectionCount(), 1);
    QVERIFY(standIn->maxConcurrentStreamsSeen() <= 200);
    QVERIFY2(standIn->maxConcurrentStreamsSeen() > 50, qPrintable(QString::number(standIn->maxConcurrentStreamsSeen())));
}

void TestApnsClient::everyReason_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    for (const KnownReason &r : knownReasons())
        QTest::newRow(r.reason) << r.status << QString::fromLatin1(r.reason);
}

void TestApnsClient::everyReason()
{
    QFETCH(int, status);
    QFETCH(QString, reason);
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ClientOptions options = quick();
    options.maxAttempts = 1; // what the caller sees of the first answer
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), options);
    Results results(client);
    const quint64 first = client.send(ApnsFixture::notification()); // proves the token: many streams from here
    QTRY_VERIFY(results.has(first));
    standIn->respond(status, reason.toLatin1());
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    const Result r = results.at(id);
    QCOMPARE(r.status, status);
    QCOMPARE(r.reason, reason);
    QCOMPARE(outcomeName(r.outcome), outcomeName(classify(status, reason)));
    QCOMPARE(r.explanation, explain(status, reason));
    QVERIFY(!r.apnsId.isEmpty());
    QCOMPARE(r.attempts, 1);
}

void TestApnsClient::deadTokens()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    const QByteArray gone = QByteArrayLiteral("aa00bb11cc22dd33ee44ff5566778899aa00bb11cc22dd33ee44ff5566778899");
    const QByteArray expired = QByteArrayLiteral("bb00bb11cc22dd33ee44ff5566778899aa00bb11cc22dd33ee44ff5566778899");
    standIn->registerToken(gone, kTopic);
    standIn->registerToken(expired, kTopic);
    standIn->markUnregistered(gone, 1764000000123);
    standIn->markExpired(expired);
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    const quint64 a = client.send(ApnsFixture::notification(gone));
    const quint64 b = client.send(ApnsFixture::notification(expired));
    QTRY_VERIFY(results.has(a) && results.has(b));
    QCOMPARE(results.at(a).status, 410);
    QCOMPARE(results.at(a).reason, QStringLiteral("Unregistered"));
    QCOMPARE(results.at(a).outcome, Outcome::DeviceTokenDead);
    QCOMPARE(results.at(a).unregisteredAt, std::optional<QDateTime>(QDateTime::fromMSecsSinceEpoch(1764000000123, Qt::UTC)));
    QCOMPARE(results.at(a).attempts, 1); // never retried
    QCOMPARE(results.at(b).reason, QStringLiteral("ExpiredToken"));
    QCOMPARE(results.at(b).outcome, Outcome::DeviceTokenDead);
}

void TestApnsClient::strictChecksReachTheCaller()
{
    // Answers the stand-in works out itself, as Apple does.
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    standIn->registerToken(QByteArrayLiteral("cc00bb11cc22dd33ee44ff5566778899"), QStringLiteral("com.example.other"));
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    const quint64 unknown = client.send(ApnsFixture::notification(QByteArrayLiteral("dd00bb11cc22dd33ee44ff5566778899")));
    const quint64 otherApp = client.send(ApnsFixture::notification(QByteArrayLiteral("cc00bb11cc22dd33ee44ff5566778899")));
    Notification disallowed = ApnsFixture::notification();
    disallowed.topic = QStringLiteral("com.example.notours");
    const quint64 topic = client.send(disallowed);
    QTRY_VERIFY(results.has(unknown) && results.has(otherApp) && results.has(topic));
    QCOMPARE(results.at(unknown).reason, QStringLiteral("BadDeviceToken"));
    QCOMPARE(results.at(otherApp).reason, QStringLiteral("DeviceTokenNotForTopic"));
    QCOMPARE(results.at(topic).reason, QStringLiteral("TopicDisallowed"));
    QCOMPARE(results.at(topic).outcome, Outcome::ConfigurationWrong);
}

void TestApnsClient::wrongSigningKey()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ApnsClient client(m_fx.tokenCredentials(m_fx.credentials.otherSigningKeyFile()), m_fx.endpoint(*standIn), quick());
    Results results(client);
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    QCOMPARE(results.at(id).status, 403);
    QCOMPARE(results.at(id).reason, QStringLiteral("InvalidProviderToken"));
    QCOMPARE(results.at(id).outcome, Outcome::ConfigurationWrong);
    QCOMPARE(results.at(id).attempts, 1);
    QCOMPARE(standIn->requestCount(), 1);
}

void TestApnsClient::providerTokenRenewal()
{
    // One clock for both sides, moved by the test.
    qint64 now = 1764000000;
    auto standIn = m_fx.standIn();
    standIn->setClock([&now] { return now * 1000; });
    QVERIFY(standIn->listen());
    ClientOptions options = quick();
    options.clock = [&now] { return now; };
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), options);
    Results results(client);
    auto sendOne = [&] {
        const quint64 id = client.send(ApnsFixture::notification());
        QTRY_VERIFY(results.has(id));
        QVERIFY2(results.at(id).delivered(), qPrintable(results.at(id).summary()));
    };
    sendOne();
    now += 10 * 60; // 10 minutes: the same token (a new one would be TooManyProviderTokenUpdates)
    sendOne();
    now += 45 * 60; // 55 minutes: renewed before Apple's hour runs out
    sendOne();
    const QList<ApnsRequestRecord> reqs = standIn->requests();
    QCOMPARE(reqs.size(), 3);
    QCOMPARE(reqs.at(1).header("authorization"), reqs.at(0).header("authorization"));
    QVERIFY(reqs.at(2).header("authorization") != reqs.at(0).header("authorization"));
    QCOMPARE(reqs.at(2).jwtClaims.value(u"iat").toInteger(), now);

}

void TestApnsClient::expiredProviderTokenIsRenewedOnce()
{
    // Apple's clock more than an hour ahead of ours: our fresh token is "expired" to it.
    qint64 now = 1764000000;
    auto standIn = m_fx.standIn();
    standIn->setClock([&now] { return (now + 2 * 3600) * 1000; });
    QVERIFY(standIn->listen());
    ClientOptions options = quick();
    options.clock = [&now] { return now; };
    options.maxAttempts = 5;
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), options);
    Results results(client);
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    // One new token, refused too: given up, telling the operator to check the clock.
    const Result r = results.at(id);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.reason, QStringLiteral("ExpiredProviderToken"));
    QCOMPARE(r.outcome, Outcome::ConfigurationWrong);
    QCOMPARE(r.attempts, 2);
    QVERIFY2(r.explanation.contains(QLatin1String("clock")), qPrintable(r.explanation));
    QVERIFY2(!r.explanation.contains(QLatin1String("signs a new one")), qPrintable(r.explanation));
    const QList<ApnsRequestRecord> reqs = standIn->requests();
    QCOMPARE(reqs.size(), 2);
    QVERIFY(reqs.at(0).header("authorization") != reqs.at(1).header("authorization"));

    // The next notification goes once, with the same token: no new token signed while the clock is wrong.
    const quint64 next = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(next));
    QCOMPARE(results.at(next).outcome, Outcome::ConfigurationWrong);
    QCOMPARE(results.at(next).attempts, 1);
    QCOMPARE(standIn->requests().size(), 3);
    QCOMPARE(standIn->requests().at(2).header("authorization"), reqs.at(1).header("authorization"));

    // The clocks agree again (and the token's usual renewal is due): it goes through.
    standIn->setClock([&now] { return now * 1000; });
    now += ProviderToken::RenewAt;
    const quint64 fixed = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(fixed));
    QVERIFY2(results.at(fixed).delivered(), qPrintable(results.at(fixed).summary()));
}

void TestApnsClient::invalidNotificationsAreNeverSent()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    ApnsClient client(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick());
    Results results(client);
    Notification big = ApnsFixture::notification();
    big.payload = R"({"aps":{"alert":")" + QByteArray(4100, 'x') + R"("}})";
    Notification noTopic = ApnsFixture::notification();
    noTopic.topic.clear();
    const quint64 a = client.send(big);
    const quint64 b = client.send(noTopic);
    const quint64 c = client.send(ApnsFixture::notification("12zz"));
    QTRY_VERIFY(results.has(a) && results.has(b) && results.has(c));
    for (quint64 id : {a, b, c}) {
        QCOMPARE(results.at(id).reason, QString::fromLatin1(Reason::InvalidNotification));
        QCOMPARE(results.at(id).outcome, Outcome::NotificationRejected);
        QCOMPARE(results.at(id).attempts, 0);
    }
    QVERIFY(results.at(a).explanation.contains(QLatin1String("4096")));
    QVERIFY(results.at(b).explanation.contains(QLatin1String("topic")));
    QCOMPARE(standIn->connectionCount(), 0);
}

void TestApnsClient::goAwayReQueuesWhatWasNotProcessed()
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

void TestApnsClient::status500WithoutJson()
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

void TestApnsClient::tooManyRequestsIsRetriedWithinTheBound()
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

void TestApnsClient::hungStreamTimesOutAlone()
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
void TestApnsClient::refusedStreamsAreTriedWithinTheBound()
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
void TestApnsClient::goAwayOnEveryConnectionBacksOff()
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
void TestApnsClient::theDeadlineBoundsEveryRetry_data()
{
    QTest::addColumn<bool>("refuse"); // else GOAWAY on every connection
    QTest::addColumn<QString>("cause");
    QTest::newRow("every stream refused") << true << QStringLiteral("REFUSED_STREAM");
    QTest::newRow("GOAWAY on every connection") << false << QStringLiteral("GOAWAY TooManyConnections");
}

void TestApnsClient::theDeadlineBoundsEveryRetry()
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

void TestApnsClient::droppedConnection()
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

void TestApnsClient::idleTimeoutReconnects()
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

void TestApnsClient::certificateAuthentication()
{
    ApnsTestCredentials::CertificateOptions dev;
    dev.name = QStringLiteral("client-dev");
    dev.topic = kTopic;
    const auto cert = m_fx.credentials.makeClientCertificate(dev);
    QVERIFY2(cert, qPrintable(m_fx.credentials.errorString()));
    QString error;
    const std::optional<Credentials> credentials = loadP12Credentials(cert->p12File, cert->password.toUtf8(), &error);
    QVERIFY2(credentials, qPrintable(error));

    auto sandbox = m_fx.standIn(ApnsStandIn::Environment::Sandbox, true);
    QVERIFY(sandbox->listen());
    ApnsClient client(*credentials, m_fx.endpoint(*sandbox), quick());
    Results results(client);
    Notification n = ApnsFixture::notification();
    n.topic.clear(); // the certificate's topic
    const quint64 id = client.send(n);
    QTRY_VERIFY(results.has(id));
    QVERIFY2(results.at(id).delivered(), qPrintable(results.at(id).summary()));
    const ApnsRequestRecord req = sandbox->requests().first();
    QVERIFY(req.header("authorization").isEmpty());
    QCOMPARE(req.header("apns-topic"), kTopic.toLatin1());
    QCOMPARE(req.certificateTopics, QStringList{kTopic});

    // The development certificate at production: Apple's answer reaches the caller.
    auto production = m_fx.standIn(ApnsStandIn::Environment::Production, true);
    QVERIFY(production->listen());
    ApnsClient wrongEnvironment(*credentials, m_fx.endpoint(*production), quick());
    Results refused(wrongEnvironment);
    const quint64 bad = wrongEnvironment.send(n);
    QTRY_VERIFY(refused.has(bad));
    QCOMPARE(refused.at(bad).status, 403);
    QCOMPARE(refused.at(bad).reason, QStringLiteral("BadCertificateEnvironment"));
    QCOMPARE(refused.at(bad).outcome, Outcome::ConfigurationWrong);
}

// A universal certificate lists more topics in Apple's extension: pushes to them go through, pushes to a
// topic it does not list are BadTopic.
void TestApnsClient::certificateWithSeveralTopics()
{
    ApnsTestCredentials::CertificateOptions universal;
    universal.name = QStringLiteral("client-universal");
    universal.topic = kTopic;
    universal.environment = ApnsTestCredentials::Environment::Both;
    universal.extraTopics = {kTopic + QStringLiteral(".voip")};
    const auto cert = m_fx.credentials.makeClientCertificate(universal);
    QVERIFY2(cert, qPrintable(m_fx.credentials.errorString()));
    QString error;
    const std::optional<Credentials> credentials = loadP12Credentials(cert->p12File, cert->password.toUtf8(), &error);
    QVERIFY2(credentials, qPrintable(error));

    auto standIn = m_fx.standIn(ApnsStandIn::Environment::Production, true);
    QVERIFY(standIn->listen());
    const QByteArray voipToken = QByteArray(64, 'c');
    standIn->registerToken(voipToken, kTopic + QStringLiteral(".voip"));
    ApnsClient client(*credentials, m_fx.endpoint(*standIn), quick());
    Results results(client);
    Notification voip = ApnsFixture::notification(voipToken);
    voip.topic = kTopic + QStringLiteral(".voip");
    voip.pushType = PushType::Voip;
    const quint64 ok = client.send(voip);
    Notification other = ApnsFixture::notification();
    other.topic = QStringLiteral("com.example.other");
    const quint64 refused = client.send(other);
    QTRY_VERIFY(results.has(ok) && results.has(refused));
    QVERIFY2(results.at(ok).delivered(), qPrintable(results.at(ok).summary()));
    QCOMPARE(standIn->requests().first().certificateTopics, (QStringList{kTopic, kTopic + QStringLiteral(".voip")}));
    QCOMPARE(results.at(refused).reason, QStringLiteral("BadTopic"));
}

void TestApnsClient::untrustedServerIsAConfigurationError()
{
    auto standIn = m_fx.standIn();
    QVERIFY(standIn->listen());
    Endpoint endpoint = m_fx.endpoint(*standIn);
    endpoint.caCertificates = QSslCertificate::fromPath(m_fx.credentials.caFile()); // some other CA
    ApnsClient client(m_fx.tokenCredentials(), endpoint, quick());
    Results results(client);
    const quint64 id = client.send(ApnsFixture::notification());
    QTRY_VERIFY(results.has(id));
    QCOMPARE(results.at(id).reason, QString::fromLatin1(Reason::ConnectionFailed));
    QCOMPARE(results.at(id).outcome, Outcome::ConfigurationWrong);
    QVERIFY2(results.at(id).explanation.contains(QLatin1String("TLS")), qPrintable(results.at(id).explanation));
    QCOMPARE(standIn->requestCount(), 0);
}

void TestApnsClient::unreachableServer()
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

QTEST_GUILESS_MAIN(TestApnsClient)
#include "tst_apnsclient.moc"
