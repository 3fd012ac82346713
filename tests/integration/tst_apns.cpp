// APNs end to end: the real herald-server, configured with a .p8 key, pushes through its dispatcher to the
// strict stand-in for Apple (HTTP/2 over TLS on loopback, in this process): offline uids get notifications
// with the right headers and payload, online ones get the WebSocket message instead (unless `always`),
// dead tokens are deactivated and counted, pushToAll keeps to apns-concurrency, bad apns objects and
// missing configuration get their clear errors, and bad credentials stop the server at start.
#include "apnscerts.h"
#include "apnsstandin.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

#include "testjson.h"

#include <QTest>

#include <csignal>
#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

const QString kTopic = u"com.example.chat"_s;
const QString kKeyId = u"ABC123DEFG"_s;
const QString kTeamId = u"DEF123GHIJ"_s;
constexpr int kConcurrency = 3; // --apns-concurrency of the server under test

// A device token (64 hex digits) per name, the same every run.
QString tokenFor(const QString &name)
{
    return QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// The admin channel's live events of one kind (and push, when given), in order.
QList<QJsonObject> eventsOf(const WsClient &admin, const QString &kind, qint64 pushId = -1)
{
    QList<QJsonObject> out;
    for (const QJsonObject &m : admin.messages()) {
        if (m.value(u"type").toString() != u"events")
            continue;
        for (const QJsonValue &e : m.value(u"events").toArray()) {
            const QJsonObject o = e.toObject();
            if (o.value(u"event").toString() == kind && (pushId < 0 || o.value(u"push_id").toInteger() == pushId))
                out.append(o);
        }
    }
    return out;
}

QString errorOutcome(const HttpReply &r)
{
    const QJsonObject error = r.json().value(u"error").toObject();
    return u"%1 code %2"_s.arg(r.status).arg(error.value(u"code").toInt());
}

} // namespace

class TestApns final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void offlineUidReachesApns();
    void payloadGoesAsWritten();
    void onlineUidGetsTheWebSocketMessageOnly();
    void deadTokenIsDeactivated();
    void aDeviceRegisteredAgainMoves();
    void badDeviceTokenFromTheOtherEnvironmentKeepsTheDevice();
    void pushToTokensReachesUnregisteredTokens();
    void pushToAllKeepsToTheConcurrencyBound();
    void badApnsObjectSendsNothing_data();
    void badApnsObjectSendsNothing();
    void readOnlyAdminCannotPush();
    void statusCountsEverything();
    void misbehavingApnsEndsThePushInTime_data();
    void misbehavingApnsEndsThePushInTime();
    void stopFinishesOrWritesDownEveryPush();
    void notConfiguredIsAClearError();
    void badCredentialsStopTheServer_data();
    void badCredentialsStopTheServer();

private:
    HttpReply call(const QString &command, const QJsonObject &args)
    {
        return m_http->command(m_server->apiUrl(), command, args, m_server->apiKey().toUtf8());
    }
    // The arguments exactly as written (a QJsonObject would sort their keys).
    HttpReply callRaw(const QString &command, const QByteArray &args)
    {
        return m_http->post(m_server->apiUrl(u"/api/"_s + command), args, m_server->apiKey().toUtf8());
    }
    void registerDevice(const QString &uid, const QString &token, const QString &environment = u"sandbox"_s)
    {
        m_standIn->registerToken(token.toLatin1(), kTopic);
        const HttpReply r = call(u"registerDevice"_s, {{u"uid"_s, uid}, {u"token"_s, token}, {u"environment"_s, environment}});
        QVERIFY2(r.status == 200, r.body.constData());
    }
    // The stand-in's requests to one token.
    QList<ApnsRequestRecord> requestsTo(const QString &token) const { return requestsToOf(*m_standIn, token); }
    static QList<ApnsRequestRecord> requestsToOf(const ApnsStandIn &standIn, const QString &token)
    {
        QList<ApnsRequestRecord> out;
        for (const ApnsRequestRecord &r : standIn.requests()) {
            if (r.path == "/3/device/" + token.toLatin1())
                out.append(r);
        }
        return out;
    }
    QList<QJsonObject> adminEvents(const QString &kind, qint64 pushId = -1) const { return eventsOf(*m_admin, kind, pushId); }
    QByteArray metrics() { return m_http->get(m_server->apiUrl(u"/metrics"_s), m_server->apiKey().toUtf8()).body; }
    // A stand-in for Apple's sandbox that knows our signing key, listening.
    std::unique_ptr<ApnsStandIn> makeStandIn() const;
    QStringList apnsFlags(const ApnsStandIn &standIn, int timeoutMs = 10000) const;

    TestCertificates m_tls;
    ApnsTestCredentials m_credentials;
    std::unique_ptr<ApnsStandIn> m_standIn;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<WsClient> m_admin;
};

