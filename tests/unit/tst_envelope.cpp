// The cluster's pure parts: the envelope one node publishes for the others (round trip, and every way
// bytes can fail to be one) and the redis URL of the `redis` setting.
#include "cluster/envelope.h"
#include "cluster/redisaddress.h"

#include <QTest>

using namespace Herald;

Q_DECLARE_METATYPE(Herald::Envelope)

class TestEnvelope final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void badInput_data();
    void badInput();
    void redisUrl_data();
    void redisUrl();
    void badRedisUrl_data();
    void badRedisUrl();
};

void TestEnvelope::roundTrip_data()
{
    QTest::addColumn<Envelope>("envelope");
    const QString id = QStringLiteral("0000000a000000000001");
    QTest::newRow("client") << Envelope{0xdeadbeef, Target::client(id), QByteArrayLiteral(R"({"type":"say"})")};
    QTest::newRow("uid with excludes") << Envelope{1, Target::uid(QStringLiteral("user-42"), {id, QStringLiteral("x")}), "hi"};
    QTest::newRow("group, unicode") << Envelope{2, Target::group(QStringLiteral("салон"), {}), "\xe2\x9c\x93"};
    QTest::newRow("all, empty text") << Envelope{3, Target::all(), QByteArray()};
    QTest::newRow("binary text") << Envelope{4, Target::all(), QByteArray("\0H\1\2", 4)};
}

void TestEnvelope::roundTrip()
{
    QFETCH(Envelope, envelope);
    QString why;
    const std::optional<Envelope> back = Envelope::decode(envelope.encode(), &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(*back, envelope);
}

void TestEnvelope::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    const QByteArray good = Envelope{7, Target::uid(QStringLiteral("u"), {QStringLiteral("abc")}), "text"}.encode();
    QTest::newRow("empty") << QByteArray() << "envelope too short for its header";
    QTest::newRow("header cut") << good.left(5) << "envelope too short for its header";
    QTest::newRow("other magic") << QByteArray("X").append(good.mid(1)) << "not a Herald envelope of version 1";
    QTest::newRow("version 2") << QByteArray(good).replace(1, 1, "\x02") << "not a Herald envelope of version 1";
    QTest::newRow("kind 9") << QByteArray(good).replace(2, 1, "\x09") << "unknown target kind";
    QTest::newRow("id cut") << good.left(8) << "envelope cut short in its target";
    QTest::newRow("id longer than the rest") << QByteArray(good.left(7)).append("\xff\xff", 2) << "envelope cut short in its target";
    QTest::newRow("excludes cut") << good.left(14) << "envelope cut short in its excluded clients";
}

void TestEnvelope::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!Envelope::decode(bytes, &why));
    QCOMPARE(why, error);
}

void TestEnvelope::redisUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");
    QTest::newRow("host alone") << "redis://127.0.0.1" << "127.0.0.1" << 6379 << "" << "" << 0;
    QTest::newRow("port and db") << "redis://10.0.0.5:7000/3" << "10.0.0.5" << 7000 << "" << "" << 3;
    QTest::newRow("password") << "redis://:s3cret@localhost:6380" << "localhost" << 6380 << "" << "s3cret" << 0;
    QTest::newRow("user and password") << "redis://herald:p%40ss@[::1]:6379/1" << "::1" << 6379 << "herald" << "p@ss" << 1;
}

void TestEnvelope::redisUrl()
{
    QFETCH(QString, url);
    QString why;
    const std::optional<RedisAddress> a = RedisAddress::parse(url, &why);
    QVERIFY2(a, qPrintable(why));
    QTEST(a->host, "host");
    QTEST(a->port, "port");
    QTEST(a->user, "user");
    QTEST(a->password, "password");
    QTEST(a->db, "db");
    QVERIFY(!a->display().contains(u"s3cret"));
}

void TestEnvelope::badRedisUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error");
    QTest::newRow("no scheme") << "127.0.0.1:6379" << "not a redis:// URL";
    QTest::newRow("http") << "http://127.0.0.1:6379" << "not a redis:// URL";
    QTest::newRow("no host") << "redis://:6379" << "no host";
    QTest::newRow("db not a number") << "redis://127.0.0.1/zero" << "the database is a number, 0 or more";
    QTest::newRow("query") << "redis://127.0.0.1?db=2" << "no query or fragment is understood";
}

void TestEnvelope::badRedisUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!RedisAddress::parse(url, &why));
    QCOMPARE(why, error + QStringLiteral(": expected redis://[user:password@]host:port[/db]"));
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
