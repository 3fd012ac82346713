// What the console's APNs panel stands on, without widgets: the payload form's mapping to and from JSON,
// the templates, the history and devices models (under QAbstractItemModelTester), and the admin channel's
// APNs arguments and replies.
#include "apns/notification.h"
#include "models/apnsdevicesmodel.h"
#include "models/apnshistory.h"
#include "models/apnspayload.h"
#include "models/logrows.h"
#include "net/apnsadmin.h"
#include "protocol/adminprotocol.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald;
using namespace Herald::Console;

namespace {
QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

const QString kToken = QStringLiteral("8e0b8b2f4c1a9d3e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e");

Apns::Result result(int status, const QString &reason)
{
    Apns::Result r;
    r.status = status;
    r.reason = reason;
    r.outcome = Apns::classify(status, reason);
    r.explanation = Apns::explain(status, reason);
    return r;
}
} // namespace

class TestApnsModels : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void fieldsRoundTrip_data();
    void fieldsRoundTrip();
    void formEditsOnlyItsKeys();
    void topicsFollowThePushType();
    void templatesAreValid();
    void historyRows();
    void historyResultsFromTheServer();
    void historyKeepsItsCapacity();
    void devicesSavedAndFromTheServer();
    void devicesCarryTheirProvider();
    void pushArguments();
    void pushIdsOfBothReplies();
    void resultFromTheServerEvent();
    void eventLogLines();
};

void TestApnsModels::fieldsRoundTrip_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QStringList>("jsonOnly");
    QTest::newRow("string alert") << QByteArray(R"({"aps":{"alert":"hi","sound":"default"}})") << QStringList();
    QTest::newRow("dictionary alert and custom keys")
        << QByteArray(R"({"aps":{"alert":{"title":"T","subtitle":"S","body":"B"},"badge":3,"thread-id":"t","category":"c"},"order":42})")
        << QStringList();
    QTest::newRow("flags") << QByteArray(R"({"aps":{"content-available":1,"mutable-content":1,"interruption-level":"passive"}})")
                           << QStringList();
    QTest::newRow("what the form cannot show")
        << QByteArray(R"({"aps":{"alert":{"body":"B","loc-key":"K"},"sound":{"critical":1,"name":"a.caf"},"event":"update"}})")
        << QStringList{QStringLiteral("aps.alert.loc-key"), QStringLiteral("aps.event"), QStringLiteral("aps.sound")};
}

void TestApnsModels::fieldsRoundTrip()
{
    QFETCH(QByteArray, payload);
    QFETCH(QStringList, jsonOnly);
    const QJsonObject p = QJsonDocument::fromJson(payload).object();
    QStringList only;
    const Apns::PayloadFields f = fieldsFromPayload(p, &only);
    QCOMPARE(applyFields(f, p), p); // the form changes nothing it was not asked to
    for (const QString &key : jsonOnly)
        QVERIFY2(only.join(u' ').contains(key), qPrintable(only.join(u' ')));
    QCOMPARE(QJsonDocument::fromJson(compactPayload(p)).object(), p);
    QVERIFY(!compactPayload(p).contains(' ') || payload.contains(' '));
}

void TestApnsModels::formEditsOnlyItsKeys()
{
    const QJsonObject p = json(R"({"aps":{"alert":"hi","badge":1},"order":42})");
    Apns::PayloadFields f = fieldsFromPayload(p);
    QCOMPARE(f.body, QStringLiteral("hi"));
    QCOMPARE(f.badge, std::optional<int>(1));
    QCOMPARE(f.custom.value(QStringLiteral("order")).toInt(), 42);
    f.title = QStringLiteral("Title");
    f.badge.reset();
    const QJsonObject aps = applyFields(f, p).value(QStringLiteral("aps")).toObject();
    QCOMPARE(aps.value(QStringLiteral("alert")).toObject(), json(R"({"title":"Title","body":"hi"})"));
    QVERIFY(!aps.contains(QStringLiteral("badge")));
    QCOMPARE(applyFields(f, p).value(QStringLiteral("order")).toInt(), 42);
}

