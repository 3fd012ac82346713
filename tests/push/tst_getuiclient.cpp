// The Getui REST API v2 client against the strict stand-in (real TLS on loopback): the signed auth and
// its cached token, the push Getui gets, the local checks, every error class, a token that expired
// (renewed and sent again), retries, and herald-push --provider getui.
#include "getuistandin.h"
#include "push/getuiclient.h"
#include "push/getuireply.h"
#include "providertesting.h"
#include "testcerts.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Push::Outcome)

namespace {
const QString kAppId = QStringLiteral("G5lfFkQZ008VoZUXydA2r2");
const QString kAppKey = QStringLiteral("xCGkZR1bCp6gscLUB20Dl4");
const QByteArray kSecret = "RuxlC8ExWA7T4NFoJhQFd6";
const QString kCid = QStringLiteral("4f3ad0c1e2b64c1d9e5f0a7b8c9d0e1f");
} // namespace

class TestGetuiClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void delivered();
    void tokenIsCached();
    void tokenRenewedBeforeExpiry();
    void expiredTokenIsRenewedAndSentAgain();
    void dataRidesTheClick();
    void dataAloneIsATransmission();
    void wrongSecretIsConfiguration();
    void errors_data();
    void errors();
    void busyIsRetried();
    void refusedLocally_data();
    void refusedLocally();
    void untrustedServer();
    void answerParser_data();
    void answerParser();
    void heraldPush();

private:
    Push::GetuiOptions options() const;
    Push::GetuiCredentials credentials(const QByteArray &secret = kSecret) const { return {kAppId, kAppKey, secret}; }
    static Push::Message message(const QString &cid = kCid);

    TestCertificates m_certs;
    std::unique_ptr<GetuiStandIn> m_standIn;
};

void TestGetuiClient::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
}

void TestGetuiClient::init()
{
    m_standIn = std::make_unique<GetuiStandIn>(kAppId, kAppKey, kSecret);
    QString error;
    QVERIFY2(m_standIn->listen(m_certs.certificateFile(), m_certs.keyFile(), &error), qPrintable(error));
}

Push::GetuiOptions TestGetuiClient::options() const
{
    Push::GetuiOptions o;
    o.endpoint = standInEndpoint(m_standIn->port(), m_certs.caFile());
    o.deadlineMs = 5000;
    o.retryDelayMs = 20;
    return o;
}

Push::Message TestGetuiClient::message(const QString &cid)
{
    Push::Message m;
    m.token = cid;
    m.title = QStringLiteral("Ann");
    m.body = QStringLiteral("Hello");
    return m;
}

void TestGetuiClient::delivered()
{
    Push::GetuiClient client(credentials(), options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.id, QStringLiteral("RASS_1"));
    QCOMPARE(a.note, QStringLiteral("successed_online"));
    QVERIFY2(a.summary().startsWith(QLatin1String("200 delivered (taskid RASS_1, ")), qPrintable(a.summary()));
    QCOMPARE(m_standIn->requests().size(), 2); // the auth, then the push
    const QJsonObject auth = QJsonDocument::fromJson(m_standIn->requests().first().http.body).object();
    const QString timestamp = auth.value(u"timestamp").toString();
    QCOMPARE(auth.value(u"appkey").toString(), kAppKey);
    QCOMPARE(auth.value(u"sign").toString().toLatin1(), Push::GetuiToken::sign(kAppKey, timestamp.toLatin1(), kSecret));
    const QJsonObject push = m_standIn->accepted().first();
    QCOMPARE(push.value(u"request_id").toString().size(), 32);
    QCOMPARE(push.value(u"audience").toObject().value(u"cid").toArray(), QJsonArray{kCid});
    QCOMPARE(push.value(u"settings").toObject().value(u"ttl").toInteger(), 7200000);
    QCOMPARE(push.value(u"push_message").toObject(),
             (QJsonObject{{QLatin1String("notification"), QJsonObject{{QLatin1String("title"), QStringLiteral("Ann")},
                                                                       {QLatin1String("body"), QStringLiteral("Hello")},
                                                                       {QLatin1String("click_type"), QStringLiteral("startapp")}}}}));
}

void TestGetuiClient::tokenIsCached()
{
    Push::GetuiClient client(credentials(), options());
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    QCOMPARE(m_standIn->authRequests(), 1);
    QCOMPARE(m_standIn->accepted().size(), 2);
}

