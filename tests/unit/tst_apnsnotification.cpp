// APNs notifications: the payload builder and every check made before a request is sent.
#include "apns/notification.h"

#include <QJsonDocument>
#include <QTest>

using namespace Herald::Apns;

namespace {
const QString kToken = QStringLiteral("8e0b8b2f4c1a9d3e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e");

Notification valid()
{
    Notification n;
    n.deviceToken = kToken;
    n.topic = QStringLiteral("com.example.chat");
    n.payload = R"({"aps":{"alert":"hi"}})";
    return n;
}
} // namespace

class TestApnsNotification : public QObject
{
    Q_OBJECT

private slots:
    void pushTypes();
    void payload_data();
    void payload();
    void validNotificationPasses();
    void problems_data();
    void problems();
};

void TestApnsNotification::pushTypes()
{
    for (const char *name : {"alert", "background", "voip", "complication", "fileprovider", "mdm", "location", "liveactivity",
                             "pushtotalk"}) {
        const auto type = pushTypeFromName(QLatin1String(name));
        QVERIFY2(type, name);
        QCOMPARE(pushTypeName(*type), QLatin1String(name));
    }
    QVERIFY(!pushTypeFromName(QStringLiteral("email")));
    QCOMPARE(topicSuffix(PushType::Voip), QStringLiteral(".voip"));
    QCOMPARE(topicSuffix(PushType::FileProvider), QStringLiteral(".pushkit.fileprovider"));
    QCOMPARE(topicSuffix(PushType::LiveActivity), QStringLiteral(".push-type.liveactivity"));
    QCOMPARE(topicSuffix(PushType::Alert), QString());
    QCOMPARE(maxPayloadBytes(PushType::Alert), 4096);
    QCOMPARE(maxPayloadBytes(PushType::Voip), 5120);
    // In sentences, with the article English wants.
    QCOMPARE(aPushOf(PushType::Alert), QStringLiteral("an alert push"));
    QCOMPARE(aPushOf(PushType::Voip), QStringLiteral("a voip push"));
    QCOMPARE(aPushOf(PushType::Background), QStringLiteral("a background push"));
}

void TestApnsNotification::payload_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("badge"); // -1: none
    QTest::addColumn<bool>("background");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("body only: the string form") << QString() << QStringLiteral("Hello") << -1 << false
                                                << QByteArray(R"({"aps":{"alert":"Hello"}})");
    QTest::newRow("title and body: the dictionary form") << QStringLiteral("Ann") << QStringLiteral("Hi there") << 3 << false
                                                         << QByteArray(R"({"aps":{"alert":{"body":"Hi there","title":"Ann"},"badge":3}})");
    QTest::newRow("badge 0 clears it") << QString() << QString() << 0 << false << QByteArray(R"({"aps":{"badge":0}})");
    QTest::newRow("silent background update") << QString() << QString() << -1 << true
                                              << QByteArray(R"({"aps":{"content-available":1}})");
}

void TestApnsNotification::payload()
{
    QFETCH(QString, title);
    QFETCH(QString, body);
    QFETCH(int, badge);
    QFETCH(bool, background);
    QFETCH(QByteArray, expected);
    PayloadFields f;
    f.title = title;
    f.body = body;
    if (badge >= 0)
        f.badge = badge;
    f.contentAvailable = background;
    QCOMPARE(buildPayload(f), expected);
}

