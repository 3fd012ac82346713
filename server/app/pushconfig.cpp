#include "app/pushconfig.h"

#include "app/config.h"
#include "app/secrets.h"
#include "push/fcmclient.h"
#include "push/getuiclient.h"
#include "push/jpushclient.h"

namespace Herald {

namespace {

// Where a provider's requests go: `host`/`port` instead of its own, trusting `caFile`'s CAs.
bool endpointFrom(const QString &prefix, const QString &host, int port, const QString &caFile, Push::Endpoint *endpoint,
                  QString *error)
{
    endpoint->host = host;
    endpoint->port = quint16(port);
    QString why;
    if (!caFile.isEmpty() && !Push::loadCaFile(caFile, endpoint, &why)) {
        *error = QStringLiteral("%1-ca-file (%2): %3").arg(prefix, caFile, why);
        return false;
    }
    return true;
}

} // namespace

std::optional<PushDispatcher::Providers> loadPushProviders(const Config &c, QString *error)
{
    error->clear();
    PushDispatcher::Providers providers;
    if (!c.fcmServiceAccount.isEmpty()) {
        QString why;
        std::optional<Push::ServiceAccount> account = Push::loadServiceAccount(c.fcmServiceAccount, &why);
        if (!account) {
            *error = QStringLiteral("fcm-service-account (%1): %2").arg(c.fcmServiceAccount, why);
            return std::nullopt;
        }
        Push::FcmOptions options;
        if (!endpointFrom(QStringLiteral("fcm"), c.fcmHost, c.fcmPort, c.fcmCaFile, &options.endpoint, error))
            return std::nullopt;
        providers[QStringLiteral("fcm")] = std::make_unique<Push::FcmClient>(std::move(*account), std::move(options));
    }
    if (!c.jpushAppKey.isEmpty() || !c.jpushMasterSecretFile.isEmpty()) {
        if (c.jpushAppKey.isEmpty() || c.jpushMasterSecretFile.isEmpty()) {
            *error = QStringLiteral("JPush needs jpush-app-key and jpush-master-secret-file together");
            return std::nullopt;
        }
        const std::optional<QByteArray> secret =
            readPasswordFile(QStringLiteral("jpush-master-secret-file"), c.jpushMasterSecretFile, error);
        if (!secret)
            return std::nullopt;
        Push::JPushOptions options;
        if (!endpointFrom(QStringLiteral("jpush"), c.jpushHost, c.jpushPort, c.jpushCaFile, &options.endpoint, error))
            return std::nullopt;
        providers[QStringLiteral("jpush")] =
            std::make_unique<Push::JPushClient>(Push::JPushCredentials{c.jpushAppKey, *secret}, std::move(options));
    }
    if (!c.getuiAppId.isEmpty() || !c.getuiAppKey.isEmpty() || !c.getuiMasterSecretFile.isEmpty()) {
        if (c.getuiAppId.isEmpty() || c.getuiAppKey.isEmpty() || c.getuiMasterSecretFile.isEmpty()) {
            *error = QStringLiteral("Getui needs getui-app-id, getui-app-key and getui-master-secret-file together");
            return std::nullopt;
        }
        const std::optional<QByteArray> secret =
            readPasswordFile(QStringLiteral("getui-master-secret-file"), c.getuiMasterSecretFile, error);
        if (!secret)
            return std::nullopt;
        Push::GetuiOptions options;
        if (!endpointFrom(QStringLiteral("getui"), c.getuiHost, c.getuiPort, c.getuiCaFile, &options.endpoint, error))
            return std::nullopt;
        providers[QStringLiteral("getui")] =
            std::make_unique<Push::GetuiClient>(Push::GetuiCredentials{c.getuiAppId, c.getuiAppKey, *secret}, std::move(options));
    }
    return providers;
}

} // namespace Herald
