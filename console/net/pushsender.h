#pragma once

#include "models/pushhistory.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Herald::Push {
class Provider;
class RobotClient;
struct Message;
struct RobotMessage;
} // namespace Herald::Push

namespace Herald::Console {

// Sends the console's test pushes of the providers other than APNs directly, through the shared/push
// client a form made for the send (its credentials and endpoint), and reports each answer in the
// console's words. The client lives until its answer; the sender knows no model.
class PushSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushSender)

public:
    explicit PushSender(QObject *parent = nullptr);
    ~PushSender() override;

    // Each returns a ticket that answered() names (never emitted from inside the call).
    quint64 send(std::unique_ptr<Push::Provider> client, const Push::Message &message);
    quint64 send(std::unique_ptr<Push::RobotClient> client, const Push::RobotMessage &message);

Q_SIGNALS:
    void answered(quint64 ticket, const Herald::Console::PushReply &reply);

private:
    void finish(QObject *client, quint64 ticket, const PushReply &reply);

    quint64 m_nextTicket = 1;
};

} // namespace Herald::Console
