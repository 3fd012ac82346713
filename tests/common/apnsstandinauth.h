#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QStringList>

#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY

namespace HeraldTest {

// ES256 as JWS signs it: `rawSignature` is r‖s (64 bytes) over `signedPart`; checked with OpenSSL,
// independently of libjwt, which makes the signatures under test.
bool verifyEs256(evp_pkey_st *key, const QByteArray &signedPart, const QByteArray &rawSignature);
// A whole JWT ("header.claims.signature", base64url) against a PEM public key.
bool verifyJwtEs256(const QByteArray &jwt, const QByteArray &publicKeyPem);

// What an APNs client certificate says: its topics (subject UID, then extension 1.2.840.113635.100.6.3.6)
// and the environments it is for (6.3.1 development, 6.3.2 production).
struct ApnsCertificateInfo {
    QStringList topics;
    bool sandbox = false;
    bool production = false;
    static ApnsCertificateInfo fromCertificate(const QSslCertificate &certificate);
};

// The verdict on a provider token (JWT) that does not depend on time or connection: computed once per
// distinct token string and cached.
struct ApnsTokenVerdict {
    enum class Result { Valid, Malformed, UnknownKey, BadSignature, WrongTeam, WrongEnvironment };
    Result result = Result::Malformed;
    QByteArray keyId;
    QByteArray teamId;
    qint64 issuedAt = 0; // seconds
    QJsonObject header;
    QJsonObject claims;
    QStringList topics; // the key's team may push to these
};

// Checks ES256 provider tokens against the configured public keys (OpenSSL: raw r‖s → DER ECDSA_SIG).
class ApnsTokenVerifier final
{
public:
    struct Key {
        QByteArray keyId;
        QByteArray teamId;
        QByteArray publicKeyPem;
        QStringList topics;
        bool validHere = true; // for the stand-in's environment
    };
    Q_DISABLE_COPY_MOVE(ApnsTokenVerifier)
    explicit ApnsTokenVerifier(const QList<Key> &keys);
    ~ApnsTokenVerifier();

    // An empty string if every key's PEM is a usable EC public key, else what is wrong.
    QString keyProblem() const { return m_problem; }
    const ApnsTokenVerdict &verify(const QByteArray &jwt);

private:
    ApnsTokenVerdict compute(const QByteArray &jwt) const;
    struct Loaded;
    QHash<QByteArray, std::shared_ptr<Loaded>> m_keys;
    QHash<QByteArray, ApnsTokenVerdict> m_cache;
    QString m_problem;
};

// Verifies a client certificate chain against the configured client CAs (what Apple's TLS handshake does).
class ApnsClientCertificateVerifier final
{
public:
    Q_DISABLE_COPY_MOVE(ApnsClientCertificateVerifier)
    explicit ApnsClientCertificateVerifier(const QList<QSslCertificate> &cas);
    ~ApnsClientCertificateVerifier();
    // Empty if trusted, else why not.
    QString verify(const QList<QSslCertificate> &chain) const;

private:
    struct Store;
    std::unique_ptr<Store> m_store;
};

} // namespace HeraldTest
