#pragma once

#include "apns/apnsclient.h"
#include "net/apnsadmin.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Herald::Console {

class AdminClient;

// Sends the console's test pushes: directly, through the shared APNs client with the console's own
// credentials (one client kept per credentials and endpoint), or through the connected server
// (pushToTokens / pushToUid, results from its "apns" events). It only sends and reports; what becomes
// of each send is written down by ApnsTracker.
class ApnsSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsSender)

public:
    explicit ApnsSender(AdminClient &admin, QObject *parent = nullptr);
    ~ApnsSender() override;

    // Each returns a ticket that the signals below name.
    quint64 sendDirect(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint,
                       const Apns::Notification &notification);
    quint64 sendThroughServer(const ServerPush &push);
    QString serverUrl() const; // where sendThroughServer sends

    // Options of the direct client (tests shorten the timeouts); applies to clients made afterwards.
    void setClientOptions(const Apns::ClientOptions &options) { m_options = options; }

Q_SIGNALS:
    // A direct send's result (never emitted from inside sendDirect).
    void directResult(quint64 ticket, const Herald::Apns::Result &result);
    // The server's answer to a send through it: the push ids it queued, or why it refused.
    void serverAnswered(quint64 ticket, const QStringList &pushIds, const QString &error);
    // What became of one notification the server sent (this console's, another's or a backend's).
    void serverResult(const Herald::Console::ServerPushResult &result);
    // The direct connection's state, for a person ("connected to https://…", "closed: IdleTimeout").
    void connectionMessage(const QString &text);

private:
    Apns::ApnsClient *clientFor(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint);

    AdminClient &m_admin;
    Apns::ClientOptions m_options;
    std::unique_ptr<Apns::ApnsClient> m_client;
    QString m_clientKey;               // credentials identity and endpoint of m_client
    QHash<quint64, quint64> m_pending; // request id of m_client → ticket
    quint64 m_nextTicket = 1;
};

} // namespace Herald::Console