QStringList TestApns::apnsFlags(const ApnsStandIn &standIn, int timeoutMs) const
{
    return {u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-key-id"_s, kKeyId, u"--apns-team-id"_s, kTeamId,
            u"--apns-topic"_s, kTopic, u"--apns-host"_s, u"127.0.0.1"_s,
            u"--apns-port"_s, QString::number(standIn.serverPort()), u"--apns-ca-file"_s, m_tls.caFile(),
            u"--apns-concurrency"_s, QString::number(kConcurrency), u"--apns-timeout"_s, QString::number(timeoutMs)};
}

std::unique_ptr<ApnsStandIn> TestApns::makeStandIn() const
{
    auto standIn = std::make_unique<ApnsStandIn>(ApnsStandIn::configFor(
        ApnsStandIn::Environment::Sandbox, m_tls.certificateFile(), m_tls.keyFile(),
        ApnsStandIn::signingKey(kKeyId, kTeamId, m_credentials.signingPublicKeyFile(), {kTopic})));
    if (!standIn->listen())
        qWarning() << "the APNs stand-in cannot listen:" << standIn->errorString();
    return standIn;
}

void TestApns::initTestCase()
{
    QVERIFY2(m_tls.create(), qPrintable(m_tls.errorString()));
    QVERIFY2(m_credentials.create(), qPrintable(m_credentials.errorString()));
    m_standIn = makeStandIn();
    QVERIFY(m_standIn->serverPort() != 0);

    m_server = std::make_unique<ServerProcess>(apnsFlags(*m_standIn));
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString() + u'\n' + m_server->log()));
    m_http = std::make_unique<HttpClient>();
    m_admin = std::make_unique<WsClient>();
    QVERIFY(m_admin->open(m_server->adminUrl(), 5000, m_server->adminToken().toUtf8()));
    QVERIFY(!m_admin->waitFor(u"snapshot"_s).isEmpty());
}

void TestApns::cleanupTestCase()
{
    m_admin.reset();
    if (m_server) {
        int code = -1;
        QVERIFY(m_server->terminate(10000, &code));
        QCOMPARE(code, 0);
    }
}

void TestApns::offlineUidReachesApns()
{
    const QString token = tokenFor(u"offline"_s);
    registerDevice(u"u-offline"_s, token);

    const HttpReply r = call(u"pushToUid"_s, QJsonDocument::fromJson(R"({"uid":"u-offline","message":"hi",
        "apns":{"alert":{"title":"Mail","body":"You have mail"},"badge":2,"sound":"default","thread_id":"t1",
                "custom":{"conversation":42},"collapse_id":"c1","expiration":0}})").object());
    QCOMPARE(r.status, 200);
    const QJsonObject body = r.json();
    QCOMPARE(body.value(u"delivered").toInt(), 0);
    QCOMPARE(body.value(u"online").toBool(), false);
    QCOMPARE(body.value(u"apns").toObject().value(u"queued").toInt(), 1);
    const qint64 pushId = body.value(u"apns").toObject().value(u"push_id").toInteger();
    QVERIFY(pushId > 0);

    QTRY_COMPARE(requestsTo(token).size(), 1);
    const ApnsRequestRecord req = requestsTo(token).first();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.header("apns-topic"), kTopic.toUtf8());
    QCOMPARE(req.header("apns-push-type"), QByteArray("alert"));
    QCOMPARE(req.header("apns-priority"), QByteArray("10"));
    QCOMPARE(req.header("apns-collapse-id"), QByteArray("c1"));
    QCOMPARE(req.header("apns-expiration"), QByteArray("0"));
    QVERIFY(req.header("authorization").startsWith("bearer "));
    QCOMPARE(req.jwtHeader.value(u"kid").toString(), kKeyId);
    QCOMPARE(req.jwtClaims.value(u"iss").toString(), kTeamId);
    QCOMPARE(req.status, 200);
    const QJsonObject payload = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(payload, QJsonDocument::fromJson(R"({"aps":{"alert":{"title":"Mail","body":"You have mail"},"badge":2,
        "sound":"default","thread-id":"t1"},"conversation":42})").object());

    // The admin channel reports the result, and the push as done.
    QTRY_COMPARE(adminEvents(u"apns"_s, pushId).size(), 1);
    const QJsonObject e = adminEvents(u"apns"_s, pushId).first();
    QCOMPARE(e.value(u"uid").toString(), u"u-offline"_s);
    QCOMPARE(e.value(u"token").toString(), token);
    QCOMPARE(e.value(u"environment").toString(), u"sandbox"_s);
    QCOMPARE(e.value(u"result").toObject().value(u"outcome").toString(), u"delivered"_s);
    QCOMPARE(e.value(u"result").toObject().value(u"status").toInt(), 200);
    QTRY_COMPARE(adminEvents(u"apns_progress"_s, pushId).size(), 1);
    const QJsonObject done = adminEvents(u"apns_progress"_s, pushId).first();
    QCOMPARE(done.value(u"done").toBool(), true);
    QCOMPARE(done.value(u"delivered").toInt(), 1);
}

