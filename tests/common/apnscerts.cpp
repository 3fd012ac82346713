#include "apnscerts.h"

#include <QFile>
#include <QProcess>

namespace HeraldTest {

namespace {
QString s(const char *text)
{
    return QString::fromLatin1(text);
}
} // namespace

bool ApnsTestCredentials::openssl(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(s("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("openssl %1 failed: %2 %3")
                      .arg(args.join(QLatin1Char(' ')), p.errorString(), QString::fromUtf8(p.readAllStandardError()));
        return false;
    }
    return true;
}

bool ApnsTestCredentials::writeFile(const QString &name, const QByteArray &contents)
{
    QFile f(path(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    return true;
}

QByteArray ApnsTestCredentials::readFile(const QString &fileName)
{
    QFile f(fileName);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool ApnsTestCredentials::create()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    const auto p8 = [this](const QString &file, const QString &pub) {
        return openssl({s("genpkey"), s("-algorithm"), s("EC"), s("-pkeyopt"), s("ec_paramgen_curve:P-256"), s("-out"), file})
            && openssl({s("pkey"), s("-in"), file, s("-pubout"), s("-out"), pub});
    };
    return p8(signingKeyFile(), signingPublicKeyFile()) && p8(otherSigningKeyFile(), otherSigningPublicKeyFile())
        && openssl({s("genpkey"), s("-algorithm"), s("RSA"), s("-pkeyopt"), s("rsa_keygen_bits:2048"), s("-out"), rsaKeyFile()})
        && openssl({s("req"), s("-x509"), s("-newkey"), s("ec"), s("-pkeyopt"), s("ec_paramgen_curve:prime256v1"), s("-nodes"),
                    s("-keyout"), path(s("apns-client-ca.key")), s("-out"), caFile(), s("-days"), s("2"), s("-subj"),
                    s("/CN=Herald Test Apple Worldwide Developer Relations CA")});
}

std::optional<ApnsTestCredentials::Certificate> ApnsTestCredentials::makeClientCertificate(const CertificateOptions &o)
{
    if (o.name.isEmpty()) {
        m_error = QStringLiteral("a client certificate needs a name");
        return std::nullopt;
    }
    // Apple's extensions: 6.3.1 development, 6.3.2 production (both ASN.1 NULL); 6.3.6 the topics of a
    // universal certificate, a SEQUENCE alternating UTF8String topic and SEQUENCE OF UTF8String types.
    QByteArray ext = "[ext]\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                     "extendedKeyUsage=clientAuth\n";
    if (o.environment == Environment::Development || o.environment == Environment::Both)
        ext += "1.2.840.113635.100.6.3.1 = ASN1:NULL\n";
    if (o.environment == Environment::Production || o.environment == Environment::Both)
        ext += "1.2.840.113635.100.6.3.2 = ASN1:NULL\n";
    if (!o.extraTopics.isEmpty()) {
        QStringList topics = o.extraTopics;
        if (!o.topic.isEmpty() && !topics.contains(o.topic))
            topics.prepend(o.topic);
        ext += "1.2.840.113635.100.6.3.6 = ASN1:SEQUENCE:topics\n[topics]\n";
        QByteArray typeSections;
        for (int i = 0; i < topics.size(); ++i) {
            const QByteArray n = QByteArray::number(i);
            ext += "topic" + n + " = UTF8:" + topics.at(i).toUtf8() + "\ntypes" + n + " = SEQUENCE:types" + n + "\n";
            const QString &t = topics.at(i);
            const QByteArray type = t.endsWith(s(".voip")) ? "voip" : t.endsWith(s(".complication")) ? "complication" : "app";
            typeSections += "[types" + n + "]\ntype = UTF8:" + type + "\n";
        }
        ext += typeSections;
    }
    const QString base = o.name;
    QString subject;
    if (!o.topic.isEmpty())
        subject += QStringLiteral("/UID=%1/CN=Apple Push Services: %1").arg(o.topic);
    else
        subject += QStringLiteral("/CN=Herald Test Not APNs");
    subject += QStringLiteral("/OU=%1/O=Herald Test/C=US").arg(o.teamId);

    // A negative -days makes notAfter lie before notBefore (now): expired for every verifier.
    const QString days = o.expired ? s("-1") : s("2");
    Certificate c;
    c.certificateFile = path(base + s(".pem"));
    c.keyFile = path(base + s(".key"));
    c.p12File = path(base + s(".p12"));
    c.password = o.password;
    // OpenSSL 3's default .p12 (PBES2/PBKDF2/AES-256-CBC, sha256 MAC) is what Qt 6.4's importPkcs12 reads
    // through the same libcrypto; -legacy (RC2/3DES) would need OpenSSL's legacy provider, which Qt does
    // not load. The CA goes in too, as Apple's export from Keychain does not, but it does no harm.
    if (!writeFile(base + s(".ext"), ext)
        || !openssl({s("genpkey"), s("-algorithm"), s("RSA"), s("-pkeyopt"), s("rsa_keygen_bits:2048"), s("-out"), c.keyFile})
        || !openssl({s("req"), s("-new"), s("-key"), c.keyFile, s("-out"), path(base + s(".csr")), s("-subj"), subject})
        || !openssl({s("x509"), s("-req"), s("-in"), path(base + s(".csr")), s("-CA"), caFile(), s("-CAkey"),
                     path(s("apns-client-ca.key")), s("-CAcreateserial"), s("-out"), c.certificateFile, s("-days"), days,
                     s("-extfile"), path(base + s(".ext")), s("-extensions"), s("ext")})
        || !openssl({s("pkcs12"), s("-export"), s("-in"), c.certificateFile, s("-inkey"), c.keyFile, s("-out"), c.p12File,
                     s("-passout"), s("pass:") + o.password, s("-name"), o.topic.isEmpty() ? base : o.topic}))
        return std::nullopt;
    return c;
}

} // namespace HeraldTest
