// Group-chat robots through the server (docs/api.md "Robots"): [robot.NAME] sections checked at start
// and by --check-config, sendToRobot and listRobots, "robots" on the send commands, the rate honoured by
// merging (nothing lost, never over the rate), and what could not be sent counted and logged; against
// the strict stand-ins of DingTalk, Feishu and WeCom on real TLS.
#include "robotstandin.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "testclients.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace HeraldTest;
using Herald::Push::RobotKind;

namespace {
const QByteArray kSecret = QByteArrayLiteral("SECintegration0123456789");
}

class TestRobots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listRobots();
    void sendToRobot_data();
    void sendToRobot();
    void mirroredBySendCommands();
    void unknownRobot();
    void refusedMessage();
    void rateHonouredByMerging();
    void notSentIsCounted();
    void queueBound();
    void checkConfig_data();
    void checkConfig();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QJsonObject call(const QString &command, const QJsonObject &args);
    bool allArrived(const RobotStandIn &s, const QStringList &texts) const;

    TestCertificates m_certs;
    QTemporaryDir m_dir;
    std::unique_ptr<RobotStandIn> m_ding, m_feishu, m_wecom, m_slow;
    std::unique_ptr<ServerProcess> m_server;
    HttpClient m_http;
};

QString TestRobots::writeFile(const QString &name, const QByteArray &content)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qWarning("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

QJsonObject TestRobots::call(const QString &command, const QJsonObject &args)
{
    const HttpReply r = m_http.command(m_server->apiUrl(), command, args, m_server->apiKey().toUtf8());
    if (r.status == 200)
        return r.json();
    return {{QStringLiteral("status"), r.status}, {QStringLiteral("code"), r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code"))},
            {QStringLiteral("message"), r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message"))}};
}

bool TestRobots::allArrived(const RobotStandIn &s, const QStringList &texts) const
{
    QString all;
    for (const RobotStandIn::Post &p : s.accepted())
        all += p.text + QLatin1Char('\n');
    return std::all_of(texts.begin(), texts.end(), [&](const QString &t) { return all.contains(t); });
}

void TestRobots::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
    QString error;
    m_ding = std::make_unique<RobotStandIn>(RobotKind::DingTalk, kSecret);
    m_ding->setRate(3, 2000);
    m_feishu = std::make_unique<RobotStandIn>(RobotKind::Feishu, kSecret);
    m_wecom = std::make_unique<RobotStandIn>(RobotKind::WeCom, QByteArray());
    m_slow = std::make_unique<RobotStandIn>(RobotKind::WeCom, QByteArray());
    for (RobotStandIn *s : {m_ding.get(), m_feishu.get(), m_wecom.get(), m_slow.get()})
        QVERIFY2(s->listen(m_certs.certificateFile(), m_certs.keyFile(), &error), qPrintable(error));
    const QByteArray secret = QFile::encodeName(writeFile(QStringLiteral("secret"), kSecret + '\n'));
    const QByteArray ca = QFile::encodeName(m_certs.caFile());
    const QByteArray ini = "[herald]\nbind = 127.0.0.1\n"
                           "[robot.ops]\nkind = dingtalk\nurl = " + m_ding->webhook().toEncoded() + "\nsecret-file = " + secret
                           + "\nca-file = " + ca + "\nrate = 3\nwindow-ms = 2000\n"
                           "[robot.lark]\nkind = feishu\nurl = " + m_feishu->webhook().toEncoded() + "\nsecret-file = " + secret
                           + "\nca-file = " + ca + "\n"
                           "[robot.wecom]\nkind = wecom\nurl = " + m_wecom->webhook().toEncoded() + "\nca-file = " + ca + "\n"
                           "[robot.slow]\nkind = wecom\nurl = " + m_slow->webhook().toEncoded() + "\nca-file = " + ca
                           + "\nrate = 1\nwindow-ms = 600000\nqueue-limit = 1\n";
    m_server = ServerProcess::started({QStringLiteral("--config"), writeFile(QStringLiteral("herald.ini"), ini)});
    QVERIFY(m_server);
}

void TestRobots::listRobots()
{
    const QJsonArray robots = call(QStringLiteral("listRobots"), {}).value(QLatin1String("robots")).toArray();
    QCOMPARE(robots.size(), 4);
    const QJsonObject lark = robots.at(0).toObject();
    QCOMPARE(lark.value(QLatin1String("name")).toString(), QStringLiteral("lark"));
    QCOMPARE(lark.value(QLatin1String("kind")).toString(), QStringLiteral("feishu"));
    QCOMPARE(lark.value(QLatin1String("rates")).toArray().size(), 2); // 100 a minute, 5 a second
    const QJsonObject ops = robots.at(1).toObject();
    QCOMPARE(ops.value(QLatin1String("kind")).toString(), QStringLiteral("dingtalk"));
    QCOMPARE(ops.value(QLatin1String("rates")).toArray(),
             (QJsonArray{QJsonObject{{QLatin1String("messages"), 3}, {QLatin1String("window_ms"), 2000}}}));
    QCOMPARE(robots.at(3).toObject().value(QLatin1String("rates")).toArray().at(0).toObject().value(QLatin1String("messages")).toInt(), 20);
}

void TestRobots::sendToRobot_data()
{
    QTest::addColumn<QString>("robot");
    QTest::addColumn<bool>("markdown");
    QTest::newRow("dingtalk text") << QStringLiteral("ops") << false;
    QTest::newRow("dingtalk markdown") << QStringLiteral("ops") << true;
    QTest::newRow("feishu text") << QStringLiteral("lark") << false;
    QTest::newRow("feishu post") << QStringLiteral("lark") << true;
    QTest::newRow("wecom text") << QStringLiteral("wecom") << false;
    QTest::newRow("wecom markdown") << QStringLiteral("wecom") << true;
}

void TestRobots::sendToRobot()
{
    QFETCH(QString, robot);
    QFETCH(bool, markdown);
    RobotStandIn &s = robot == u"ops" ? *m_ding : robot == u"lark" ? *m_feishu : *m_wecom;
    const QString text = QStringLiteral("deploy %1 %2").arg(robot).arg(markdown);
    QJsonObject args{{QLatin1String("robot"), robot}, {QLatin1String("at_all"), !markdown}};
    if (markdown)
        args.insert(QLatin1String("markdown"), text), args.insert(QLatin1String("title"), QStringLiteral("Deploy"));
    else
        args.insert(QLatin1String("text"), text);
    const QJsonObject r = call(QStringLiteral("sendToRobot"), args);
    QCOMPARE(r.value(QLatin1String("ok")), QJsonValue(true));
    QCOMPARE(r.value(QLatin1String("robot")).toString(), robot);
    QTRY_VERIFY_WITH_TIMEOUT(allArrived(s, {text}), 10000);
    const RobotStandIn::Post p = s.accepted().last();
    QCOMPARE(p.atAll, !markdown);
    QCOMPARE(p.msgtype, markdown ? (robot == u"lark" ? QStringLiteral("post") : QStringLiteral("markdown")) : QStringLiteral("text"));
}

void TestRobots::mirroredBySendCommands()
{
    for (const QString &command : {QStringLiteral("sendToAll"), QStringLiteral("sendToGroup"), QStringLiteral("sendToUid")}) {
        const QString text = QStringLiteral("mirrored by %1").arg(command);
        QJsonObject args{{QLatin1String("message"), text}, {QLatin1String("robots"), QJsonArray{QStringLiteral("wecom"), QStringLiteral("lark")}}};
        if (command == u"sendToGroup")
            args.insert(QLatin1String("group"), QStringLiteral("lobby"));
        if (command == u"sendToUid")
            args.insert(QLatin1String("uid"), QStringLiteral("u1"));
        QCOMPARE(call(command, args).value(QLatin1String("ok")), QJsonValue(true));
        QTRY_VERIFY_WITH_TIMEOUT(allArrived(*m_wecom, {text}) && allArrived(*m_feishu, {text}), 10000);
    }
}

void TestRobots::unknownRobot()
{
    const int before = int(m_wecom->posts().size());
    QJsonObject r = call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("nope")}, {QLatin1String("text"), QStringLiteral("x")}});
    QCOMPARE(r.value(QLatin1String("status")).toInt(), 404);
    QCOMPARE(r.value(QLatin1String("code")).toInt(), 2020);
    QVERIFY2(r.value(QLatin1String("message")).toString().contains(QLatin1String("no robot named \"nope\" (configured: lark, ops, slow, wecom)")),
             qPrintable(r.value(QLatin1String("message")).toString()));
    // A send command naming one unknown robot sends nothing, to the clients nor to the robots it names.
    r = call(QStringLiteral("sendToAll"), {{QLatin1String("message"), QStringLiteral("never")},
                                           {QLatin1String("robots"), QJsonArray{QStringLiteral("wecom"), QStringLiteral("nope")}}});
    QCOMPARE(r.value(QLatin1String("code")).toInt(), 2020);
    QCOMPARE(call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("wecom")}, {QLatin1String("text"), QStringLiteral("after")}})
                 .value(QLatin1String("ok")), QJsonValue(true));
    QTRY_VERIFY_WITH_TIMEOUT(allArrived(*m_wecom, {QStringLiteral("after")}), 10000);
    QCOMPARE(int(m_wecom->posts().size()), before + 1);
    QVERIFY(!allArrived(*m_wecom, {QStringLiteral("never")}));
}

