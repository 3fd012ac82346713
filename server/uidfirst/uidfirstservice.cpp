#include "uidfirst/uidfirstservice.h"

#include "hub/hub.h"
#include "protocol/wsframe.h"
#include "util/logging.h"

namespace Herald {

UidFirstService::UidFirstService(Hub &hub) : m_hub(hub) {}

void UidFirstService::textReceived(const QString &clientId, const QByteArray &utf8)
{
    if (m_named.contains(clientId))
        return; // as in the demo: only the first message means something
    const QString uid = QString::fromUtf8(utf8);
    if (uid.isEmpty() || uid.size() > MaxUidLength) {
        qCInfo(lcGateway).noquote() << QStringLiteral("closing %1: its first message, %2 characters, is no uid")
                                           .arg(clientId).arg(uid.size());
        m_hub.closeClient(clientId, {},
                          QStringLiteral("send your uid (1 to %1 characters) as the first message").arg(MaxUidLength),
                          WebSocket::ClosePolicyViolation);
        return;
    }
    m_named.insert(clientId);
    m_hub.bindUid(clientId, uid);
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
}

} // namespace Herald
