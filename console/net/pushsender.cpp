#include "net/pushsender.h"

#include "push/provider.h"
#include "push/robot.h"

namespace Herald::Console {

PushSender::PushSender(QObject *parent) : QObject(parent) {}

PushSender::~PushSender() = default;

quint64 PushSender::send(std::unique_ptr<Push::Provider> client, const Push::Message &message)
{
    const quint64 ticket = m_nextTicket++;
    Push::Provider *c = client.release();
    c->setParent(this);
    connect(c, &Push::Provider::finished, this,
            [this, c, ticket](quint64, const Push::Answer &a) { finish(c, ticket, PushReply::of(a)); });
    c->send(message);
    return ticket;
}

quint64 PushSender::send(std::unique_ptr<Push::RobotClient> client, const Push::RobotMessage &message)
{
    const quint64 ticket = m_nextTicket++;
    Push::RobotClient *c = client.release();
    c->setParent(this);
    connect(c, &Push::RobotClient::finished, this,
            [this, c, ticket](quint64, const Push::RobotAnswer &a) { finish(c, ticket, PushReply::of(a)); });
    c->send(message);
    return ticket;
}

void PushSender::finish(QObject *client, quint64 ticket, const PushReply &reply)
{
    client->disconnect(this);
    client->deleteLater();
    Q_EMIT answered(ticket, reply);
}

} // namespace Herald::Console