void TestApns::payloadGoesAsWritten()
{
    const QString token = tokenFor(u"as-written"_s);
    registerDevice(u"u-raw"_s, token);
    const QByteArray payload = R"({"n":1.50,"aps":{"alert":"caf\u00e9","content-available":1},"z":[]})";
    const HttpReply r = m_http->post(m_server->apiUrl(u"/api/pushToUid"_s),
                                     R"({"uid":"u-raw","apns":{"payload": )" + payload + R"( }})",
                                     m_server->apiKey().toUtf8());
    QVERIFY2(r.status == 200, r.body.constData());
    QTRY_COMPARE(requestsTo(token).size(), 1);
    QCOMPARE(requestsTo(token).first().body, payload);
}

void TestApns::onlineUidGetsTheWebSocketMessageOnly()
{
    const QString token = tokenFor(u"online"_s);
    registerDevice(u"u-online"_s, token);
    ChatClient client;
    QVERIFY(client.connectAndLogin(m_server->clientUrl(), u"Ann"_s, u"1"_s));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, client.clientId}, {u"uid"_s, u"u-online"_s}}).status, 200);

    client.ws.clear();
    HttpReply r = callRaw(u"pushToUid"_s, R"({"uid":"u-online","message":{"type":"mail","n":1},"apns":{"alert":"mail"}})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"delivered").toInt(), 1);
    QCOMPARE(r.json().value(u"online").toBool(), true);
    QCOMPARE(r.json().value(u"apns").toObject(),
             QJsonDocument::fromJson(R"({"push_id":null,"queued":0,"skipped":"online"})").object());
    QCOMPARE(client.ws.waitFor(u"mail"_s).value(u"n").toInt(), 1);
    QCOMPARE(client.ws.raw().first(), u"{\"type\":\"mail\",\"n\":1}"_s); // delivered as sendToUid does

    // With always, it goes to APNs too; and that is the only request the device ever got.
    r = call(u"pushToUid"_s, QJsonDocument::fromJson(R"({"uid":"u-online","always":true,"apns":{"alert":"again"}})").object());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
    QTRY_COMPARE(requestsTo(token).size(), 1);
    QCOMPARE(QJsonDocument::fromJson(requestsTo(token).first().body).object().value(u"aps").toObject().value(u"alert"),
             QJsonValue(u"again"_s));
}

