// The JPush Push API v3 client against the strict stand-in (real TLS on loopback): the Basic
// credentials, the push object JPush gets, the local checks, and every documented error class.
#include "jpushstandin.h"
#include "push/jpushclient.h"
#include "providertesting.h"
#include "testcerts.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Push::Outcome)

namespace {
const QString kAppKey = QStringLiteral("7d431e42dfa6a6d693ac2d04");
const QByteArray kSecret = "5e987ac6d2e04d95a9d8f0d1";
} // namespace

class TestJPushClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void delivered();
    void dataGoesAsExtrasAndMessage();
    void wrongSecretIsConfiguration();
    void errors_data();
    void errors();
    void busyIsRetried();
    void retriesStopAtMaxAttempts();
    void refusedLocally_data();
    void refusedLocally();
    void untrustedServer();
    void heraldPush();

private:
    Push::JPushOptions options() const;
    static Push::Message message(const QString &id = QStringLiteral("1a0018970a7a6cd6a4f"));

    TestCertificates m_certs;
    std::unique_ptr<JPushStandIn> m_standIn;
};

void TestJPushClient::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
}

void TestJPushClient::init()
{
    m_standIn = std::make_unique<JPushStandIn>(kAppKey, kSecret);
    QString error;
    QVERIFY2(m_standIn->listen(m_certs.certificateFile(), m_certs.keyFile(), &error), qPrintable(error));
}

Push::JPushOptions TestJPushClient::options() const
{
    Push::JPushOptions o;
    o.endpoint = standInEndpoint(m_standIn->port(), m_certs.caFile());
    o.deadlineMs = 5000;
    o.retryDelayMs = 20;
    return o;
}

Push::Message TestJPushClient::message(const QString &id)
{
    Push::Message m;
    m.token = id;
    m.title = QStringLiteral("Ann");
    m.body = QStringLiteral("Hello");
    return m;
}

void TestJPushClient::delivered()
{
    Push::JPushClient client({kAppKey, kSecret}, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.id, QStringLiteral("1"));
    QVERIFY2(a.summary().startsWith(QLatin1String("200 delivered (msg_id 1, ")), qPrintable(a.summary()));
    const JPushStandIn::Request &r = m_standIn->requests().last();
    const QByteArray pair = kAppKey.toUtf8() + ':' + kSecret;
    QCOMPARE(r.http.headers.value("authorization"), QByteArray("Basic " + pair.toBase64()));
    QCOMPARE(r.http.body, QByteArray(R"({"audience":{"registration_id":["1a0018970a7a6cd6a4f"]},)"
                                     R"("notification":{"alert":"Hello","android":{"alert":"Hello","title":"Ann"},)"
                                     R"("ios":{"alert":{"body":"Hello","title":"Ann"}}},"platform":"all"})"));
}

void TestJPushClient::dataGoesAsExtrasAndMessage()
{
    Push::Message m = message();
    m.data = {{QLatin1String("room"), QStringLiteral("7")}};
    Push::JPushClient client({kAppKey, kSecret}, options());
    QCOMPARE(sendOne(client, m).outcome, Push::Outcome::Delivered);
    const QJsonObject push = m_standIn->accepted().last();
    const QJsonObject extras{{QLatin1String("room"), QStringLiteral("7")}};
    QCOMPARE(push.value(u"notification").toObject().value(u"android").toObject().value(u"extras").toObject(), extras);
    QCOMPARE(push.value(u"notification").toObject().value(u"ios").toObject().value(u"extras").toObject(), extras);
    QCOMPARE(push.value(u"message").toObject().value(u"extras").toObject(), extras);
    QCOMPARE(push.value(u"message").toObject().value(u"msg_content").toString(), QStringLiteral(R"({"room":"7"})"));
}

void TestJPushClient::wrongSecretIsConfiguration()
{
    Push::JPushClient client({kAppKey, "not-the-secret"}, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.status, 401);
    QCOMPARE(a.reason, QStringLiteral("1004"));
    QCOMPARE(a.outcome, Push::Outcome::CredentialsWrong);
    QCOMPARE(a.details.value(u"message").toString(), QStringLiteral("Authen failed"));
}

void TestJPushClient::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<Push::Outcome>("outcome");
    QTest::newRow("1011 no target") << 400 << 1011 << Push::Outcome::TokenDead;
    QTest::newRow("1008 app key") << 400 << 1008 << Push::Outcome::CredentialsWrong;
    QTest::newRow("2004 no permission") << 403 << 2004 << Push::Outcome::CredentialsWrong;
    QTest::newRow("2002 rate") << 429 << 2002 << Push::Outcome::RetryLater;
    QTest::newRow("2003 restricted") << 400 << 2003 << Push::Outcome::RetryLater;
    QTest::newRow("2005 volume") << 403 << 2005 << Push::Outcome::RetryLater;
    QTest::newRow("1000 internal") << 500 << 1000 << Push::Outcome::RetryLater;
    QTest::newRow("1030 timeout") << 503 << 1030 << Push::Outcome::RetryLater;
    QTest::newRow("1003 bad value") << 400 << 1003 << Push::Outcome::BadRequest;
    QTest::newRow("1005 too big") << 400 << 1005 << Push::Outcome::BadRequest;
    QTest::newRow("unknown 503") << 503 << 9999 << Push::Outcome::RetryLater;
    QTest::newRow("unknown 401") << 401 << 9998 << Push::Outcome::CredentialsWrong;
    QTest::newRow("unknown 400") << 400 << 9997 << Push::Outcome::BadRequest;
}

