#include "uidfirst/uidfirstservice.h"

#include "auth/clientauth.h"
#include "hub/hub.h"
#include "protocol/wsframe.h"
#include "util/logging.h"

namespace Herald {

UidFirstService::UidFirstService(Hub &hub, ClientAuth &auth) : m_hub(hub), m_auth(auth) {}

bool UidFirstService::authenticate(const QString &clientId, QByteArrayView token)
{
    const ClientAuth::Outcome outcome = m_auth.present(clientId, token);
    if (!outcome.ok()) {
        m_auth.refuse(clientId, outcome);
        return false;
    }
    m_named.insert(clientId);
    return true;
}

void UidFirstService::opened(const QString &clientId, const QByteArray &target)
{
    m_auth.opened(clientId);
    const QByteArray token = ClientAuth::tokenInTarget(target);
    if (!token.isEmpty() && m_auth.isConfigured())
        authenticate(clientId, token);
}

void UidFirstService::textReceived(const QString &clientId, const QByteArray &utf8)
{
    if (m_named.contains(clientId)) {
        if (m_auth.isAuthenticated(clientId) && utf8.count('.') == 2)
            authenticate(clientId, utf8); // a new token before the first expires
        return; // as in the demo: only the first message means something
    }
    // With tokens, a first message shaped as a JWT (header.payload.signature) is one; with require-token
    // every first message must be.
    if (m_auth.isConfigured() && (m_auth.isRequired() || utf8.count('.') == 2)) {
        authenticate(clientId, utf8);
        return;
    }
    const QString uid = QString::fromUtf8(utf8);
    if (uid.isEmpty() || uid.size() > MaxUidLength) {
        qCInfo(lcGateway).noquote() << QStringLiteral("closing %1: its first message, %2 characters, is no uid")
                                           .arg(clientId).arg(uid.size());
        m_hub.closeClient(clientId, {},
                          QStringLiteral("send your uid (1 to %1 characters) as the first message").arg(MaxUidLength),
                          WebSocket::ClosePolicyViolation);
        return;
    }
    if (m_hub.bindUid(clientId, uid) == Hub::Status::LimitReached) {
        m_auth.refuse(clientId, {ClientAuth::Result::UidLimit, {}});
        return;
    }
    m_named.insert(clientId);
}

void UidFirstService::binaryReceived(const QString &clientId, qsizetype)
{
    if (m_named.contains(clientId))
        return;
    qCInfo(lcGateway).noquote() << "closing" << clientId << ": its first message is binary, not its uid";
    m_hub.closeClient(clientId, {}, QStringLiteral("send your uid as a text message"), WebSocket::CloseUnsupportedData);
}

void UidFirstService::closing(const QString &clientId)
{
    m_named.remove(clientId); // the hub drops the uid binding with the client
    m_auth.forget(clientId);
}

} // namespace Herald