void TestRobots::refusedMessage()
{
    const QJsonObject r = call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("lark")}, {QLatin1String("text"), QStringLiteral("x")},
                                                               {QLatin1String("at_mobiles"), QJsonArray{QStringLiteral("13800000000")}}});
    QCOMPARE(r.value(QLatin1String("status")).toInt(), 400);
    QCOMPARE(r.value(QLatin1String("code")).toInt(), 2021);
    QVERIFY(r.value(QLatin1String("message")).toString().startsWith(QLatin1String("robot lark: Feishu bots @-mention by user id")));
    const QJsonObject noText = call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("ops")}});
    QCOMPARE(noText.value(QLatin1String("status")).toInt(), 400);
}

void TestRobots::rateHonouredByMerging()
{
    // 3 a 2 s on both sides: 9 messages at once go in fewer posts, merged, none lost, none over the rate.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->metric(QStringLiteral("herald_robot_queued{robot=\"ops\"}")) == 0, 10000);
    const int before = int(m_ding->accepted().size());
    // All at once, as a busy backend would: nine requests in flight together.
    QNetworkAccessManager nam;
    QStringList texts;
    int answered = 0;
    for (int i = 0; i < 9; ++i) {
        texts.append(QStringLiteral("alert number %1").arg(i));
        QUrl url = m_server->apiUrl();
        url.setPath(QStringLiteral("/api/sendToRobot"));
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_server->apiKey().toUtf8());
        const QJsonObject args{{QLatin1String("robot"), QStringLiteral("ops")}, {QLatin1String("text"), texts.last()},
                               {QLatin1String("at_mobiles"), QJsonArray{QStringLiteral("1380000000%1").arg(i % 2)}}};
        QNetworkReply *reply = nam.post(request, QJsonDocument(args).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [reply, &answered] {
            answered += reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 ? 1 : 0;
            reply->deleteLater();
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, 9, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(allArrived(*m_ding, texts), 20000);
    const QList<RobotStandIn::Post> posts = m_ding->accepted().mid(before);
    QVERIFY2(posts.size() < texts.size(), qPrintable(QString::number(posts.size())));
    QCOMPARE(m_ding->rateLimited(), 0);
    QString joined;
    for (const RobotStandIn::Post &p : posts)
        joined += p.text;
    for (const QString &t : texts)
        QCOMPARE(joined.count(t), 1); // each once
    QVERIFY(std::any_of(posts.begin(), posts.end(), [](const RobotStandIn::Post &p) { return p.atMobiles.size() == 2; })); // united
    QVERIFY(m_server->metric(QStringLiteral("herald_robot_merged_total{robot=\"ops\"}")) > 0);
}

void TestRobots::notSentIsCounted()
{
    m_feishu->answerNext(19024); // keyword missing: rejected
    QCOMPARE(call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("lark")}, {QLatin1String("text"), QStringLiteral("no keyword")}})
                 .value(QLatin1String("ok")), QJsonValue(true));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->metric(QStringLiteral("herald_robot_messages_total{robot=\"lark\",result=\"rejected\"}")), qint64(1), 10000);
    QTRY_VERIFY(m_server->log().contains(QLatin1String("robot lark: 1 message(s) not sent (rejected)")));
    // A rate-limit answer is no loss: the message waits and goes.
    m_wecom->answerNext(45009);
    QCOMPARE(call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("wecom")}, {QLatin1String("text"), QStringLiteral("held back")}})
                 .value(QLatin1String("ok")), QJsonValue(true));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->metric(QStringLiteral("herald_robot_rate_limited_total{robot=\"wecom\"}")), qint64(1), 10000);
    QVERIFY(m_server->log().contains(QLatin1String("robot wecom is over its rate")));
}