void TestJPushClient::errors()
{
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(Push::Outcome, outcome);
    m_standIn->answerFor(QStringLiteral("bad"), status, code);
    Push::JPushClient client({kAppKey, kSecret}, options());
    const Push::Answer a = sendOne(client, message(QStringLiteral("bad")));
    QCOMPARE(a.status, status);
    QCOMPARE(a.reason, QString::number(code));
    QCOMPARE(a.outcome, outcome);
    QVERIFY(!a.explanation.isEmpty());
    QVERIFY2(a.summary().startsWith(QStringLiteral("%1 %2 [").arg(status).arg(code)), qPrintable(a.summary()));
    // The client goes on: the next one is delivered.
    QCOMPARE(sendOne(client, message()).outcome, Push::Outcome::Delivered);
}

void TestJPushClient::busyIsRetried()
{
    m_standIn->failNext(429, 2002); // over the rate
    m_standIn->failNext(503, 1030); // a system busy
    Push::JPushClient client({kAppKey, kSecret}, options());
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::Delivered);
    QCOMPARE(a.attempts, 3);
    QCOMPARE(m_standIn->requests().size(), 3);
    QCOMPARE(m_standIn->accepted().size(), 1); // once, not three times
}

void TestJPushClient::retriesStopAtMaxAttempts()
{
    for (int i = 0; i < 2; ++i)
        m_standIn->failNext(500, 1000);
    Push::JPushOptions o = options();
    o.maxAttempts = 2;
    Push::JPushClient client({kAppKey, kSecret}, o);
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.outcome, Push::Outcome::RetryLater);
    QCOMPARE(a.reason, QStringLiteral("1000"));
    QCOMPARE(a.attempts, 2);
    QCOMPARE(m_standIn->requests().size(), 2);
    // A refusal that is not retry-later is not retried.
    m_standIn->failNext(400, 1003);
    const Push::Answer b = sendOne(client, message());
    QCOMPARE(b.outcome, Push::Outcome::BadRequest);
    QCOMPARE(b.attempts, 1);
}

void TestJPushClient::refusedLocally_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no id") << QString() << QStringLiteral("t") << QStringLiteral("b") << QStringLiteral("no Registration ID");
    QTest::newRow("empty") << QStringLiteral("r") << QString() << QString() << QStringLiteral("empty");
    QTest::newRow("title alone") << QStringLiteral("r") << QStringLiteral("t") << QString() << QStringLiteral("needs an alert");
    QTest::newRow("too big") << QStringLiteral("r") << QString() << QString(2000, u'x') << QStringLiteral("more than JPush's 4000");
}

void TestJPushClient::refusedLocally()
{
    QFETCH(QString, token);
    QFETCH(QString, title);
    QFETCH(QString, body);
    QFETCH(QString, problem);
    Push::Message m;
    m.token = token;
    m.title = title;
    m.body = body;
    Push::JPushClient client({kAppKey, kSecret}, options());
    const Push::Answer a = sendOne(client, m);
    QCOMPARE(a.outcome, Push::Outcome::BadRequest);
    QCOMPARE(a.reason, QStringLiteral("InvalidNotification"));
    QVERIFY2(a.explanation.contains(problem), qPrintable(a.explanation));
    QCOMPARE(m_standIn->requests().size(), 0); // nothing sent
}

void TestJPushClient::untrustedServer()
{
    Push::JPushOptions o = options();
    o.endpoint.caCertificates.clear(); // the system's CAs do not know the test CA
    Push::JPushClient client({kAppKey, kSecret}, o);
    const Push::Answer a = sendOne(client, message());
    QCOMPARE(a.reason, QStringLiteral("ConnectionFailed"));
    QCOMPARE(a.outcome, Push::Outcome::RetryLater);
    QCOMPARE(m_standIn->requests().size(), 0);
}

void TestJPushClient::heraldPush()
{
    QTemporaryDir dir;
    QFile secret(dir.filePath(QStringLiteral("jpush.secret")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(QByteArray(kSecret + '\n'));
    secret.close();
    m_standIn->answerFor(QStringLiteral("gone"), 400, 1011);
    const auto run = [&](const QString &id, QByteArray *out) {
        return runHeraldPush(QStringLiteral(HERALD_PUSH_BINARY),
                {QStringLiteral("--provider"), QStringLiteral("jpush"), QStringLiteral("--app-key"), kAppKey,
                 QStringLiteral("--master-secret-file"), secret.fileName(), QStringLiteral("--registration-id"), id,
                 QStringLiteral("--title"), QStringLiteral("Ann"), QStringLiteral("--alert"), QStringLiteral("Hello"),
                 QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                 QString::number(m_standIn->port()), QStringLiteral("--ca"), m_certs.caFile()}, out);
    };
    QByteArray out;
    QCOMPARE(run(QStringLiteral("1a0018970a7a6cd6a4f"), &out), 0);
    QVERIFY2(out.startsWith("200 delivered (msg_id 1, "), out.constData());
    QCOMPARE(out.count('\n'), 1); // one answer line
    QCOMPARE(run(QStringLiteral("gone"), &out), 1);
    QVERIFY2(out.startsWith("400 1011 [token-dead]: No device matches the audience"), out.constData());
}

QTEST_GUILESS_MAIN(TestJPushClient)
#include "tst_jpushclient.moc"
