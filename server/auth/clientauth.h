#pragma once

#include "auth/tokenverifier.h"

#include <QByteArrayView>
#include <QObject>
#include <QString>
#include <QTimer>

#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace Herald {

class Hub;
struct Metrics;

// The connection tokens of WebSocket clients, whatever protocol they speak: verifies a token a client
// presents, binds the client to the token's uid, remembers which rooms the token allows, and closes
// the client when its token expires (unless a refresh came first). Lives in the hub's thread; the client
// protocols ask it and say what went wrong in their own words.
class ClientAuth final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientAuth)

public:
    // WebSocket close codes (docs/protocol.md).
    static constexpr int CloseTokenInvalid = 4001; // missing (require-token) or refused
    static constexpr int CloseUidLimit = 4002;     // max-connections-per-uid
    static constexpr int CloseTokenExpired = 4003; // exp passed without a refresh

    enum class Result { Accepted, Refreshed, Invalid, OtherUid, UidLimit };
    struct Outcome {
        Result result;
        QString message; // what went wrong, for the client; empty with Invalid: no token at all
        bool ok() const { return result == Result::Accepted || result == Result::Refreshed; }
    };

    ClientAuth(Hub &hub, Metrics &metrics, QObject *parent = nullptr);
    ~ClientAuth() override;

    void setVerifier(std::optional<TokenVerifier> verifier) { m_verifier = std::move(verifier); }
    void setRequired(bool required) { m_required = required; }
    // How long a client has, once its WebSocket is open, to present a token when one is required
    // (handshake-timeout); 0: no limit.
    void setTokenTimeout(int ms) { m_tokenTimeoutMs = ms; }
    void setLeeway(int seconds); // of the verifier, when there is one
    bool isConfigured() const { return m_verifier.has_value(); }
    bool isRequired() const { return m_required; }

    // The `token` parameter of a WebSocket request target ("/?token=..."), percent-decoded; empty if none.
    static QByteArray tokenInTarget(QByteArrayView target);

    // A client's WebSocket is open: with require-token, it is closed 4001 unless it presents a valid
    // token within the token timeout.
    void opened(const QString &clientId);
    // Verifies `token` for a client: the first valid one binds the client to its uid; a later one must
    // carry the same uid and replaces the first (its rooms and expiry). Needs isConfigured().
    Outcome present(const QString &clientId, QByteArrayView token);
    bool isAuthenticated(const QString &clientId) const { return m_clients.count(clientId) != 0; }
    bool allowsRoom(const QString &clientId, const QString &room) const; // true without a token
    std::optional<qint64> expiresAt(const QString &clientId) const;       // its token's exp
    // Closes a client whose token is missing or refused (4001), or whose uid is full (4002).
    void refuse(const QString &clientId, const Outcome &outcome);
    void forget(const QString &clientId); // the client is gone

private:
    void expire();
    void schedule();
    void closeOverdue();

    Hub &m_hub;
    Metrics &m_metrics;
    std::optional<TokenVerifier> m_verifier;
    bool m_required = false;
    std::unordered_map<QString, TokenClaims> m_clients;  // authenticated clients
    std::multimap<qint64, QString> m_deadlines;           // when each token runs out (s); stale entries skipped
    QTimer m_timer;                                       // at the earliest deadline
    int m_tokenTimeoutMs = 0;
    std::unordered_set<QString> m_awaiting;               // open, required to present a token, none yet
    std::deque<std::pair<qint64, QString>> m_overdueAt;   // when each of them runs out (ms), in order; stale entries skipped
    QTimer m_overdueTimer;                                // at the first of them
};

} // namespace Herald
