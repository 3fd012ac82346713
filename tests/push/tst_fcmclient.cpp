// The FCM HTTP v1 client against the strict stand-in for Google's token endpoint and FCM (real TLS on
// loopback): the JWT assertion and the access token's life, the message FCM gets, every error class and
// the retries.
#include "fcmaccount.h"
#include "fcmstandin.h"
#include "push/fcmaccesstoken.h"
#include "push/fcmclient.h"
#include "providertesting.h"
#include "testcerts.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Herald;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Push::Message)
Q_DECLARE_METATYPE(Herald::Push::Outcome)

class TestFcmClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void delivered();
    void tokenCachedThenRenewedBeforeExpiry();
    void refreshedOn401();
    void errors_data();
    void errors();
    void retriedWithBackoff();
    void retriesGiveUp();
    void refusedTwiceIsCredentials();
    void wrongKeyIsCredentials();
    void refusedLocally_data();
    void refusedLocally();
    void untrustedServer();
    void serviceAccountChecks();
    void heraldPush();

private:
    Push::FcmOptions options() const;
    static Push::Message message(const QString &token = QStringLiteral("reg-token-1"));

    TestCertificates m_certs;
    FcmTestAccount m_account;
    Push::ServiceAccount m_sa;
    std::unique_ptr<FcmStandIn> m_standIn;
    qint64 m_now = 1700000000;
};

void TestFcmClient::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
    QString error;
    QVERIFY2(m_account.create(&error), qPrintable(error));
    const std::optional<Push::ServiceAccount> sa = Push::loadServiceAccount(m_account.file(), &error);
    QVERIFY2(sa, qPrintable(error));
    m_sa = *sa;
}

void TestFcmClient::init()
{
    m_now = 1700000000;
    m_standIn = std::make_unique<FcmStandIn>(QLatin1String(FcmTestAccount::kProject), QLatin1String(FcmTestAccount::kEmail),
                                             m_account.publicKey());
    m_standIn->setClock([this] { return m_now; });
    QString error;
    QVERIFY2(m_standIn->listen(m_certs.certificateFile(), m_certs.keyFile(), &error), qPrintable(error));
}

Push::FcmOptions TestFcmClient::options() const
{
    Push::FcmOptions o;
    o.endpoint.host = QStringLiteral("127.0.0.1");
    o.endpoint.port = m_standIn->port();
    QString error;
    [[maybe_unused]] const bool ok = Push::loadCaFile(m_certs.caFile(), &o.endpoint, &error);
    o.retryDelayMs = 20;
    o.maxRetryDelayMs = 100;
    o.deadlineMs = 5000;
    o.clock = [this] { return m_now; };
    return o;
}

Push::Message TestFcmClient::message(const QString &token)
{
    Push::Message m;
    m.token = token;
    m.title = QStringLiteral("Ann");
    m.body = QStringLiteral("Hello");
    m.data = {{QLatin1String("room"), QStringLiteral("7")}, {QLatin1String("n"), 3}};
    return m;
}

void TestFcmClient::delivered()
{
    Push::FcmClient client(m_sa, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.id, QStringLiteral("projects/herald-test/messages/1"));
    QVERIFY2(a.summary().startsWith(QLatin1String("200 delivered (name projects/herald-test/messages/1, ")), qPrintable(a.summary()));
    QCOMPARE(a.attempts, 1);
    // One token exchange, its assertion as Google wants it (the stand-in verified the signature).
    QCOMPARE(m_standIn->tokenRequests(), 1);
    const QJsonObject claims = m_standIn->lastAssertionClaims();
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), QLatin1String(FcmTestAccount::kEmail));
    QCOMPARE(claims.value(QLatin1String("aud")).toString(), QLatin1String(FcmStandIn::kTokenUri));
    QCOMPARE(claims.value(QLatin1String("scope")).toString(), QLatin1String(Push::FcmAccessToken::kScope));
    QCOMPARE(claims.value(QLatin1String("exp")).toInteger() - claims.value(QLatin1String("iat")).toInteger(), 3600);
    // The message: token, notification, data as strings, android priority.
    const FcmStandIn::Request &send = m_standIn->requests().last();
    QCOMPARE(send.path, QByteArray("/v1/projects/herald-test/messages:send"));
    QCOMPARE(send.headers.value("authorization"), QByteArray("Bearer ya29.standin-1"));
    QCOMPARE(send.body, QByteArray(R"({"message":{"android":{"priority":"high"},"data":{"n":"3","room":"7"},)"
                                   R"("notification":{"body":"Hello","title":"Ann"},"token":"reg-token-1"}})"));
}

