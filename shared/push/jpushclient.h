#pragma once

// JPush (极光推送) Push API v3 as a push provider: POST /v3/push with HTTP Basic authentication
// (base64(appKey:masterSecret)), a Registration ID as the audience, a notification (Android and iOS:
// alert, title, extras) and, when there is data, a custom message carrying it. JPush's error codes are
// classified (jpushReasons, docs/push-providers.md); a retry-later answer (its rate and busy codes, 5xx, a
// lost connection) is retried with back-off like FCM's.

#include "push/endpoint.h"
#include "push/provider.h"
#include "push/queuedsender.h"

namespace Herald::Push {

struct JPushCredentials {
    QString appKey;
    QByteArray masterSecret;
};

struct JPushOptions {
    Endpoint endpoint;
    int deadlineMs = 30000;      // each request's
    int maxAttempts = 3;         // requests per message, retries counted
    int retryDelayMs = 1000;     // first back-off; doubles each time
    int maxRetryDelayMs = 30000;
};

// JPush's documented error codes, their outcome and what they mean.
struct JPushReason {
    int code;
    Outcome outcome;
    const char *explanation;
};
const QList<JPushReason> &jpushReasons();
Outcome jpushClassify(int status, int code, QString *explanation);

inline constexpr int kJPushMaxPayloadBytes = 4000; // notification and message together, as JPush counts them

class JPushClient final : public QueuedSender
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JPushClient)

public:
    JPushClient(JPushCredentials credentials, JPushOptions options = {}, QObject *parent = nullptr);
    ~JPushClient() override;

    QString name() const override;

    // The push object for one Registration ID; what is wrong with a message (empty: it can go).
    static QJsonObject pushJson(const Message &message);
    static QString problem(const Message &message);
    // "Basic base64(appKey:masterSecret)".
    static QByteArray authorization(const JPushCredentials &credentials);

private:
    // HTTP Basic on every request: nothing to fetch.
    QString problemOf(const Message &message) const override { return problem(message); }
    QJsonObject payloadOf(const Message &message) const override { return pushJson(message); }
    bool authFresh() const override { return true; }
    void fetchAuth() override {}
    QString authValue() const override { return {}; }
    void invalidateAuth() override {}
    QNetworkReply *post(const Pending &pending) override;
    Verdict judge(QNetworkReply &reply, const Pending &pending) const override;

    JPushCredentials m_credentials;
    JPushOptions m_options;
};

} // namespace Herald::Push
