#include "push/apnsprovider.h"

#include <QJsonDocument>

#include <utility>

namespace Herald::Push {

namespace {
constexpr std::pair<Apns::Outcome, Outcome> kOutcomes[] = {
    {Apns::Outcome::Delivered, Outcome::Delivered},
    {Apns::Outcome::RetryLater, Outcome::RetryLater},
    {Apns::Outcome::DeviceTokenDead, Outcome::TokenDead},
    {Apns::Outcome::NotificationRejected, Outcome::BadRequest},
    {Apns::Outcome::ConfigurationWrong, Outcome::CredentialsWrong},
};
} // namespace

Outcome ApnsProvider::outcomeOf(Apns::Outcome outcome)
{
    for (const auto &[apns, push] : kOutcomes) {
        if (apns == outcome)
            return push;
    }
    return Outcome::RetryLater;
}

Apns::Outcome ApnsProvider::apnsOutcomeOf(Outcome outcome)
{
    for (const auto &[apns, push] : kOutcomes) {
        if (push == outcome)
            return apns;
    }
    return Apns::Outcome::RetryLater;
}

ApnsProvider::ApnsProvider(Apns::Credentials credentials, Apns::Endpoint endpoint, Apns::ClientOptions options,
                           Apns::Notification prototype, QObject *parent)
    : Provider(parent), m_client(std::move(credentials), std::move(endpoint), std::move(options)),
      m_prototype(std::move(prototype))
{
    connect(&m_client, &Apns::ApnsClient::finished, this,
            [this](quint64 id, const Apns::Result &r) { Q_EMIT finished(id, answerOf(r)); });
}

ApnsProvider::~ApnsProvider() = default;

QString ApnsProvider::name() const
{
    return QStringLiteral("apns");
}

quint64 ApnsProvider::send(const Message &message)
{
    return m_client.send(notificationFor(m_prototype, message));
}

void ApnsProvider::cancelAll()
{
    m_client.cancelAll();
}

Apns::Notification ApnsProvider::notificationFor(const Apns::Notification &prototype, const Message &message)
{
    Apns::Notification n = prototype;
    n.deviceToken = message.token;
    if (n.payload.isEmpty()) {
        Apns::PayloadFields fields;
        fields.title = message.title;
        fields.body = message.body;
        fields.custom = message.data;
        n.payload = Apns::buildPayload(fields);
    }
    return n;
}

Message ApnsProvider::messageOf(const Apns::Notification &notification)
{
    Message m;
    QJsonObject payload = QJsonDocument::fromJson(notification.payload).object();
    const QJsonValue alert = payload.take(QLatin1String("aps")).toObject().value(QLatin1String("alert"));
    if (alert.isString()) {
        m.body = alert.toString();
    } else {
        m.title = alert.toObject().value(QLatin1String("title")).toString();
        m.body = alert.toObject().value(QLatin1String("body")).toString();
    }
    m.data = payload;
    return m;
}

Answer ApnsProvider::answerOf(const Apns::Result &result)
{
    Answer a;
    a.provider = QStringLiteral("apns");
    a.status = result.status;
    a.reason = result.reason;
    a.explanation = result.explanation;
    a.idName = QStringLiteral("apns-id");
    a.id = result.apnsId;
    if (result.unregisteredAt)
        a.note = QStringLiteral("token invalid since %1").arg(result.unregisteredAt->toString(Qt::ISODate));
    a.latencyUs = result.latencyUs;
    a.attempts = result.attempts;
    a.outcome = outcomeOf(result.outcome);
    a.details = result.toJson();
    return a;
}

} // namespace Herald::Push