void TestRobots::queueBound()
{
    // One a window, one waiting at most: the first goes, the second waits, the third is counted dropped.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(call(QStringLiteral("sendToRobot"), {{QLatin1String("robot"), QStringLiteral("slow")}, {QLatin1String("text"), QStringLiteral("slow %1").arg(i)}})
                     .value(QLatin1String("ok")), QJsonValue(true));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->metric(QStringLiteral("herald_robot_messages_total{robot=\"slow\",result=\"dropped\"}")), qint64(1), 10000);
    QTRY_COMPARE(m_server->metric(QStringLiteral("herald_robot_messages_total{robot=\"slow\",result=\"sent\"}")), qint64(1));
    QCOMPARE(m_server->metric(QStringLiteral("herald_robot_queued{robot=\"slow\"}")), qint64(1));
    QVERIFY(m_server->log().contains(QLatin1String("robot slow: 1 message(s) not sent (dropped)")));
}

void TestRobots::checkConfig_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<QString>("error");
    QTest::newRow("bad kind") << QByteArray("kind = slack\nurl = https://example.com/x\n")
                              << QStringLiteral("robot ops: bad kind \"slack\": expected dingtalk, feishu or wecom");
    QTest::newRow("no url") << QByteArray("kind = dingtalk\n") << QStringLiteral("robot ops: url is missing");
    QTest::newRow("plain url") << QByteArray("kind = dingtalk\nurl = http://example.com/x\n") << QStringLiteral("robot ops: bad url");
    QTest::newRow("unknown key") << QByteArray("kind = dingtalk\nurl = https://example.com/x\ntoken = 1\n")
                                 << QStringLiteral("robot ops: unknown key \"token\"");
    QTest::newRow("wecom secret") << QByteArray("kind = wecom\nurl = https://example.com/x\nsecret-file = /x\n")
                                  << QStringLiteral("robot ops: a WeCom bot has no secret");
    QTest::newRow("unreadable secret") << QByteArray("kind = feishu\nurl = https://example.com/x\nsecret-file = /nonexistent/secret\n")
                                       << QStringLiteral("robot ops: secret-file: cannot read /nonexistent/secret");
}

void TestRobots::checkConfig()
{
    QFETCH(QByteArray, section);
    QFETCH(QString, error);
    const QString ini = writeFile(QStringLiteral("bad.ini"), "[herald]\nbind = 127.0.0.1\n[robot.ops]\n" + section);
    for (const QStringList &args : {QStringList{QStringLiteral("--check-config"), QStringLiteral("--config"), ini},
                                    QStringList{QStringLiteral("--config"), ini, QStringLiteral("--port"), QStringLiteral("0"),
                                                QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--text-port"),
                                                QStringLiteral("0"), QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data"))}}) {
        QProcess p;
        p.start(ServerProcess::binary(), args);
        QVERIFY(p.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 20000));
        const QString out = QString::fromUtf8(p.readAllStandardError() + p.readAllStandardOutput());
        QVERIFY2(out.contains(error), qPrintable(out));
        QVERIFY(p.exitCode() != 0);
    }
}

QTEST_GUILESS_MAIN(TestRobots)
#include "tst_robots.moc"
