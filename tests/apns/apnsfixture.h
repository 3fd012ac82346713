#pragma once

// What the APNs client tests share: test credentials, a strict stand-in for Apple on loopback trusting
// them, and a client aimed at it.

#include "apns/apnsclient.h"
#include "apnscerts.h"
#include "apnsstandin.h"
#include "testcerts.h"

#include <QHash>
#include <QObject>

#include <memory>

Q_DECLARE_METATYPE(Herald::Apns::Result)

namespace HeraldTest {

inline const QByteArray kDeviceToken = QByteArrayLiteral("8e0b8b2f4c1a9d3e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e");
inline const QString kTopic = QStringLiteral("com.example.chat");
inline const QString kKeyId = QStringLiteral("ABC123DEFG");
inline const QString kTeamId = QStringLiteral("DEF123GHIJ");

class ApnsFixture
{
public:
    // Makes the certificates and keys (once per test case); false with *error if openssl failed.
    bool create(QString *error);

    // A stand-in for the environment, knowing the signing key and (for certificates) the client CA,
    // with kDeviceToken registered for kTopic.
    std::unique_ptr<ApnsStandIn> standIn(ApnsStandIn::Environment environment = ApnsStandIn::Environment::Sandbox,
                                         bool clientCertificates = false) const;
    Herald::Apns::Endpoint endpoint(const ApnsStandIn &standIn) const;
    Herald::Apns::Credentials tokenCredentials(const QString &p8File = {}) const;

    // A valid alert notification to kDeviceToken.
    static Herald::Apns::Notification notification(const QByteArray &token = kDeviceToken);

    ApnsTestCredentials credentials;
    TestCertificates server;
};

// Client options that keep a test short: retries 20 to 100 ms apart, a 5 s deadline.
Herald::Apns::ClientOptions quick();

// Collects a client's results by id.
class Results
{
public:
    explicit Results(Herald::Apns::ApnsClient &client);
    bool has(quint64 id) const { return m_results.contains(id); }
    Herald::Apns::Result at(quint64 id) const { return m_results.value(id); }
    int size() const { return int(m_results.size()); }
    int delivered() const;
    bool eachOnce() const;

private:
    QHash<quint64, Herald::Apns::Result> m_results;
    QHash<quint64, int> m_count;
};

// The base of a test class of the APNs client: the fixture, made once before the first function.
class ApnsClientTestCase : public QObject
{
    Q_OBJECT

protected:
    ApnsFixture m_fx;

private slots:
    void initTestCase();
};

} // namespace HeraldTest
