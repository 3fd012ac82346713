// A member's JSON text as the sender wrote it, for messages delivered "byte for byte".
#include "protocol/rawjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Herald;

class TestRawJson : public QObject
{
    Q_OBJECT

private slots:
    void memberText_data();
    void memberText();
    void compact();
};

void TestRawJson::memberText_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("key order kept") << QByteArray(R"({"message":{"z":1,"a":2}})") << "message" << QByteArray(R"({"z":1,"a":2})");
    QTest::newRow("whitespace between tokens dropped")
        << QByteArray("{ \"message\" :\n { \"b\" : [ 1 , 2 ] ,\t\"a\" : \"x  y\" } }") << "message" << QByteArray(R"({"b":[1,2],"a":"x  y"})");
    QTest::newRow("number forms and escapes kept") << QByteArray(R"({"m":[2.50,1e3,"\u00e9\/\""]})") << "m"
                                                   << QByteArray(R"([2.50,1e3,"\u00e9\/\""])");
    QTest::newRow("after other members") << QByteArray(R"({"group":"1","exclude":["a","}"],"message":{"k":"{["}})") << "message"
                                         << QByteArray(R"({"k":"{["})");
    QTest::newRow("before other members") << QByteArray(R"({"message":[{"x":[]}],"group":1})") << "message" << QByteArray(R"([{"x":[]}])");
    QTest::newRow("scalar member") << QByteArray(R"({"a":true,"n":-12.5e-3})") << "n" << QByteArray("-12.5e-3");
    QTest::newRow("escaped key") << QByteArray(R"({"mess\u0061ge":{"v":1}})") << "message" << QByteArray(R"({"v":1})");
    QTest::newRow("last duplicate wins, as in QJsonObject") << QByteArray(R"({"m":{"v":1},"m":{"v":2}})") << "m" << QByteArray(R"({"v":2})");
    QTest::newRow("absent") << QByteArray(R"({"group":"1"})") << "message" << QByteArray();
    QTest::newRow("nested key is not a member") << QByteArray(R"({"args":{"message":{"v":1}}})") << "message" << QByteArray();
    QTest::newRow("not an object") << QByteArray(R"([{"message":1}])") << "message" << QByteArray();
}

void TestRawJson::memberText()
{
    QFETCH(QByteArray, object);
    QFETCH(QString, key);
    QFETCH(QByteArray, expected);
    QVERIFY2(!QJsonDocument::fromJson(object).isNull(), "the input is valid JSON");
    QCOMPARE(Json::memberText(object, QLatin1String(key.toLatin1())), expected);
    if (!expected.isEmpty()) // what it returns is the same JSON value
        QCOMPARE(QJsonDocument::fromJson("[" + expected + "]").array().at(0), QJsonDocument::fromJson(object).object().value(key));
}

void TestRawJson::compact()
{
    QCOMPARE(Json::compact(" { \"a b\" : [ 1, \"\\\" x \" ] } "), QByteArray(R"({"a b":[1,"\" x "]})"));
    QCOMPARE(Json::compact(""), QByteArray());
}

QTEST_GUILESS_MAIN(TestRawJson)
#include "tst_rawjson.moc"
