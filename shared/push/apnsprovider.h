#pragma once

// APNs as a push provider: an ApnsClient behind the provider interface. A message becomes the
// prototype notification (topic, push type, priority, … as the sender set them) for its token, with
// the message's title, body and data as the payload unless the prototype carries one.

#include "apns/apnsclient.h"
#include "push/provider.h"

namespace Herald::Push {

class ApnsProvider final : public Provider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsProvider)

public:
    ApnsProvider(Apns::Credentials credentials, Apns::Endpoint endpoint, Apns::ClientOptions options,
                 Apns::Notification prototype, QObject *parent = nullptr);
    ~ApnsProvider() override;

    QString name() const override;
    quint64 send(const Message &message) override;
    void cancelAll() override;

    // The notification a message becomes (what send() hands the client; validate() it first).
    static Apns::Notification notificationFor(const Apns::Notification &prototype, const Message &message);
    // The message a notification carries, for the other providers: the alert's title and body (a plain
    // string alert is the body), the keys beside "aps" as data; its token left empty.
    static Message messageOf(const Apns::Notification &notification);
    // APNs' outcomes and the providers' are the same five, named alike.
    static Outcome outcomeOf(Apns::Outcome outcome);
    static Apns::Outcome apnsOutcomeOf(Outcome outcome);
    // An APNs result as every provider answers.
    static Answer answerOf(const Apns::Result &result);

private:
    Apns::ApnsClient m_client;
    Apns::Notification m_prototype;
};

} // namespace Herald::Push
