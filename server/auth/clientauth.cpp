#include "auth/clientauth.h"

#include "hub/hub.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>
#include <QUrlQuery>

namespace Herald {

ClientAuth::ClientAuth(Hub &hub, Metrics &metrics, QObject *parent)
    : QObject(parent), m_hub(hub), m_metrics(metrics), m_timer(this), m_overdueTimer(this)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ClientAuth::expire);
    m_overdueTimer.setSingleShot(true);
    connect(&m_overdueTimer, &QTimer::timeout, this, &ClientAuth::closeOverdue);
}

ClientAuth::~ClientAuth() = default;

void ClientAuth::setLeeway(int seconds)
{
    if (m_verifier)
        m_verifier->setLeeway(seconds);
}

QByteArray ClientAuth::tokenInTarget(QByteArrayView target)
{
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return {};
    const QUrlQuery query(QString::fromLatin1(target.sliced(question + 1)));
    return query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}

void ClientAuth::opened(const QString &clientId)
{
    if (!m_required || m_tokenTimeoutMs <= 0 || isAuthenticated(clientId))
        return;
    m_awaiting.insert(clientId);
    m_overdueAt.emplace_back(QDateTime::currentMSecsSinceEpoch() + m_tokenTimeoutMs, clientId);
    if (!m_overdueTimer.isActive())
        m_overdueTimer.start(m_tokenTimeoutMs);
}

void ClientAuth::closeOverdue()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    while (!m_overdueAt.empty() && m_overdueAt.front().first <= now) {
        const QString clientId = std::move(m_overdueAt.front().second);
        m_overdueAt.pop_front();
        if (m_awaiting.erase(clientId) == 0 || !m_required)
            continue; // authenticated or gone since, or tokens no longer required
        qCInfo(lcAuth).noquote() << "closing" << clientId << ": no token within" << m_tokenTimeoutMs << "ms (handshake-timeout)";
        ++m_metrics.tokens[QStringLiteral("missing")];
        m_hub.closeClient(clientId, {}, QStringLiteral("no token within %1 ms (handshake-timeout)").arg(m_tokenTimeoutMs),
                          CloseTokenInvalid);
    }
    if (!m_overdueAt.empty())
        m_overdueTimer.start(int(qMax<qint64>(0, m_overdueAt.front().first - now)));
}

ClientAuth::Outcome ClientAuth::present(const QString &clientId, QByteArrayView token)
{
    Q_ASSERT(m_verifier);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const TokenVerdict verdict = m_verifier->verify(token, now);
    if (!verdict.isValid()) {
        qCInfo(lcAuth).noquote() << "refused the token of" << clientId << ":" << verdict.error;
        ++m_metrics.tokens[QStringLiteral("invalid")];
        return {Result::Invalid, verdict.error};
    }
    const auto known = m_clients.find(clientId);
    if (known != m_clients.end() && known->second.uid != verdict.claims.uid) {
        ++m_metrics.tokens[QStringLiteral("invalid")];
        return {Result::OtherUid, QStringLiteral("a new token must carry the same uid (\"sub\") as the first")};
    }
    const bool refresh = known != m_clients.end();
    if (!refresh && m_hub.bindUid(clientId, verdict.claims.uid) == Hub::Status::LimitReached)
        return {Result::UidLimit, QStringLiteral("uid \"%1\" has as many connections as it may have (max-connections-per-uid)")
                                      .arg(verdict.claims.uid.left(64))};
    m_clients[clientId] = verdict.claims;
    m_awaiting.erase(clientId);
    m_deadlines.emplace(verdict.claims.expiresAt + m_verifier->leeway(), clientId);
    schedule();
    ++m_metrics.tokens[refresh ? QStringLiteral("refreshed") : QStringLiteral("accepted")];
    return {refresh ? Result::Refreshed : Result::Accepted, {}};
}

bool ClientAuth::allowsRoom(const QString &clientId, const QString &room) const
{
    const auto it = m_clients.find(clientId);
    return it == m_clients.end() || it->second.allowsRoom(room);
}

std::optional<qint64> ClientAuth::expiresAt(const QString &clientId) const
{
    const auto it = m_clients.find(clientId);
    return it == m_clients.end() ? std::nullopt : std::optional<qint64>(it->second.expiresAt);
}

void ClientAuth::refuse(const QString &clientId, const Outcome &outcome)
{
    if (outcome.result == Result::UidLimit)
        m_hub.closeClient(clientId, {}, QStringLiteral("too many connections for this uid"), CloseUidLimit);
    else
        m_hub.closeClient(clientId, {}, outcome.message.isEmpty() ? QStringLiteral("token required") : QStringLiteral("token refused"),
                          CloseTokenInvalid);
}

void ClientAuth::forget(const QString &clientId)
{
    m_clients.erase(clientId); // its deadlines go stale
    m_awaiting.erase(clientId);
}

void ClientAuth::expire()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 leeway = m_verifier ? m_verifier->leeway() : 0;
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const QString clientId = m_deadlines.begin()->second;
        m_deadlines.erase(m_deadlines.begin());
        const auto client = m_clients.find(clientId);
        if (client == m_clients.end() || client->second.expiresAt + leeway > now)
            continue; // gone, or refreshed since
        qCInfo(lcAuth).noquote() << "closing" << clientId << "of uid" << client->second.uid
                                 << ": its token expired and no refresh came";
        ++m_metrics.tokens[QStringLiteral("expired")];
        m_clients.erase(client);
        m_hub.closeClient(clientId, {}, QStringLiteral("token expired"), CloseTokenExpired);
    }
    schedule();
}

void ClientAuth::schedule()
{
    if (m_deadlines.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 dueMs = m_deadlines.begin()->first * 1000 - QDateTime::currentMSecsSinceEpoch();
    m_timer.start(int(qBound<qint64>(0, dueMs, 24LL * 3600 * 1000)));
}

} // namespace Herald
