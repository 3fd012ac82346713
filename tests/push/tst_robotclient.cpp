// The group-chat robots' clients (DingTalk, Feishu/Lark, WeCom) against the strict stand-in of each
// webhook (real TLS on loopback): the signed request each service documents, every answer class, the
// timestamp window, what is refused before sending, and herald-push against each stand-in.
#include "push/dingtalk.h"
#include "push/feishu.h"
#include "push/wecom.h"
#include "robotstandin.h"
#include "testcerts.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald::Push;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Push::RobotAnswer)
Q_DECLARE_METATYPE(Herald::Push::RobotKind)
Q_DECLARE_METATYPE(Herald::Push::RobotResult)

namespace {
const QByteArray kSecret = QByteArrayLiteral("SECa1b2c3d4e5f6a7b8c9d0");
constexpr qint64 kNow = 1700000000123;
} // namespace

class TestRobotClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void feishuSignIsHmacKeyedWithTimestampAndSecret();
    void sent_data();
    void sent();
    void answers_data();
    void answers();
    void refusedLocally_data();
    void refusedLocally();
    void unreachable();
    void timestampOutsideTheWindow_data();
    void timestampOutsideTheWindow();
    void heraldPush_data();
    void heraldPush();

private:
    static void kinds();
    std::unique_ptr<RobotStandIn> standIn(RobotKind kind);
    RobotAnswer sendOne(RobotKind kind, RobotStandIn &standIn, const RobotMessage &message, RobotOptions options = {});

    TestCertificates m_certs;
    qint64 m_now = kNow;
};

void TestRobotClient::initTestCase()
{
    qRegisterMetaType<RobotAnswer>();
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
}

void TestRobotClient::kinds()
{
    QTest::addColumn<RobotKind>("kind");
}

std::unique_ptr<RobotStandIn> TestRobotClient::standIn(RobotKind kind)
{
    auto s = std::make_unique<RobotStandIn>(kind, kind == RobotKind::WeCom ? QByteArray() : kSecret);
    s->setClock([] { return kNow; });
    QString error;
    if (!s->listen(m_certs.certificateFile(), m_certs.keyFile(), &error))
        qWarning("%s", qPrintable(error));
    return s;
}

RobotAnswer TestRobotClient::sendOne(RobotKind kind, RobotStandIn &s, const RobotMessage &message, RobotOptions o)
{
    if (o.webhook.isEmpty())
        o.webhook = s.webhook();
    if (o.secret.isEmpty() && kind != RobotKind::WeCom)
        o.secret = kSecret;
    o.endpoint.caCertificates = QSslCertificate::fromPath(m_certs.caFile());
    if (!o.clock)
        o.clock = [this] { return m_now; };
    const std::unique_ptr<RobotClient> client = makeRobotClient(kind, o);
    QSignalSpy spy(client.get(), &RobotClient::finished);
    client->send(message);
    if (!spy.wait(10000))
        return {};
    return spy.first().at(1).value<RobotAnswer>();
}

void TestRobotClient::feishuSignIsHmacKeyedWithTimestampAndSecret()
{
    const qint64 timestamp = 1599360473;
    QProcess p;
    p.start(QStringLiteral("openssl"), {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-mac"), QStringLiteral("HMAC"),
                                        QStringLiteral("-macopt"), QStringLiteral("hexkey:") + QString::fromLatin1(QByteArray(QByteArray::number(timestamp) + '\n' + kSecret).toHex()),
                                        QStringLiteral("-binary")});
    p.closeWriteChannel(); // over empty data
    QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
    QCOMPARE(Feishu::sign(timestamp, kSecret), p.readAllStandardOutput().toBase64());
}

void TestRobotClient::sent_data()
{
    kinds();
    QTest::addColumn<bool>("markdown");
    for (const auto &[name, kind] : {std::pair{"dingtalk", RobotKind::DingTalk}, {"feishu", RobotKind::Feishu}, {"wecom", RobotKind::WeCom}}) {
        QTest::addRow("%s text", name) << kind << false;
        QTest::addRow("%s markdown", name) << kind << true;
    }
}

