// The hub's session map in one block (SessionMap): every map comes back exactly as it went in, a string
// is read without rebuilding the map, and updateSession's merge (a null removes a key) holds.
#include "hub/sessionmap.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Herald::SessionMap;

namespace {
QJsonObject parsed(const char *json)
{
    QJsonParseError error;
    const QJsonObject map = QJsonDocument::fromJson(json, &error).object();
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return map;
}

QByteArray text(const QJsonObject &map)
{
    return QJsonDocument(map).toJson(QJsonDocument::Compact);
}
} // namespace

class TestSessionMap final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void comesBackAsItWent_data();
    void comesBackAsItWent();
    void readsOneString_data();
    void readsOneString();
    void updateMergesAndRemoves();
    void isOneSmallBlock();
};

void TestSessionMap::comesBackAsItWent_data()
{
    QTest::addColumn<QJsonObject>("map");
    QTest::newRow("empty") << QJsonObject();
    QTest::newRow("a chat client's") << parsed(R"({"client_name":"user1","room_id":"room7"})");
    QTest::newRow("numbers") << parsed(R"({"i":1,"d":1.5,"whole double":2.0,"neg":-3,"big":9007199254740993,"tiny":1e-300})");
    QTest::newRow("true, false, null") << parsed(R"({"t":true,"f":false,"n":null})");
    QTest::newRow("nested") << parsed(R"({"o":{"a":[1,"x",null,{"k":true}],"e":{}},"l":[]})");
    QTest::newRow("empty string, empty key") << parsed(R"({"":"","s":""})");
    QTest::newRow("beyond Latin-1") << parsed(R"({"名字":"张三","é":"ü","emoji":"\ud83d\ude00"})");
    QTest::newRow("a lone surrogate") << QJsonObject{{QStringLiteral("s"), QString(QChar(0xd800))}};
    QTest::newRow("a NUL in a string") << QJsonObject{{QStringLiteral("s"), QString(QString(QChar(0)) + QStringLiteral("x"))}};
    QJsonObject many;
    for (int i = 0; i < 50; ++i)
        many.insert(QStringLiteral("key%1").arg(i), i % 2 ? QJsonValue(QStringLiteral("v%1").arg(i)) : QJsonValue(i));
    QTest::newRow("fifty keys") << many;
    QTest::newRow("a long string") << QJsonObject{{QStringLiteral("s"), QString(100000, QLatin1Char('x'))}};
}

void TestSessionMap::comesBackAsItWent()
{
    QFETCH(QJsonObject, map);
    const QJsonObject back = SessionMap(map).toObject();
    QCOMPARE(back, map);
    QCOMPARE(text(back), text(map)); // the same keys in the same order, numbers written the same
    for (auto it = map.constBegin(); it != map.constEnd(); ++it)
        QCOMPARE(back.value(it.key()).type(), it.value().type()); // an integer stays one, a double a double
    QCOMPARE(SessionMap(map).isEmpty(), map.isEmpty());
}

void TestSessionMap::readsOneString_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a string") << QStringLiteral("client_name") << QStringLiteral("user<1>");
    QTest::newRow("the last key") << QStringLiteral("room_id") << QStringLiteral("房间");
    QTest::newRow("a number: empty, as QJsonValue::toString") << QStringLiteral("n") << QString();
    QTest::newRow("an object: empty") << QStringLiteral("o") << QString();
    QTest::newRow("null: empty") << QStringLiteral("z") << QString();
    QTest::newRow("no such key") << QStringLiteral("missing") << QString();
    QTest::newRow("a key's prefix is not the key") << QStringLiteral("client") << QString();
    QTest::newRow("an empty string") << QStringLiteral("e") << QString();
}

void TestSessionMap::readsOneString()
{
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const QJsonObject map = parsed(R"({"client_name":"user<1>","n":12,"o":{"room_id":"inner"},"e":"",)"
                                   R"("z":null,"\u540d":"x","room_id":"\u623f\u95f4"})");
    const QByteArray latin1 = key.toLatin1();
    const QString read = SessionMap(map).string(QLatin1String(latin1));
    QCOMPARE(read, expected);
    QCOMPARE(read, map.value(key).toString()); // what QJsonObject says
    QCOMPARE(SessionMap().string(QLatin1String(latin1)), QString());
}

void TestSessionMap::updateMergesAndRemoves()
{
    SessionMap session;
    session.update(parsed(R"({"client_name":"a","room_id":"r1"})")); // a login's first map
    QCOMPARE(session.toObject(), parsed(R"({"client_name":"a","room_id":"r1"})"));
    session.update(parsed(R"({"room_id":"r2","count":3})"));
    QCOMPARE(session.toObject(), parsed(R"({"client_name":"a","room_id":"r2","count":3})"));
    session.update(parsed(R"({"room_id":null,"missing":null})"));
    QCOMPARE(session.toObject(), parsed(R"({"client_name":"a","count":3})"));
    QCOMPARE(session.string(QLatin1String("room_id")), QString());
    session.update(parsed(R"({"client_name":null,"count":null})"));
    QVERIFY(session.isEmpty());
    QCOMPARE(session.toObject(), QJsonObject());
}

// A chat client's map in a few dozen bytes of one QByteArray (a QJsonObject takes three blocks).
void TestSessionMap::isOneSmallBlock()
{
    const SessionMap session(parsed(R"({"client_name":"user1234","room_id":"room17"})"));
    QCOMPARE(session.byteSize(), qsizetype((1 + 4) * 4 + 1 * 2 + 11 + 8 + 7 + 6));
}

QTEST_GUILESS_MAIN(TestSessionMap)
#include "tst_sessionmap.moc"