void TestApns::deadTokenIsDeactivated()
{
    const QString token = tokenFor(u"dead"_s);
    registerDevice(u"u-dead"_s, token);
    registerDevice(u"u-dead"_s, tokenFor(u"dead-but-other"_s)); // a second device of the uid stays active
    m_standIn->markUnregistered(token.toLatin1(), 1700000000000);
    const int before = call(u"getDeviceCount"_s, {}).json().value(u"count").toInt();

    const HttpReply r = call(u"pushToUid"_s, {{u"uid"_s, u"u-dead"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 2);
    const qint64 pushId = r.json().value(u"apns").toObject().value(u"push_id").toInteger();
    QTRY_COMPARE(adminEvents(u"apns_progress"_s, pushId).size(), 1);
    const QJsonObject done = adminEvents(u"apns_progress"_s, pushId).first();
    QCOMPARE(done.value(u"dead").toInt(), 1);
    QCOMPARE(done.value(u"delivered").toInt(), 1);

    QJsonObject deadEvent;
    for (const QJsonObject &e : adminEvents(u"apns"_s, pushId)) {
        if (e.value(u"token").toString() == token)
            deadEvent = e;
    }
    QCOMPARE(deadEvent.value(u"result").toObject().value(u"status").toInt(), 410);
    QCOMPARE(deadEvent.value(u"result").toObject().value(u"reason").toString(), u"Unregistered"_s);
    QCOMPARE(deadEvent.value(u"result").toObject().value(u"outcome").toString(), u"token-dead"_s);

    const QJsonArray devices = call(u"listDevices"_s, {{u"uid"_s, u"u-dead"_s}}).json().value(u"devices").toArray();
    QCOMPARE(devices.size(), 2);
    for (const QJsonValue &d : devices) {
        const bool isDead = d.toObject().value(u"token").toString() == token;
        QCOMPARE(d.toObject().value(u"active").toBool(), !isDead);
        if (isDead)
            QCOMPARE(d.toObject().value(u"deactivated_reason").toString(), u"Unregistered"_s);
    }
    QCOMPARE(call(u"getDeviceCount"_s, {}).json().value(u"count").toInt(), before - 1);
    const QByteArray m = metrics();
    QVERIFY2(m.contains("herald_apns_deactivated_total 1\n"), m.constData());
    QVERIFY2(m.contains("herald_apns_results_total{outcome=\"token-dead\"} 1\n"), m.constData());
    QCOMPARE(call(u"getApnsStatus"_s, {}).json().value(u"deactivated").toInt(), 1);

    // The next push to the uid leaves the dead token out.
    const HttpReply again = call(u"pushToUid"_s, {{u"uid"_s, u"u-dead"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(again.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
}

void TestApns::aDeviceRegisteredAgainMoves()
{
    // Registered without a topic (the server's default), then by the app's next version with its topic
    // under another uid: one device, so one notification, to the uid it moved to.
    const QString token = tokenFor(u"registered-twice"_s);
    m_standIn->registerToken(token.toLatin1(), kTopic);
    const QJsonObject before{{u"uid"_s, u"u-before"_s}, {u"token"_s, token}, {u"environment"_s, u"sandbox"_s}};
    QJsonObject after = before;
    after.insert(u"uid"_s, u"u-after"_s);
    after.insert(u"topic"_s, kTopic);
    QCOMPARE(call(u"registerDevice"_s, before).json().value(u"created").toBool(), true);
    QCOMPARE(call(u"registerDevice"_s, after).json().value(u"created").toBool(), false);
    QCOMPARE(call(u"listDevices"_s, {{u"uid"_s, u"u-before"_s}}).json().value(u"devices").toArray().size(), 0);
    const QJsonArray devices = call(u"listDevices"_s, {{u"uid"_s, u"u-after"_s}}).json().value(u"devices").toArray();
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices.first().toObject().value(u"topic").toString(), kTopic);

    const QJsonObject apns{{u"alert"_s, u"once"_s}};
    QCOMPARE(call(u"pushToUid"_s, {{u"uid"_s, u"u-before"_s}, {u"apns"_s, apns}}).json().value(u"apns").toObject()
                 .value(u"queued").toInt(), 0);
    const HttpReply r = call(u"pushToUid"_s, {{u"uid"_s, u"u-after"_s}, {u"apns"_s, apns}});
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
    const qint64 pushId = r.json().value(u"apns").toObject().value(u"push_id").toInteger();
    QTRY_VERIFY(!adminEvents(u"apns_progress"_s, pushId).isEmpty());
    QCOMPARE(adminEvents(u"apns_progress"_s, pushId).first().value(u"delivered").toInt(), 1);
    QCOMPARE(requestsTo(token).size(), 1);
}

void TestApns::badDeviceTokenFromTheOtherEnvironmentKeepsTheDevice()
{
    // Registered for production, sent as sandbox through pushToTokens: APNs' BadDeviceToken means the
    // environment was wrong, not that the token is dead.
    const QString token = tokenFor(u"production-device"_s);
    QCOMPARE(call(u"registerDevice"_s, {{u"uid"_s, u"u-prod"_s}, {u"token"_s, token}, {u"environment"_s, u"production"_s}})
                 .status, 200); // not registered at the stand-in: it answers BadDeviceToken
    const HttpReply r = call(u"pushToTokens"_s, {{u"tokens"_s, QJsonArray{token}}, {u"environment"_s, u"sandbox"_s},
                                                 {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}});
    QCOMPARE(r.status, 200);
    const qint64 pushId = r.json().value(u"apns").toObject().value(u"push_id").toInteger();
    QTRY_COMPARE(adminEvents(u"apns"_s, pushId).size(), 1);
    QCOMPARE(adminEvents(u"apns"_s, pushId).first().value(u"result").toObject().value(u"reason").toString(),
             u"BadDeviceToken"_s);
    QCOMPARE(adminEvents(u"apns"_s, pushId).first().value(u"uid"), QJsonValue());
    const QJsonArray devices = call(u"listDevices"_s, {{u"uid"_s, u"u-prod"_s}}).json().value(u"devices").toArray();
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices.first().toObject().value(u"active").toBool(), true);
}

void TestApns::pushToTokensReachesUnregisteredTokens()
{
    const QString token = tokenFor(u"raw"_s);
    m_standIn->registerToken(token.toLatin1(), kTopic);
    const HttpReply r = call(u"pushToTokens"_s, QJsonDocument::fromJson(
        (uR"({"tokens":[")"_s + token.toUpper() + uR"("],"environment":"sandbox","topic":"com.example.chat",
            "apns":{"content_available":true}})"_s).toUtf8()).object());
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"apns").toObject().value(u"queued").toInt(), 1);
    QTRY_COMPARE(requestsTo(token).size(), 1);
    const ApnsRequestRecord req = requestsTo(token).first();
    QCOMPARE(req.header("apns-push-type"), QByteArray("background")); // content-available only: background, 5
    QCOMPARE(req.header("apns-priority"), QByteArray("5"));
    QCOMPARE(req.body, QByteArray(R"({"aps":{"content-available":1}})"));
    QCOMPARE(req.status, 200);
}

void TestApns::pushToAllKeepsToTheConcurrencyBound()
{
    constexpr int kDevices = 30;
    for (int i = 0; i < kDevices; ++i)
        registerDevice(u"u-all-%1"_s.arg(i), tokenFor(u"all-%1"_s.arg(i)), i % 2 ? u"sandbox"_s : u"production"_s);
    const int active = call(u"getDeviceCount"_s, {}).json().value(u"count").toInt();
    QVERIFY(active >= kDevices);
    m_standIn->clearRequests();

    const HttpReply r = call(u"pushToAll"_s, {{u"apns"_s, QJsonObject{{u"alert"_s, u"maintenance tonight"_s}}}});
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"total").toInt(), active);
    const qint64 pushId = r.json().value(u"push_id").toInteger();

    QTRY_VERIFY_WITH_TIMEOUT(!adminEvents(u"apns_progress"_s, pushId).isEmpty()
                                 && adminEvents(u"apns_progress"_s, pushId).last().value(u"done").toBool(), 30000);
    const QJsonObject done = adminEvents(u"apns_progress"_s, pushId).last();
    QCOMPARE(done.value(u"total").toInt(), active);
    QCOMPARE(done.value(u"sent").toInt(), active);
    QCOMPARE(done.value(u"delivered").toInt() + done.value(u"failed").toInt() + done.value(u"dead").toInt(), active);
    QCOMPARE(m_standIn->requests().size(), active);
    for (int i = 0; i < kDevices; ++i)
        QCOMPARE(requestsTo(tokenFor(u"all-%1"_s.arg(i))).size(), 1);
    QVERIFY2(m_standIn->maxConcurrentStreamsSeen() <= kConcurrency,
             qPrintable(QString::number(m_standIn->maxConcurrentStreamsSeen())));
    // Progress was reported while it ran, not only at the end, and never counted past the total.
    for (const QJsonObject &p : adminEvents(u"apns_progress"_s, pushId))
        QVERIFY(p.value(u"sent").toInt() <= active);
    QCOMPARE(adminEvents(u"apns_progress"_s, pushId).first().value(u"done").toBool(), false);
}

void TestApns::badApnsObjectSendsNothing_data()
{
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("message"); // a part of the error message

    const QString invalid = u"400 code %1"_s.arg(ApiCode::InvalidNotification);
    QTest::newRow("background without content-available")
        << QByteArray(R"({"uid":"u-bad","message":"x","apns":{"push_type":"background","alert":"x"}})") << invalid
        << u"a background push needs \"content-available\": 1"_s;
    QTest::newRow("misspelt key") << QByteArray(R"({"uid":"u-bad","message":"x","apns":{"alrt":"x"}})") << invalid
                                  << u"\"apns\" has no key \"alrt\""_s;
    QTest::newRow("empty") << QByteArray(R"({"uid":"u-bad","message":"x","apns":{}})") << invalid
                           << u"needs a \"payload\" or at least one of"_s;
    QTest::newRow("payload and fields") << QByteArray(R"({"uid":"u-bad","apns":{"payload":{"aps":{}},"badge":1}})")
                                        << invalid << u"either \"payload\" or the fields"_s;
    QTest::newRow("bad priority") << QByteArray(R"({"uid":"u-bad","apns":{"alert":"x","priority":7}})") << invalid
                                  << u"priority is 10, 5 or 1, not 7"_s;
    QTest::newRow("voip topic without suffix") << QByteArray(R"({"uid":"u-bad","apns":{"alert":"x","push_type":"voip"}})")
                                               << invalid << u"\".voip\" at the end"_s;
    QTest::newRow("collapse id too long")
        << QByteArray(R"({"uid":"u-bad","apns":{"alert":"x","collapse_id":")" + QByteArray(65, 'c') + R"("}})") << invalid
        << u"the collapse id is 65 bytes; at most 64"_s;
    QTest::newRow("payload too large")
        << QByteArray(R"({"uid":"u-bad","apns":{"alert":")" + QByteArray(4100, 'a') + R"("}})") << invalid
        << u"an alert push takes at most 4096"_s;
    QTest::newRow("apns not an object") << QByteArray(R"({"uid":"u-bad","apns":"hello"})")
                                        << u"400 code %1"_s.arg(ApiCode::WrongFieldType) << u"\"apns\" must be an object"_s;
    QTest::newRow("no apns") << QByteArray(R"({"uid":"u-bad","message":"x"})")
                             << u"400 code %1"_s.arg(ApiCode::MissingField) << u"missing argument \"apns\""_s;
    QTest::newRow("bad token") << QByteArray(R"({"tokens":["xyz"],"apns":{"alert":"x"}})") << invalid
                               << u"a device token is 16 to 200 hexadecimal characters"_s;
    QTest::newRow("bad environment") << QByteArray(R"({"tokens":["00112233445566778899aabbccddeeff"],"environment":"dev",)"
                                                   R"("apns":{"alert":"x"}})")
                                     << u"400 code %1"_s.arg(ApiCode::WrongFieldType) << u"\"production\" or \"sandbox\""_s;
}

void TestApns::badApnsObjectSendsNothing()
{
    QFETCH(QByteArray, args);
    QFETCH(QString, status);
    QFETCH(QString, message);

    const QString token = tokenFor(u"bad"_s);
    registerDevice(u"u-bad"_s, token); // again for each row: a refresh
    ChatClient client; // online, so that a WebSocket delivery would show; `always` is not set
    QVERIFY(client.connectAndLogin(m_server->clientUrl(), u"Bob"_s, u"1"_s));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, client.clientId}, {u"uid"_s, u"u-bad"_s}}).status, 200);
    client.ws.clear();
    const int requestsBefore = m_standIn->requestCount();

    const QString command = args.contains("\"tokens\"") ? u"pushToTokens"_s : u"pushToUid"_s;
    const HttpReply r = m_http->post(m_server->apiUrl(u"/api/"_s + command), args, m_server->apiKey().toUtf8());
    QCOMPARE(errorOutcome(r), status);
    const QString text = r.json().value(u"error").toObject().value(u"message").toString();
    QVERIFY2(text.contains(message), qPrintable(text));

    // Nothing went anywhere: the next valid push is the stand-in's next request, and the client's next message.
    QCOMPARE(call(u"pushToUid"_s, QJsonDocument::fromJson(R"({"uid":"u-bad","message":"valid","always":true,
                                                            "apns":{"alert":"valid"}})").object()).status, 200);
    QTRY_COMPARE(m_standIn->requestCount(), requestsBefore + 1);
    QCOMPARE(m_standIn->requests().last().path, "/3/device/" + token.toLatin1());
    QTRY_VERIFY(!client.ws.raw().isEmpty());
    QCOMPARE(client.ws.raw().first(), u"valid"_s);
}