void TestRobotClient::sent()
{
    QFETCH(RobotKind, kind);
    QFETCH(bool, markdown);
    const std::unique_ptr<RobotStandIn> s = standIn(kind);
    RobotMessage m;
    m.text = QStringLiteral("disk full on db-1\nsecond line");
    m.atAll = !markdown || kind == RobotKind::DingTalk;
    if (kind != RobotKind::Feishu && !markdown)
        m.atMobiles = {QStringLiteral("13800000000")};
    if (markdown) {
        m.kind = RobotMessage::Kind::Markdown;
        m.title = QStringLiteral("Alert");
    }
    const RobotAnswer a = sendOne(kind, *s, m);
    QVERIFY2(a.sent(), qPrintable(a.summary()));
    QCOMPARE(a.status, 200);
    QCOMPARE(a.summary(), QStringLiteral("200 sent (%1)").arg(robotKindName(kind)));
    QCOMPARE(s->accepted().size(), 1);
    const RobotStandIn::Post p = s->accepted().first();
    QVERIFY2(p.text.contains(m.text), qPrintable(p.text));
    QCOMPARE(p.atAll, m.atAll);
    QCOMPARE(p.atMobiles, m.atMobiles);
    if (markdown)
        QVERIFY(p.title == QLatin1String("Alert") || p.text.contains(QLatin1String("Alert")));
}

void TestRobotClient::answers_data()
{
    kinds();
    QTest::addColumn<int>("code");
    QTest::addColumn<RobotResult>("result");
    QTest::addColumn<QString>("words");
    QTest::newRow("dingtalk too fast") << RobotKind::DingTalk << 130101 << RobotResult::RateLimited << QStringLiteral("20 messages");
    QTest::newRow("dingtalk group gone") << RobotKind::DingTalk << 400013 << RobotResult::Configuration << QStringLiteral("dissolved");
    QTest::newRow("dingtalk keyword") << RobotKind::DingTalk << 40035 << RobotResult::Rejected << QStringLiteral("missing");
    QTest::newRow("feishu too fast") << RobotKind::Feishu << 9499 << RobotResult::RateLimited << QStringLiteral("5 a second");
    QTest::newRow("feishu ip") << RobotKind::Feishu << 19022 << RobotResult::Configuration << QStringLiteral("allow-list");
    QTest::newRow("feishu keyword") << RobotKind::Feishu << 19024 << RobotResult::Rejected << QStringLiteral("keyword");
    QTest::newRow("wecom too fast") << RobotKind::WeCom << 45009 << RobotResult::RateLimited << QStringLiteral("20 messages");
    QTest::newRow("wecom key") << RobotKind::WeCom << 93000 << RobotResult::Configuration << QStringLiteral("key");
    QTest::newRow("wecom unknown") << RobotKind::WeCom << 77 << RobotResult::Rejected << QStringLiteral("code 77: stand-in refused");
}

void TestRobotClient::answers()
{
    QFETCH(RobotKind, kind);
    QFETCH(int, code);
    QFETCH(RobotResult, result);
    QFETCH(QString, words);
    const std::unique_ptr<RobotStandIn> s = standIn(kind);
    s->answerNext(code);
    RobotMessage m;
    m.text = QStringLiteral("hello");
    const RobotAnswer a = sendOne(kind, *s, m);
    QCOMPARE(a.result, result);
    QCOMPARE(a.code, code);
    QVERIFY2(a.explanation.contains(words), qPrintable(a.explanation));
    QVERIFY2(a.summary().contains(QStringLiteral("code %1 [%2]").arg(code).arg(robotResultName(result))), qPrintable(a.summary()));
}

void TestRobotClient::refusedLocally_data()
{
    // What the stand-in would refuse is refused before sending, with the reason.
    kinds();
    QTest::addColumn<RobotMessage>("message");
    QTest::addColumn<QString>("words");
    RobotMessage empty;
    QTest::newRow("dingtalk empty") << RobotKind::DingTalk << empty << QStringLiteral("no text");
    RobotMessage untitled;
    untitled.kind = RobotMessage::Kind::Markdown;
    untitled.text = QStringLiteral("x");
    QTest::newRow("feishu markdown without title") << RobotKind::Feishu << untitled << QStringLiteral("title");
    RobotMessage mobiles;
    mobiles.text = QStringLiteral("x");
    mobiles.atMobiles = {QStringLiteral("13800000000")};
    QTest::newRow("feishu mobiles") << RobotKind::Feishu << mobiles << QStringLiteral("user id");
    RobotMessage long2049;
    long2049.text = QString(2049, QLatin1Char('a'));
    QTest::newRow("wecom text over 2048 bytes") << RobotKind::WeCom << long2049 << QStringLiteral("2048 bytes");
    RobotMessage longMarkdown = long2049;
    longMarkdown.kind = RobotMessage::Kind::Markdown;
    longMarkdown.title = QStringLiteral("t");
    longMarkdown.text = QString(4091, QLatin1Char('a')); // with "### t\n": 4097 bytes
    QTest::newRow("wecom markdown over 4096 bytes") << RobotKind::WeCom << longMarkdown << QStringLiteral("4096 bytes");
    RobotMessage feishuLong;
    feishuLong.text = QString(Feishu::kMaxTextBytes + 1, QLatin1Char('a'));
    QTest::newRow("feishu over its body") << RobotKind::Feishu << feishuLong << QStringLiteral("bytes");
}

