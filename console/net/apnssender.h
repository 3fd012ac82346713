#pragma once

#include "apns/apnsclient.h"
#include "models/apnshistory.h"
#include "net/apnsadmin.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Herald::Console {

class AdminClient;

// Sends the console's test pushes and writes what became of them into the history: directly, through the
// shared APNs client with the console's own credentials (one client kept per credentials and endpoint),
// or through the connected server (pushToTokens / pushToUid, results from its "apns" events).
class ApnsSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsSender)

public:
    ApnsSender(AdminClient &admin, ApnsHistory &history, QObject *parent = nullptr);
    ~ApnsSender() override;

    // Each returns the send's serial in the history; resultReady(serial) follows for every result.
    int sendDirect(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint, ApnsSend send);
    int sendThroughServer(const ServerPush &push, ApnsSend send);

    // Options of the direct client (tests shorten the timeouts); applies to clients made afterwards.
    void setClientOptions(const Apns::ClientOptions &options) { m_options = options; }

Q_SIGNALS:
    void resultReady(int serial);
    // The direct connection's state, for a person ("connected to https://…", "closed: IdleTimeout").
    void connectionMessage(const QString &text);

private:
    Apns::ApnsClient *clientFor(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint);
    void onServerResult(const ServerPushResult &result);

    AdminClient &m_admin;
    ApnsHistory &m_history;
    Apns::ClientOptions m_options;
    std::unique_ptr<Apns::ApnsClient> m_client;
    QString m_clientKey;           // credentials identity and endpoint of m_client
    QHash<quint64, int> m_pending; // request id of m_client → serial
};

} // namespace Herald::Console
