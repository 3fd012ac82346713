#pragma once

#include "gateway/clientprotocol.h"
#include "history/roomhistory.h"
#include "protocol/adminprotocol.h"
#include "protocol/chatcodec.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace Herald {

class ClientAuth;
class ClusterView;
class Hub;
struct Metrics;

// The workerman-chat protocol on the server (login, say, logout, errors, its ping) on top of the hub's
// operations. Chat state lives in the client's session map (chatsession.h), as in workerman-chat.
// Connection tokens (ClientAuth) come on the URL, in the login or in a refresh.
class ChatService final : public QObject, public ClientProtocol
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatService)

public:
    // `cluster`: the whole cluster's clients when this node is one of a cluster (private says to clients
    // of other nodes, the rooms' client lists).
    ChatService(Hub &hub, Metrics &metrics, ClientAuth &auth, const ClusterView *cluster = nullptr,
                QObject *parent = nullptr);

    void handle(const QString &clientId, const Chat::Decoded &request);
    void reject(const QString &clientId, ChatError code, const QString &message);

    // ClientProtocol
    QByteArray heartbeat() const override;
    AnswerTest heartbeatAnswer() const override;
    QByteArray rateLimited(int rate) const override;
    void textReceived(const QString &clientId, const QByteArray &utf8) override;
    void opened(const QString &clientId, const QByteArray &target) override;
    void binaryReceived(const QString &clientId, qsizetype size) override;
    void closing(const QString &clientId) override; // its room hears it leave

Q_SIGNALS:
    // For the admin channel: a Login event once a client is in its room.
    void adminEvent(const Herald::Admin::Event &event);

private:
    void login(const QString &clientId, const Chat::LoginRequest &request);
    void say(const QString &clientId, const Chat::SayRequest &request);
    // A token the client presents (URL, login or refresh); false when it was refused and the client closed.
    bool authenticate(const QString &clientId, const QString &token);
    void refresh(const QString &clientId, const Chat::RefreshRequest &request);
    void announceLogout(const QString &clientId, const QString &room);
    void welcome(const QString &clientId, const Chat::LoginRequest &request, const QByteArray &reply,
                 const std::optional<Chat::Position> &at, const std::optional<RoomHistory::Recovery> &recovery);
    void sendRecovery(const QString &clientId, const Chat::LoginRequest &request, const RoomHistory::Recovery &recovery,
                      const std::optional<Chat::Position> &at);

    Hub &m_hub;
    Metrics &m_metrics;
    ClientAuth &m_auth;
    const ClusterView *m_cluster;
};

} // namespace Herald