void TestRobotClient::refusedLocally()
{
    QFETCH(RobotKind, kind);
    QFETCH(RobotMessage, message);
    QFETCH(QString, words);
    const std::unique_ptr<RobotStandIn> s = standIn(kind);
    const RobotAnswer a = sendOne(kind, *s, message);
    QCOMPARE(a.result, RobotResult::Rejected);
    QVERIFY2(a.explanation.contains(words), qPrintable(a.explanation));
    QVERIFY(s->posts().isEmpty());
}

void TestRobotClient::unreachable()
{
    auto s = standIn(RobotKind::DingTalk);
    const QUrl webhook = s->webhook();
    s.reset(); // nothing listens there any more
    RobotStandIn other(RobotKind::DingTalk, kSecret);
    RobotOptions o;
    o.webhook = webhook;
    RobotMessage m;
    m.text = QStringLiteral("x");
    const RobotAnswer a = sendOne(RobotKind::DingTalk, other, m, o);
    QCOMPARE(a.result, RobotResult::Unreachable);
    QVERIFY2(a.explanation.contains(QLatin1String("could not be reached")), qPrintable(a.explanation));
}

void TestRobotClient::timestampOutsideTheWindow_data()
{
    // The services refuse a sign more than an hour from their clock, as they refuse a wrong one.
    kinds();
    QTest::addColumn<qint64>("skewMs");
    QTest::addColumn<int>("code");
    QTest::newRow("dingtalk an hour and a second late") << RobotKind::DingTalk << -(3600 * 1000LL + 1000) << 310000;
    QTest::newRow("dingtalk ahead") << RobotKind::DingTalk << 3600 * 1000LL + 1000 << 310000;
    QTest::newRow("dingtalk within") << RobotKind::DingTalk << -(3500 * 1000LL) << 0;
    QTest::newRow("feishu late") << RobotKind::Feishu << -(3602 * 1000LL) << 19021;
    QTest::newRow("feishu within") << RobotKind::Feishu << 3500 * 1000LL << 0;
}

void TestRobotClient::timestampOutsideTheWindow()
{
    QFETCH(RobotKind, kind);
    QFETCH(qint64, skewMs);
    QFETCH(int, code);
    const std::unique_ptr<RobotStandIn> s = standIn(kind);
    m_now = kNow + skewMs;
    RobotMessage m;
    m.text = QStringLiteral("clock check");
    const RobotAnswer a = sendOne(kind, *s, m);
    m_now = kNow;
    QCOMPARE(a.code, code);
    QCOMPARE(a.result, code == 0 ? RobotResult::Sent : RobotResult::Configuration);
}

