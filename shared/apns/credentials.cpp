#include "apns/credentials.h"

#include "apns/text.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificateExtension>

#include <openssl/asn1.h>
#include <openssl/objects.h>

namespace Herald::Apns {

namespace {

const QString kDevelopmentOid = QStringLiteral("1.2.840.113635.100.6.3.1");
const QString kProductionOid = QStringLiteral("1.2.840.113635.100.6.3.2");
const QString kTopicsOid = QStringLiteral("1.2.840.113635.100.6.3.6");

std::optional<QByteArray> readFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (path.isEmpty()) {
        *error = Text::tr("no %1 file given").arg(what);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Text::tr("cannot read the %1 file %2: %3").arg(what, path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// Extension 1.2.840.113635.100.6.3.6 of a universal certificate: a SEQUENCE alternating a UTF8String
// topic and a SEQUENCE of its kinds ("app", "voip", "complication"…). Decoded with libcrypto.
QStringList topicsFromExtension(const QByteArray &der)
{
    QStringList topics;
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    STACK_OF(ASN1_TYPE) *items = d2i_ASN1_SEQUENCE_ANY(nullptr, &p, long(der.size()));
    if (!items)
        return topics;
    for (int i = 0; i < sk_ASN1_TYPE_num(items); ++i) {
        const ASN1_TYPE *item = sk_ASN1_TYPE_value(items, i);
        if (ASN1_TYPE_get(item) == V_ASN1_UTF8STRING) {
            const ASN1_STRING *s = item->value.utf8string;
            topics.append(QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s)));
        }
    }
    sk_ASN1_TYPE_pop_free(items, ASN1_TYPE_free);
    return topics;
}

std::optional<Credentials> certificateCredentials(const QSslCertificate &certificate, const QSslKey &key,
                                                  QList<QSslCertificate> chain, QString *error)
{
    if (certificate.isNull() || key.isNull()) {
        *error = Text::tr("the file holds no certificate with its private key");
        return std::nullopt;
    }
    Credentials c;
    c.kind = Credentials::Kind::Certificate;
    c.certificate = certificate;
    c.privateKey = key;
    c.chain = std::move(chain);
    c.certificateInfo = describeCertificate(certificate);
    if (c.certificateInfo.topic.isEmpty()) {
        *error = Text::tr("\"%1\" is not an Apple push certificate: its subject has no UID (the app's bundle id)")
                     .arg(c.certificateInfo.subject);
        return std::nullopt;
    }
    if (!c.certificateInfo.development && !c.certificateInfo.production) {
        *error = QStringLiteral("\"%1\" is not an Apple push certificate: it is marked for neither the development nor "
                                "the production environment")
                     .arg(c.certificateInfo.subject);
        return std::nullopt;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (c.certificateInfo.expiry < now) {
        *error = Text::tr("the certificate \"%1\" expired on %2: make a new one in the Apple developer account")
                     .arg(c.certificateInfo.subject, c.certificateInfo.expiry.toString(Qt::ISODate));
        return std::nullopt;
    }
    if (c.certificateInfo.notBefore > now) {
        *error = Text::tr("the certificate \"%1\" is not valid before %2")
                     .arg(c.certificateInfo.subject, c.certificateInfo.notBefore.toString(Qt::ISODate));
        return std::nullopt;
    }
    return c;
}

} // namespace

QString environmentName(Environment environment)
{
    return environment == Environment::Sandbox ? QStringLiteral("sandbox") : QStringLiteral("production");
}

std::optional<Environment> environmentFromName(const QString &name)
{
    if (name == QLatin1String("sandbox") || name == QLatin1String("development"))
        return Environment::Sandbox;
    if (name == QLatin1String("production"))
        return Environment::Production;
    return std::nullopt;
}

QString appleHost(Environment environment)
{
    return environment == Environment::Sandbox ? QStringLiteral("api.sandbox.push.apple.com")
                                               : QStringLiteral("api.push.apple.com");
}

std::optional<Environment> CertificateInfo::suggestedEnvironment() const
{
    if (development == production)
        return std::nullopt;
    return development ? Environment::Sandbox : Environment::Production;
}

bool CertificateInfo::allows(Environment environment) const
{
    return environment == Environment::Sandbox ? development : production;
}

QString CertificateInfo::summary() const
{
    QStringList environments;
    if (development)
        environments.append(QStringLiteral("sandbox"));
    if (production)
        environments.append(QStringLiteral("production"));
    return Text::tr("certificate \"%1\" for %2 (%3), expires %4")
        .arg(subject, topics.join(QStringLiteral(", ")),
             environments.isEmpty() ? Text::tr("no APNs environment") : environments.join(Text::tr(" and ")),
             expiry.toString(Qt::ISODate));
}

CertificateInfo describeCertificate(const QSslCertificate &certificate)
{
    CertificateInfo info;
    info.subject = certificate.subjectInfo(QSslCertificate::CommonName).value(0);
    info.topic = certificate.subjectInfo(QByteArrayLiteral("UID")).value(0);
    if (info.topic.isEmpty())
        info.topic = certificate.subjectInfo(QByteArrayLiteral("0.9.2342.19200300.100.1.1")).value(0);
    if (!info.topic.isEmpty())
        info.topics.append(info.topic);
    info.notBefore = certificate.effectiveDate().toUTC();
    info.expiry = certificate.expiryDate().toUTC();
    const QList<QSslCertificateExtension> extensions = certificate.extensions();
    for (const QSslCertificateExtension &e : extensions) {
        if (e.oid() == kDevelopmentOid)
            info.development = true;
        else if (e.oid() == kProductionOid)
            info.production = true;
        else if (e.oid() == kTopicsOid) {
            for (const QString &topic : topicsFromExtension(e.value().toByteArray())) {
                if (!info.topics.contains(topic))
                    info.topics.append(topic);
            }
        }
    }
    return info;
}

QString Credentials::summary() const
{
    switch (kind) {
    case Kind::None:
        return Text::tr("no credentials");
    case Kind::Token:
        return Text::tr("token key %1 of team %2 (%3)").arg(signingKey.keyId, signingKey.teamId, signingKeyKind(signingKey.p8));
    case Kind::Certificate:
        return certificateInfo.summary();
    }
    return {};
}

QString Credentials::identity() const
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::Token:
        return QStringLiteral("token:%1:%2").arg(signingKey.teamId, signingKey.keyId);
    case Kind::Certificate:
        return QStringLiteral("certificate:%1").arg(QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex()));
    }
    return {};
}

