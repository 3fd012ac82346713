// APNs as one implementation of the provider interface: what a message becomes, and APNs' answers
// as every provider answers (the same summary and JSON as before, the outcomes under the shared names).
#include "apnsfixture.h"
#include "push/apnsprovider.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Herald;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Push::Answer)

class TestPushProvider : public ApnsClientTestCase
{
    Q_OBJECT

private slots:
    void outcomes_data();
    void outcomes();
    void messageBecomesNotification();
    void deliveredAndDeadThroughTheStandIn();
};

void TestPushProvider::outcomes_data()
{
    QTest::addColumn<int>("apns");
    QTest::addColumn<int>("push");
    QTest::addColumn<QString>("name");
    QTest::newRow("delivered") << int(Apns::Outcome::Delivered) << int(Push::Outcome::Delivered) << QStringLiteral("delivered");
    QTest::newRow("retry") << int(Apns::Outcome::RetryLater) << int(Push::Outcome::RetryLater) << QStringLiteral("retry-later");
    QTest::newRow("dead") << int(Apns::Outcome::DeviceTokenDead) << int(Push::Outcome::TokenDead) << QStringLiteral("token-dead");
    QTest::newRow("rejected") << int(Apns::Outcome::NotificationRejected) << int(Push::Outcome::BadRequest) << QStringLiteral("rejected");
    QTest::newRow("configuration") << int(Apns::Outcome::ConfigurationWrong) << int(Push::Outcome::CredentialsWrong)
                                   << QStringLiteral("configuration");
}

void TestPushProvider::outcomes()
{
    QFETCH(int, apns);
    QFETCH(int, push);
    QFETCH(QString, name);
    Apns::Result r;
    r.status = 410;
    r.reason = QStringLiteral("Unregistered");
    r.explanation = QStringLiteral("gone");
    r.apnsId = QStringLiteral("a-b");
    r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
    r.latencyUs = 12345;
    r.attempts = 2;
    r.outcome = Apns::Outcome(apns);
    const Push::Answer a = Push::ApnsProvider::answerOf(r);
    QCOMPARE(int(a.outcome), push);
    QCOMPARE(Push::outcomeName(a.outcome), name);
    QCOMPARE(Apns::outcomeName(r.outcome), name);
    QCOMPARE(a.summary(), r.summary()); // herald-push prints what it printed before
    QJsonObject expected = r.toJson();
    expected.insert(QLatin1String("provider"), QStringLiteral("apns"));
    QCOMPARE(a.toJson(), expected);
}

void TestPushProvider::messageBecomesNotification()
{
    Apns::Notification prototype = ApnsFixture::notification();
    prototype.payload.clear();
    Push::Message m;
    m.token = QStringLiteral("00ff");
    m.title = QStringLiteral("Ann");
    m.body = QStringLiteral("Hello");
    m.data = {{QLatin1String("room"), 7}};
    Apns::Notification n = Push::ApnsProvider::notificationFor(prototype, m);
    QCOMPARE(n.deviceToken, m.token);
    QCOMPARE(n.topic, prototype.topic);
    QCOMPARE(n.payload, QByteArray(R"({"aps":{"alert":{"body":"Hello","title":"Ann"}},"room":7})"));
    prototype.payload = QByteArrayLiteral(R"({"aps":{"alert":"as given"}})");
    QCOMPARE(Push::ApnsProvider::notificationFor(prototype, m).payload, prototype.payload); // the sender's payload wins
}

void TestPushProvider::deliveredAndDeadThroughTheStandIn()
{
    std::unique_ptr<ApnsStandIn> standIn = m_fx.standIn();
    QVERIFY2(standIn->listen(), qPrintable(standIn->errorString()));
    standIn->registerToken(QByteArrayLiteral("aa00aa00aa00aa00aa00aa00aa00aa00"), kTopic);
    standIn->markUnregistered(QByteArrayLiteral("aa00aa00aa00aa00aa00aa00aa00aa00"), 1700000000000);
    Apns::Notification prototype = ApnsFixture::notification();
    prototype.payload.clear();
    Push::ApnsProvider provider(m_fx.tokenCredentials(), m_fx.endpoint(*standIn), quick(), prototype);
    QCOMPARE(provider.name(), QStringLiteral("apns"));
    QSignalSpy finished(&provider, &Push::Provider::finished);
    Push::Message m;
    m.token = QString::fromLatin1(kDeviceToken);
    m.body = QStringLiteral("Hello");
    const quint64 delivered = provider.send(m);
    m.token = QStringLiteral("aa00aa00aa00aa00aa00aa00aa00aa00");
    const quint64 dead = provider.send(m);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QHash<quint64, Push::Answer> answers;
    for (const QList<QVariant> &args : finished)
        answers.insert(args.at(0).toULongLong(), args.at(1).value<Push::Answer>());
    QCOMPARE(answers.value(delivered).outcome, Push::Outcome::Delivered);
    QCOMPARE(answers.value(delivered).status, 200);
    QVERIFY(answers.value(delivered).summary().startsWith(QLatin1String("200 delivered (apns-id ")));
    QCOMPARE(answers.value(dead).outcome, Push::Outcome::TokenDead);
    QCOMPARE(answers.value(dead).reason, QStringLiteral("Unregistered"));
    QCOMPARE(standIn->requests().first().body, QByteArray(R"({"aps":{"alert":"Hello"}})"));
}

QTEST_GUILESS_MAIN(TestPushProvider)
#include "tst_pushprovider.moc"
