#pragma once

// Firebase Cloud Messaging HTTP v1 as a push provider: POST /v1/projects/{project_id}/messages:send with
// an access token (FcmAccessToken), refreshed once on a 401; FCM's error codes classified (fcmReasons),
// QUOTA_EXCEEDED, UNAVAILABLE and INTERNAL retried with back-off (Retry-After when FCM gives one).

#include "push/endpoint.h"
#include "push/fcmserviceaccount.h"
#include "push/provider.h"
#include "push/queuedsender.h"

#include <functional>

namespace Herald::Push {

class FcmAccessToken;

struct FcmOptions {
    Endpoint endpoint;
    int deadlineMs = 30000;    // each request's
    int maxAttempts = 3;       // requests per message, retries counted
    int retryDelayMs = 1000;   // first back-off; doubles each time
    int maxRetryDelayMs = 30000;
    std::function<qint64()> clock; // UNIX seconds; empty: the system clock (tests set it)
};

// FCM's error codes (FcmError, else the google.rpc status), their outcome and what they mean.
struct FcmReason {
    int status;
    const char *code;
    Outcome outcome;
    const char *explanation;
};
const QList<FcmReason> &fcmReasons();
Outcome fcmClassify(int status, const QString &code, QString *explanation);

inline constexpr int kFcmMaxPayloadBytes = 4096; // notification and data, as FCM counts them

class FcmClient final : public QueuedSender
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FcmClient)

public:
    FcmClient(ServiceAccount account, FcmOptions options = {}, QObject *parent = nullptr);
    ~FcmClient() override;

    QString name() const override;

    // The message field of a send request; what is wrong with it (empty: it can go).
    static QJsonObject messageJson(const Message &message);
    static QString problem(const Message &message);

private:
    QString problemOf(const Message &message) const override { return problem(message); }
    QJsonObject payloadOf(const Message &message) const override;
    bool authFresh() const override;
    void fetchAuth() override;
    QString authValue() const override;
    void invalidateAuth() override;
    QNetworkReply *post(const Pending &pending) override;
    Verdict judge(QNetworkReply &reply, const Pending &pending) const override;

    ServiceAccount m_account;
    FcmOptions m_options;
    FcmAccessToken *m_token;
};

} // namespace Herald::Push
