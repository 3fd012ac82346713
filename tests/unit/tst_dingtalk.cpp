// DingTalk's custom robot, the pure part: the sign (checked against openssl's HMAC), the signed URL,
// the messages' bodies, what is refused before sending, and its errcodes classified.
#include "push/dingtalk.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <QUrlQuery>

using namespace Herald::Push;

Q_DECLARE_METATYPE(Herald::Push::RobotMessage)
Q_DECLARE_METATYPE(Herald::Push::RobotResult)

class TestDingTalk : public QObject
{
    Q_OBJECT

private slots:
    void signIsHmacOfTimestampAndSecret();
    void signedUrl();
    void bodies();
    void problems_data();
    void problems();
    void errcodes_data();
    void errcodes();
};

void TestDingTalk::signIsHmacOfTimestampAndSecret()
{
    const QByteArray secret = QByteArrayLiteral("SEC0123456789abcdef+/=");
    const qint64 timestamp = 1700000000123;
    QProcess p;
    p.start(QStringLiteral("openssl"), {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-hmac"),
                                        QString::fromLatin1(secret), QStringLiteral("-binary")});
    p.write(QByteArray::number(timestamp) + '\n' + secret);
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
    QCOMPARE(DingTalk::sign(timestamp, secret), p.readAllStandardOutput().toBase64());
}

void TestDingTalk::signedUrl()
{
    const QUrl webhook(QStringLiteral("https://oapi.dingtalk.com/robot/send?access_token=abc"));
    QCOMPARE(DingTalk::signedUrl(webhook, {}, 1), webhook); // no secret: as given
    const QByteArray secret = QByteArrayLiteral("SECxyz");
    qint64 timestamp = 1700000000000;
    QByteArray sign = DingTalk::sign(timestamp, secret);
    while (!sign.contains('+') && !sign.contains('/')) // one whose Base64 needs encoding
        sign = DingTalk::sign(++timestamp, secret);
    const QUrl url = DingTalk::signedUrl(webhook, secret, timestamp);
    const QByteArray encoded = url.toEncoded();
    const QByteArray expected = QByteArray("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=")
                                + QByteArray::number(timestamp) + QByteArray("&sign=") + sign.toPercentEncoding();
    QCOMPARE(encoded, expected);
    QVERIFY(!encoded.mid(encoded.indexOf("&sign=")).contains('+'));
    QCOMPARE(QUrlQuery(url).queryItemValue(QStringLiteral("sign"), QUrl::FullyDecoded).toLatin1(), sign);
}

void TestDingTalk::bodies()
{
    RobotMessage m;
    m.text = QStringLiteral("disk full");
    m.atMobiles = {QStringLiteral("13800000000")};
    QCOMPARE(QJsonDocument(DingTalk::body(m)).toJson(QJsonDocument::Compact),
             QByteArray(R"({"at":{"atMobiles":["13800000000"],"isAtAll":false},"msgtype":"text","text":{"content":"disk full"}})"));
    m.kind = RobotMessage::Kind::Markdown;
    m.title = QStringLiteral("Alert");
    m.atMobiles.clear();
    m.atAll = true;
    QCOMPARE(QJsonDocument(DingTalk::body(m)).toJson(QJsonDocument::Compact),
             QByteArray(R"({"at":{"isAtAll":true},"markdown":{"text":"disk full","title":"Alert"},"msgtype":"markdown"})"));
    m.kind = RobotMessage::Kind::Link;
    m.atAll = false;
    m.messageUrl = QStringLiteral("https://example.com/x");
    QCOMPARE(QJsonDocument(DingTalk::body(m)).toJson(QJsonDocument::Compact),
             QByteArray("{\"link\":{\"messageUrl\":\"https://example.com/x\",\"picUrl\":\"\",\"text\":\"disk full\","
                        "\"title\":\"Alert\"},\"msgtype\":\"link\"}"));
}

void TestDingTalk::problems_data()
{
    QTest::addColumn<RobotMessage>("message");
    QTest::addColumn<QString>("problem");
    RobotMessage text;
    text.text = QStringLiteral("hi");
    QTest::newRow("text") << text << QString();
    RobotMessage tooLong;
    tooLong.text = QString(DingTalk::kMaxTextBytes / 3 + 1, QChar(0x4e2d)); // three UTF-8 bytes each
    QTest::newRow("text over 20000 bytes") << tooLong << QStringLiteral("the text is more than DingTalk's 20000 bytes");
    RobotMessage empty;
    QTest::newRow("no text") << empty << QStringLiteral("the robot message has no text");
    RobotMessage markdown = text;
    markdown.kind = RobotMessage::Kind::Markdown;
    QTest::newRow("markdown without title") << markdown << QStringLiteral("a markdown or link message needs a title");
    RobotMessage link = markdown;
    link.kind = RobotMessage::Kind::Link;
    link.title = QStringLiteral("t");
    QTest::newRow("link without url") << link << QStringLiteral("a link message needs the URL it opens");
    link.messageUrl = QStringLiteral("https://example.com");
    link.atAll = true;
    QTest::newRow("link with @all") << link << QStringLiteral("a link message cannot @-mention anyone");
}

void TestDingTalk::problems()
{
    QFETCH(RobotMessage, message);
    QFETCH(QString, problem);
    QCOMPARE(DingTalk::problem(message), problem);
}

void TestDingTalk::errcodes_data()
{
    QTest::addColumn<int>("errcode");
    QTest::addColumn<RobotResult>("result");
    QTest::addColumn<QString>("words");
    QTest::newRow("ok") << 0 << RobotResult::Sent << QStringLiteral("accepted");
    QTest::newRow("sign") << 310000 << RobotResult::Configuration << QStringLiteral("an hour");
    QTest::newRow("token") << 300001 << RobotResult::Configuration << QStringLiteral("access_token");
    QTest::newRow("too fast") << 130101 << RobotResult::RateLimited << QStringLiteral("20 messages a minute");
    QTest::newRow("dissolved") << 400013 << RobotResult::Configuration << QStringLiteral("dissolved");
    QTest::newRow("missing field") << 40035 << RobotResult::Rejected << QStringLiteral("missing");
    QTest::newRow("unknown") << 123 << RobotResult::Rejected << QStringLiteral("code 123: odd");
}

void TestDingTalk::errcodes()
{
    QFETCH(int, errcode);
    QFETCH(RobotResult, result);
    QFETCH(QString, words);
    const RobotAnswer a = robotAnswer(DingTalk::codes(), RobotKind::DingTalk, errcode, QStringLiteral("odd"));
    QCOMPARE(a.result, result);
    QCOMPARE(a.code, errcode);
    QVERIFY2(a.explanation.contains(words), qPrintable(a.explanation));
}

QTEST_GUILESS_MAIN(TestDingTalk)
#include "tst_dingtalk.moc"
