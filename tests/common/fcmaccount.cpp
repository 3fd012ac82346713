#include "fcmaccount.h"

#include "fcmstandin.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace HeraldTest {

namespace {
QByteArray openssl(const QStringList &args, const QByteArray &input, QString *error)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()));
        return {};
    }
    return p.readAllStandardOutput();
}
} // namespace

bool FcmTestAccount::create(QString *error)
{
    const QByteArray key = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                                    QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048")},
                                   {}, error);
    if (key.isEmpty())
        return false;
    m_publicKey = openssl({QStringLiteral("pkey"), QStringLiteral("-pubout")}, key, error);
    if (m_publicKey.isEmpty())
        return false;
    m_json = QJsonDocument(QJsonObject{{QLatin1String("type"), QStringLiteral("service_account")},
                                       {QLatin1String("project_id"), QLatin1String(kProject)},
                                       {QLatin1String("private_key_id"), QStringLiteral("0123456789abcdef")},
                                       {QLatin1String("private_key"), QString::fromLatin1(key)},
                                       {QLatin1String("client_email"), QLatin1String(kEmail)},
                                       {QLatin1String("token_uri"), QLatin1String(FcmStandIn::kTokenUri)}})
                 .toJson();
    QFile f(file());
    if (!f.open(QIODevice::WriteOnly) || f.write(m_json) != m_json.size()) {
        *error = QStringLiteral("cannot write %1").arg(f.fileName());
        return false;
    }
    return true;
}

} // namespace HeraldTest