void TestFcmClient::tokenCachedThenRenewedBeforeExpiry()
{
    m_standIn->setTokenLifetime(600);
    Push::FcmClient client(m_sa, options());
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    m_now += 600 - Push::FcmAccessToken::kRenewBeforeSeconds - 1;
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    QCOMPARE(m_standIn->tokenRequests(), 1); // still good: cached
    m_now += 2; // within a minute of its expiry: a new one first, no 401
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    QCOMPARE(m_standIn->tokenRequests(), 2);
    QCOMPARE(m_standIn->sendRequests(), 3);
}

void TestFcmClient::refreshedOn401()
{
    Push::FcmClient client(m_sa, options());
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    m_standIn->revokeTokens(); // Google stopped taking it before its time
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.attempts, 1); // the refused request is not a try of the message
    QCOMPARE(m_standIn->tokenRequests(), 2);
    QCOMPARE(m_standIn->requests().last().headers.value("authorization"), QByteArray("Bearer ya29.standin-2"));
}

void TestFcmClient::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Push::Outcome>("outcome");
    QTest::newRow("unregistered") << 404 << QStringLiteral("UNREGISTERED") << Push::Outcome::TokenDead;
    QTest::newRow("invalid argument") << 400 << QStringLiteral("INVALID_ARGUMENT") << Push::Outcome::TokenDead;
    QTest::newRow("sender id mismatch") << 403 << QStringLiteral("SENDER_ID_MISMATCH") << Push::Outcome::TokenDead;
    QTest::newRow("third party auth") << 401 << QStringLiteral("THIRD_PARTY_AUTH_ERROR") << Push::Outcome::CredentialsWrong;
    QTest::newRow("permission denied") << 403 << QStringLiteral("PERMISSION_DENIED") << Push::Outcome::CredentialsWrong;
    QTest::newRow("unknown 400") << 400 << QStringLiteral("FAILED_PRECONDITION") << Push::Outcome::BadRequest;
}

void TestFcmClient::errors()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(Push::Outcome, outcome);
    m_standIn->answerFor(QStringLiteral("bad"), status, code);
    Push::FcmClient client(m_sa, options());
    const Push::Answer a = sendOne(client, message(QStringLiteral("bad")));
    QCOMPARE(a.status, status);
    QCOMPARE(a.reason, code);
    QCOMPARE(a.outcome, outcome);
    QCOMPARE(a.attempts, 1);
    QVERIFY(!a.explanation.isEmpty());
    QVERIFY2(a.summary().startsWith(QStringLiteral("%1 %2 [").arg(status).arg(code)), qPrintable(a.summary()));
    // The client goes on: the next token is delivered.
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
}

void TestFcmClient::retriedWithBackoff()
{
    m_standIn->failNext({503, QStringLiteral("UNAVAILABLE"), 1, -1});
    m_standIn->failNext({429, QStringLiteral("QUOTA_EXCEEDED"), 1, 0}); // Retry-After: 0
    Push::FcmClient client(m_sa, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.attempts, 3);
    QCOMPARE(m_standIn->sendRequests(), 3);
}

void TestFcmClient::retriesGiveUp()
{
    m_standIn->failNext({500, QStringLiteral("INTERNAL"), 5, -1});
    Push::FcmClient client(m_sa, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::RetryLater);
    QCOMPARE(a.reason, QStringLiteral("INTERNAL"));
    QCOMPARE(a.attempts, 3);
    QCOMPARE(m_standIn->sendRequests(), 3);
}

void TestFcmClient::refusedTwiceIsCredentials()
{
    m_standIn->setTokenLifetime(0); // every token refused on arrival: a fresh one does not help
    Push::FcmClient client(m_sa, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.status, 401);
    QCOMPARE(a.reason, QStringLiteral("UNAUTHENTICATED"));
    QCOMPARE(a.outcome, Push::Outcome::CredentialsWrong);
    QCOMPARE(m_standIn->tokenRequests(), 2);
    QCOMPARE(m_standIn->sendRequests(), 2);
}