void TestGetuiClient::tokenRenewedBeforeExpiry()
{
    m_standIn->setTokenLifetime(Push::GetuiToken::kRenewBeforeMs / 2); // each token is already too close to its end
    Push::GetuiClient client(credentials(), options());
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    QCOMPARE(m_standIn->authRequests(), 2);
    for (const GetuiStandIn::Request &r : m_standIn->requests())
        QCOMPARE(r.code, 0); // never a 10001: renewed before it ran out
}

void TestGetuiClient::expiredTokenIsRenewedAndSentAgain()
{
    Push::GetuiClient client(credentials(), options());
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
    m_standIn->expireTokens();
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.attempts, 1); // the request refused for its token does not count (as FCM's 401)
    QCOMPARE(m_standIn->authRequests(), 2);
    QCOMPARE(m_standIn->requests().at(2).code, GetuiStandIn::kTokenExpired);
}

void TestGetuiClient::dataRidesTheClick()
{
    Push::Message m = message();
    m.data = {{QLatin1String("room"), QStringLiteral("7")}};
    Push::GetuiClient client(credentials(), options());
    QCOMPARE(sendOne(client, m).outcome, Push::Outcome::Delivered);
    const QJsonObject n = m_standIn->accepted().last().value(u"push_message").toObject().value(u"notification").toObject();
    QCOMPARE(n.value(u"click_type").toString(), QStringLiteral("payload"));
    QCOMPARE(n.value(u"payload").toString(), QStringLiteral(R"({"room":"7"})"));
}

void TestGetuiClient::dataAloneIsATransmission()
{
    Push::Message m;
    m.token = kCid;
    m.data = {{QLatin1String("room"), QStringLiteral("7")}};
    Push::GetuiClient client(credentials(), options());
    QCOMPARE(sendOne(client, m).outcome, Push::Outcome::Delivered);
    const QJsonObject pm = m_standIn->accepted().last().value(u"push_message").toObject();
    QCOMPARE(pm.value(u"transmission").toString(), QStringLiteral(R"({"room":"7"})"));
    QVERIFY(!pm.contains(u"notification"));
}

void TestGetuiClient::wrongSecretIsConfiguration()
{
    Push::GetuiClient client(credentials("not-the-secret"), options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::CredentialsWrong);
    QCOMPARE(a.reason, QString::number(GetuiStandIn::kSignWrong));
    QVERIFY2(a.explanation.contains(QLatin1String("sign is wrong")), qPrintable(a.explanation));
    QCOMPARE(m_standIn->accepted().size(), 0);
}

void TestGetuiClient::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<Push::Outcome>("outcome");
    for (const Push::GetuiReason &r : Push::getuiReasons()) {
        if (r.code != Push::kGetuiTokenExpired && r.outcome != Push::Outcome::RetryLater) // those two: tests of their own
            QTest::addRow("%d", r.code) << 200 << r.code << r.outcome;
    }
    QTest::newRow("unknown in a 200") << 200 << 99999 << Push::Outcome::BadRequest;
    QTest::newRow("unknown 401") << 401 << 99998 << Push::Outcome::CredentialsWrong;
}

void TestGetuiClient::errors()
{
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(Push::Outcome, outcome);
    m_standIn->answerFor(QStringLiteral("bad-cid-0001"), status, code);
    Push::GetuiClient client(credentials(), options());
    const Push::Answer a = sendOne(client, message(QStringLiteral("bad-cid-0001")));
    QCOMPARE(a.status, status);
    QCOMPARE(a.reason, QString::number(code));
    QCOMPARE(a.outcome, outcome);
    QCOMPARE(a.attempts, 1);
    QVERIFY(!a.explanation.isEmpty());
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered); // the client goes on
}

void TestGetuiClient::busyIsRetried()
{
    for (const Push::GetuiReason &r : Push::getuiReasons()) {
        if (r.outcome == Push::Outcome::RetryLater)
            m_standIn->failNext(200, r.code);
    }
    m_standIn->failNext(503, 0);
    Push::GetuiOptions o = options();
    o.maxAttempts = 10;
    Push::GetuiClient client(credentials(), o);
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.attempts, m_standIn->requests().size() - 1);
    QVERIFY(a.attempts >= 3);
    // Past maxAttempts the retry-later answer is the answer.
    m_standIn->failNext(503, 0);
    m_standIn->failNext(503, 0);
    o.maxAttempts = 2;
    Push::GetuiClient once(credentials(), o);
    const Push::Answer b = sendOne(once, message());
    QCOMPARE(b.outcome, Push::Outcome::RetryLater);
    QCOMPARE(b.attempts, 2);
}