void TestApns::readOnlyAdminCannotPush()
{
    WsClient readOnly;
    QVERIFY(readOnly.open(m_server->adminUrl(), 5000, m_server->readonlyToken().toUtf8()));
    QVERIFY(!readOnly.waitFor(u"snapshot"_s).isEmpty());
    readOnly.sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 1}, {u"cmd"_s, u"pushToAll"_s},
                       {u"args"_s, QJsonObject{{u"apns"_s, QJsonObject{{u"alert"_s, u"x"_s}}}}}});
    const QJsonObject refused = readOnly.waitFor(u"result"_s);
    QCOMPARE(refused.value(u"status").toInt(), 403);
    QCOMPARE(refused.value(u"result").toObject().value(u"error").toObject().value(u"code").toInt(), int(ApiCode::ReadOnly));
    readOnly.sendJson({{u"type"_s, u"command"_s}, {u"id"_s, 2}, {u"cmd"_s, u"getApnsStatus"_s}});
    const QJsonObject status = readOnly.waitFor(u"result"_s);
    QCOMPARE(status.value(u"status").toInt(), 200);
    QCOMPARE(status.value(u"result").toObject().value(u"enabled").toBool(), true);
}

void TestApns::statusCountsEverything()
{
    const QJsonObject s = call(u"getApnsStatus"_s, {}).json();
    QCOMPARE(s.value(u"enabled").toBool(), true);
    QCOMPARE(s.value(u"auth").toString(), u"token"_s);
    QVERIFY2(s.value(u"summary").toString().contains(kKeyId), qPrintable(s.value(u"summary").toString()));
    QCOMPARE(s.value(u"topic").toString(), kTopic);
    QCOMPARE(s.value(u"environment").toString(), u"production"_s);
    QCOMPARE(s.value(u"concurrency").toInt(), kConcurrency);
    QCOMPARE(s.value(u"in_flight").toInt(), 0);
    QCOMPARE(s.value(u"queued").toInt(), 0);
    QCOMPARE(s.value(u"endpoints").toArray().size(), 2);
    const QJsonObject counters = s.value(u"counters").toObject();
    QCOMPARE(QStringList(counters.keys()), (QStringList{u"configuration"_s, u"delivered"_s, u"rejected"_s,
                                                        u"retry-later"_s, u"token-dead"_s}));
    int total = 0;
    for (const QJsonValue &v : counters)
        total += v.toInt();
    QCOMPARE(total, m_standIn->responseCount(200) + m_standIn->responseCount(410) + m_standIn->responseCount(400));
    QVERIFY(counters.value(u"delivered").toInt() >= 30);
    const QByteArray m = metrics();
    const QByteArray delivered = QByteArrayLiteral("herald_apns_results_total{outcome=\"delivered\"} ")
        + QByteArray::number(counters.value(u"delivered").toInt()) + '\n';
    QVERIFY2(m.contains(delivered), m.constData());
    QVERIFY(m.contains("herald_apns_in_flight 0\n"));
}

