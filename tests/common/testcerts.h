#pragma once

#include <QString>
#include <QTemporaryDir>

namespace HeraldTest {

// A private certificate authority and a server certificate it signed (for 127.0.0.1 and localhost),
// made with the openssl command line in a temporary directory, for real TLS in tests.
class TestCertificates final
{
public:
    // Creates them; false (with errorString()) if openssl failed.
    bool create();
    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    QString certificateFile() const { return m_dir.filePath(QStringLiteral("server.pem")); }
    QString keyFile() const { return m_dir.filePath(QStringLiteral("server.key")); }
    QString errorString() const { return m_error; }

private:
    bool openssl(const QStringList &args);

    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace HeraldTest