void TestApnsNotification::validNotificationPasses()
{
    QCOMPARE(validate(valid()), QStringList());

    PayloadFields f;
    f.title = QStringLiteral("T");
    f.subtitle = QStringLiteral("S");
    f.body = QStringLiteral("B");
    f.sound = QStringLiteral("default");
    f.threadId = QStringLiteral("chat-1");
    f.category = QStringLiteral("MESSAGE");
    f.mutableContent = true;
    f.interruptionLevel = QStringLiteral("time-sensitive");
    f.custom = {{QStringLiteral("room"), QStringLiteral("1")}};
    Notification n = valid();
    n.payload = buildPayload(f);
    QCOMPARE(validate(n), QStringList());
    const QJsonObject root = QJsonDocument::fromJson(n.payload).object();
    QCOMPARE(root.value(u"room").toString(), QStringLiteral("1")); // custom keys sit outside aps
    QCOMPARE(root.value(u"aps").toObject().value(u"thread-id").toString(), QStringLiteral("chat-1"));

    Notification voip = valid();
    voip.pushType = PushType::Voip;
    voip.topic = QStringLiteral("com.example.chat.voip");
    voip.payload = "{\"aps\":{},\"x\":\"" + QByteArray(5000, 'v') + "\"}"; // over 4096, within VoIP's 5120
    QCOMPARE(validate(voip), QStringList());

    Notification background = valid();
    background.pushType = PushType::Background;
    background.priority = 5;
    background.payload = R"({"aps":{"content-available":1}})";
    background.apnsId = QStringLiteral("123e4567-e89b-12d3-a456-4266554400a0");
    background.collapseId = QString(64, QLatin1Char('c'));
    background.expiration = 0;
    QCOMPARE(validate(background), QStringList());
}

void TestApnsNotification::problems_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mentions");
    const auto row = [](const char *name, const char *field, const QString &value, const char *mentions) {
        QTest::newRow(name) << QString::fromLatin1(field) << value << QString::fromUtf8(mentions);
    };
    const auto text = [](const char *s) { return QString::fromUtf8(s); };
    row("token not hex", "token", QStringLiteral("zz") + kToken.mid(2), "hexadecimal");
    row("token too short", "token", text("abcd"), "hexadecimal");
    row("token odd length", "token", kToken + QLatin1Char('a'), "even number");
    row("no topic", "topic", QString(), "topic");
    row("voip topic without suffix", "voip-topic", text("com.example.chat"), "\".voip\"");
    row("priority 7", "priority", text("7"), "priority is 10, 5 or 1");
    row("background at priority 10", "background-priority", text("10"), "priority 5");
    row("background without content-available", "background-payload", text(R"({"aps":{"alert":"x"}})"), "content-available");
    row("negative expiration", "expiration", text("-1"), "expiration");
    row("collapse id of 65 bytes", "collapse", QString(65, QLatin1Char('c')), "at most 64");
    row("collapse id of 66 bytes in 33 characters", "collapse", QString(33, QChar(0xe9)), "66 bytes");
    row("apns-id not a UUID", "apns-id", text("not-a-uuid"), "UUID");
    row("apns-id upper case", "apns-id", text("123E4567-E89B-12D3-A456-4266554400A0"), "lower-case");
    row("empty payload", "payload", QString(), "empty");
    row("payload not JSON", "payload", text("{aps"), "not a JSON object");
    row("payload an array", "payload", text("[1]"), "not a JSON object");
    row("bad interruption level", "payload", text(R"({"aps":{"interruption-level":"loud"}})"), "interruption-level");
    row("payload over 4096 bytes", "payload", text("{\"aps\":{},\"x\":\"") + QString(4090, QLatin1Char('p')) + text("\"}"),
        "an alert push takes at most 4096");
}

void TestApnsNotification::problems()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, mentions);
    Notification n = valid();
    if (field == u"token")
        n.deviceToken = value;
    else if (field == u"topic")
        n.topic = value;
    else if (field == u"voip-topic") {
        n.pushType = PushType::Voip;
        n.topic = value;
    } else if (field == u"priority")
        n.priority = value.toInt();
    else if (field == u"background-priority") {
        n.pushType = PushType::Background;
        n.priority = value.toInt();
        n.payload = R"({"aps":{"content-available":1}})";
    } else if (field == u"background-payload") {
        n.pushType = PushType::Background;
        n.priority = 5;
        n.payload = value.toUtf8();
    } else if (field == u"expiration")
        n.expiration = value.toLongLong();
    else if (field == u"collapse")
        n.collapseId = value;
    else if (field == u"apns-id")
        n.apnsId = value;
    else if (field == u"payload")
        n.payload = value.toUtf8();
    const QStringList found = validate(n);
    QCOMPARE(found.size(), 1); // exactly the one problem, clearly named
    QVERIFY2(found.first().contains(mentions), qPrintable(found.first()));
}

QTEST_GUILESS_MAIN(TestApnsNotification)
#include "tst_apnsnotification.moc"
