#pragma once

#include "models/apnshistory.h"

#include <QHash>
#include <QObject>

namespace Herald::Apns {
struct Credentials;
struct Endpoint;
struct Result;
} // namespace Herald::Apns

namespace Herald::Console {

class ApnsSender;
struct ServerPush;
struct ServerPushResult;

// Writes the console's test pushes into the history, and what became of each: it sends them through an
// ApnsSender and matches what it reports (a direct result, the server's push ids and then its
// per-device results) to the send's row.
class ApnsTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsTracker)

public:
    ApnsTracker(ApnsSender &sender, ApnsHistory &history, QObject *parent = nullptr);

    // Each returns the send's serial in the history; resultReady(serial) follows for every result.
    int sendDirect(const Apns::Credentials &credentials, const Apns::Endpoint &endpoint, ApnsSend send);
    int sendThroughServer(const ServerPush &push, ApnsSend send);

Q_SIGNALS:
    void resultReady(int serial);

private:
    void onDirectResult(quint64 ticket, const Apns::Result &result);
    void onServerAnswered(quint64 ticket, const QStringList &pushIds, const QString &error);
    void onServerResult(const ServerPushResult &result);

    ApnsSender &m_sender;
    ApnsHistory &m_history;
    QHash<quint64, int> m_serials; // sender's ticket → serial, until its result (direct) or answer (server)
};

} // namespace Herald::Console
