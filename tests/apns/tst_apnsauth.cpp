// How the APNs client proves itself to a strict stand-in for Apple on loopback (real HTTP/2 over real
// TLS): provider tokens (a wrong key, renewal, an expired token renewed once) and client certificates
// (one topic or several), and a server it does not trust.
#include "apnsfixture.h"

#include <QTest>

using namespace Herald::Apns;
using namespace HeraldTest;

class TestApnsAuth final : public ApnsClientTestCase
{
    Q_OBJECT

private slots:
    void wrongSigningKey();
    void providerTokenRenewal();
    void expiredProviderTokenIsRenewedOnce();
    void certificateAuthentication();
    void certificateWithSeveralTopics();
    void untrustedServerIsAConfigurationError();
};

void TestApnsAuth::wrongSigningKey()
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

void TestApnsAuth::providerTokenRenewal()
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

void TestApnsAuth::expiredProviderTokenIsRenewedOnce()
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

void TestApnsAuth::certificateAuthentication()
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
void TestApnsAuth::certificateWithSeveralTopics()
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

void TestApnsAuth::untrustedServerIsAConfigurationError()
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

QTEST_GUILESS_MAIN(TestApnsAuth)
#include "tst_apnsauth.moc"
