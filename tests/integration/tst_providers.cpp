// Every provider through the real herald-server: a uid with an APNs, an FCM and a JPush device, offline,
// gets every push (the strict APNs, FCM and JPush stand-ins, over TLS on loopback), each device through
// its own provider; an FCM UNREGISTERED or a JPush 1011 answer deactivates that token alone, counted per
// provider; a device of a provider the server has no credentials for is left out and said so. pushToAll
// reaches every provider's devices, pushToTokens takes tokens of any provider (nothing sent when one is wrong). A server
// with Getui alone sends an offline uid's cids through the Getui stand-in and drops the one it refuses.
#include "apnscerts.h"
#include "apnsstandin.h"
#include "fcmaccount.h"
#include "fcmstandin.h"
#include "getuistandin.h"
#include "jpushstandin.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
const QString kTopic = u"com.example.chat"_s;
const QString kKeyId = u"ABC123DEFG"_s;
const QString kTeamId = u"DEF123GHIJ"_s;
const QString kJPushKey = u"7d431e42dfa6a6d693ac2d04"_s;
const QByteArray kJPushSecret = "5e987ac6d2e04d95a9d8f0d1";
const QString kGetuiAppId = u"G5lfFkQZ008VoZUXydA2r2"_s;
const QString kGetuiAppKey = u"xCGkZR1bCp6gscLUB20Dl4"_s;
const QString kApnsToken = u"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"_s;
} // namespace

class TestProviders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void offlineUidReachesEveryDevice();
    void unregisteredFcmTokenIsDeactivated();
    void unknownJPushIdIsDeactivated();
    void onlineUidGetsNoPush();
    void unconfiguredProviderIsLeftOut();
    void pushToAllReachesEveryProvider();
    void pushToTokensMixesProviders();
    void badTokensSendNothing_data();
    void badTokensSendNothing();
    void getuiDevicesThroughTheServer();
    void badProviderFilesStopTheServer_data();
    void badProviderFilesStopTheServer();

