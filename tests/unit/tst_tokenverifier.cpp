// The connection-token verifier (server/auth/tokenverifier): each algorithm with its key, and every way a
// token is refused — expired, not yet valid, a wrong signature, alg none, an algorithm other than the
// key's (the HS256-with-the-public-key confusion), missing claims, malformed rooms and input.
#include "auth/tokenverifier.h"
#include "testtokens.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

using namespace Herald;
using HeraldTest::TestTokens;
using Key = TestTokens::Key;

Q_DECLARE_METATYPE(TestTokens::Key)

class TestTokenVerifier final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validTokens_data();
    void validTokens();
    void refusedTokens_data();
    void refusedTokens();
    void leewayBoundsTheClockSkew();
    void roomsClaim();
    void keysAreChecked();
    void malformedInputIsRefused_data();
    void malformedInputIsRefused();

private:
    TokenVerifier verifierFor(Key key) const;
    static qint64 now() { return QDateTime::currentSecsSinceEpoch(); }

    TestTokens m_keys;
};

void TestTokenVerifier::initTestCase()
{
    QVERIFY2(m_keys.create(), qPrintable(m_keys.errorString()));
}

TokenVerifier TestTokenVerifier::verifierFor(Key key) const
{
    QString error;
    std::optional<TokenVerifier> v = key == Key::Secret ? TokenVerifier::fromSecret(m_keys.secret(), &error)
                                     : TokenVerifier::fromPublicKey(key == Key::Rsa ? m_keys.rsaPublicKey()
                                                                                    : m_keys.ecPublicKey(), &error);
    if (!v)
        qFatal("no verifier: %s", qPrintable(error));
    return *v;
}

void TestTokenVerifier::validTokens_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("HS256") << Key::Secret << QStringLiteral("HS256");
    QTest::newRow("RS256") << Key::Rsa << QStringLiteral("RS256");
    QTest::newRow("ES256") << Key::Ec << QStringLiteral("ES256");
}

void TestTokenVerifier::validTokens()
{
    QFETCH(Key, key);
    QFETCH(QString, algorithm);
    const TokenVerifier verifier = verifierFor(key);
    QCOMPARE(verifier.algorithmName(), algorithm);
    QJsonObject claims = TestTokens::claims(QStringLiteral("alice"), 60);
    claims.insert(QStringLiteral("iat"), now());
    claims.insert(QStringLiteral("nbf"), now() - 5);
    const TokenVerdict v = verifier.verify(m_keys.sign(key, claims), now());
    QVERIFY2(v.isValid(), qPrintable(v.error));
    QCOMPARE(v.claims.uid, QStringLiteral("alice"));
    QCOMPARE(v.claims.expiresAt, claims.value(QStringLiteral("exp")).toInteger());
    QVERIFY(v.claims.anyRoom);
    QVERIFY(v.claims.allowsRoom(QStringLiteral("any room")));
}

