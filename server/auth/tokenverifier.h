#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Herald {

// What a valid connection token says about its client.
struct TokenClaims {
    QString uid;            // `sub`
    qint64 expiresAt = 0;   // `exp`, seconds since the epoch
    bool anyRoom = true;    // no `rooms` claim: every room
    QStringList rooms;      // `rooms`, when given

    bool allowsRoom(const QString &room) const { return anyRoom || rooms.contains(room); }
};

// A token's verdict: its claims, or why it is refused (for the client's error and the log).
struct TokenVerdict {
    TokenClaims claims;
    QString error; // empty: valid

    bool isValid() const { return error.isEmpty(); }
};

// Checks the JWTs app backends sign for their clients (docs/security.md): the signature with the one
// configured key — HS256 with a secret, or RS256 / ES256 with a PEM public key — its algorithm pinned
// by that key (the header's `alg` must name it: `none` and any other algorithm are refused before the
// signature is looked at), `exp` required, `nbf` and `iat` honoured, each within `leeway` seconds of
// clock skew. Pure: no clock of its own, no state beyond the key; safe to share between threads.
class TokenVerifier
{
public:
    enum class Algorithm { HS256, RS256, ES256 };
    static constexpr qsizetype MaxTokenSize = 8192;
    static constexpr int MaxUidLength = 128;

    // nullopt and *error when the secret is under 32 bytes (RFC 7518 §3.2) or the PEM holds no RSA or
    // P-256 public key.
    static std::optional<TokenVerifier> fromSecret(const QByteArray &secret, QString *error);
    static std::optional<TokenVerifier> fromPublicKey(const QByteArray &pem, QString *error);

    Algorithm algorithm() const { return m_algorithm; }
    QString algorithmName() const;
    void setLeeway(int seconds) { m_leeway = seconds; }
    int leeway() const { return m_leeway; }

    // The verdict on `token` at `now` (seconds since the epoch).
    TokenVerdict verify(QByteArrayView token, qint64 now) const;

private:
    TokenVerifier(Algorithm algorithm, QByteArray key) : m_algorithm(algorithm), m_key(std::move(key)) {}

    Algorithm m_algorithm;
    QByteArray m_key; // the secret, or the PEM public key
    int m_leeway = 30;
};

} // namespace Herald
