#pragma once

// What the HTTP providers (FCM, JPush, Getui) share: a message checked, then queued until the provider's
// auth is fresh (an access token, fetched when it is not), posted, its answer judged by the provider;
// a rejected auth fetched again and the message sent once more, a retry-later answer retried with
// back-off (or the service's Retry-After), every message finished exactly once, cancelled ones too.

#include "push/provider.h"

#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <deque>

class QNetworkReply;

namespace Herald::Push {

struct RetryPolicy {
    int maxAttempts = 3;       // requests per message, retries counted
    int retryDelayMs = 1000;   // first back-off; doubles each time
    int maxRetryDelayMs = 30000;
};

class QueuedSender : public Provider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueuedSender)

public:
    ~QueuedSender() override;

    quint64 send(const Message &message) final;
    void cancelAll() final;

protected:
    struct Pending {
        quint64 id = 0;
        QString address;     // the device's token at the provider
        QJsonObject payload; // what the provider posts for it
        int attempts = 0;
        bool renewed = false; // the auth was fetched again after the service rejected it
        QString auth;         // the auth value of the last request
        qint64 startedUs = 0;
    };
    // The provider's judgement of one answer.
    struct Verdict {
        Answer answer;
        bool authRejected = false; // the auth was refused: fetch it again and send once more (once)
        int retryAfterMs = -1;     // the service's own wait before a retry; -1: back-off
    };

    // `provider` and `idName` name every answer made here (makeAnswer); `service` names it for a person.
    QueuedSender(QString provider, QString idName, QString service, RetryPolicy retry, QObject *parent);

    Answer answer(int status, const QString &reason, const QString &explanation, Outcome outcome) const;
    QNetworkAccessManager &network() { return m_network; }
    // For the auth: it is fresh now (what waits goes), or it could not be had (what waits fails with it).
    void authReady();
    void authFailed(const Answer &answer);

    virtual QString problemOf(const Message &message) const = 0; // empty: it can go
    virtual QJsonObject payloadOf(const Message &message) const = 0;
    virtual bool authFresh() const = 0;
    virtual void fetchAuth() = 0; // authReady() or authFailed() follows, later
    virtual QString authValue() const = 0;
    virtual void invalidateAuth() = 0;
    virtual QNetworkReply *post(const Pending &pending) = 0; // with authValue()
    virtual Verdict judge(QNetworkReply &reply, const Pending &pending) const = 0;

private:
    void pump();
    void postWaiting();
    void onReply(QNetworkReply *reply, Pending p);
    void finish(const Pending &p, Answer answer);

    QString m_provider;
    QString m_idName;
    QString m_service;
    RetryPolicy m_retry;
    QNetworkAccessManager m_network;
    std::deque<Pending> m_waiting;              // for the auth
    QHash<QNetworkReply *, Pending> m_inFlight;
    QHash<quint64, Pending> m_retrying;         // waiting for their back-off
    quint64 m_nextId = 1;
};

} // namespace Herald::Push