void TestApns::notConfiguredIsAClearError()
{
    ServerProcess plain;
    QVERIFY2(plain.start(), qPrintable(plain.errorString()));
    HttpClient http;
    const HttpReply r = http.command(plain.apiUrl(), u"pushToUid"_s, {{u"uid"_s, u"u1"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"x"_s}}}},
                                     plain.apiKey().toUtf8());
    QCOMPARE(errorOutcome(r), u"503 code %1"_s.arg(ApiCode::ApnsNotConfigured));
    QVERIFY(r.json().value(u"error").toObject().value(u"message").toString().contains(u"APNs is not configured"));
    QCOMPARE(errorOutcome(http.command(plain.apiUrl(), u"pushToAll"_s, {}, plain.apiKey().toUtf8())),
             u"503 code %1"_s.arg(ApiCode::ApnsNotConfigured));
    const HttpReply status = http.command(plain.apiUrl(), u"getApnsStatus"_s, {}, plain.apiKey().toUtf8());
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json().value(u"enabled").toBool(), false);
    QVERIFY(!http.get(plain.apiUrl(u"/metrics"_s), plain.apiKey().toUtf8()).body.contains("herald_apns"));
    QVERIFY(plain.terminate(10000));
}

void TestApns::misbehavingApnsEndsThePushInTime_data()
{
    QTest::addColumn<bool>("refuse"); // else GOAWAY on every new connection
    QTest::addColumn<QString>("cause");
    QTest::newRow("every stream refused") << true << u"REFUSED_STREAM"_s;
    QTest::newRow("GOAWAY on every connection") << false << u"GOAWAY Shutdown"_s;
}