void TestGetuiClient::refusedLocally_data()
{
    QTest::addColumn<QString>("cid");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no cid") << QString() << QStringLiteral("t") << QStringLiteral("b") << QStringLiteral("no cid");
    QTest::newRow("empty") << kCid << QString() << QString() << QStringLiteral("empty");
    QTest::newRow("title alone") << kCid << QStringLiteral("t") << QString() << QStringLiteral("both a title and a body");
    QTest::newRow("long title") << kCid << QString(51, u'x') << QStringLiteral("b") << QStringLiteral("more than Getui's 50");
    QTest::newRow("long body") << kCid << QStringLiteral("t") << QString(257, u'x') << QStringLiteral("more than Getui's 256");
}

void TestGetuiClient::refusedLocally()
{
    QFETCH(QString, cid);
    QFETCH(QString, title);
    QFETCH(QString, body);
    QFETCH(QString, problem);
    Push::Message m;
    m.token = cid;
    m.title = title;
    m.body = body;
    Push::GetuiClient client(credentials(), options());
    const Push::Answer a = sendOne(client, m);
    QCOMPARE(a.outcome, Push::Outcome::BadRequest);
    QCOMPARE(a.reason, QStringLiteral("InvalidNotification"));
    QVERIFY2(a.explanation.contains(problem), qPrintable(a.explanation));
    QCOMPARE(m_standIn->requests().size(), 0); // nothing sent
}

void TestGetuiClient::untrustedServer()
{
    Push::GetuiOptions o = options();
    o.endpoint.caCertificates.clear(); // the system's CAs do not know the test CA
    o.maxAttempts = 1;
    Push::GetuiClient client(credentials(), o);
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.reason, QStringLiteral("ConnectionFailed"));
    QCOMPARE(a.outcome, Push::Outcome::RetryLater);
    QCOMPARE(m_standIn->requests().size(), 0);
}

void TestGetuiClient::answerParser_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("code");
    QTest::newRow("success") << QByteArray(R"({"code":0,"msg":"success","data":{}})") << true << 0;
    QTest::newRow("error") << QByteArray(R"({"code":10001,"msg":"token expired"})") << true << 10001;
    QTest::newRow("not json") << QByteArray("<html>busy</html>") << false << -1;
    QTest::newRow("array") << QByteArray("[0]") << false << -1;
    QTest::newRow("no code") << QByteArray(R"({"msg":"x"})") << false << -1;
    QTest::newRow("code a string") << QByteArray(R"({"code":"0"})") << false << -1;
    QTest::newRow("code a fraction") << QByteArray(R"({"code":0.5})") << false << -1;
    QTest::newRow("code past int") << QByteArray(R"({"code":1e300})") << false << -1;
}

void TestGetuiClient::answerParser()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, valid);
    QFETCH(int, code);
    const Push::GetuiReply r = Push::parseGetuiReply(body);
    QCOMPARE(r.valid, valid);
    QCOMPARE(r.code, code);
}

void TestGetuiClient::heraldPush()
{
    QTemporaryDir dir;
    QFile secret(dir.filePath(QStringLiteral("getui.secret")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(QByteArray(kSecret + '\n'));
    secret.close();
    m_standIn->answerFor(QStringLiteral("gone-cid-0001"), 200, 10006);
    const auto run = [&](const QString &cid, QByteArray *out) {
        return runHeraldPush(QStringLiteral(HERALD_PUSH_BINARY),
                {QStringLiteral("--provider"), QStringLiteral("getui"), QStringLiteral("--app-id"), kAppId,
                 QStringLiteral("--app-key"), kAppKey, QStringLiteral("--master-secret-file"), secret.fileName(),
                 QStringLiteral("--cid"), cid, QStringLiteral("--title"), QStringLiteral("Ann"), QStringLiteral("--body"),
                 QStringLiteral("Hello"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                 QString::number(m_standIn->port()), QStringLiteral("--ca"), m_certs.caFile()}, out);
    };
    QByteArray out;
    QCOMPARE(run(kCid, &out), 0);
    QVERIFY2(out.startsWith("200 delivered (taskid RASS_1, "), out.constData());
    QCOMPARE(out.count('\n'), 1); // one answer line
    QCOMPARE(run(QStringLiteral("gone-cid-0001"), &out), 1);
    QVERIFY2(out.startsWith("200 10006 [token-dead]: The cid is not registered"), out.constData());
}

QTEST_GUILESS_MAIN(TestGetuiClient)
#include "tst_getuiclient.moc"