void TestFcmClient::wrongKeyIsCredentials()
{
    FcmTestAccount other;
    QString error;
    QVERIFY2(other.create(&error), qPrintable(error));
    const std::optional<Push::ServiceAccount> sa = Push::parseServiceAccount(other.json(), &error);
    QVERIFY(sa);
    Push::FcmClient client(*sa, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::CredentialsWrong);
    QCOMPARE(a.status, 400);
    QCOMPARE(a.reason, QStringLiteral("invalid_grant"));
    QVERIFY2(a.explanation.contains(QLatin1String("Invalid JWT Signature")), qPrintable(a.explanation));
    QCOMPARE(m_standIn->sendRequests(), 0);
}

void TestFcmClient::refusedLocally_data()
{
    QTest::addColumn<Push::Message>("message");
    QTest::addColumn<QString>("problem");
    Push::Message big = message();
    big.data.insert(QLatin1String("blob"), QString(4096, u'x'));
    QTest::newRow("too big") << big << QStringLiteral("more than FCM's 4096");
    QTest::newRow("no token") << message(QString()) << QStringLiteral("no registration token");
    QTest::newRow("empty") << Push::Message{QStringLiteral("t"), {}, {}, {}} << QStringLiteral("the message is empty");
}

void TestFcmClient::refusedLocally()
{
    QFETCH(Push::Message, message);
    QFETCH(QString, problem);
    Push::FcmClient client(m_sa, options());
    const Push::Answer a = sendOne(client, message);
    QCOMPARE(a.outcome, Push::Outcome::BadRequest);
    QCOMPARE(a.reason, QStringLiteral("InvalidNotification"));
    QVERIFY2(a.explanation.contains(problem), qPrintable(a.explanation));
    QCOMPARE(m_standIn->requests().size(), 0); // never sent
}

void TestFcmClient::untrustedServer()
{
    Push::FcmOptions o = options();
    o.endpoint.caCertificates.clear(); // the system's CAs do not know the test CA: verification stays on
    o.maxAttempts = 1;
    Push::FcmClient client(m_sa, o);
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::RetryLater);
    QCOMPARE(a.reason, QStringLiteral("ConnectionFailed"));
    QCOMPARE(m_standIn->requests().size(), 0);
}

void TestFcmClient::serviceAccountChecks()
{
    QString error;
    QVERIFY(!Push::parseServiceAccount(R"({"type":"authorized_user"})", &error));
    QVERIFY2(error.contains(QLatin1String("not a service account key")), qPrintable(error));
    QJsonObject o = QJsonDocument::fromJson(m_account.json()).object();
    o.remove(QLatin1String("project_id"));
    QVERIFY(!Push::parseServiceAccount(QJsonDocument(o).toJson(), &error));
    QCOMPARE(error, QStringLiteral("the service account key has no project_id"));
    QVERIFY(!Push::loadServiceAccount(QStringLiteral("/nonexistent/sa.json"), &error));
    QVERIFY2(error.contains(QLatin1String("cannot read the service account file")), qPrintable(error));
}

// herald-push --provider fcm against the stand-in: the answer on one line, the exit code.
void TestFcmClient::heraldPush()
{
    m_standIn->setClock({}); // herald-push signs with the real clock
    m_standIn->answerFor(QStringLiteral("gone"), 404, QStringLiteral("UNREGISTERED"));
    const auto run = [&](const QString &token, QByteArray *out) {
        return runHeraldPush(QStringLiteral(HERALD_PUSH_BINARY),
                {QStringLiteral("--provider"), QStringLiteral("fcm"), QStringLiteral("--service-account"), m_account.file(),
                 QStringLiteral("--token"), token, QStringLiteral("--title"), QStringLiteral("Ann"), QStringLiteral("--body"),
                 QStringLiteral("Hello"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                 QString::number(m_standIn->port()), QStringLiteral("--ca"), m_certs.caFile()}, out);
    };
    QByteArray out;
    QCOMPARE(run(QStringLiteral("reg-token-1"), &out), 0);
    QVERIFY2(out.startsWith("200 delivered (name projects/herald-test/messages/1, "), out.constData());
    QCOMPARE(run(QStringLiteral("gone"), &out), 1);
    QVERIFY2(out.startsWith("404 UNREGISTERED [token-dead]: The app instance is no longer registered"), out.constData());
    QCOMPARE(m_standIn->tokenRequests(), 2); // one per run
}

QTEST_GUILESS_MAIN(TestFcmClient)
#include "tst_fcmclient.moc"
