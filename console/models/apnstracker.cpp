#include "models/apnstracker.h"

#include "net/apnssender.h"

namespace Herald::Console {

ApnsTracker::ApnsTracker(ApnsSender &sender, ApnsHistory &history, QObject *parent)
    : QObject(parent), m_sender(sender), m_history(history)
{
    connect(&sender, &ApnsSender::directResult, this, &ApnsTracker::onDirectResult);
    connect(&sender, &ApnsSender::serverAnswered, this, &ApnsTracker::onServerAnswered);
    connect(&sender, &ApnsSender::serverResult, this, &ApnsTracker::onServerResult);
}

int ApnsTracker::sendDirect(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint, ApnsSend send)
{
    send.via = ApnsSend::Via::Direct;
    send.endpoint = endpoint.url();
    const Apns::Notification notification = send.notification;
    const int serial = m_history.add(std::move(send));
    m_serials.insert(m_sender.sendDirect(credentials, endpoint, notification), serial);
    return serial;
}

int ApnsTracker::sendThroughServer(const ServerPush &push, ApnsSend send)
{
    send.via = push.kind == ServerPush::Kind::Uid ? ApnsSend::Via::ServerUid : ApnsSend::Via::ServerTokens;
    send.uid = push.uid;
    send.endpoint = m_sender.serverUrl();
    const int serial = m_history.add(std::move(send));
    m_serials.insert(m_sender.sendThroughServer(push), serial);
    return serial;
}

void ApnsTracker::onDirectResult(quint64 ticket, const Apns::Result &result)
{
    const int serial = m_serials.take(ticket);
    if (serial == 0)
        return;
    m_history.setResult(serial, result);
    Q_EMIT resultReady(serial);
}

void ApnsTracker::onServerAnswered(quint64 ticket, const QStringList &pushIds, const QString &error)
{
    const int serial = m_serials.take(ticket);
    if (serial == 0)
        return;
    if (!error.isEmpty()) {
        m_history.setFailure(serial, error);
        Q_EMIT resultReady(serial);
        return;
    }
    m_history.setPushIds(serial, pushIds);
    if (pushIds.isEmpty()) { // nothing queued: no device, or the uid was online
        m_history.setFailure(serial, tr("The server queued no notification (no active device, or the uid is online)"));
        Q_EMIT resultReady(serial);
    }
}

void ApnsTracker::onServerResult(const ServerPushResult &result)
{
    const int serial = m_history.serialForServerResult(result.pushId, result.token);
    if (serial == 0)
        return; // another console's push, or one from a backend
    m_history.setResult(serial, result.result, result.token);
    Q_EMIT resultReady(serial);
}

} // namespace Herald::Console