// An APNs that never takes a notification: the server's push ends within apns-timeout, after a few
// requests and connections spaced by back-off, and its result names the cause.
void TestApns::misbehavingApnsEndsThePushInTime()
{
    QFETCH(bool, refuse);
    QFETCH(QString, cause);
    constexpr int kTimeoutMs = 2000;
    constexpr int kMaxAttempts = 3; // the client's bound on tries
    auto standIn = makeStandIn();
    QVERIFY(standIn->serverPort() != 0);
    if (refuse)
        standIn->setRefuseEveryStream(true);
    else
        standIn->setGoAwayOnConnect(QByteArrayLiteral(R"({"reason":"Shutdown"})"));
    const QString token = tokenFor(u"misbehaving"_s);
    standIn->registerToken(token.toLatin1(), kTopic);
    ServerProcess server(apnsFlags(*standIn, kTimeoutMs));
    QVERIFY2(server.start(), qPrintable(server.errorString() + u'\n' + server.log()));
    WsClient admin;
    QVERIFY(admin.open(server.adminUrl(), 5000, server.adminToken().toUtf8()));
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
    const QByteArray key = server.apiKey().toUtf8();
    QCOMPARE(m_http->command(server.apiUrl(), u"registerDevice"_s,
                             {{u"uid"_s, u"u-never"_s}, {u"token"_s, token}, {u"environment"_s, u"sandbox"_s}}, key).status,
             200);

    QElapsedTimer elapsed;
    elapsed.start();
    const HttpReply r = m_http->command(server.apiUrl(), u"pushToUid"_s,
                                        {{u"uid"_s, u"u-never"_s}, {u"apns"_s, QJsonObject{{u"alert"_s, u"hi"_s}}}}, key);
    QCOMPARE(r.status, 200);
    const qint64 pushId = r.json().value(u"apns").toObject().value(u"push_id").toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(!eventsOf(admin, u"apns_progress"_s, pushId).isEmpty(), kTimeoutMs + 8000);
    QVERIFY2(elapsed.elapsed() < kTimeoutMs + 3000, qPrintable(QString::number(elapsed.elapsed())));
    const QJsonObject done = eventsOf(admin, u"apns_progress"_s, pushId).first();
    QCOMPARE(done.value(u"done").toBool(), true);
    QCOMPARE(done.value(u"failed").toInt(), 1);
    const QJsonObject result = eventsOf(admin, u"apns"_s, pushId).first().value(u"result").toObject();
    QCOMPARE(result.value(u"outcome").toString(), u"retry-later"_s);
    const QString explanation = result.value(u"explanation").toString();
    QVERIFY2(explanation.contains(cause), qPrintable(explanation));
    QVERIFY2(result.value(u"attempts").toInt() <= kMaxAttempts, qPrintable(QString::number(result.value(u"attempts").toInt())));
    QVERIFY2(standIn->requestCount() <= kMaxAttempts, qPrintable(QString::number(standIn->requestCount())));
    QVERIFY2(standIn->connectionCount() <= kMaxAttempts, qPrintable(QString::number(standIn->connectionCount())));
    // A line or two per connection in the log, not a flood.
    const QString log = server.log();
    QVERIFY2(log.count(u"herald.apns"_s) + log.count(u"herald.push"_s) <= 4 * kMaxAttempts, qPrintable(log));
    QVERIFY(server.terminate(10000));
}

