// APNs results: every reason Apple documents gets its outcome and a plain explanation; Herald's own
// reasons; the JSON form tools read.
#include "apns/result.h"

#include <QJsonObject>
#include <QTest>

using namespace Herald::Apns;

class TestApnsResult : public QObject
{
    Q_OBJECT

private slots:
    void everyAppleReasonIsExplained();
    void outcomes_data();
    void outcomes();
    void unknownReasonsFallBackOnTheStatus();
    void json();
    void answers_data();
    void answers();
    void goAway();
};

void TestApnsResult::everyAppleReasonIsExplained()
{
    // The table of docs/apns.md: 32 reasons.
    QCOMPARE(knownReasons().size(), 32);
    for (const KnownReason &r : knownReasons()) {
        const QString reason = QLatin1String(r.reason);
        const QString text = explain(r.status, reason);
        QVERIFY2(!text.contains(QLatin1String("does not know")), r.reason);
        QVERIFY2(text.endsWith(QLatin1Char('.')) || text.endsWith(QLatin1Char(')')), qPrintable(text));
        QVERIFY2(classify(r.status, reason) != Outcome::Delivered, r.reason);
    }
}

void TestApnsResult::outcomes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("200") << 200 << QString() << Outcome::Delivered;
    QTest::newRow("Unregistered") << 410 << QStringLiteral("Unregistered") << Outcome::DeviceTokenDead;
    QTest::newRow("ExpiredToken") << 410 << QStringLiteral("ExpiredToken") << Outcome::DeviceTokenDead;
    QTest::newRow("BadDeviceToken") << 400 << QStringLiteral("BadDeviceToken") << Outcome::DeviceTokenDead;
    QTest::newRow("TooManyRequests") << 429 << QStringLiteral("TooManyRequests") << Outcome::RetryLater;
    QTest::newRow("InternalServerError") << 500 << QStringLiteral("InternalServerError") << Outcome::RetryLater;
    QTest::newRow("Shutdown") << 503 << QStringLiteral("Shutdown") << Outcome::RetryLater;
    QTest::newRow("ExpiredProviderToken") << 403 << QStringLiteral("ExpiredProviderToken") << Outcome::RetryLater;
    QTest::newRow("InvalidProviderToken") << 403 << QStringLiteral("InvalidProviderToken") << Outcome::ConfigurationWrong;
    QTest::newRow("BadCertificateEnvironment") << 403 << QStringLiteral("BadCertificateEnvironment") << Outcome::ConfigurationWrong;
    QTest::newRow("TopicDisallowed") << 400 << QStringLiteral("TopicDisallowed") << Outcome::ConfigurationWrong;
    QTest::newRow("PayloadTooLarge") << 413 << QStringLiteral("PayloadTooLarge") << Outcome::NotificationRejected;
    QTest::newRow("BadCollapseId") << 400 << QStringLiteral("BadCollapseId") << Outcome::NotificationRejected;
    QTest::newRow("own: Timeout") << 0 << QString::fromLatin1(Reason::Timeout) << Outcome::RetryLater;
    QTest::newRow("own: ConnectionLost") << 0 << QString::fromLatin1(Reason::ConnectionLost) << Outcome::RetryLater;
    QTest::newRow("own: Unprocessed") << 0 << QString::fromLatin1(Reason::Unprocessed) << Outcome::RetryLater;
    QTest::newRow("own: InvalidNotification") << 0 << QString::fromLatin1(Reason::InvalidNotification)
                                              << Outcome::NotificationRejected;
    QTest::newRow("own: NoCredentials") << 0 << QString::fromLatin1(Reason::NoCredentials) << Outcome::ConfigurationWrong;
    QTest::newRow("500 not JSON") << 500 << QString::fromLatin1(Reason::BadResponse) << Outcome::RetryLater;
}

void TestApnsResult::outcomes()
{
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(Outcome, outcome);
    QCOMPARE(outcomeName(classify(status, reason)), outcomeName(outcome));
}

void TestApnsResult::unknownReasonsFallBackOnTheStatus()
{
    QCOMPARE(classify(502, QStringLiteral("Gateway")), Outcome::RetryLater);
    QCOMPARE(classify(410, QStringLiteral("SomethingNew")), Outcome::DeviceTokenDead);
    QCOMPARE(classify(403, QStringLiteral("SomethingNew")), Outcome::ConfigurationWrong);
    QCOMPARE(classify(400, QStringLiteral("SomethingNew")), Outcome::NotificationRejected);
    QVERIFY(explain(400, QStringLiteral("SomethingNew")).contains(QLatin1String("SomethingNew")));
}

