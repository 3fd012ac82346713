#pragma once

// One shape for every push provider (APNs, FCM, …): a message to one device token in, an answer out,
// classified the same way whatever service gave it, so that the dispatcher, the CLI and the console
// treat every provider alike. Each provider is a client of its service's documented HTTP API.

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace Herald::Push {

// What the sender should do after an answer.
enum class Outcome {
    Delivered,        // the service accepted it
    RetryLater,       // quota, overload, a lost connection, a timeout: the same message may go through later
    TokenDead,        // the device token is gone or not the app's: stop sending to it
    BadRequest,       // the message itself is wrong: fix it, the token is fine
    CredentialsWrong, // credentials or project are wrong: nothing will go through until they are fixed
};

// "delivered", "retry-later", "token-dead", "rejected", "configuration" (the names APNs results use).
QString outcomeName(Outcome outcome);

// What every provider can send: a visible notification (title, body) and data for the app.
struct Message {
    QString token;    // the device's address at the provider (APNs token, FCM registration token, …)
    QString title;
    QString body;
    QJsonObject data; // keys for the app beside the notification
};

// A provider's answer to one message.
struct Answer {
    QString provider;         // "apns", "fcm", …
    int status = 0;           // HTTP status; 0 when the service gave none
    QString reason;           // the service's error code, or the client's own (ConnectionFailed, …); empty on success
    QString explanation;      // for a person: what it means and what to do
    QString idName;           // what the service calls its message id ("apns-id", "name")
    QString id;               // the message id the service answered with
    QString note;             // more about the answer, for the summary (e.g. since when a token is invalid)
    qint64 latencyUs = 0;     // from the first send to the answer
    int attempts = 0;         // requests made (retries included)
    Outcome outcome = Outcome::RetryLater;
    QJsonObject details;      // the provider's own fields, for the JSON form

    bool delivered() const { return outcome == Outcome::Delivered; }
    // One line: "200 delivered (apns-id …, 12.3 ms)" or "404 UNREGISTERED [token-dead]: …".
    QString summary() const;
    // details, with provider, status, reason, explanation, outcome, latency_ms and attempts over them.
    QJsonObject toJson() const;
};

// For the clients: an answer of `provider` (its message id called `idName`) before its timings, and a
// monotonic clock in microseconds for them.
Answer makeAnswer(const QString &provider, const QString &idName, int status, const QString &reason,
                  const QString &explanation, Outcome outcome);
qint64 monotonicUs();
// What an HTTP status alone says, for an error code a client does not know: 429 and 5xx retry-later,
// 401 and 403 configuration, the rest rejected.
Outcome outcomeOfStatus(int status);

// A client of one push service. send() queues; finished(id, answer) follows for every id, never from
// inside send().
class Provider : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Provider)

public:
    using QObject::QObject;
    ~Provider() override;

    virtual QString name() const = 0; // "apns", "fcm", …
    virtual quint64 send(const Message &message) = 0;
    // Fails every queued and in-flight message (reason Cancelled) and sends nothing more until send().
    virtual void cancelAll() = 0;

Q_SIGNALS:
    void finished(quint64 id, const Herald::Push::Answer &answer);
};

} // namespace Herald::Push
