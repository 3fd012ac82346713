#include "net/apnssender.h"

#include "net/adminclient.h"

#include <QPointer>

namespace Herald::Console {

ApnsSender::ApnsSender(AdminClient &admin, ApnsHistory &history, QObject *parent)
    : QObject(parent), m_admin(admin), m_history(history)
{
    m_options.maxAttempts = 1; // a test push shows APNs' first answer, not the outcome of our retries
    connect(&admin, &AdminClient::apnsResultReceived, this, &ApnsSender::onServerResult);
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
        const int serial = m_pending.take(id);
        if (serial == 0)
            return;
        m_history.setResult(serial, result);
        Q_EMIT resultReady(serial);
    });
    connect(m_client.get(), &Apns::ApnsClient::connected, this,
            [this, url] { Q_EMIT connectionMessage(tr("Connected to %1").arg(url)); });
    connect(m_client.get(), &Apns::ApnsClient::disconnected, this,
            [this, url](const QString &reason) { Q_EMIT connectionMessage(tr("Connection to %1 closed: %2").arg(url, reason)); });
    return m_client.get();
}

int ApnsSender::sendDirect(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint, ApnsSend send)
{
    send.via = ApnsSend::Via::Direct;
    send.endpoint = endpoint.url();
    Apns::ApnsClient *client = clientFor(credentials, endpoint);
    const Apns::Notification notification = send.notification;
    const int serial = m_history.add(std::move(send));
    m_pending.insert(client->send(notification), serial); // finished() never comes from inside send()
    return serial;
}

int ApnsSender::sendThroughServer(const ServerPush &push, ApnsSend send)
{
    send.via = push.kind == ServerPush::Kind::Uid ? ApnsSend::Via::ServerUid : ApnsSend::Via::ServerTokens;
    send.uid = push.uid;
    send.endpoint = m_admin.target().url.toString();
    const int serial = m_history.add(std::move(send));
    QPointer<ApnsSender> self = this;
    m_admin.push(push, [self, serial](const QStringList &pushIds, const QString &error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            self->m_history.setFailure(serial, error);
            Q_EMIT self->resultReady(serial);
            return;
        }
        self->m_history.setPushIds(serial, pushIds);
        if (pushIds.isEmpty()) { // nothing queued: no device, or the uid was online
            self->m_history.setFailure(serial, tr("The server queued no notification (no active device, or the uid is online)"));
            Q_EMIT self->resultReady(serial);
        }
    });
    return serial;
}

void ApnsSender::onServerResult(const ServerPushResult &result)
{
    const int serial = m_history.serialForServerResult(result.pushId, result.token);
    if (serial == 0)
        return; // another console's push, or one from a backend
    m_history.setResult(serial, result.result, result.token);
    Q_EMIT resultReady(serial);
}

} // namespace Herald::Console