private:
    HttpReply call(const QString &command, const QJsonObject &args)
    {
        return m_http->command(m_server->apiUrl(), command, args, m_server->apiKey().toUtf8());
    }
    void registerDevice(const QString &uid, const QString &provider, const QString &token)
    {
        const HttpReply r = call(u"registerDevice"_s, {{u"uid"_s, uid}, {u"provider"_s, provider}, {u"token"_s, token},
                                                       {u"environment"_s, u"sandbox"_s}});
        QVERIFY2(r.status == 200, r.body.constData());
    }
    // The FCM stand-in's sends to one registration token, as the messages it got.
    QList<QJsonObject> fcmSendsTo(const QString &token) const
    {
        QList<QJsonObject> out;
        for (const FcmStandIn::Request &r : m_fcm->requests()) {
            const QJsonObject m = QJsonDocument::fromJson(r.body).object().value(u"message").toObject();
            if (r.path.endsWith("/messages:send") && m.value(u"token").toString() == token)
                out.append(m);
        }
        return out;
    }
    int apnsRequestsTo(const QString &token) const
    {
        int n = 0;
        for (const ApnsRequestRecord &r : m_apns->requests())
            n += r.path == "/3/device/" + token.toLatin1() ? 1 : 0;
        return n;
    }
    QByteArray metrics() { return m_http->get(m_server->apiUrl(u"/metrics"_s), m_server->apiKey().toUtf8()).body; }

    TestCertificates m_tls;
    ApnsTestCredentials m_credentials;
    FcmTestAccount m_account;
    std::unique_ptr<ApnsStandIn> m_apns;
    std::unique_ptr<FcmStandIn> m_fcm;
    std::unique_ptr<JPushStandIn> m_jpush;
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestProviders::initTestCase()
{
    QVERIFY2(m_tls.create(), qPrintable(m_tls.errorString()));
    QVERIFY2(m_credentials.create(), qPrintable(m_credentials.errorString()));
    QString error;
    QVERIFY2(m_account.create(&error), qPrintable(error));
    m_apns = std::make_unique<ApnsStandIn>(ApnsStandIn::configFor(
        ApnsStandIn::Environment::Sandbox, m_tls.certificateFile(), m_tls.keyFile(),
        ApnsStandIn::signingKey(kKeyId, kTeamId, m_credentials.signingPublicKeyFile(), {kTopic})));
    QVERIFY2(m_apns->listen(), qPrintable(m_apns->errorString()));
    m_fcm = std::make_unique<FcmStandIn>(QLatin1String(FcmTestAccount::kProject), QLatin1String(FcmTestAccount::kEmail),
                                         m_account.publicKey());
    QVERIFY2(m_fcm->listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    m_jpush = std::make_unique<JPushStandIn>(kJPushKey, kJPushSecret);
    QVERIFY2(m_jpush->listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    QFile secret(m_dir.filePath(u"jpush.secret"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(QByteArray(kJPushSecret + '\n'));
    secret.close();

    m_server = std::make_unique<ServerProcess>(QStringList{
        u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-key-id"_s, kKeyId, u"--apns-team-id"_s, kTeamId,
        u"--apns-topic"_s, kTopic, u"--apns-host"_s, u"127.0.0.1"_s, u"--apns-port"_s, QString::number(m_apns->serverPort()),
        u"--apns-ca-file"_s, m_tls.caFile(),
        u"--fcm-service-account"_s, m_account.file(), u"--fcm-host"_s, u"127.0.0.1"_s,
        u"--fcm-port"_s, QString::number(m_fcm->port()), u"--fcm-ca-file"_s, m_tls.caFile(),
        u"--jpush-app-key"_s, kJPushKey, u"--jpush-master-secret-file"_s, secret.fileName(), u"--jpush-host"_s, u"127.0.0.1"_s,
        u"--jpush-port"_s, QString::number(m_jpush->port()), u"--jpush-ca-file"_s, m_tls.caFile()});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString() + u'\n' + m_server->log()));
    m_http = std::make_unique<HttpClient>();
}

void TestProviders::cleanupTestCase()
{
    if (m_server) {
        int code = -1;
        QVERIFY(m_server->terminate(10000, &code));
        QCOMPARE(code, 0);
    }
}

void TestProviders::offlineUidReachesEveryDevice()
{
    const QString fcmToken = u"fcm-token:APA91b-offline"_s;
    m_apns->registerToken(kApnsToken.toLatin1(), kTopic);
    registerDevice(u"u-both"_s, u"apns"_s, kApnsToken);
    registerDevice(u"u-both"_s, u"fcm"_s, fcmToken);
    registerDevice(u"u-both"_s, u"jpush"_s, u"1a0018970a7a6cd6a4f"_s);

    const HttpReply r = call(u"pushToUid"_s, QJsonDocument::fromJson(R"({"uid":"u-both",
        "apns":{"alert":{"title":"Mail","body":"You have mail"},"custom":{"conversation":"42"}}})").object());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
    QCOMPARE(r.json().value(u"push").toObject(),
             QJsonDocument::fromJson(R"({"queued":{"fcm":1,"jpush":1},"unconfigured":0})").object());

    QTRY_COMPARE(apnsRequestsTo(kApnsToken), 1);
    QTRY_COMPARE(fcmSendsTo(fcmToken).size(), 1);
    const QJsonObject m = fcmSendsTo(fcmToken).first();
    QCOMPARE(m.value(u"notification").toObject(),
             QJsonDocument::fromJson(R"({"title":"Mail","body":"You have mail"})").object());
    QCOMPARE(m.value(u"data").toObject(), QJsonDocument::fromJson(R"({"conversation":"42"})").object());
    QTRY_COMPARE(m_jpush->accepted().size(), 1);
    const QJsonObject jpush = m_jpush->accepted().first();
    QCOMPARE(jpush.value(u"audience").toObject().value(u"registration_id").toArray().first().toString(), u"1a0018970a7a6cd6a4f"_s);
    QCOMPARE(jpush.value(u"notification").toObject().value(u"android").toObject(),
             QJsonDocument::fromJson(R"({"alert":"You have mail","title":"Mail","extras":{"conversation":"42"}})").object());
    QTRY_VERIFY2(metrics().contains("herald_push_results_total{provider=\"fcm\",outcome=\"delivered\"} 1\n"),
                 metrics().constData());
    QTRY_VERIFY2(metrics().contains("herald_push_results_total{provider=\"apns\",outcome=\"delivered\"} 1\n"),
                 metrics().constData());
}

void TestProviders::unregisteredFcmTokenIsDeactivated()
{
    const QString dead = u"fcm-token:APA91b-uninstalled"_s;
    const QString alive = u"fcm-token:APA91b-still-there"_s;
    registerDevice(u"u-dead"_s, u"fcm"_s, dead);
    registerDevice(u"u-dead"_s, u"fcm"_s, alive);
    m_fcm->answerFor(dead, 404, u"UNREGISTERED"_s);

    const HttpReply r = call(u"pushToUid"_s, {{u"uid"_s, u"u-dead"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"push").toObject().value(u"queued").toObject().value(u"fcm").toInt(), 2);
    QTRY_VERIFY2(metrics().contains("herald_push_deactivated_total{provider=\"fcm\"} 1\n"), metrics().constData());
    QVERIFY(metrics().contains("herald_push_results_total{provider=\"fcm\",outcome=\"token-dead\"} 1\n"));
    QVERIFY(metrics().contains("herald_push_deactivated_total{provider=\"apns\"} 0\n"));

    const QJsonArray devices = call(u"listDevices"_s, {{u"uid"_s, u"u-dead"_s}}).json().value(u"devices").toArray();
    QCOMPARE(devices.size(), 2);
    for (const QJsonValue &v : devices) {
        const QJsonObject d = v.toObject();
        QCOMPARE(d.value(u"provider").toString(), u"fcm"_s);
        const bool isDead = d.value(u"token").toString() == dead;
        QCOMPARE(d.value(u"active").toBool(), !isDead);
        if (isDead)
            QCOMPARE(d.value(u"deactivated_reason").toString(), u"UNREGISTERED"_s);
    }
    // The next push leaves the dead token out.
    const HttpReply again = call(u"pushToUid"_s, {{u"uid"_s, u"u-dead"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(again.json().value(u"push").toObject().value(u"queued").toObject().value(u"fcm").toInt(), 1);
    QTRY_COMPARE(fcmSendsTo(alive).size(), 2);
    QCOMPARE(fcmSendsTo(dead).size(), 1);
}

void TestProviders::unknownJPushIdIsDeactivated()
{
    registerDevice(u"u-jpush-dead"_s, u"jpush"_s, u"gone-id"_s);
    m_jpush->answerFor(u"gone-id"_s, 400, 1011);
    const HttpReply r = call(u"pushToUid"_s, {{u"uid"_s, u"u-jpush-dead"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(r.json().value(u"push").toObject().value(u"queued").toObject().value(u"jpush").toInt(), 1);
    QTRY_VERIFY2(metrics().contains("herald_push_deactivated_total{provider=\"jpush\"} 1\n"), metrics().constData());
    const QJsonObject d = call(u"listDevices"_s, {{u"uid"_s, u"u-jpush-dead"_s}}).json().value(u"devices").toArray().first().toObject();
    QCOMPARE(d.value(u"active").toBool(), false);
    QCOMPARE(d.value(u"deactivated_reason").toString(), u"1011"_s);
}

void TestProviders::onlineUidGetsNoPush()
{
    const QString token = u"fcm-token:APA91b-online"_s;
    registerDevice(u"u-online"_s, u"fcm"_s, token);
    ChatClient client;
    QVERIFY(client.connectAndLogin(m_server->clientUrl(), u"Ann"_s, u"1"_s));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, client.clientId}, {u"uid"_s, u"u-online"_s}}).status, 200);
    const HttpReply r = call(u"pushToUid"_s, {{u"uid"_s, u"u-online"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(r.json().value(u"push").toObject(),
             QJsonDocument::fromJson(R"({"queued":{},"unconfigured":0,"skipped":"online"})").object());
    QCOMPARE(fcmSendsTo(token).size(), 0);
}

void TestProviders::unconfiguredProviderIsLeftOut()
{
    registerDevice(u"u-getui"_s, u"getui"_s, u"0c1f2e3d4c5b6a798877665544332211"_s);
    const HttpReply r = call(u"pushToUid"_s, {{u"uid"_s, u"u-getui"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"push").toObject(),
             QJsonDocument::fromJson(R"({"queued":{},"unconfigured":1})").object());
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 0);
}

void TestProviders::pushToAllReachesEveryProvider()
{
    const QString fcmToken = u"fcm-token:APA91b-everyone"_s;
    registerDevice(u"u-all-fcm"_s, u"fcm"_s, fcmToken);
    registerDevice(u"u-all-jpush"_s, u"jpush"_s, u"jpush-everyone"_s);
    const int jpushBefore = int(m_jpush->accepted().size());

    const HttpReply r = call(u"pushToAll"_s, QJsonDocument::fromJson(R"({"apns":{"alert":{"title":"Up","body":"Maintenance"}}})").object());
    QVERIFY2(r.status == 200, r.body.constData());
    const QJsonObject queued = r.json().value(u"push").toObject().value(u"queued").toObject();
    QVERIFY2(queued.value(u"fcm").toInt() >= 1 && queued.value(u"jpush").toInt() >= 1, r.body.constData());
    QVERIFY(r.json().contains(u"push_id"));
    QTRY_COMPARE(fcmSendsTo(fcmToken).size(), 1);
    QCOMPARE(fcmSendsTo(fcmToken).first().value(u"notification").toObject(),
             QJsonDocument::fromJson(R"({"title":"Up","body":"Maintenance"})").object());
    QTRY_COMPARE(m_jpush->accepted().size(), jpushBefore + queued.value(u"jpush").toInt());
    QStringList reached;
    for (const QJsonObject &push : m_jpush->accepted().mid(jpushBefore))
        reached.append(push.value(u"audience").toObject().value(u"registration_id").toArray().first().toString());
    QVERIFY2(reached.contains(u"jpush-everyone"_s), qPrintable(reached.join(u' ')));
}

void TestProviders::pushToTokensMixesProviders()
{
    const QString fcmToken = u"fcm-token:APA91b-direct"_s;
    const int jpushBefore = int(m_jpush->accepted().size());
    const int apnsBefore = apnsRequestsTo(kApnsToken);
    const HttpReply r = call(u"pushToTokens"_s, QJsonDocument::fromJson(R"({"tokens":[
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        {"token":"fcm-token:APA91b-direct","provider":"fcm"}, {"token":"jpush-direct","provider":"jpush"}],
        "environment":"sandbox","apns":{"alert":{"title":"T","body":"B"}}})").object());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
    QCOMPARE(r.json().value(u"push").toObject(), QJsonDocument::fromJson(R"({"queued":{"fcm":1,"jpush":1}})").object());
    QTRY_COMPARE(fcmSendsTo(fcmToken).size(), 1);
    QTRY_COMPARE(m_jpush->accepted().size(), jpushBefore + 1);
    QCOMPARE(m_jpush->accepted().last().value(u"audience").toObject().value(u"registration_id").toArray().first().toString(),
             u"jpush-direct"_s);
    QTRY_COMPARE(apnsRequestsTo(kApnsToken), apnsBefore + 1);
}

void TestProviders::badTokensSendNothing_data()
{
    QTest::addColumn<QByteArray>("tokens");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown provider") << QByteArray(R"([{"token":"fcm-token:bad-1","provider":"fcm"},{"token":"x","provider":"huawei"}])")
                                      << 400 << 2019 << u"unknown provider \"huawei\""_s;
    QTest::newRow("unconfigured provider") << QByteArray(R"([{"token":"fcm-token:bad-2","provider":"fcm"},{"token":"abc","provider":"getui"}])")
                                           << 503 << 2013 << u"provider getui is not configured"_s;
    QTest::newRow("object without token") << QByteArray(R"([{"token":"fcm-token:bad-3","provider":"fcm"},{"provider":"fcm"}])")
                                          << 400 << 2005 << u"{\"token\",\"provider\"}"_s;
    QTest::newRow("token with a space") << QByteArray(R"([{"token":"fcm-token:bad-4","provider":"fcm"},{"token":"a b","provider":"jpush"}])")
                                        << 400 << 2005 << u"argument \"tokens\""_s;
}

void TestProviders::badTokensSendNothing()
{
    QFETCH(QByteArray, tokens);
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(QString, message);
    const QJsonArray list = QJsonDocument::fromJson(tokens).array();
    const HttpReply r = call(u"pushToTokens"_s, {{u"tokens"_s, list}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(r.status, status);
    const QJsonObject error = r.json().value(u"error").toObject();
    QCOMPARE(error.value(u"code").toInt(), code);
    QVERIFY2(error.value(u"message").toString().contains(message), r.body.constData());
    // The good token of the list was not sent either: a push after it is the stand-in's next request.
    const QString after = u"fcm-token:APA91b-after"_s;
    QCOMPARE(call(u"pushToTokens"_s, {{u"tokens"_s, QJsonArray{QJsonObject{{u"token"_s, after}, {u"provider"_s, u"fcm"_s}}}},
                                      {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}}).status, 200);
    QTRY_VERIFY(fcmSendsTo(after).size() >= 1);
    QCOMPARE(fcmSendsTo(list.first().toObject().value(u"token").toString()).size(), 0);
}

void TestProviders::getuiDevicesThroughTheServer()
{
    GetuiStandIn getui(kGetuiAppId, kGetuiAppKey, kJPushSecret);
    QString error;
    QVERIFY2(getui.listen(m_tls.certificateFile(), m_tls.keyFile(), &error), qPrintable(error));
    getui.answerFor(u"cid-gone-000001"_s, 200, 10006);
    ServerProcess server({u"--getui-app-id"_s, kGetuiAppId, u"--getui-app-key"_s, kGetuiAppKey, u"--getui-master-secret-file"_s,
                          m_dir.filePath(u"jpush.secret"_s), u"--getui-host"_s, u"127.0.0.1"_s, u"--getui-port"_s,
                          QString::number(getui.port()), u"--getui-ca-file"_s, m_tls.caFile()});
    QVERIFY2(server.start(), qPrintable(server.errorString() + u'\n' + server.log()));
    const auto command = [&](const QString &name, const QJsonObject &args) {
        return m_http->command(server.apiUrl(), name, args, server.apiKey().toUtf8());
    };
    for (const QString &cid : {u"cid-alive-00001"_s, u"cid-gone-000001"_s})
        QCOMPARE(command(u"registerDevice"_s, {{u"uid"_s, u"u-getui"_s}, {u"provider"_s, u"getui"_s}, {u"token"_s, cid}}).status, 200);
    const HttpReply r = command(u"pushToUid"_s, QJsonDocument::fromJson(R"({"uid":"u-getui",
        "apns":{"alert":{"title":"Mail","body":"You have mail"}}})").object());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"push").toObject(), QJsonDocument::fromJson(R"({"queued":{"getui":2},"unconfigured":0})").object());
    QTRY_COMPARE(getui.accepted().size(), 1);
    const QJsonObject push = getui.accepted().first();
    QCOMPARE(push.value(u"audience").toObject().value(u"cid").toArray().first().toString(), u"cid-alive-00001"_s);
    QCOMPARE(push.value(u"push_message").toObject().value(u"notification").toObject().value(u"title").toString(), u"Mail"_s);
    const auto serverMetrics = [&] { return m_http->get(server.apiUrl(u"/metrics"_s), server.apiKey().toUtf8()).body; };
    QTRY_VERIFY2(serverMetrics().contains("herald_push_deactivated_total{provider=\"getui\"} 1\n"), serverMetrics().constData());
    QVERIFY(serverMetrics().contains("herald_push_results_total{provider=\"getui\",outcome=\"delivered\"} 1\n"));
    const QJsonArray devices = command(u"listDevices"_s, {{u"uid"_s, u"u-getui"_s}}).json().value(u"devices").toArray();
    for (const QJsonValue &v : devices)
        QCOMPARE(v.toObject().value(u"active").toBool(), v.toObject().value(u"token").toString() == u"cid-alive-00001"_s);
    int code = -1;
    QVERIFY(server.terminate(10000, &code));
    QCOMPARE(code, 0);
}

void TestProviders::badProviderFilesStopTheServer_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing service account") << QStringList{u"--fcm-service-account"_s, u"/nonexistent/sa.json"_s}
                                             << u"fcm-service-account (/nonexistent/sa.json)"_s;
    QTest::newRow("a key as service account") << QStringList{u"--fcm-service-account"_s, m_tls.keyFile()}
                                              << u"fcm-service-account (%1)"_s.arg(m_tls.keyFile());
    QTest::newRow("a service account as CA file")
        << QStringList{u"--fcm-service-account"_s, m_account.file(), u"--fcm-ca-file"_s, m_account.file()}
        << u"fcm-ca-file (%1)"_s.arg(m_account.file());
    QTest::newRow("jpush key without secret") << QStringList{u"--jpush-app-key"_s, kJPushKey}
                                              << u"jpush-app-key and jpush-master-secret-file together"_s;
    QTest::newRow("missing jpush secret")
        << QStringList{u"--jpush-app-key"_s, kJPushKey, u"--jpush-master-secret-file"_s, u"/nonexistent/jpush.secret"_s}
        << u"jpush-master-secret-file"_s;
    QTest::newRow("getui id without key") << QStringList{u"--getui-app-id"_s, kGetuiAppId, u"--getui-master-secret-file"_s, m_tls.caFile()}
                                          << u"getui-app-id, getui-app-key and getui-master-secret-file together"_s;
    QTest::newRow("missing getui secret")
        << QStringList{u"--getui-app-id"_s, kGetuiAppId, u"--getui-app-key"_s, kGetuiAppKey, u"--getui-master-secret-file"_s,
                       u"/nonexistent/getui.secret"_s}
        << u"getui-master-secret-file"_s;
}

void TestProviders::badProviderFilesStopTheServer()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, message);
    ServerProcess server(flags);
    QVERIFY2(!server.start(), "the server started");
    QTRY_COMPARE_WITH_TIMEOUT(server.process().state(), QProcess::NotRunning, 10000); // it stopped by itself
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QVERIFY(server.process().exitCode() != 0);
    QVERIFY2(server.log().contains(message), qPrintable(server.log()));
}

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"
