#pragma once

// Getui (个推) REST API v2 as a push provider: POST /v2/{appid}/push/single/cid with the auth token
// (GetuiToken) in a `token` header, fetched again and the push sent once more when Getui answers 10001;
// a notification (title, body, click_type startapp; with data: click_type payload carrying it), or the
// data alone as a transmission. Getui's codes classified (getuireply.h); retry-later answers retried
// with back-off.

#include "push/endpoint.h"
#include "push/getuitoken.h"
#include "push/provider.h"
#include "push/queuedsender.h"

#include <functional>

namespace Herald::Push {

struct GetuiOptions {
    Endpoint endpoint;
    int deadlineMs = 30000;      // each request's
    int maxAttempts = 3;         // requests per message, retries counted
    int retryDelayMs = 1000;     // first back-off; doubles each time
    int maxRetryDelayMs = 30000;
    qint64 ttlMs = 2 * 3600 * 1000; // how long Getui keeps the message for an offline device (its default)
    std::function<qint64()> clock;  // UNIX milliseconds; empty: the system clock (tests set it)
};

inline constexpr int kGetuiTokenExpired = 10001; // the auth token is wrong or expired: fetch one, send again

// Getui's error codes, their outcome and what they mean; `verified`: read in Getui's documentation.
struct GetuiReason {
    int code;
    Outcome outcome;
    bool verified;
    const char *explanation;
};
const QList<GetuiReason> &getuiReasons();
// A code not in the table is classified by the HTTP status (outcomeOfStatus).
Outcome getuiClassify(int status, int code, QString *explanation);

// Getui's documented limits (docs/push-providers.md).
inline constexpr int kGetuiMaxTitle = 50;    // characters
inline constexpr int kGetuiMaxBody = 256;    // characters
inline constexpr int kGetuiMaxPayload = 3072; // the data's JSON text, as payload or transmission

class GetuiClient final : public QueuedSender
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GetuiClient)

public:
    GetuiClient(GetuiCredentials credentials, GetuiOptions options = {}, QObject *parent = nullptr);
    ~GetuiClient() override;

    QString name() const override;

    // The push body for one cid, without its request_id; what is wrong with a message (empty: it can go).
    static QJsonObject pushJson(const Message &message, qint64 ttlMs);
    static QString problem(const Message &message);
    // A new request_id: 32 hex characters (Getui: unique, 10 to 32 characters).
    static QString newRequestId();

private:
    QString problemOf(const Message &message) const override { return problem(message); }
    QJsonObject payloadOf(const Message &message) const override { return pushJson(message, m_options.ttlMs); }
    bool authFresh() const override;
    void fetchAuth() override;
    QString authValue() const override;
    void invalidateAuth() override;
    QNetworkReply *post(const Pending &pending) override;
    Verdict judge(QNetworkReply &reply, const Pending &pending) const override;

    GetuiCredentials m_credentials;
    GetuiOptions m_options;
    GetuiToken *m_token;
};

} // namespace Herald::Push
