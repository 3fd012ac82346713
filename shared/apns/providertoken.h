#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace Herald::Apns {

// The signing key of token authentication: Apple's .p8 file (a PKCS#8 PEM P-256 key), its 10-character
// key id, and the 10-character team id.
struct SigningKey {
    QByteArray p8;
    QString keyId;
    QString teamId;
};

// Empty when the key can sign APNs tokens, else what is wrong with it (for a person to read), e.g.
// "the .p8 key is an RSA key, not the EC P-256 key Apple issues".
QString checkSigningKey(const SigningKey &key);
// The kind of private key a PEM holds: "EC P-256", "EC P-384", "RSA"; empty when it is neither.
QString signingKeyKind(const QByteArray &pem);

// The provider authentication token (a JWT signed ES256 through libjwt), reused for every request and
// renewed per Apple's rules: not more often than every 20 minutes (429 TooManyProviderTokenUpdates),
// always before it is an hour old (403 ExpiredProviderToken). Renewed at 50 minutes.
class ProviderToken final
{
public:
    using Clock = std::function<qint64()>; // UNIX seconds; the system clock unless a test gives one

    static constexpr qint64 RenewAt = 50 * 60;

    explicit ProviderToken(SigningKey key, Clock clock = {});

    // The token for the next request, signed anew when due. Empty (with *error) if signing failed.
    std::optional<QByteArray> token(QString *error);
    // APNs refused the current token as expired (403 ExpiredProviderToken): the next request gets a new
    // one, whatever the current one's age. Once only: false when the current token is itself the one
    // signed after such a refusal, so that APNs' clock and ours disagree and another would fare no better.
    bool renewAfterRefusal();
    qint64 issuedAt() const { return m_issuedAt; }
    // Changes with every token signed: which token a request carried.
    quint64 generation() const { return m_generation; }

private:
    std::optional<QByteArray> sign(qint64 now, QString *error) const;

    SigningKey m_key;
    Clock m_clock;
    QByteArray m_token;
    qint64 m_issuedAt = 0;
    quint64 m_generation = 0;
    bool m_renewNow = false;
    bool m_signedAfterRefusal = false;
};

} // namespace Herald::Apns
