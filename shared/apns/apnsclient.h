#pragma once

// The one APNs client of Herald (server, console and herald-push): notifications in, results out.
// One HTTP/2 connection per client (per credentials and endpoint), kept open, many streams over it;
// token or certificate authentication; local checks before sending; 429, 5xx and refused streams retried
// with back-off, every retry counted; GOAWAY, resets and idle closes handled by reconnecting, with
// back-off while connections fail; each notification bounded in tries and in time.

#include "apns/credentials.h"
#include "apns/notification.h"
#include "apns/result.h"

#include <QObject>

#include <memory>

namespace Herald::Apns {

struct ClientOptions {
    int maxConcurrentStreams = 500; // our own cap; APNs' SETTINGS may lower it
    // From send() to the result, every retry and reconnect included. Then a stream still unanswered is
    // reset (Reason::Timeout); a notification waiting to go again finishes with its last try's result.
    int deadlineMs = 30000;
    int connectTimeoutMs = 15000;   // one connection attempt
    int maxAttempts = 3;            // tries per notification, every retry counted: a request, or a connection
                                    // that failed or went away before answering while it waited
    int retryDelayMs = 1000;        // first back-off of a retry or a reconnect; doubles each time (backoffMs)
    int maxRetryDelayMs = 30000;
    int maxQueued = 1000000;        // beyond this, send() fails at once with RetryLater
    ProviderToken::Clock clock;     // UNIX seconds for provider tokens; empty: the system clock (tests set it)
};

class ApnsClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsClient)

public:
    ApnsClient(Credentials credentials, Endpoint endpoint, ClientOptions options = {}, QObject *parent = nullptr);
    ~ApnsClient() override;

    // Queues a notification; finished(id, result) follows, always, and never from inside send().
    // Invalid notifications (validate()) finish as NotificationRejected / InvalidNotification unsent.
    // With token authentication an empty topic is an error; with a certificate it defaults to the
    // certificate's topic.
    quint64 send(const Notification &notification);
    // Fails every queued and in-flight notification with Reason::Cancelled and closes the connection.
    void cancelAll();

    int queued() const;   // waiting for a stream
    int inFlight() const; // sent, not yet answered
    bool isConnected() const;
    const Credentials &credentials() const;
    const Endpoint &endpoint() const;

Q_SIGNALS:
    void finished(quint64 id, const Herald::Apns::Result &result);
    // A connection came up, or went away ("GOAWAY <APNs' reason>", or the transport error).
    void connected();
    void disconnected(const QString &reason);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Herald::Apns