// SIGTERM right after a push to six tokens is answered: the four APNs answers still reach APNs and are
// answered before the process exits; the two APNs never answers are written down, when shutdown-grace
// runs out, in unsent-pushes.jsonl in the data directory (token, topic, payload), with a log line.
void TestApns::stopFinishesOrWritesDownEveryPush()
{
    auto standIn = makeStandIn();
    QVERIFY(standIn->serverPort() != 0);
    QStringList answered, hung;
    for (int i = 0; i < 4; ++i)
        answered.append(tokenFor(u"answered %1"_s.arg(i)));
    for (int i = 0; i < 2; ++i)
        hung.append(tokenFor(u"hung %1"_s.arg(i)));
    for (const QString &token : answered + hung)
        standIn->registerToken(token.toLatin1(), kTopic);
    for (const QString &token : std::as_const(hung)) {
        ApnsFault fault;
        fault.kind = ApnsFault::Kind::Hang;
        fault.deviceToken = token.toLatin1();
        standIn->addFault(fault);
    }
    ServerProcess server(apnsFlags(*standIn, 60000) + QStringList{u"--shutdown-grace"_s, u"1500"_s});
    QVERIFY2(server.start(), qPrintable(server.errorString() + u'\n' + server.log()));
    const HttpReply r = m_http->command(server.apiUrl(), u"pushToTokens"_s,
                                        {{u"tokens"_s, QJsonArray::fromStringList(answered + hung)}, {u"environment"_s, u"sandbox"_s},
                                         {u"apns"_s, QJsonObject{{u"alert"_s, u"drain"_s}}}},
                                        server.apiKey().toUtf8());
    QCOMPARE(r.status, 200);
    QElapsedTimer clock;
    clock.start();
    server.sendSignal(SIGTERM); // and the stand-in, in this process, goes on answering meanwhile
    QVERIFY(QTest::qWaitFor([&] { return server.process().state() == QProcess::NotRunning; }, 20000));
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY2(clock.elapsed() >= 1400, "the hung notifications were waited for until shutdown-grace ran out");
    for (const QString &token : std::as_const(answered)) {
        const QList<ApnsRequestRecord> requests = requestsToOf(*standIn, token);
        QVERIFY2(requests.size() == 1 && requests.first().status == 200, qPrintable(token));
    }
    QFile file(QDir(server.dataDir()).filePath(u"unsent-pushes.jsonl"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList written;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QCOMPARE(o.value(u"topic"_s).toString(), kTopic);
        QCOMPARE(o.value(u"environment"_s).toString(), u"sandbox"_s);
        QVERIFY(o.value(u"payload"_s).toString().contains(u"drain"_s));
        written.append(o.value(u"token"_s).toString());
    }
    written.sort();
    hung.sort();
    QCOMPARE(written, hung);
    QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QVERIFY2(server.log().contains(u"2 push notifications not sent within shutdown-grace; written down in %1"_s.arg(file.fileName())),
             qPrintable(server.log()));
}

void TestApns::badCredentialsStopTheServer_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    const QStringList ids{u"--apns-key-id"_s, kKeyId, u"--apns-team-id"_s, kTeamId};
    QTest::newRow("an RSA key as .p8") << (QStringList{u"--apns-p8"_s, m_credentials.rsaKeyFile()} + ids) << 1
                                       << u"apns-p8 (%1): rsa.p8: the .p8 key is an RSA key, not the EC P-256 key Apple issues"_s
                                              .arg(m_credentials.rsaKeyFile());
    QTest::newRow("missing .p8") << (QStringList{u"--apns-p8"_s, u"/nonexistent/AuthKey.p8"_s} + ids) << 1
                                 << u"apns-p8 (/nonexistent/AuthKey.p8)"_s;
    QTest::newRow("a .p8 as CA file") << (QStringList{u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-ca-file"_s,
                                                      m_credentials.signingKeyFile()} + ids)
                                      << 1 << u"apns-ca-file"_s;
    QTest::newRow("p8 and p12") << (QStringList{u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-p12"_s, u"x.p12"_s}
                                    + ids)
                                << 2 << u"give one"_s;
    QTest::newRow("lower-case key id") << QStringList{u"--apns-p8"_s, m_credentials.signingKeyFile(), u"--apns-key-id"_s,
                                                      u"abc123defg"_s, u"--apns-team-id"_s, kTeamId}
                                       << 2 << u"for apns-key-id"_s;
}

void TestApns::badCredentialsStopTheServer()
{
    QFETCH(QStringList, flags);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    ServerProcess server(flags);
    QVERIFY(!server.start());
    QVERIFY(server.process().state() == QProcess::NotRunning || server.process().waitForFinished(10000));
    QCOMPARE(server.process().exitCode(), exitCode);
    const QString log = server.log();
    QVERIFY2(log.contains(message), qPrintable(log));
}

QTEST_GUILESS_MAIN(TestApns)
#include "tst_apns.moc"
