// APNs token authentication: the JWT's header, claims and ES256 signature (checked independently with
// OpenSSL), and Apple's renewal rules with a test clock.
#include "apns/providertoken.h"
#include "apnsstandinauth.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald::Apns;
using HeraldTest::verifyJwtEs256;

namespace {

QByteArray fromBase64Url(const QByteArray &part)
{
    return QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

class TestApnsProviderToken : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signsWhatAppleExpects();
    void renewalRules();
    void renewedOnceWhenRefused();
    void badKeys_data();
    void badKeys();

private:
    QByteArray openssl(const QStringList &args);
    QTemporaryDir m_dir;
    SigningKey m_key;
    QByteArray m_publicPem;
    QByteArray m_rsa;  // PKCS#8 PEM keys Apple never issues
    QByteArray m_p384;
};

QByteArray TestApnsProviderToken::openssl(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return p.readAllStandardOutput();
}

void TestApnsProviderToken::initTestCase()
{
    // A key like Apple's .p8: PKCS#8 PEM, P-256.
    m_key.p8 = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                        QStringLiteral("ec_paramgen_curve:P-256")});
    QVERIFY(m_key.p8.startsWith("-----BEGIN PRIVATE KEY-----"));
    QFile keyFile(m_dir.filePath(QStringLiteral("AuthKey.p8")));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(m_key.p8);
    keyFile.close();
    m_publicPem = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("AuthKey.p8"), QStringLiteral("-pubout")});
    QVERIFY(m_publicPem.startsWith("-----BEGIN PUBLIC KEY-----"));
    m_key.keyId = QStringLiteral("ABC123DEFG");
    m_key.teamId = QStringLiteral("DEF123GHIJ");
    m_rsa = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                     QStringLiteral("rsa_keygen_bits:2048")});
    m_p384 = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                      QStringLiteral("ec_paramgen_curve:P-384")});
    QVERIFY(m_rsa.startsWith("-----BEGIN PRIVATE KEY-----") && m_p384.startsWith("-----BEGIN PRIVATE KEY-----"));
    QCOMPARE(signingKeyKind(m_key.p8), QStringLiteral("EC P-256"));
    QCOMPARE(signingKeyKind(m_rsa), QStringLiteral("RSA"));
    QCOMPARE(signingKeyKind(m_p384), QStringLiteral("EC P-384"));
}

void TestApnsProviderToken::signsWhatAppleExpects()
{
    QCOMPARE(checkSigningKey(m_key), QString());
    ProviderToken tokens(m_key, [] { return qint64(1764000000); });
    QString error;
    const std::optional<QByteArray> token = tokens.token(&error);
    QVERIFY2(token, qPrintable(error));
    const QList<QByteArray> parts = token->split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject header = QJsonDocument::fromJson(fromBase64Url(parts.at(0))).object();
    const QJsonObject claims = QJsonDocument::fromJson(fromBase64Url(parts.at(1))).object();
    QCOMPARE(header.value(u"alg").toString(), QStringLiteral("ES256"));
    QCOMPARE(header.value(u"kid").toString(), QStringLiteral("ABC123DEFG"));
    QCOMPARE(claims.value(u"iss").toString(), QStringLiteral("DEF123GHIJ"));
    QCOMPARE(claims.value(u"iat").toInteger(), 1764000000);
    QCOMPARE(fromBase64Url(parts.at(2)).size(), 64); // raw r‖s, not DER
    QVERIFY(!parts.at(2).contains('='));              // base64url without padding
    QVERIFY(verifyJwtEs256(*token, m_publicPem));

    // Any change to what was signed breaks the signature: the check can fail.
    QByteArray forged = *token;
    forged[parts.at(0).size() + 3] = forged[parts.at(0).size() + 3] == 'A' ? 'B' : 'A';
    QVERIFY(!verifyJwtEs256(forged, m_publicPem));
}