void TestApnsResult::json()
{
    Result r;
    r.status = 410;
    r.reason = QStringLiteral("Unregistered");
    r.outcome = classify(r.status, r.reason);
    r.explanation = explain(r.status, r.reason);
    r.apnsId = QStringLiteral("5e5b2c3a-0000-4000-8000-000000000001");
    r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(1764000000123, Qt::UTC);
    r.latencyUs = 12345;
    r.attempts = 1;
    const QJsonObject o = r.toJson();
    QCOMPARE(o.value(u"status").toInt(), 410);
    QCOMPARE(o.value(u"reason").toString(), QStringLiteral("Unregistered"));
    QCOMPARE(o.value(u"outcome").toString(), QStringLiteral("token-dead"));
    QCOMPARE(o.value(u"timestamp").toInteger(), 1764000000123);
    QCOMPARE(o.value(u"latency_ms").toDouble(), 12.345);
    QCOMPARE(o.value(u"apns_id").toString(), r.apnsId);
    QVERIFY(!o.contains(u"unique_id"));
    QVERIFY(r.summary().contains(QLatin1String("410 Unregistered")));
    QVERIFY(r.summary().contains(QLatin1String("2025-11-24")));
}

void TestApnsResult::answers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<qint64>("unregisteredAt"); // ms since the epoch, -1: none
    QTest::newRow("200") << 200 << QByteArray() << QString() << int(Outcome::Delivered) << qint64(-1);
    QTest::newRow("400 BadDeviceToken") << 400 << QByteArray(R"({"reason":"BadDeviceToken"})") << u"BadDeviceToken"_qs
                                        << int(Outcome::DeviceTokenDead) << qint64(-1);
    QTest::newRow("410 with its timestamp") << 410 << QByteArray(R"({"reason":"Unregistered","timestamp":1764000000000})")
                                            << u"Unregistered"_qs << int(Outcome::DeviceTokenDead) << qint64(1764000000000);
    QTest::newRow("410 with a timestamp that is no number")
        << 410 << QByteArray(R"({"reason":"Unregistered","timestamp":"soon"})") << u"Unregistered"_qs
        << int(Outcome::DeviceTokenDead) << qint64(-1);
    QTest::newRow("410 with a timestamp past qint64 (found by fuzz_apnsresult)")
        << 410 << QByteArray(R"({"reason":"Unregistered","timestamp":1e112})") << u"Unregistered"_qs
        << int(Outcome::DeviceTokenDead) << qint64(-1);
    QTest::newRow("410 with a negative timestamp") << 410 << QByteArray(R"({"reason":"Unregistered","timestamp":-5})")
                                                   << u"Unregistered"_qs << int(Outcome::DeviceTokenDead) << qint64(-1);
    QTest::newRow("a body that is not JSON") << 500 << QByteArray("<html>bad gateway</html>") << u"BadResponse"_qs
                                             << int(Outcome::RetryLater) << qint64(-1);
    QTest::newRow("JSON that is no object") << 400 << QByteArray("[1,2]") << u"BadResponse"_qs
                                            << int(classify(400, QStringLiteral("BadResponse"))) << qint64(-1);
}

// APNs' answer read from its status and body, as the client and the fuzz target (tests/fuzz) read it.
void TestApnsResult::answers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    QFETCH(int, outcome);
    QFETCH(qint64, unregisteredAt);
    const Result r = answerResult(status, body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.reason, reason);
    QCOMPARE(int(r.outcome), outcome);
    QCOMPARE(r.unregisteredAt ? r.unregisteredAt->toMSecsSinceEpoch() : qint64(-1), unregisteredAt);
    if (reason == u"BadResponse")
        QVERIFY2(r.explanation.contains(QString::fromUtf8(body)), qPrintable(r.explanation));
}

void TestApnsResult::goAway()
{
    QCOMPARE(goAwayText(0, R"({"reason":"Shutdown"})"), u"GOAWAY Shutdown"_qs);
    QCOMPARE(goAwayText(2, {}), u"GOAWAY (HTTP/2 error 2)"_qs);
    QCOMPARE(goAwayText(2, "going\naway"), u"GOAWAY going away"_qs);
}

QTEST_GUILESS_MAIN(TestApnsResult)
#include "tst_apnsresult.moc"
