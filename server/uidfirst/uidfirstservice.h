#pragma once

#include "gateway/clientprotocol.h"

#include <QSet>
#include <QString>

namespace Herald {

class ClientAuth;
class Hub;

// The Workerman push demo's protocol (docs/protocol.md, "uid-first"): a client's first message is its
// uid, bound as it is, with no proof; what follows is ignored. The server only pushes: what backends send
// to the uid, as they sent it. Heartbeats are WebSocket pings, which a page never sees. Fit only for
// networks where every client is trusted: a client can name any uid — unless connection tokens are
// configured (ClientAuth): then the uid is the token's, on the URL (?token=) or as the first message.
class UidFirstService final : public ClientProtocol
{
public:
    static constexpr int MaxUidLength = 128; // characters

    UidFirstService(Hub &hub, ClientAuth &auth);

    QByteArray heartbeat() const override { return {}; }
    AnswerTest heartbeatAnswer() const override { return nullptr; }
    QByteArray rateLimited(int) const override { return {}; } // any message would reach the page as a push
    void opened(const QString &clientId, const QByteArray &target) override;
    void textReceived(const QString &clientId, const QByteArray &utf8) override;
    void binaryReceived(const QString &clientId, qsizetype size) override;
    void closing(const QString &clientId) override;

private:
    // The token the client presents (URL or first message): true when its uid is bound.
    bool authenticate(const QString &clientId, QByteArrayView token);

    Hub &m_hub;
    ClientAuth &m_auth;
    QSet<QString> m_named; // clients that have sent their uid
};

} // namespace Herald