void TestApnsProviderToken::renewalRules()
{
    qint64 now = 1764000000;
    ProviderToken tokens(m_key, [&now] { return now; });
    QString error;
    const QByteArray first = *tokens.token(&error);
    const quint64 generation = tokens.generation();
    now += 10 * 60;
    QCOMPARE(*tokens.token(&error), first); // reused
    QCOMPARE(tokens.generation(), generation);
    now += 11 * 60;                          // 21 minutes: still reused (renewing is for 50 minutes)
    QCOMPARE(*tokens.token(&error), first);
    now += 28 * 60;
    QCOMPARE(*tokens.token(&error), first);  // 49 minutes: still good
    now += 60;
    const QByteArray second = *tokens.token(&error);
    QVERIFY(second != first);                // 50 minutes: renewed before APNs would call it expired
    QCOMPARE(tokens.issuedAt(), now);
    QCOMPARE(tokens.generation(), generation + 1);
    now -= 3600;                             // the clock went back: a token from the future is renewed too
    QCOMPARE(tokens.token(&error).has_value(), true);
    QCOMPARE(tokens.issuedAt(), now);
}

void TestApnsProviderToken::renewedOnceWhenRefused()
{
    qint64 now = 1764000000;
    ProviderToken tokens(m_key, [&now] { return now; });
    QString error;
    const QByteArray first = *tokens.token(&error);
    now += 60;
    // APNs calls a one-minute-old token expired: a new one for the next request, young as the old one is.
    QVERIFY(tokens.renewAfterRefusal());
    QVERIFY(tokens.renewAfterRefusal()); // two answers about the same token: still one new token
    const QByteArray second = *tokens.token(&error);
    QVERIFY(second != first);
    QCOMPARE(tokens.issuedAt(), now);
    QCOMPARE(*tokens.token(&error), second);
    // The new one refused too: the clocks disagree, another token would not help.
    QVERIFY(!tokens.renewAfterRefusal());
    QCOMPARE(*tokens.token(&error), second);
    // The usual renewal makes a token like any other: refused, it is renewed once more.
    now += ProviderToken::RenewAt;
    const QByteArray third = *tokens.token(&error);
    QVERIFY(third != second);
    QVERIFY(tokens.renewAfterRefusal());
    QVERIFY(*tokens.token(&error) != third);
}

void TestApnsProviderToken::badKeys_data()
{
    QTest::addColumn<QByteArray>("p8");
    QTest::addColumn<QString>("keyId");
    QTest::addColumn<QString>("teamId");
    QTest::addColumn<QString>("mentions");
    const QByteArray good = "good";
    QTest::newRow("short key id") << good << QStringLiteral("ABC") << QStringLiteral("DEF123GHIJ") << QStringLiteral("key id");
    QTest::newRow("lower-case team id") << good << QStringLiteral("ABC123DEFG") << QStringLiteral("def123ghij") << QStringLiteral("team id");
    QTest::newRow("not a PEM key") << QByteArray("hello") << QStringLiteral("ABC123DEFG") << QStringLiteral("DEF123GHIJ")
                                   << QStringLiteral(".p8");
    QTest::newRow("RSA key") << m_rsa << QStringLiteral("ABC123DEFG") << QStringLiteral("DEF123GHIJ")
                             << QStringLiteral("the .p8 key is an RSA key, not the EC P-256 key Apple issues");
    QTest::newRow("P-384 key") << m_p384 << QStringLiteral("ABC123DEFG") << QStringLiteral("DEF123GHIJ")
                               << QStringLiteral("the .p8 key is an EC P-384 key, not the EC P-256 key Apple issues");
    QTest::newRow("PEM that is not a key") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                                           << QStringLiteral("ABC123DEFG") << QStringLiteral("DEF123GHIJ") << QStringLiteral("cannot sign");
}

void TestApnsProviderToken::badKeys()
{
    QFETCH(QByteArray, p8);
    QFETCH(QString, keyId);
    QFETCH(QString, teamId);
    QFETCH(QString, mentions);
    const QString problem = checkSigningKey({p8 == "good" ? m_key.p8 : p8, keyId, teamId});
    QVERIFY2(problem.contains(mentions), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestApnsProviderToken)
#include "tst_apnsprovidertoken.moc"