void TestRobotClient::heraldPush_data()
{
    kinds();
    QTest::addColumn<QString>("webhook");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("line");
    const QString ding = QStringLiteral("https://oapi.dingtalk.com/robot/send?access_token=robot-token-1");
    const QString feishu = QStringLiteral("https://open.feishu.cn/open-apis/bot/v2/hook/robot-token-1");
    const QString wecom = QStringLiteral("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-token-1");
    const QStringList markdown{QStringLiteral("--markdown-title"), QStringLiteral("Deploy")};
    QTest::newRow("dingtalk") << RobotKind::DingTalk << ding << kSecret << QStringList{QStringLiteral("--at-all")} << 0
                              << QStringLiteral("200 sent (dingtalk)");
    QTest::newRow("dingtalk markdown, mobiles") << RobotKind::DingTalk << ding << kSecret
                                                << (markdown + QStringList{QStringLiteral("--at-mobiles"), QStringLiteral("13800000000,13900000000")})
                                                << 0 << QStringLiteral("200 sent (dingtalk)");
    QTest::newRow("dingtalk wrong secret") << RobotKind::DingTalk << ding << QByteArrayLiteral("SECwrong") << QStringList() << 1
                                           << QStringLiteral("200 code 310000 [configuration]");
    QTest::newRow("dingtalk wrong token") << RobotKind::DingTalk << QString(ding).replace(QLatin1String("token-1"), QLatin1String("token-2"))
                                          << kSecret << QStringList() << 1 << QStringLiteral("200 code 300001 [configuration]");
    QTest::newRow("feishu") << RobotKind::Feishu << feishu << kSecret << markdown << 0 << QStringLiteral("200 sent (feishu)");
    QTest::newRow("feishu wrong secret") << RobotKind::Feishu << feishu << QByteArrayLiteral("wrong") << QStringList() << 1
                                         << QStringLiteral("200 code 19021 [configuration]");
    QTest::newRow("feishu unsigned") << RobotKind::Feishu << feishu << QByteArray() << QStringList() << 1
                                     << QStringLiteral("200 code 19021 [configuration]");
    QTest::newRow("wecom") << RobotKind::WeCom << wecom << QByteArray() << QStringList{QStringLiteral("--at-all")} << 0
                           << QStringLiteral("200 sent (wecom)");
    QTest::newRow("wecom wrong key") << RobotKind::WeCom << QString(wecom).replace(QLatin1String("token-1"), QLatin1String("x"))
                                     << QByteArray() << QStringList() << 1 << QStringLiteral("200 code 93000 [configuration]");
    QTest::newRow("no webhook") << RobotKind::WeCom << QString() << QByteArray() << QStringList() << 2
                                << QStringLiteral("herald-push: give the robot's webhook: --webhook https://…");
    QTest::newRow("apns option") << RobotKind::WeCom << wecom << QByteArray() << QStringList{QStringLiteral("--token"), QStringLiteral("ab")}
                                 << 2 << QStringLiteral("herald-push: --token is not an option of this provider");
    QTest::newRow("feishu mobiles") << RobotKind::Feishu << feishu << kSecret
                                    << QStringList{QStringLiteral("--at-mobiles"), QStringLiteral("13800000000")} << 2
                                    << QStringLiteral("herald-push: Feishu bots @-mention by user id");
}

void TestRobotClient::heraldPush()
{
    QFETCH(RobotKind, kind);
    QFETCH(QString, webhook);
    QFETCH(QByteArray, secret);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, line);
    auto s = std::make_unique<RobotStandIn>(kind, kind == RobotKind::WeCom ? QByteArray() : kSecret); // the real clock
    QString error;
    QVERIFY2(s->listen(m_certs.certificateFile(), m_certs.keyFile(), &error), qPrintable(error));
    QTemporaryDir dir;
    QStringList args{QStringLiteral("--provider"), robotKindName(kind), QStringLiteral("--text"), QStringLiteral("build 42 is out"),
                     QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(s->port()),
                     QStringLiteral("--ca"), m_certs.caFile()};
    if (!webhook.isEmpty())
        args << QStringLiteral("--webhook") << webhook;
    if (!secret.isEmpty()) {
        QFile f(dir.filePath(QStringLiteral("secret")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(secret + '\n');
        f.close();
        args << QStringLiteral("--secret-file") << f.fileName();
    }
    QProcess p;
    p.start(QStringLiteral(HERALD_PUSH_BINARY), args + extra);
    QVERIFY(p.waitForStarted());
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
    QVERIFY2(out.startsWith(line), qPrintable(out));
    QCOMPARE(out.count(QLatin1Char('\n')), 0); // one line
    QCOMPARE(p.exitCode(), exitCode);
    QCOMPARE(s->accepted().size(), exitCode == 0 ? 1 : 0);
    if (exitCode == 0) {
        QCOMPARE(s->accepted().first().text.contains(QLatin1String("build 42 is out")), true);
        QCOMPARE(s->accepted().first().atMobiles.size(), extra.contains(QLatin1String("--at-mobiles")) ? 2 : 0);
    }
}

QTEST_GUILESS_MAIN(TestRobotClient)
#include "tst_robotclient.moc"