void TestApnsModels::topicsFollowThePushType()
{
    const QString app = QStringLiteral("com.example.chat");
    QCOMPARE(topicForPushType(app, Apns::PushType::Voip), app + QStringLiteral(".voip"));
    QCOMPARE(topicForPushType(app + QStringLiteral(".voip"), Apns::PushType::Alert), app);
    QCOMPARE(topicForPushType(app + QStringLiteral(".voip"), Apns::PushType::LiveActivity),
             app + QStringLiteral(".push-type.liveactivity"));
    QCOMPARE(baseTopic(app + QStringLiteral(".complication")), app);
    QCOMPARE(baseTopic(app), app);
}

void TestApnsModels::templatesAreValid()
{
    const QList<PayloadTemplate> templates = payloadTemplates();
    QVERIFY(templates.size() >= 5);
    for (const PayloadTemplate &t : templates) {
        Apns::Notification n;
        n.deviceToken = kToken;
        n.topic = topicForPushType(QStringLiteral("com.example.chat"), t.pushType);
        n.pushType = t.pushType;
        n.priority = t.priority;
        n.payload = compactPayload(t.payload);
        QVERIFY2(Apns::validate(n).isEmpty(), qPrintable(t.name + QStringLiteral(": ") + Apns::validate(n).join(u';')));
    }
}

void TestApnsModels::historyRows()
{
    ApnsHistory history;
    QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ApnsSend s;
    s.notification.deviceToken = kToken;
    const int first = history.add(s);
    const int second = history.add(s);
    QCOMPARE(history.rowCount(), 2);
    QCOMPARE(history.rowOfSerial(second), 0); // newest first
    history.setResult(first, result(410, QStringLiteral("Unregistered")));
    QCOMPARE(history.index(1, ApnsHistory::Status).data().toString(), QStringLiteral("410"));
    QCOMPARE(history.index(1, ApnsHistory::Reason).data().toString(), QStringLiteral("Unregistered"));
    QCOMPARE(history.index(1, 0).data(ApnsHistory::OutcomeRole).toString(), QStringLiteral("token-dead"));
    QVERIFY(!history.index(1, 0).data(ApnsHistory::ExplanationRole).toString().isEmpty());
    history.setFailure(second, QStringLiteral("not connected"));
    QCOMPARE(history.index(0, ApnsHistory::Reason).data().toString(), QStringLiteral("not connected"));
}

void TestApnsModels::historyResultsFromTheServer()
{
    ApnsHistory history;
    QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ApnsSend toUid;
    toUid.via = ApnsSend::Via::ServerUid;
    toUid.uid = QStringLiteral("u1");
    const int uidSerial = history.add(toUid);
    history.setPushIds(uidSerial, {QStringLiteral("7")});
    ApnsSend toToken;
    toToken.via = ApnsSend::Via::ServerTokens;
    toToken.notification.deviceToken = kToken;
    const int tokenSerial = history.add(toToken);

    QCOMPARE(history.serialForServerResult(QStringLiteral("7"), QStringLiteral("aa")), uidSerial);
    QCOMPARE(history.serialForServerResult(QString(), kToken.toUpper()), tokenSerial); // by token, any case
    QCOMPARE(history.serialForServerResult(QStringLiteral("8"), QStringLiteral("bb")), 0); // not ours
    // A uid with two devices: the second result gets a row of its own.
    history.setResult(uidSerial, result(200, {}), QStringLiteral("aa"));
    history.setResult(uidSerial, result(410, QStringLiteral("Unregistered")), QStringLiteral("bb"));
    QCOMPARE(history.rowCount(), 3);
    QStringList tokens;
    for (int row = 0; row < history.rowCount(); ++row)
        tokens.append(history.at(row).notification.deviceToken);
    QVERIFY(tokens.contains(QStringLiteral("aa")) && tokens.contains(QStringLiteral("bb")));
}

void TestApnsModels::historyKeepsItsCapacity()
{
    ApnsHistory history;
    for (int i = 0; i < ApnsHistory::Capacity + 10; ++i)
        history.add({});
    QCOMPARE(history.rowCount(), ApnsHistory::Capacity);
    QCOMPARE(history.at(0).serial, ApnsHistory::Capacity + 10);
}

