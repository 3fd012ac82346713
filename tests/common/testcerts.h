#pragma once

#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

namespace HeraldTest {

// A private certificate authority and a server certificate it signed (for 127.0.0.1, localhost and
// herald.test, the name the browser test maps to loopback),
// made with the openssl command line in a temporary directory, for real TLS in tests.
class TestCertificates final
{
public:
    // Creates them; false (with errorString()) if openssl failed.
    bool create();
    // Another server certificate from the same CA, with its key: `name`.pem and `name`.key.
    bool issue(const QString &name);
    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    QString certificateFile(const QString &name = QStringLiteral("server")) const { return m_dir.filePath(name + QStringLiteral(".pem")); }
    QString keyFile(const QString &name = QStringLiteral("server")) const { return m_dir.filePath(name + QStringLiteral(".key")); }
    QString errorString() const { return m_error; }
    // What a client that trusts this CA alone, and verifies the server, connects with.
    QSslConfiguration clientConfiguration() const { return verifyingWith(caFile()); }
    static QSslConfiguration verifyingWith(const QString &caFile);

private:
    bool openssl(const QStringList &args);

    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace HeraldTest
