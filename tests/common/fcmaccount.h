#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

namespace HeraldTest {

// A Google service-account key file for tests: a fresh RSA key (openssl), its public half for the
// stand-in, token_uri FcmStandIn::kTokenUri.
class FcmTestAccount final
{
public:
    static constexpr char kProject[] = "herald-test";
    static constexpr char kEmail[] = "herald@herald-test.iam.gserviceaccount.com";

    bool create(QString *error);
    QString file() const { return m_dir.filePath(QStringLiteral("service-account.json")); }
    QByteArray json() const { return m_json; }
    QByteArray publicKey() const { return m_publicKey; }

private:
    QTemporaryDir m_dir;
    QByteArray m_json;
    QByteArray m_publicKey;
};

} // namespace HeraldTest
