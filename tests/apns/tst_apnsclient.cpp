// The APNs client against a strict stand-in for Apple on loopback (real HTTP/2 over real TLS): what it
// sends, on how many streams, and every reason Apple answers. How it authenticates is in tst_apnsauth,
// the faults it survives in tst_apnsfaults.
#include "apnsfixture.h"

#include <QUuid>
#include <QTest>

using namespace Herald::Apns;
using namespace HeraldTest;

class TestApnsClient final : public ApnsClientTestCase
{
    Q_OBJECT

private slots:
    void deliversWithEveryHeader();
    void oneStreamUntilTheTokenIsProven();
    void manyConcurrentStreamsOnOneConnection();
    void everyReason_data();
    void everyReason();
    void deadTokens();
    void strictChecksReachTheCaller();
    void invalidNotificationsAreNeverSent();
};

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

QTEST_GUILESS_MAIN(TestApnsClient)
#include "tst_apnsclient.moc"
