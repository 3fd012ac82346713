#include "apnsfixture.h"

#include <QFile>
#include <QTest>

#include <algorithm>

namespace HeraldTest {

namespace {
QByteArray readAll(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

bool ApnsFixture::create(QString *error)
{
    if (!server.create()) {
        *error = server.errorString();
        return false;
    }
    if (!credentials.create()) {
        *error = credentials.errorString();
        return false;
    }
    return true;
}

std::unique_ptr<ApnsStandIn> ApnsFixture::standIn(ApnsStandIn::Environment environment, bool clientCertificates) const
{
    ApnsStandIn::Config config;
    config.certificate = QSslCertificate(readAll(server.certificateFile()));
    config.privateKey = QSslKey(readAll(server.keyFile()), QSsl::Ec);
    config.environment = environment;
    ApnsStandIn::SigningKey key;
    key.keyId = kKeyId.toLatin1();
    key.teamId = kTeamId.toLatin1();
    key.publicKeyPem = readAll(credentials.signingPublicKeyFile());
    key.topics = {kTopic, kTopic + QStringLiteral(".voip")};
    config.signingKeys.append(key);
    if (clientCertificates)
        config.clientCaCertificates = QSslCertificate::fromPath(credentials.caFile());
    auto standIn = std::make_unique<ApnsStandIn>(config);
    standIn->registerToken(kDeviceToken, kTopic);
    return standIn;
}

Herald::Apns::Endpoint ApnsFixture::endpoint(const ApnsStandIn &standIn) const
{
    Herald::Apns::Endpoint e;
    e.environment = standIn.config().environment == ApnsStandIn::Environment::Sandbox ? Herald::Apns::Environment::Sandbox
                                                                                        : Herald::Apns::Environment::Production;
    e.host = QStringLiteral("127.0.0.1");
    e.port = standIn.serverPort();
    e.caCertificates = QSslCertificate::fromPath(server.caFile());
    return e;
}

Herald::Apns::Credentials ApnsFixture::tokenCredentials(const QString &p8File) const
{
    QString error;
    const std::optional<Herald::Apns::Credentials> c = Herald::Apns::loadTokenCredentials(
        p8File.isEmpty() ? credentials.signingKeyFile() : p8File, kKeyId, kTeamId, &error);
    return c ? *c : Herald::Apns::Credentials();
}

Herald::Apns::Notification ApnsFixture::notification(const QByteArray &token)
{
    Herald::Apns::Notification n;
    n.deviceToken = QString::fromLatin1(token);
    n.topic = kTopic;
    n.payload = QByteArrayLiteral(R"({"aps":{"alert":"hello"}})");
    return n;
}

Herald::Apns::ClientOptions quick()
{
    Herald::Apns::ClientOptions o;
    o.retryDelayMs = 20;
    o.maxRetryDelayMs = 100;
    o.deadlineMs = 5000;
    return o;
}

Results::Results(Herald::Apns::ApnsClient &client)
{
    QObject::connect(&client, &Herald::Apns::ApnsClient::finished, &client,
                     [this](quint64 id, const Herald::Apns::Result &r) {
                         ++m_count[id];
                         m_results.insert(id, r);
                     });
}

int Results::delivered() const
{
    return int(std::count_if(m_results.cbegin(), m_results.cend(),
                             [](const Herald::Apns::Result &r) { return r.delivered(); }));
}

bool Results::eachOnce() const
{
    return std::all_of(m_count.cbegin(), m_count.cend(), [](int n) { return n == 1; });
}

void ApnsClientTestCase::initTestCase()
{
    qRegisterMetaType<Herald::Apns::Result>();
    QString error;
    QVERIFY2(m_fx.create(&error), qPrintable(error));
}

} // namespace HeraldTest
