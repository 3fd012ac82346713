#pragma once

// Firebase Cloud Messaging HTTP v1 as a push provider: POST /v1/projects/{project_id}/messages:send with
// an access token (FcmAccessToken), refreshed once on a 401; FCM's error codes classified (fcmReasons),
// QUOTA_EXCEEDED, UNAVAILABLE and INTERNAL retried with back-off (Retry-After when FCM gives one).

#include "push/endpoint.h"
#include "push/fcmserviceaccount.h"
#include "push/provider.h"

#include <QHash>
#include <QNetworkAccessManager>

#include <deque>
#include <functional>

class QNetworkReply;

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

class FcmClient final : public Provider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FcmClient)

public:
    FcmClient(ServiceAccount account, FcmOptions options = {}, QObject *parent = nullptr);
    ~FcmClient() override;

    QString name() const override;
    quint64 send(const Message &message) override;
    void cancelAll() override;

    // The message field of a send request; what is wrong with it (empty: it can go).
    static QJsonObject messageJson(const Message &message);
    static QString problem(const Message &message);

private:
    struct Pending {
        quint64 id = 0;
        QByteArray body;
        int attempts = 0;
        bool refreshed = false; // the access token was fetched again after a 401
        QString bearer;         // the access token of the last request
        qint64 startedUs = 0;
    };

    void pump();        // a fresh access token first, when the cached one is not
    void postWaiting(); // with the access token just obtained, however short its life
    void post(Pending p);
    void onReply(QNetworkReply *reply, Pending p);
    void retryLater(Pending p, int delayMs);
    void finish(const Pending &p, Answer answer);
    void failWaiting(const Answer &answer);

    ServiceAccount m_account;
    FcmOptions m_options;
    QNetworkAccessManager m_network;
    FcmAccessToken *m_token;
    std::deque<Pending> m_waiting; // for an access token
    QHash<QNetworkReply *, quint64> m_inFlight;
    quint64 m_nextId = 1;
    quint64 m_generation = 0; // cancelAll() makes retries scheduled before it void
};

} // namespace Herald::Push
