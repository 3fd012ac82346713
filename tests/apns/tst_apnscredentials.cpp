// Loading APNs credentials: what each file is, and a clear refusal of every wrong one.
#include "apns/credentials.h"
#include "apnscerts.h"

#include <QTest>

using namespace Herald::Apns;
using namespace HeraldTest;

class TestApnsCredentials : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signingKey();
    void wrongSigningKeys_data();
    void wrongSigningKeys();
    void developmentCertificate();
    void productionAndUniversalCertificates();
    void pemCertificate();
    void wrongCertificates();
    void caFile();

private:
    std::optional<ApnsTestCredentials::Certificate> make(const QString &name, ApnsTestCredentials::Environment environment,
                                                         QStringList extraTopics = {}, bool expired = false,
                                                         const QString &topic = QStringLiteral("com.example.chat"));
    ApnsTestCredentials m_files;
};

void TestApnsCredentials::initTestCase()
{
    QVERIFY2(m_files.create(), qPrintable(m_files.errorString()));
}

std::optional<ApnsTestCredentials::Certificate> TestApnsCredentials::make(const QString &name,
                                                                          ApnsTestCredentials::Environment environment,
                                                                          QStringList extraTopics, bool expired,
                                                                          const QString &topic)
{
    ApnsTestCredentials::CertificateOptions o;
    o.name = name;
    o.topic = topic;
    o.environment = environment;
    o.extraTopics = std::move(extraTopics);
    o.expired = expired;
    return m_files.makeClientCertificate(o);
}

void TestApnsCredentials::signingKey()
{
    QString error;
    const auto c = loadTokenCredentials(m_files.signingKeyFile(), QStringLiteral("ABC123DEFG"), QStringLiteral("DEF123GHIJ"), &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->kind, Credentials::Kind::Token);
    QCOMPARE(c->summary(), QStringLiteral("token key ABC123DEFG of team DEF123GHIJ (EC P-256)"));
    QCOMPARE(c->identity(), QStringLiteral("token:DEF123GHIJ:ABC123DEFG"));
}

void TestApnsCredentials::wrongSigningKeys_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("keyId");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << QStringLiteral("/nonexistent/AuthKey.p8") << QStringLiteral("ABC123DEFG")
                                  << QStringLiteral("cannot read the .p8 key file /nonexistent/AuthKey.p8");
    QTest::newRow("RSA key") << QStringLiteral("rsa") << QStringLiteral("ABC123DEFG")
                             << QStringLiteral("rsa.p8: the .p8 key is an RSA key, not the EC P-256 key Apple issues");
    QTest::newRow("certificate, not a key") << QStringLiteral("ca") << QStringLiteral("ABC123DEFG")
                                            << QStringLiteral("not a .p8 file from Apple");
    QTest::newRow("key id") << QString() << QStringLiteral("abc") << QStringLiteral("the key id is the 10 letters and digits");
}