std::optional<Credentials> tokenCredentials(const QByteArray &p8, const QString &keyId, const QString &teamId, QString *error)
{
    Credentials c;
    c.kind = Credentials::Kind::Token;
    c.signingKey = SigningKey{p8, keyId, teamId};
    if (const QString problem = checkSigningKey(c.signingKey); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    return c;
}

std::optional<Credentials> loadTokenCredentials(const QString &p8Path, const QString &keyId, const QString &teamId, QString *error)
{
    const std::optional<QByteArray> p8 = readFile(p8Path, Text::tr(".p8 key"), error);
    if (!p8)
        return std::nullopt;
    std::optional<Credentials> c = tokenCredentials(*p8, keyId, teamId, error);
    if (!c)
        *error = QStringLiteral("%1: %2").arg(QFileInfo(p8Path).fileName(), *error);
    return c;
}

std::optional<Credentials> p12Credentials(const QByteArray &p12, const QByteArray &password, QString *error)
{
    QByteArray data = p12;
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QSslKey key;
    QSslCertificate certificate;
    QList<QSslCertificate> chain;
    if (!QSslCertificate::importPkcs12(&buffer, &key, &certificate, &chain, password)) {
        *error = QStringLiteral("cannot open the .p12: the password is wrong, or it is not a PKCS#12 file with a "
                                "certificate and its key");
        return std::nullopt;
    }
    return certificateCredentials(certificate, key, chain, error);
}

std::optional<Credentials> loadP12Credentials(const QString &p12Path, const QByteArray &password, QString *error)
{
    const std::optional<QByteArray> p12 = readFile(p12Path, QStringLiteral(".p12"), error);
    if (!p12)
        return std::nullopt;
    std::optional<Credentials> c = p12Credentials(*p12, password, error);
    if (!c)
        *error = QStringLiteral("%1: %2").arg(QFileInfo(p12Path).fileName(), *error);
    return c;
}

std::optional<Credentials> loadPemCredentials(const QString &certificatePath, const QString &keyPath,
                                              const QByteArray &passphrase, QString *error)
{
    const std::optional<QByteArray> certPem = readFile(certificatePath, Text::tr("certificate"), error);
    if (!certPem)
        return std::nullopt;
    const std::optional<QByteArray> keyPem = readFile(keyPath.isEmpty() ? certificatePath : keyPath,
                                                      Text::tr("private key"), error);
    if (!keyPem)
        return std::nullopt;
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = Text::tr("%1 holds no PEM certificate").arg(certificatePath);
        return std::nullopt;
    }
    QSslKey key(*keyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey, passphrase);
    if (key.isNull())
        key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey, passphrase);
    if (key.isNull()) {
        *error = Text::tr("%1 holds no private key Herald can read (wrong passphrase?)").arg(keyPath);
        return std::nullopt;
    }
    return certificateCredentials(certificates.first(), key, certificates.mid(1), error);
}

QString Endpoint::url() const
{
    return QStringLiteral("https://%1:%2").arg(effectiveHost()).arg(port);
}

bool loadCaFile(const QString &path, Endpoint *endpoint, QString *error)
{
    const std::optional<QByteArray> pem = readFile(path, QStringLiteral("CA"), error);
    if (!pem)
        return false;
    const QList<QSslCertificate> cas = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (cas.isEmpty()) {
        *error = Text::tr("the CA file %1 holds no PEM certificate").arg(path);
        return false;
    }
    endpoint->caCertificates = cas;
    return true;
}

} // namespace Herald::Apns
