#include "push/fcmserviceaccount.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace Herald::Push {

std::optional<ServiceAccount> loadServiceAccount(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the service account file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    std::optional<ServiceAccount> account = parseServiceAccount(file.readAll(), error);
    if (!account)
        *error = QStringLiteral("%1: %2").arg(path, *error);
    return account;
}

std::optional<ServiceAccount> parseServiceAccount(const QByteArray &json, QString *error)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    if (o.value(QLatin1String("type")).toString() != QLatin1String("service_account")) {
        *error = QStringLiteral("not a service account key (\"type\":\"service_account\"): download one from the Firebase "
                                "console, Project settings, Service accounts, Generate new private key");
        return std::nullopt;
    }
    ServiceAccount a;
    a.projectId = o.value(QLatin1String("project_id")).toString();
    a.clientEmail = o.value(QLatin1String("client_email")).toString();
    a.privateKeyId = o.value(QLatin1String("private_key_id")).toString();
    a.privateKey = o.value(QLatin1String("private_key")).toString().toUtf8();
    a.tokenUri = o.value(QLatin1String("token_uri")).toString();
    for (const auto &[value, name] : {std::pair{a.projectId, "project_id"}, std::pair{a.clientEmail, "client_email"},
                                      std::pair{QString::fromUtf8(a.privateKey), "private_key"},
                                      std::pair{a.tokenUri, "token_uri"}}) {
        if (value.isEmpty()) {
            *error = QStringLiteral("the service account key has no %1").arg(QLatin1String(name));
            return std::nullopt;
        }
    }
    if (!a.privateKey.contains("-----BEGIN PRIVATE KEY-----")) {
        *error = QStringLiteral("the service account's private_key is not a PEM private key");
        return std::nullopt;
    }
    const QUrl uri(a.tokenUri);
    if (!uri.isValid() || uri.scheme() != QLatin1String("https")) {
        *error = QStringLiteral("the service account's token_uri is not an https URL: %1").arg(a.tokenUri);
        return std::nullopt;
    }
    return a;
}

} // namespace Herald::Push