void TestTokenVerifier::refusedTokens_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("error");

    const QJsonObject good = TestTokens::claims(QStringLiteral("alice"));
    QJsonObject expired = TestTokens::claims(QStringLiteral("alice"), -120);
    QJsonObject notYet = good;
    notYet.insert(QStringLiteral("nbf"), now() + 600);
    QJsonObject future = good;
    future.insert(QStringLiteral("iat"), now() + 600);
    QJsonObject noSub = good;
    noSub.remove(QStringLiteral("sub"));
    QJsonObject emptySub = good;
    emptySub.insert(QStringLiteral("sub"), QString());
    QJsonObject numberSub = good;
    numberSub.insert(QStringLiteral("sub"), 42);
    QJsonObject longSub = good;
    longSub.insert(QStringLiteral("sub"), QString(129, QLatin1Char('u')));
    QJsonObject noExp = good;
    noExp.remove(QStringLiteral("exp"));
    QJsonObject textExp = good;
    textExp.insert(QStringLiteral("exp"), QStringLiteral("tomorrow"));
    QJsonObject roomsObject = good;
    roomsObject.insert(QStringLiteral("rooms"), QJsonObject{{QStringLiteral("a"), 1}});
    QJsonObject roomsOfObjects = good;
    roomsOfObjects.insert(QStringLiteral("rooms"), QJsonArray{QJsonObject()});

    QTest::newRow("expired") << Key::Secret << m_keys.sign(Key::Secret, expired) << QStringLiteral("expired");
    QTest::newRow("not yet valid") << Key::Secret << m_keys.sign(Key::Secret, notYet) << QStringLiteral("not valid yet");
    QTest::newRow("issued in the future") << Key::Secret << m_keys.sign(Key::Secret, future) << QStringLiteral("future");
    QTest::newRow("no sub") << Key::Rsa << m_keys.sign(Key::Rsa, noSub) << QStringLiteral("\"sub\"");
    QTest::newRow("empty sub") << Key::Rsa << m_keys.sign(Key::Rsa, emptySub) << QStringLiteral("\"sub\"");
    QTest::newRow("number sub") << Key::Rsa << m_keys.sign(Key::Rsa, numberSub) << QStringLiteral("\"sub\"");
    QTest::newRow("sub too long") << Key::Rsa << m_keys.sign(Key::Rsa, longSub) << QStringLiteral("\"sub\"");
    QTest::newRow("no exp") << Key::Ec << m_keys.sign(Key::Ec, noExp) << QStringLiteral("\"exp\"");
    QTest::newRow("exp not a number") << Key::Ec << m_keys.sign(Key::Ec, textExp) << QStringLiteral("\"exp\"");
    QTest::newRow("rooms an object") << Key::Ec << m_keys.sign(Key::Ec, roomsObject) << QStringLiteral("\"rooms\"");
    QTest::newRow("rooms of objects") << Key::Ec << m_keys.sign(Key::Ec, roomsOfObjects) << QStringLiteral("\"rooms\"");

    QTest::newRow("wrong secret") << Key::Secret
                                  << TestTokens::signHs256("another-secret-of-more-than-32-bytes!!", good)
                                  << QStringLiteral("signature");
    QByteArray tampered = m_keys.sign(Key::Rsa, good);
    tampered[tampered.lastIndexOf('.') + 5] = tampered[tampered.lastIndexOf('.') + 5] == 'A' ? 'B' : 'A';
    QTest::newRow("RS256 signature altered") << Key::Rsa << tampered << QStringLiteral("signature");
    QByteArray swapped = m_keys.sign(Key::Ec, good);
    const QByteArray otherPayload = m_keys.sign(Key::Ec, TestTokens::claims(QStringLiteral("mallory"))).split('.')[1];
    QList<QByteArray> parts = swapped.split('.');
    parts[1] = otherPayload;
    QTest::newRow("ES256 payload swapped") << Key::Ec << parts.join('.') << QStringLiteral("signature");

    QTest::newRow("alg none, HS256 key") << Key::Secret << TestTokens::unsignedToken(good) << QStringLiteral("\"none\"");
    QTest::newRow("alg none, RSA key") << Key::Rsa << TestTokens::unsignedToken(good) << QStringLiteral("\"none\"");
    QTest::newRow("alg none, EC key") << Key::Ec << TestTokens::unsignedToken(good) << QStringLiteral("\"none\"");
    // The confusion attack: the RSA public key, which anyone may have, used as an HMAC secret.
    QTest::newRow("HS256 signed with the RSA public key")
        << Key::Rsa << TestTokens::signHs256(m_keys.rsaPublicKey(), good) << QStringLiteral("\"HS256\"");
    QTest::newRow("HS256 signed with the EC public key")
        << Key::Ec << TestTokens::signHs256(m_keys.ecPublicKey(), good) << QStringLiteral("\"HS256\"");
    QTest::newRow("RS256 for an HS256 server") << Key::Secret << m_keys.sign(Key::Rsa, good) << QStringLiteral("\"RS256\"");
    QTest::newRow("ES256 for an RS256 server") << Key::Rsa << m_keys.sign(Key::Ec, good) << QStringLiteral("\"ES256\"");
    QTest::newRow("RS256 for an ES256 server") << Key::Ec << m_keys.sign(Key::Rsa, good) << QStringLiteral("\"RS256\"");
}

void TestTokenVerifier::refusedTokens()
{
    QFETCH(Key, key);
    QFETCH(QByteArray, token);
    QFETCH(QString, error);
    QVERIFY(!token.isEmpty());
    const TokenVerdict v = verifierFor(key).verify(token, now());
    QVERIFY2(!v.isValid(), "the token was accepted");
    QVERIFY2(v.error.contains(error), qPrintable(v.error));
    QVERIFY(v.claims.uid.isEmpty());
}