void TestApnsModels::devicesSavedAndFromTheServer()
{
    ApnsDevicesModel devices;
    QAbstractItemModelTester tester(&devices, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ApnsDevice ann;
    ann.name = QStringLiteral("Ann's iPhone");
    ann.token = kToken;
    ann.environment = QStringLiteral("sandbox");
    QCOMPARE(devices.save(ann), 0);
    ann.name = QStringLiteral("Ann's phone");
    QCOMPARE(devices.save(ann), 0); // the same token: renamed, not added
    QCOMPARE(devices.rowCount(), 1);

    Admin::Device s1;
    s1.token = QString(64, QLatin1Char('a'));
    s1.platform = QStringLiteral("ios");
    s1.environment = QStringLiteral("production");
    Admin::Device s2 = s1;
    s2.token = kToken; // already saved: not listed twice
    Admin::Device dead = s1;
    dead.token = QString(64, QLatin1Char('b'));
    dead.active = false;
    dead.deactivatedReason = QStringLiteral("Unregistered");
    devices.setServerDevices(QStringLiteral("u1"), {s1, s2, dead});
    QCOMPARE(devices.rowCount(), 3);
    QVERIFY(!devices.at(1).saved && !devices.at(2).active);
    QVERIFY(devices.index(2, ApnsDevicesModel::Source).data().toString().contains(QStringLiteral("inactive")));
    devices.setServerDevices(QStringLiteral("u1"), {s1}); // a new answer replaces the uid's list
    QCOMPARE(devices.rowCount(), 2);

    // Only the saved ones are written.
    QSettings settings;
    devices.store(settings);
    ApnsDevicesModel again;
    again.load(settings);
    QCOMPARE(again.rowCount(), 1);
    QCOMPARE(again.at(0).name, QStringLiteral("Ann's phone"));
    QCOMPARE(again.at(0).environment, QStringLiteral("sandbox"));
}

void TestApnsModels::devicesCarryTheirProvider()
{
    // A device saved before providers existed reads as APNs.
    QSettings settings;
    settings.remove(QStringLiteral("apns/devices"));
    settings.beginWriteArray(QStringLiteral("apns/devices"));
    settings.setArrayIndex(0);
    settings.setValue(QStringLiteral("name"), QStringLiteral("old iPhone"));
    settings.setValue(QStringLiteral("token"), kToken);
    settings.endArray();
    ApnsDevicesModel devices;
    QAbstractItemModelTester tester(&devices, QAbstractItemModelTester::FailureReportingMode::QtTest);
    devices.load(settings);
    QCOMPARE(devices.rowCount(), 1);
    QCOMPARE(devices.at(0).provider, QStringLiteral("apns"));
    QCOMPARE(devices.index(0, ApnsDevicesModel::Provider).data().toString(), QStringLiteral("apns"));

    // A saved FCM device keeps its provider; a server device shows the one the server gave.
    ApnsDevice pixel;
    pixel.name = QStringLiteral("Ann's Pixel");
    pixel.token = QStringLiteral("fcm-token:APA91b");
    pixel.provider = QStringLiteral("fcm");
    devices.save(pixel);
    Admin::Device jpush;
    jpush.token = QStringLiteral("1a0018970a7a6cd6a4f");
    jpush.provider = QStringLiteral("jpush");
    devices.setServerDevices(QStringLiteral("u1"), {jpush});
    QCOMPARE(devices.index(2, ApnsDevicesModel::Provider).data(ApnsDevicesModel::ProviderRole).toString(), QStringLiteral("jpush"));
    devices.store(settings);
    ApnsDevicesModel again;
    again.load(settings);
    QCOMPARE(again.rowCount(), 2);
    QCOMPARE(again.at(1).provider, QStringLiteral("fcm"));
    QCOMPARE(again.headerData(ApnsDevicesModel::Provider, Qt::Horizontal).toString(), QStringLiteral("Provider"));
}

void TestApnsModels::pushArguments()
{
    ServerPush push;
    push.tokens = {kToken};
    push.topic = QStringLiteral("com.example.chat");
    push.environment = QStringLiteral("sandbox");
    push.notification.payload = QByteArrayLiteral(R"({"aps":{"alert":"hi"}})");
    push.notification.collapseId = QStringLiteral("c1");
    push.notification.expiration = 0;
    QCOMPARE(Admin::commandOf(pushRequest(push)), QStringLiteral("pushToTokens"));
    QCOMPARE(Admin::toJson(pushRequest(push)),
             json(R"({"tokens":["8e0b8b2f4c1a9d3e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"],"topic":"com.example.chat",
                      "environment":"sandbox","apns":{"payload":{"aps":{"alert":"hi"}},"push_type":"alert","priority":10,
                      "expiration":0,"collapse_id":"c1"}})"));
    push.kind = ServerPush::Kind::Uid;
    push.uid = QStringLiteral("u1");
    QCOMPARE(Admin::commandOf(pushRequest(push)), QStringLiteral("pushToUid"));
    const QJsonObject uid = Admin::toJson(pushRequest(push));
    QCOMPARE(uid.value(QStringLiteral("uid")).toString(), QStringLiteral("u1"));
    QCOMPARE(uid.value(QStringLiteral("always")).toBool(), true); // a test push goes even to an online uid
    QVERIFY(!uid.contains(QStringLiteral("tokens")));
}

void TestApnsModels::pushIdsOfBothReplies()
{
    QCOMPARE(Admin::pushIdsOf(json(R"({"push_id":3,"queued":1})")), QStringList{QStringLiteral("3")});
    QCOMPARE(Admin::pushIdsOf(json(R"({"apns":{"push_id":4,"queued":2},"delivered":0,"online":false})")), QStringList{QStringLiteral("4")});
    QCOMPARE(Admin::pushIdsOf(json(R"({"apns":{"push_id":null,"queued":0,"skipped":"online"},"delivered":1})")), QStringList());
}

void TestApnsModels::resultFromTheServerEvent()
{
    Apns::Result r = result(410, QStringLiteral("Unregistered"));
    r.apnsId = QStringLiteral("5e5b2c3a-0000-4000-8000-000000000001");
    r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
    r.latencyUs = 12500;
    r.attempts = 1;
    // Through the wire: an "apns" event carrying the result, decoded as the console does.
    Admin::Event sent;
    sent.kind = Admin::EventKind::Apns;
    sent.pushId = 7;
    sent.token = kToken;
    sent.result = Apns::toAdmin(r);
    const Admin::Message m = Admin::decode(Admin::encode(Admin::Events{{sent}}));
    QVERIFY(std::holds_alternative<Admin::Events>(m));
    const Apns::Result back = Apns::fromAdmin(std::get<Admin::Events>(m).events.first().result);
    QCOMPARE(back.status, 410);
    QCOMPARE(back.reason, r.reason);
    QCOMPARE(back.outcome, Apns::Outcome::DeviceTokenDead);
    QCOMPARE(back.apnsId, r.apnsId);
    QCOMPARE(back.unregisteredAt, r.unregisteredAt);
    QCOMPARE(back.latencyUs, r.latencyUs);
    QCOMPARE(back.explanation, r.explanation);
}

// The event log says what an APNs result and a push's progress are, in a line each.
void TestApnsModels::eventLogLines()
{
    Admin::Event result;
    result.kind = Admin::EventKind::Apns;
    result.kindName = QStringLiteral("apns");
    result.pushId = 7;
    result.token = kToken;
    result.result.status = 410;
    result.result.reason = QStringLiteral("Unregistered");
    QCOMPARE(eventRow(result).cells.last(), QStringLiteral("push 7 to 8e0b8b2f4c1a…: 410 Unregistered"));

    Admin::Event progress;
    progress.kind = Admin::EventKind::ApnsProgress;
    progress.kindName = QStringLiteral("apns_progress");
    progress.pushId = 9;
    progress.progress = {true, 120000, 4000, 3900, 60, 40, false};
    QCOMPARE(eventRow(progress).cells.last(),
             QStringLiteral("push 9 to every device: 4000 of 120000 sent, 3900 delivered, 60 failed, 40 dead"));
    progress.progress.done = true;
    QVERIFY(eventRow(progress).cells.last().endsWith(QStringLiteral(" (done)")));
}

QTEST_GUILESS_MAIN(TestApnsModels)
#include "tst_apnsmodels.moc"
