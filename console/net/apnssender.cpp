#include "net/apnssender.h"

#include "net/adminclient.h"

#include <QPointer>

namespace Herald::Console {

ApnsSender::ApnsSender(AdminClient &admin, QObject *parent) : QObject(parent), m_admin(admin)
{
    m_options.maxAttempts = 1; // a test push shows APNs' first answer, not the outcome of our retries
    connect(&admin, &AdminClient::apnsResultReceived, this, &ApnsSender::serverResult);
}

ApnsSender::~ApnsSender() = default;

Apns::ApnsClient *ApnsSender::clientFor(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint)
{
    const QString key = credentials.identity() + QLatin1Char('|') + endpoint.url() + QLatin1Char('|')
        + QString::number(int(endpoint.environment));
    if (m_client && key == m_clientKey)
        return m_client.get();
    // New credentials or another endpoint: what the old client still had in flight fails as cancelled.
    if (m_client)
        m_client->cancelAll();
    m_client = std::make_unique<Apns::ApnsClient>(credentials, endpoint, m_options);
    m_clientKey = key;
    const QString url = endpoint.url();
    connect(m_client.get(), &Apns::ApnsClient::finished, this, [this](quint64 id, const Apns::Result &result) {
        const quint64 ticket = m_pending.take(id);
        if (ticket != 0)
            Q_EMIT directResult(ticket, result);
    });
    connect(m_client.get(), &Apns::ApnsClient::connected, this,
            [this, url] { Q_EMIT connectionMessage(tr("Connected to %1").arg(url)); });
    connect(m_client.get(), &Apns::ApnsClient::disconnected, this,
            [this, url](const QString &reason) { Q_EMIT connectionMessage(tr("Connection to %1 closed: %2").arg(url, reason)); });
    return m_client.get();
}

quint64 ApnsSender::sendDirect(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint,
                               const Apns::Notification &notification)
{
    const quint64 ticket = m_nextTicket++;
    Apns::ApnsClient *client = clientFor(credentials, endpoint);
    m_pending.insert(client->send(notification), ticket); // finished() never comes from inside send()
    return ticket;
}

quint64 ApnsSender::sendThroughServer(const ServerPush &push)
{
    const quint64 ticket = m_nextTicket++;
    QPointer<ApnsSender> self = this;
    m_admin.push(push, [self, ticket](const QStringList &pushIds, const QString &error) {
        if (self)
            Q_EMIT self->serverAnswered(ticket, pushIds, error);
    });
    return ticket;
}

QString ApnsSender::serverUrl() const
{
    return m_admin.target().url.toString();
}

} // namespace Herald::Console