void TestTokenVerifier::leewayBoundsTheClockSkew()
{
    TokenVerifier verifier = verifierFor(Key::Secret);
    QCOMPARE(verifier.leeway(), 30);
    const QByteArray token = m_keys.sign(Key::Secret, TestTokens::claims(QStringLiteral("alice"), -10));
    QVERIFY(verifier.verify(token, now()).isValid()); // expired 10 s ago: within 30 s of skew
    verifier.setLeeway(0);
    QVERIFY(!verifier.verify(token, now()).isValid());
    QJsonObject soon = TestTokens::claims(QStringLiteral("alice"));
    soon.insert(QStringLiteral("nbf"), now() + 20);
    const QByteArray early = m_keys.sign(Key::Secret, soon);
    QVERIFY(!verifier.verify(early, now()).isValid());
    verifier.setLeeway(30);
    QVERIFY(verifier.verify(early, now()).isValid()); // valid in 20 s: within 30 s of skew
    QVERIFY(!verifier.verify(early, now() - 15).isValid());
}

void TestTokenVerifier::roomsClaim()
{
    QJsonObject claims = TestTokens::claims(QStringLiteral("alice"));
    claims.insert(QStringLiteral("rooms"), QJsonArray{QStringLiteral("lobby"), 7});
    const TokenVerdict v = verifierFor(Key::Ec).verify(m_keys.sign(Key::Ec, claims), now());
    QVERIFY2(v.isValid(), qPrintable(v.error));
    QVERIFY(!v.claims.anyRoom);
    QCOMPARE(v.claims.rooms, (QStringList{QStringLiteral("lobby"), QStringLiteral("7")}));
    QVERIFY(v.claims.allowsRoom(QStringLiteral("lobby")));
    QVERIFY(v.claims.allowsRoom(QStringLiteral("7"))); // 7 and "7" are one room
    QVERIFY(!v.claims.allowsRoom(QStringLiteral("kitchen")));

    claims.insert(QStringLiteral("rooms"), QJsonArray());
    const TokenVerdict none = verifierFor(Key::Ec).verify(m_keys.sign(Key::Ec, claims), now());
    QVERIFY(none.isValid());
    QVERIFY(!none.claims.allowsRoom(QStringLiteral("lobby"))); // an empty list allows no room
}

void TestTokenVerifier::keysAreChecked()
{
    QString error;
    QVERIFY(!TokenVerifier::fromSecret("short secret", &error));
    QVERIFY2(error.contains(QStringLiteral("32")), qPrintable(error));
    QVERIFY(!TokenVerifier::fromPublicKey("not a key", &error));
    QVERIFY2(error.contains(QStringLiteral("PUBLIC KEY")), qPrintable(error));
    QVERIFY(!TokenVerifier::fromPublicKey(m_keys.secret(), &error));
    QCOMPARE(TokenVerifier::fromPublicKey(m_keys.rsaPublicKey(), &error)->algorithm(), TokenVerifier::Algorithm::RS256);
    QCOMPARE(TokenVerifier::fromPublicKey(m_keys.ecPublicKey(), &error)->algorithm(), TokenVerifier::Algorithm::ES256);
}

void TestTokenVerifier::malformedInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray good = m_keys.sign(Key::Secret, TestTokens::claims(QStringLiteral("alice")));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no dots") << QByteArray("abc");
    QTest::newRow("one dot") << QByteArray("abc.def");
    QTest::newRow("four parts") << good + ".x";
    QTest::newRow("header not base64") << QByteArray("!!!.e30.sig");
    QTest::newRow("header not JSON") << QByteArray("bm90IGpzb24.e30.sig");
    QTest::newRow("header an array") << QByteArray("W10.e30.sig");
    QTest::newRow("payload not JSON") << QByteArray("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln");
    QTest::newRow("signature cut") << good.left(good.size() - 4);
    QTest::newRow("NUL inside") << QByteArray(good).insert(10, '\0');
    QTest::newRow("too long") << QByteArray(TokenVerifier::MaxTokenSize + 1, 'a');
}

void TestTokenVerifier::malformedInputIsRefused()
{
    QFETCH(QByteArray, token);
    const TokenVerdict v = verifierFor(Key::Secret).verify(token, now());
    QVERIFY(!v.isValid());
    QVERIFY(!v.error.isEmpty());
}

QTEST_GUILESS_MAIN(TestTokenVerifier)
#include "tst_tokenverifier.moc"
