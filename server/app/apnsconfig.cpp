#include "app/apnsconfig.h"

#include "app/config.h"
#include "app/secrets.h"


namespace Herald {

std::optional<ApnsSettings> loadApnsSettings(const Config &c, QString *error)
{
    error->clear();
    if (!c.apnsConfigured())
        return std::nullopt;
    ApnsSettings s;
    QString why;
    std::optional<Apns::Credentials> credentials;
    if (!c.apnsP8.isEmpty()) {
        credentials = Apns::loadTokenCredentials(c.apnsP8, c.apnsKeyId, c.apnsTeamId, &why);
        if (!credentials) {
            *error = QStringLiteral("apns-p8 (%1): %2").arg(c.apnsP8, why);
            return std::nullopt;
        }
    } else if (!c.apnsP12.isEmpty()) {
        QByteArray password;
        if (!c.apnsP12PasswordFile.isEmpty()) {
            const std::optional<QByteArray> p = readPasswordFile(QStringLiteral("apns-p12-password-file"), c.apnsP12PasswordFile, error);
            if (!p)
                return std::nullopt;
            password = *p;
        }
        credentials = Apns::loadP12Credentials(c.apnsP12, password, &why);
        if (!credentials) {
            *error = QStringLiteral("apns-p12 (%1): %2").arg(c.apnsP12, why);
            return std::nullopt;
        }
    } else {
        credentials = Apns::loadPemCredentials(c.apnsCert, c.apnsKey, {}, &why);
        if (!credentials) {
            *error = QStringLiteral("apns-cert / apns-key (%1, %2): %3").arg(c.apnsCert, c.apnsKey, why);
            return std::nullopt;
        }
    }
    s.credentials = *credentials;
    s.defaultTopic = c.apnsTopic;
    if (s.defaultTopic.isEmpty() && s.credentials.kind == Apns::Credentials::Kind::Certificate)
        s.defaultTopic = s.credentials.certificateInfo.topic;
    s.defaultEnvironment = Apns::environmentFromName(c.apnsEnvironment).value_or(Apns::Environment::Production);
    if (s.credentials.kind == Apns::Credentials::Kind::Certificate
        && !s.credentials.certificateInfo.allows(s.defaultEnvironment)) {
        *error = QStringLiteral("apns-environment is %1, but the certificate is not for it (%2)")
                     .arg(c.apnsEnvironment, s.credentials.certificateInfo.summary());
        return std::nullopt;
    }
    s.host = c.apnsHost;
    s.port = quint16(c.apnsPort);
    if (!c.apnsCaFile.isEmpty()) {
        Apns::Endpoint e;
        if (!Apns::loadCaFile(c.apnsCaFile, &e, &why)) {
            *error = QStringLiteral("apns-ca-file (%1): %2").arg(c.apnsCaFile, why);
            return std::nullopt;
        }
        s.caCertificates = e.caCertificates;
    }
    s.concurrency = c.apnsConcurrency;
    s.timeoutMs = c.apnsTimeout;
    return s;
}

} // namespace Herald
