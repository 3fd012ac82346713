#include "apnsstandinauth.h"

#include <QJsonDocument>
#include <QSslCertificateExtension>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace HeraldTest {

namespace {

// Apple's topics extension: SEQUENCE { UTF8String topic, SEQUENCE { UTF8String kind, … }, … }, walked
// with libcrypto's ASN1_get_object (nested SEQUENCEs are stepped over whole).
QStringList topicsFromExtension(const QByteArray &der)
{
    QStringList topics;
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *end = p + der.size();
    long length = 0;
    int tag = 0;
    int cls = 0;
    if ((ASN1_get_object(&p, &length, &tag, &cls, long(der.size())) & 0x80) || tag != V_ASN1_SEQUENCE)
        return topics;
    while (p < end) {
        if (ASN1_get_object(&p, &length, &tag, &cls, long(end - p)) & 0x80)
            break;
        if (tag == V_ASN1_UTF8STRING)
            topics.append(QString::fromUtf8(reinterpret_cast<const char *>(p), qsizetype(length)));
        p += length;
    }
    return topics;
}

QByteArray fromBase64Url(const QByteArray &part, bool *ok)
{
    const auto result = QByteArray::fromBase64Encoding(part, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                                                                 | QByteArray::AbortOnBase64DecodingErrors);
    *ok = bool(result) && !part.contains('=');
    return result.decoded;
}

} // namespace

