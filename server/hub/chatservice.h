#pragma once

#include "protocol/chatcodec.h"

#include <QString>

namespace Herald {

class Hub;
struct Metrics;

// The workerman-chat application logic (login, say, logout) on top of the hub's operations.
// Chat state lives in the client's session map (client_name, room_id), as in workerman-chat,
// so a backend reading a session sees what it would see with GatewayWorker.
class ChatService final
{
public:
    ChatService(Hub &hub, Metrics &metrics);

    void handle(const QString &clientId, const Chat::Decoded &request);
    void clientClosing(const QString &clientId); // before the hub forgets the client
    void reject(const QString &clientId, ChatError code, const QString &message);

private:
    void login(const QString &clientId, const Chat::LoginRequest &request);
    void say(const QString &clientId, const Chat::SayRequest &request);
    void announceLogout(const QString &clientId, const QString &room);

    Hub &m_hub;
    Metrics &m_metrics;
};

} // namespace Herald