void TestApnsCredentials::wrongSigningKeys()
{
    QFETCH(QString, file);
    QFETCH(QString, keyId);
    QFETCH(QString, message);
    if (file.isEmpty())
        file = m_files.signingKeyFile();
    else if (file == QLatin1String("rsa"))
        file = m_files.rsaKeyFile();
    else if (file == QLatin1String("ca"))
        file = m_files.caFile();
    QString error;
    QVERIFY(!loadTokenCredentials(file, keyId, QStringLiteral("DEF123GHIJ"), &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestApnsCredentials::developmentCertificate()
{
    const auto cert = make(QStringLiteral("dev"), ApnsTestCredentials::Environment::Development);
    QVERIFY2(cert, qPrintable(m_files.errorString()));
    QString error;
    const auto c = loadP12Credentials(cert->p12File, cert->password.toUtf8(), &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->kind, Credentials::Kind::Certificate);
    const CertificateInfo &info = c->certificateInfo;
    QCOMPARE(info.topic, QStringLiteral("com.example.chat"));
    QCOMPARE(info.topics, QStringList{QStringLiteral("com.example.chat")});
    QVERIFY(info.subject.contains(QLatin1String("Apple Push Services: com.example.chat")));
    QVERIFY(info.development);
    QVERIFY(!info.production);
    QCOMPARE(info.suggestedEnvironment(), std::optional<Environment>(Environment::Sandbox));
    QVERIFY(info.expiry > QDateTime::currentDateTimeUtc());
    QVERIFY(c->summary().contains(QLatin1String("sandbox")));
    QVERIFY(c->identity().startsWith(QLatin1String("certificate:")));
}

void TestApnsCredentials::productionAndUniversalCertificates()
{
    QString error;
    const auto prod = make(QStringLiteral("prod"), ApnsTestCredentials::Environment::Production);
    QVERIFY(prod);
    const auto p = loadP12Credentials(prod->p12File, prod->password.toUtf8(), &error);
    QVERIFY2(p, qPrintable(error));
    QCOMPARE(p->certificateInfo.suggestedEnvironment(), std::optional<Environment>(Environment::Production));

    const auto universal = make(QStringLiteral("universal"), ApnsTestCredentials::Environment::Both,
                                {QStringLiteral("com.example.chat.voip"), QStringLiteral("com.example.chat.complication")});
    QVERIFY(universal);
    const auto u = loadP12Credentials(universal->p12File, universal->password.toUtf8(), &error);
    QVERIFY2(u, qPrintable(error));
    QCOMPARE(u->certificateInfo.topics, (QStringList{QStringLiteral("com.example.chat"), QStringLiteral("com.example.chat.voip"),
                                                      QStringLiteral("com.example.chat.complication")}));
    QVERIFY(u->certificateInfo.allows(Environment::Sandbox) && u->certificateInfo.allows(Environment::Production));
    QCOMPARE(u->certificateInfo.suggestedEnvironment(), std::nullopt);
}

void TestApnsCredentials::pemCertificate()
{
    const auto cert = make(QStringLiteral("pem"), ApnsTestCredentials::Environment::Development);
    QVERIFY(cert);
    QString error;
    const auto c = loadPemCredentials(cert->certificateFile, cert->keyFile, {}, &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->certificateInfo.topic, QStringLiteral("com.example.chat"));
    QVERIFY(!c->privateKey.isNull());
}

void TestApnsCredentials::wrongCertificates()
{
    QString error;
    const auto dev = make(QStringLiteral("dev2"), ApnsTestCredentials::Environment::Development);
    QVERIFY(dev);
    QVERIFY(!loadP12Credentials(dev->p12File, "wrong password", &error));
    QVERIFY2(error.contains(QLatin1String("password is wrong")), qPrintable(error));
    QVERIFY2(error.startsWith(QLatin1String("dev2.p12: ")), qPrintable(error));

    QVERIFY(!loadP12Credentials(m_files.signingKeyFile(), "herald", &error)); // a .p8 is no .p12
    QVERIFY2(error.contains(QLatin1String("PKCS#12")), qPrintable(error));

    const auto expired = make(QStringLiteral("expired"), ApnsTestCredentials::Environment::Development, {}, true);
    QVERIFY(expired);
    QVERIFY(!loadP12Credentials(expired->p12File, expired->password.toUtf8(), &error));
    QVERIFY2(error.contains(QLatin1String("expired on")), qPrintable(error));

    const auto noTopic = make(QStringLiteral("notopic"), ApnsTestCredentials::Environment::Development, {}, false, QString());
    QVERIFY(noTopic);
    QVERIFY(!loadP12Credentials(noTopic->p12File, noTopic->password.toUtf8(), &error));
    QVERIFY2(error.contains(QLatin1String("no UID")), qPrintable(error));

    const auto noEnvironment = make(QStringLiteral("noenv"), ApnsTestCredentials::Environment::None);
    QVERIFY(noEnvironment);
    QVERIFY(!loadP12Credentials(noEnvironment->p12File, noEnvironment->password.toUtf8(), &error));
    QVERIFY2(error.contains(QLatin1String("neither the development nor the production")), qPrintable(error));

    QVERIFY(!loadPemCredentials(dev->certificateFile, m_files.caFile(), {}, &error));
    QVERIFY2(error.contains(QLatin1String("no private key")), qPrintable(error));
}

void TestApnsCredentials::caFile()
{
    Endpoint e;
    QString error;
    QVERIFY(loadCaFile(m_files.caFile(), &e, &error));
    QCOMPARE(e.caCertificates.size(), 1);
    QVERIFY(!loadCaFile(m_files.signingKeyFile(), &e, &error));
    QVERIFY2(error.contains(QLatin1String("holds no PEM certificate")), qPrintable(error));
    QCOMPARE(Endpoint{}.url(), QStringLiteral("https://api.push.apple.com:443"));
    Endpoint sandbox;
    sandbox.environment = Environment::Sandbox;
    QCOMPARE(sandbox.effectiveHost(), QStringLiteral("api.sandbox.push.apple.com"));
}

QTEST_GUILESS_MAIN(TestApnsCredentials)
#include "tst_apnscredentials.moc"