bool verifyEs256(evp_pkey_st *key, const QByteArray &signedPart, const QByteArray &rawSignature)
{
    if (!key || rawSignature.size() != 64)
        return false;
    // JWS ES256 is raw r‖s; OpenSSL wants a DER ECDSA-Sig-Value.
    const auto *raw = reinterpret_cast<const unsigned char *>(rawSignature.constData());
    ECDSA_SIG *sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(raw, 32, nullptr), BN_bin2bn(raw + 32, 32, nullptr));
    unsigned char *der = nullptr;
    const int derLength = i2d_ECDSA_SIG(sig, &der);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool good = derLength > 0 && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestVerify(ctx, der, size_t(derLength), reinterpret_cast<const unsigned char *>(signedPart.constData()),
                            size_t(signedPart.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return good;
}

bool verifyJwtEs256(const QByteArray &jwt, const QByteArray &publicKeyPem)
{
    const QList<QByteArray> parts = jwt.split('.');
    bool ok = false;
    const QByteArray signature = parts.size() == 3 ? fromBase64Url(parts.at(2), &ok) : QByteArray();
    if (!ok)
        return false;
    BIO *bio = BIO_new_mem_buf(publicKeyPem.constData(), int(publicKeyPem.size()));
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    const bool good = verifyEs256(key, parts.at(0) + '.' + parts.at(1), signature);
    EVP_PKEY_free(key);
    return good;
}

ApnsCertificateInfo ApnsCertificateInfo::fromCertificate(const QSslCertificate &certificate)
{
    ApnsCertificateInfo info;
    QStringList uid = certificate.subjectInfo(QByteArrayLiteral("UID"));
    if (uid.isEmpty())
        uid = certificate.subjectInfo(QByteArrayLiteral("0.9.2342.19200300.100.1.1"));
    if (!uid.isEmpty() && !uid.first().isEmpty())
        info.topics.append(uid.first());
    // Qt (OpenSSL backend) gives an extension it does not know as its raw DER value (a QByteArray).
    const QList<QSslCertificateExtension> extensions = certificate.extensions();
    for (const QSslCertificateExtension &e : extensions) {
        const QString oid = e.oid();
        if (oid == QLatin1String("1.2.840.113635.100.6.3.1"))
            info.sandbox = true;
        else if (oid == QLatin1String("1.2.840.113635.100.6.3.2"))
            info.production = true;
        else if (oid == QLatin1String("1.2.840.113635.100.6.3.6")) {
            const QStringList listed = topicsFromExtension(e.value().toByteArray());
            for (const QString &t : listed) {
                if (!info.topics.contains(t))
                    info.topics.append(t);
            }
        }
    }
    return info;
}

struct ApnsTokenVerifier::Loaded {
    Key key;
    EVP_PKEY *pkey = nullptr;
    ~Loaded() { EVP_PKEY_free(pkey); }
};

ApnsTokenVerifier::ApnsTokenVerifier(const QList<Key> &keys)
{
    for (const Key &k : keys) {
        auto loaded = std::make_shared<Loaded>();
        loaded->key = k;
        BIO *bio = BIO_new_mem_buf(k.publicKeyPem.constData(), int(k.publicKeyPem.size()));
        loaded->pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        if (!loaded->pkey || EVP_PKEY_get_base_id(loaded->pkey) != EVP_PKEY_EC)
            m_problem = QStringLiteral("the public key of key id %1 is not an EC public key PEM").arg(QString::fromLatin1(k.keyId));
        m_keys.insert(k.keyId, loaded);
    }
}

ApnsTokenVerifier::~ApnsTokenVerifier() = default;

const ApnsTokenVerdict &ApnsTokenVerifier::verify(const QByteArray &jwt)
{
    auto it = m_cache.constFind(jwt);
    if (it == m_cache.constEnd()) {
        if (m_cache.size() > 10000) // a client signing a token per request must not eat the memory
            m_cache.clear();
        it = m_cache.insert(jwt, compute(jwt));
    }
    return *it;
}

ApnsTokenVerdict ApnsTokenVerifier::compute(const QByteArray &jwt) const
{
    ApnsTokenVerdict v;
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return v;
    bool ok1 = false, ok2 = false, ok3 = false;
    const QByteArray header = fromBase64Url(parts.at(0), &ok1);
    const QByteArray claims = fromBase64Url(parts.at(1), &ok2);
    const QByteArray signature = fromBase64Url(parts.at(2), &ok3);
    QJsonParseError e1, e2;
    const QJsonDocument h = QJsonDocument::fromJson(header, &e1);
    const QJsonDocument c = QJsonDocument::fromJson(claims, &e2);
    if (!ok1 || !ok2 || !ok3 || !h.isObject() || !c.isObject())
        return v;
    v.header = h.object();
    v.claims = c.object();
    v.keyId = v.header.value(u"kid").toString().toLatin1();
    v.teamId = v.claims.value(u"iss").toString().toLatin1();
    const QJsonValue iat = v.claims.value(u"iat");
    if (v.header.value(u"alg").toString() != QLatin1String("ES256") || v.keyId.isEmpty() || v.teamId.isEmpty()
        || !iat.isDouble() || iat.toDouble() != double(iat.toInteger()) || signature.size() != 64)
        return v;
    v.issuedAt = iat.toInteger();
    const auto key = m_keys.value(v.keyId);
    if (!key || !key->pkey) {
        v.result = ApnsTokenVerdict::Result::UnknownKey;
        return v;
    }
    v.topics = key->key.topics;

    const bool good = verifyEs256(key->pkey, parts.at(0) + '.' + parts.at(1), signature);
    if (!good)
        v.result = ApnsTokenVerdict::Result::BadSignature;
    else if (v.teamId != key->key.teamId)
        v.result = ApnsTokenVerdict::Result::WrongTeam;
    else if (!key->key.validHere)
        v.result = ApnsTokenVerdict::Result::WrongEnvironment;
    else
        v.result = ApnsTokenVerdict::Result::Valid;
    return v;
}

struct ApnsClientCertificateVerifier::Store {
    X509_STORE *store = X509_STORE_new();
    ~Store() { X509_STORE_free(store); }
};

namespace {
X509 *toX509(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return d2i_X509(nullptr, &p, long(der.size()));
}
} // namespace

ApnsClientCertificateVerifier::ApnsClientCertificateVerifier(const QList<QSslCertificate> &cas)
    : m_store(std::make_unique<Store>())
{
    for (const QSslCertificate &ca : cas) {
        X509 *x = toX509(ca);
        if (x) {
            X509_STORE_add_cert(m_store->store, x);
            X509_free(x);
        }
    }
}

ApnsClientCertificateVerifier::~ApnsClientCertificateVerifier() = default;

QString ApnsClientCertificateVerifier::verify(const QList<QSslCertificate> &chain) const
{
    if (chain.isEmpty())
        return QStringLiteral("no certificate");
    X509 *leaf = toX509(chain.first());
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    for (qsizetype i = 1; i < chain.size(); ++i) {
        if (X509 *x = toX509(chain.at(i)))
            sk_X509_push(untrusted, x);
    }
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    QString problem;
    if (!leaf || X509_STORE_CTX_init(ctx, m_store->store, leaf, untrusted) != 1) {
        problem = QStringLiteral("unreadable certificate");
    } else {
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
        if (X509_verify_cert(ctx) != 1)
            problem = QString::fromLatin1(X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(untrusted, X509_free);
    X509_free(leaf);
    return problem;
}

} // namespace HeraldTest
