// herald-push's command line: what it sends for good arguments, and a clear message (never a send)
// for every bad one.
#include "cli/pushjob.h"
#include "fcmaccount.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald;

namespace {
const QString kToken = QStringLiteral("8e0b8b2f4c1a9d3e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e");
}

class TestPushJob : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tokenAuthentication();
    void rawPayloadAndHeaders();
    void badArguments_data();
    void badArguments();
    void helpIsNotAnError();
    void fcm();
    void badFcmArguments_data();
    void badFcmArguments();
    void jpush();
    void badJPushArguments_data();
    void badJPushArguments();
    void getui();
    void badGetuiArguments_data();
    void badGetuiArguments();

private:
    QStringList base() const;
    QStringList fcmBase() const;
    QStringList jpushBase() const;
    QStringList getuiBase() const;
    QTemporaryDir m_dir;
    QString m_p8;
    HeraldTest::FcmTestAccount m_account;
};

void TestPushJob::initTestCase()
{
    m_p8 = m_dir.filePath(QStringLiteral("AuthKey_ABC123DEFG.p8"));
    QProcess p;
    p.start(QStringLiteral("openssl"), {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                                        QStringLiteral("-out"), m_p8});
    QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
    QFile rsa(m_dir.filePath(QStringLiteral("rsa.p8")));
    p.start(QStringLiteral("openssl"), {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                                        QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"),
                                        QStringLiteral("-out"), rsa.fileName()});
    QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
    QFile payload(m_dir.filePath(QStringLiteral("payload.json")));
    QVERIFY(payload.open(QIODevice::WriteOnly));
    payload.write(R"({"aps":{"alert":"from a file"}})" "\n");
    QString error;
    QVERIFY2(m_account.create(&error), qPrintable(error));
    QFile secret(m_dir.filePath(QStringLiteral("jpush.secret")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("5e987ac6d2e04d95a9d8f0d1\n");
}

QStringList TestPushJob::jpushBase() const
{
    return {QStringLiteral("herald-push"), QStringLiteral("--provider"), QStringLiteral("jpush"), QStringLiteral("--app-key"),
            QStringLiteral("7d431e42dfa6a6d693ac2d04"), QStringLiteral("--master-secret-file"), m_dir.filePath(QStringLiteral("jpush.secret")),
            QStringLiteral("--registration-id"), QStringLiteral("1a0018970a7a6cd6a4f"), QStringLiteral("--alert"), QStringLiteral("Hello")};
}

QStringList TestPushJob::getuiBase() const
{
    return {QStringLiteral("herald-push"), QStringLiteral("--provider"), QStringLiteral("getui"), QStringLiteral("--app-id"),
            QStringLiteral("G5lfFkQZ008VoZUXydA2r2"), QStringLiteral("--app-key"), QStringLiteral("xCGkZR1bCp6gscLUB20Dl4"),
            QStringLiteral("--master-secret-file"), m_dir.filePath(QStringLiteral("jpush.secret")), QStringLiteral("--cid"),
            QStringLiteral("cid-1"), QStringLiteral("--title"), QStringLiteral("Ann"), QStringLiteral("--body"), QStringLiteral("Hello")};
}

QStringList TestPushJob::base() const
{
    return {QStringLiteral("herald-push"), QStringLiteral("--p8"), m_p8, QStringLiteral("--key-id"), QStringLiteral("ABC123DEFG"),
            QStringLiteral("--team-id"), QStringLiteral("DEF123GHIJ"), QStringLiteral("--topic"), QStringLiteral("com.example.chat"),
            QStringLiteral("--token"), kToken};
}

void TestPushJob::tokenAuthentication()
{
    QString error;
    bool usage = true;
    const std::optional<PushJob> job = parsePushArguments(
        base() + QStringList{QStringLiteral("--alert"), QStringLiteral("Hello"), QStringLiteral("--title"), QStringLiteral("Ann"),
                             QStringLiteral("--badge"), QStringLiteral("3"), QStringLiteral("--sandbox"), QStringLiteral("--host"),
                             QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("8443")},
        &error, &usage);
    QVERIFY2(job, qPrintable(error));
    QCOMPARE(job->credentials.kind, Apns::Credentials::Kind::Token);
    QCOMPARE(job->credentials.signingKey.keyId, QStringLiteral("ABC123DEFG"));
    QCOMPARE(job->endpoint.environment, Apns::Environment::Sandbox);
    QCOMPARE(job->endpoint.url(), QStringLiteral("https://127.0.0.1:8443"));
    QCOMPARE(job->notifications.size(), 1);
    const Apns::Notification &n = job->notifications.first();
    QCOMPARE(n.deviceToken, kToken);
    QCOMPARE(n.topic, QStringLiteral("com.example.chat"));
    QCOMPARE(n.priority, 10);
    QCOMPARE(n.payload, QByteArray(R"({"aps":{"alert":{"body":"Hello","title":"Ann"},"badge":3}})"));
    // Retries wait as docs/apns.md says: 1 s first, doubling.
    QCOMPARE(job->options.retryDelayMs, 1000);
    QCOMPARE(job->options.deadlineMs, 30000);

    // --timeout bounds each notification as a whole, every retry and reconnect included.
    const std::optional<PushJob> bounded = parsePushArguments(
        base() + QStringList{QStringLiteral("--alert"), QStringLiteral("Hello"), QStringLiteral("--timeout"), QStringLiteral("5")},
        &error, &usage);
    QVERIFY2(bounded, qPrintable(error));
    QCOMPARE(bounded->options.deadlineMs, 5000);
    QCOMPARE(bounded->options.connectTimeoutMs, 5000);
}

void TestPushJob::rawPayloadAndHeaders()
{
    QString error;
    bool usage = true;
    // From a file; a background push needs content-available, which this payload lacks.
    const std::optional<PushJob> job = parsePushArguments(
        base() + QStringList{QStringLiteral("--payload"), QLatin1Char('@') + m_dir.filePath(QStringLiteral("payload.json")),
                             QStringLiteral("--push-type"), QStringLiteral("background")},
        &error, &usage);
    QVERIFY(!job);
    QVERIFY2(error.contains(QLatin1String("content-available")), qPrintable(error));
    const std::optional<PushJob> fromFile = parsePushArguments(
        base() + QStringList{QStringLiteral("--payload"), QLatin1Char('@') + m_dir.filePath(QStringLiteral("payload.json"))},
        &error, &usage);
    QVERIFY2(fromFile, qPrintable(error));
    QCOMPARE(fromFile->notifications.first().payload, QByteArray(R"({"aps":{"alert":"from a file"}})"));

    const std::optional<PushJob> ok = parsePushArguments(
        base() + QStringList{QStringLiteral("--payload"), QStringLiteral(R"({"aps":{"content-available":1},"k":[1,2]})"),
                             QStringLiteral("--push-type"), QStringLiteral("background"), QStringLiteral("--collapse-id"),
                             QStringLiteral("score"), QStringLiteral("--expiration"), QStringLiteral("0"),
                             QStringLiteral("--token"), kToken.left(32)},
        &error, &usage);
    QVERIFY2(ok, qPrintable(error));
    QCOMPARE(ok->notifications.size(), 2);
    const Apns::Notification &n = ok->notifications.at(1);
    QCOMPARE(n.deviceToken, kToken.left(32));
    QCOMPARE(n.pushType, Apns::PushType::Background);
    QCOMPARE(n.priority, 5); // background defaults to 5
    QCOMPARE(n.expiration, std::optional<qint64>(0));
    QCOMPARE(n.collapseId, QStringLiteral("score"));
    QCOMPARE(n.payload, QByteArray(R"({"aps":{"content-available":1},"k":[1,2]})")); // as written
    QCOMPARE(ok->endpoint.environment, Apns::Environment::Production);
    QCOMPARE(ok->endpoint.effectiveHost(), QStringLiteral("api.push.apple.com"));
}

void TestPushJob::badArguments_data()
{
    QTest::addColumn<QStringList>("replace"); // pairs: option, new value ("" value removes the option)
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("usage");
    const QStringList alert{QStringLiteral("--alert"), QStringLiteral("hi")};
    QTest::newRow("no credentials") << QStringList{QStringLiteral("--p8"), QString()} << alert
                                    << QStringLiteral("give credentials") << false;
    QTest::newRow("p8 and p12") << QStringList{} << (alert + QStringList{QStringLiteral("--p12"), QStringLiteral("x.p12")})
                                << QStringLiteral("not several") << false;
    QTest::newRow("bad key id") << QStringList{QStringLiteral("--key-id"), QStringLiteral("abc")} << alert
                                << QStringLiteral("key id") << false;
    QTest::newRow("missing p8") << QStringList{QStringLiteral("--p8"), QStringLiteral("/nonexistent/AuthKey.p8")} << alert
                                << QStringLiteral("cannot read the .p8 key file") << false;
    QTest::newRow("rsa key") << QStringList{QStringLiteral("--p8"), QStringLiteral("@rsa")} << alert
                             << QStringLiteral("rsa.p8: the .p8 key is an RSA key, not the EC P-256 key Apple issues") << false;
    QTest::newRow("no payload") << QStringList{} << QStringList{} << QStringLiteral("give the payload") << false;
    QTest::newRow("payload and alert") << QStringList{} << (alert + QStringList{QStringLiteral("--payload"), QStringLiteral("{}")})
                                       << QStringLiteral("give the payload") << false;
    QTest::newRow("payload not JSON") << QStringList{} << QStringList{QStringLiteral("--payload"), QStringLiteral("{aps")}
                                      << QStringLiteral("not a JSON object") << false;
    QTest::newRow("bad token") << QStringList{QStringLiteral("--token"), QStringLiteral("xyz")} << alert
                               << QStringLiteral("hexadecimal") << false;
    QTest::newRow("no token") << QStringList{QStringLiteral("--token"), QString()} << alert
                              << QStringLiteral("--token HEX") << false;
    QTest::newRow("bad push type") << QStringList{} << (alert + QStringList{QStringLiteral("--push-type"), QStringLiteral("loud")})
                                   << QStringLiteral("unknown --push-type loud") << false;
    QTest::newRow("voip without suffix") << QStringList{} << (alert + QStringList{QStringLiteral("--push-type"), QStringLiteral("voip")})
                                         << QStringLiteral(".voip") << false;
    QTest::newRow("bad priority") << QStringList{} << (alert + QStringList{QStringLiteral("--priority"), QStringLiteral("7")})
                                  << QStringLiteral("priority is 10, 5 or 1") << false;
    QTest::newRow("both environments") << QStringList{} << (alert + QStringList{QStringLiteral("--sandbox"), QStringLiteral("--production")})
                                       << QStringLiteral("not both") << false;
    QTest::newRow("bad port") << QStringList{} << (alert + QStringList{QStringLiteral("--port"), QStringLiteral("70000")})
                              << QStringLiteral("--port") << false;
    QTest::newRow("missing CA") << QStringList{} << (alert + QStringList{QStringLiteral("--ca"), QStringLiteral("/nonexistent/ca.pem")})
                                << QStringLiteral("cannot read the CA file") << false;
    QTest::newRow("unknown option") << QStringList{} << (alert + QStringList{QStringLiteral("--loud")})
                                    << QStringLiteral("Unknown option 'loud'") << true;
}

void TestPushJob::badArguments()
{
    QFETCH(QStringList, replace);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QFETCH(bool, usage);
    QStringList args = base();
    for (int i = 0; i + 1 < replace.size(); i += 2) {
        const int at = args.indexOf(replace.at(i));
        QString value = replace.at(i + 1);
        if (value == QLatin1String("@rsa"))
            value = m_dir.filePath(QStringLiteral("rsa.p8"));
        if (value.isEmpty())
            args.remove(at, 2);
        else
            args[at + 1] = value;
    }
    args += extra;
    QString error;
    bool isUsage = !usage;
    QVERIFY(!parsePushArguments(args, &error, &isUsage));
    QVERIFY2(error.contains(message), qPrintable(error));
    QCOMPARE(isUsage, usage);
}

void TestPushJob::helpIsNotAnError()
{
    QString text;
    bool usage = true;
    QVERIFY(!parsePushArguments({QStringLiteral("herald-push"), QStringLiteral("--help")}, &text, &usage));
    QVERIFY(!usage);
    QVERIFY(text.contains(QLatin1String("--p8 <FILE>")));
    QVERIFY(text.contains(QLatin1String("--password-file <FILE>")));
}

QStringList TestPushJob::fcmBase() const
{
    return {QStringLiteral("herald-push"), QStringLiteral("--provider"), QStringLiteral("fcm"), QStringLiteral("--service-account"),
            m_account.file(), QStringLiteral("--token"), QStringLiteral("reg-1"), QStringLiteral("--body"), QStringLiteral("Hello")};
}

void TestPushJob::fcm()
{
    QString error;
    bool usage = true;
    const std::optional<PushJob> job = parsePushArguments(
        fcmBase() + QStringList{QStringLiteral("--title"), QStringLiteral("Ann"), QStringLiteral("--data"), QStringLiteral(R"({"room":7})"),
                                QStringLiteral("--token"), QStringLiteral("reg-2"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                                QStringLiteral("--port"), QStringLiteral("8443"), QStringLiteral("--timeout"), QStringLiteral("5")},
        &error, &usage);
    QVERIFY2(job, qPrintable(error));
    QCOMPARE(job->provider, QStringLiteral("fcm"));
    QCOMPARE(job->serviceAccount.projectId, QLatin1String(HeraldTest::FcmTestAccount::kProject));
    QCOMPARE(job->fcm.endpoint.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(job->fcm.endpoint.port, quint16(8443));
    QCOMPARE(job->fcm.deadlineMs, 5000);
    QCOMPARE(job->messages.size(), 2);
    QCOMPARE(job->messages.at(1).token, QStringLiteral("reg-2"));
    QCOMPARE(job->messages.at(0).title, QStringLiteral("Ann"));
    QCOMPARE(job->messages.at(0).body, QStringLiteral("Hello"));
    QCOMPARE(job->messages.at(0).data, (QJsonObject{{QLatin1String("room"), 7}}));
    QCOMPARE(makeProvider(*job)->name(), QStringLiteral("fcm"));
    // APNs stays the default, and every token a message.
    const std::optional<PushJob> apns = parsePushArguments(base() + QStringList{QStringLiteral("--alert"), QStringLiteral("hi")}, &error, &usage);
    QVERIFY2(apns, qPrintable(error));
    QCOMPARE(apns->messages.size(), 1);
    QCOMPARE(apns->messages.first().token, kToken);
    QCOMPARE(makeProvider(*apns)->name(), QStringLiteral("apns"));
}

void TestPushJob::badFcmArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base = fcmBase();
    QTest::newRow("unknown provider") << QStringList{QStringLiteral("herald-push"), QStringLiteral("--provider"), QStringLiteral("hms")}
                                      << QStringLiteral("unknown --provider hms: apns, fcm, jpush, getui, dingtalk, feishu or wecom");
    QStringList noAccount = base;
    noAccount.remove(3, 2);
    QTest::newRow("no service account") << noAccount << QStringLiteral("--service-account FILE");
    QStringList missing = base;
    missing[4] = QStringLiteral("/nonexistent/sa.json");
    QTest::newRow("missing service account") << missing << QStringLiteral("cannot read the service account file");
    QStringList notAccount = base;
    notAccount[4] = m_dir.filePath(QStringLiteral("payload.json"));
    QTest::newRow("not a service account") << notAccount << QStringLiteral("not a service account key");
    QTest::newRow("apns option") << base + QStringList{QStringLiteral("--p8"), m_p8} << QStringLiteral("--p8 is not an option of this provider");
    QTest::newRow("bad data") << base + QStringList{QStringLiteral("--data"), QStringLiteral("[1]")}
                              << QStringLiteral("--data is not a JSON object");
    QStringList noToken = base;
    noToken.remove(5, 2);
    QTest::newRow("no token") << noToken << QStringLiteral("--token TOKEN");
    QTest::newRow("too big") << base + QStringList{QStringLiteral("--title"), QString(5000, u'x')} << QStringLiteral("more than FCM's 4096");
    QTest::newRow("bad port") << base + QStringList{QStringLiteral("--port"), QStringLiteral("0")} << QStringLiteral("--port is 1 to 65535");
}

void TestPushJob::badFcmArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QString error;
    bool usage = true;
    QVERIFY(!parsePushArguments(args, &error, &usage));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!usage);
}

void TestPushJob::jpush()
{
    QString error;
    bool usage = true;
    const std::optional<PushJob> job = parsePushArguments(
        jpushBase() + QStringList{QStringLiteral("--title"), QStringLiteral("Ann"), QStringLiteral("--data"), QStringLiteral(R"({"room":7})"),
                                  QStringLiteral("--registration-id"), QStringLiteral("reg-2"), QStringLiteral("--host"),
                                  QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("8443")},
        &error, &usage);
    QVERIFY2(job, qPrintable(error));
    QCOMPARE(job->provider, QStringLiteral("jpush"));
    QCOMPARE(job->jpush.appKey, QStringLiteral("7d431e42dfa6a6d693ac2d04"));
    QCOMPARE(job->jpush.masterSecret, QByteArray("5e987ac6d2e04d95a9d8f0d1")); // the file's first line, without its newline
    QCOMPARE(job->jpushOptions.endpoint.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(job->jpushOptions.endpoint.port, quint16(8443));
    QCOMPARE(job->messages.size(), 2);
    QCOMPARE(job->messages.at(1).token, QStringLiteral("reg-2"));
    QCOMPARE(job->messages.at(0).title, QStringLiteral("Ann"));
    QCOMPARE(job->messages.at(0).body, QStringLiteral("Hello"));
    QCOMPARE(job->messages.at(0).data, (QJsonObject{{QLatin1String("room"), 7}}));
    QCOMPARE(makeProvider(*job)->name(), QStringLiteral("jpush"));
}

void TestPushJob::badJPushArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base = jpushBase();
    QStringList noKey = base;
    noKey.remove(3, 2);
    QTest::newRow("no app key") << noKey << QStringLiteral("--app-key KEY --master-secret-file FILE");
    QStringList missing = base;
    missing[6] = QStringLiteral("/nonexistent/jpush.secret");
    QTest::newRow("missing secret file") << missing << QStringLiteral("cannot read the password file /nonexistent/jpush.secret");
    QStringList noId = base;
    noId.remove(7, 2);
    QTest::newRow("no registration id") << noId << QStringLiteral("--registration-id ID");
    QStringList noAlert = base;
    noAlert.remove(9, 2);
    QTest::newRow("no alert") << noAlert << QStringLiteral("the message is empty");
    QTest::newRow("fcm option") << base + QStringList{QStringLiteral("--token"), QStringLiteral("t")}
                                << QStringLiteral("--token is not an option of this provider");
    QTest::newRow("bad data") << base + QStringList{QStringLiteral("--data"), QStringLiteral("1")}
                              << QStringLiteral("--data is not a JSON object");
    QTest::newRow("too big") << base + QStringList{QStringLiteral("--alert"), QString(2000, u'x')} << QStringLiteral("more than JPush's 4000");
    QTest::newRow("bad ca") << base + QStringList{QStringLiteral("--ca"), QStringLiteral("/nonexistent/ca.pem")} << QStringLiteral("ca.pem");
}

void TestPushJob::badJPushArguments()
{
    badFcmArguments(); // the same checks: refused with the message, not as a usage error
}

void TestPushJob::getui()
{
    QString error;
    bool usage = true;
    const std::optional<PushJob> job = parsePushArguments(
        getuiBase() + QStringList{QStringLiteral("--cid"), QStringLiteral("cid-2"), QStringLiteral("--data"), QStringLiteral(R"({"room":7})"),
                                  QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("8443")},
        &error, &usage);
    QVERIFY2(job, qPrintable(error));
    QCOMPARE(job->provider, QStringLiteral("getui"));
    QCOMPARE(job->getui.appId, QStringLiteral("G5lfFkQZ008VoZUXydA2r2"));
    QCOMPARE(job->getui.appKey, QStringLiteral("xCGkZR1bCp6gscLUB20Dl4"));
    QCOMPARE(job->getui.masterSecret, QByteArray("5e987ac6d2e04d95a9d8f0d1"));
    QCOMPARE(job->getuiOptions.endpoint.port, quint16(8443));
    QCOMPARE(job->messages.size(), 2);
    QCOMPARE(job->messages.at(1).token, QStringLiteral("cid-2"));
    QCOMPARE(job->messages.at(0).data, (QJsonObject{{QLatin1String("room"), 7}}));
    QCOMPARE(makeProvider(*job)->name(), QStringLiteral("getui"));
}

void TestPushJob::badGetuiArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base = getuiBase();
    QStringList noId = base;
    noId.remove(3, 2);
    QTest::newRow("no app id") << noId << QStringLiteral("--app-id ID --app-key KEY --master-secret-file FILE");
    QStringList missing = base;
    missing[8] = QStringLiteral("/nonexistent/getui.secret");
    QTest::newRow("missing secret file") << missing << QStringLiteral("cannot read the password file /nonexistent/getui.secret");
    QStringList noCid = base;
    noCid.remove(9, 2);
    QTest::newRow("no cid") << noCid << QStringLiteral("--cid CID");
    QStringList noBody = base;
    noBody.remove(13, 2);
    QTest::newRow("title alone") << noBody << QStringLiteral("both a title and a body");
    QTest::newRow("long title") << base + QStringList{QStringLiteral("--title"), QString(51, u'x')} << QStringLiteral("more than Getui's 50");
    QTest::newRow("jpush option") << base + QStringList{QStringLiteral("--registration-id"), QStringLiteral("r")}
                                  << QStringLiteral("--registration-id is not an option of this provider");
    QTest::newRow("getui option to jpush") << jpushBase() + QStringList{QStringLiteral("--cid"), QStringLiteral("c")}
                                           << QStringLiteral("--cid is not an option of this provider");
}

void TestPushJob::badGetuiArguments()
{
    badFcmArguments(); // the same checks
}

QTEST_GUILESS_MAIN(TestPushJob)
#include "tst_pushjob.moc"
