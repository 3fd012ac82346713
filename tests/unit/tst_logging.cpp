// The log line (server/util/logging): text and json, the client id and address fields json takes from
// the message, and the journal's priority prefix without a second time stamp.
#include "util/logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QTest>

#include <sys/stat.h>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {
const QDateTime kTime = QDateTime::fromString(u"2026-12-06T17:00:00.123Z"_s, Qt::ISODateWithMs);

QJsonObject jsonLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    return error.error == QJsonParseError::NoError ? doc.object() : QJsonObject{{u"unparsed"_s, QString::fromUtf8(line)}};
}
} // namespace

class TestLogging final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textLine();
    void jsonLine_data();
    void jsonLine();
    void journalPrefixesThePriority_data();
    void journalPrefixesThePriority();
    void journalStreamIsStderrsOwn();
    void formatNames();
    void peerNames();
};

void TestLogging::textLine()
{
    QCOMPARE(formatLogLine({}, QtWarningMsg, "herald.gateway", u"close 0000000100000000000a 127.0.0.1:5000 slow"_s, kTime),
             "2026-12-06T17:00:00.123Z warning herald.gateway: close 0000000100000000000a 127.0.0.1:5000 slow\n"_ba);
}

void TestLogging::jsonLine_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");

    QTest::newRow("gateway connect") << u"connect 00c0ffee000000000001 from 10.0.0.7:51000"_s
                                     << u"00c0ffee000000000001"_s << u"10.0.0.7"_s << 51000;
    QTest::newRow("gateway close, IPv6") << u"close 00c0ffee000000000002 [::1]:40000 slow_consumer code 1008"_s
                                         << u"00c0ffee000000000002"_s << u"::1"_s << 40000;
    QTest::newRow("door, address alone") << u"closing text connection from 192.168.1.20: idle"_s << QString()
                                         << u"192.168.1.20"_s << -1;
    QTest::newRow("door, IPv6 alone") << u"admin connected from ::ffff:127.0.0.1 (full access)"_s << QString()
                                      << u"::ffff:127.0.0.1"_s << -1;
    QTest::newRow("neither") << u"SIGHUP: configuration reloaded (nothing changed)"_s << QString() << QString() << -1;
    QTest::newRow("a time is no address") << u"heap trim at 12:30:01"_s << QString() << QString() << -1;
    QTest::newRow("21 hex digits are no client id") << u"token 00c0ffee0000000000011 refused"_s << QString() << QString() << -1;
}

void TestLogging::jsonLine()
{
    QFETCH(QString, message);
    QFETCH(QString, clientId);
    QFETCH(QString, address);
    QFETCH(int, port);

    const QByteArray line = formatLogLine({LogFormat::Json, false}, QtInfoMsg, "herald.gateway", message, kTime);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1); // one object per line, whatever the message holds
    const QJsonObject o = ::jsonLine(line);
    QCOMPARE(o.value(u"time").toString(), u"2026-12-06T17:00:00.123Z"_s);
    QCOMPARE(o.value(u"level").toString(), u"info"_s);
    QCOMPARE(o.value(u"category").toString(), u"herald.gateway"_s);
    QCOMPARE(o.value(u"message").toString(), message);
    QCOMPARE(o.value(u"client_id").toString(), clientId);
    QCOMPARE(o.contains(u"client_id"), !clientId.isEmpty());
    QCOMPARE(o.value(u"address").toString(), address);
    QCOMPARE(o.value(u"port").toInt(-1), port);
}

void TestLogging::journalPrefixesThePriority_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("prefix");
    QTest::newRow("debug") << int(QtDebugMsg) << "<7>"_ba;
    QTest::newRow("info") << int(QtInfoMsg) << "<6>"_ba;
    QTest::newRow("warning") << int(QtWarningMsg) << "<4>"_ba;
    QTest::newRow("error") << int(QtCriticalMsg) << "<3>"_ba;
}

void TestLogging::journalPrefixesThePriority()
{
    QFETCH(int, type);
    QFETCH(QByteArray, prefix);
    const QString message = u"line \"quoted\"\nsecond"_s;
    // Text: the priority, no time (the journal stamps each line), no level word.
    QCOMPARE(formatLogLine({LogFormat::Text, true}, QtMsgType(type), "herald.app", u"started"_s, kTime),
             prefix + "herald.app: started\n");
    // Json: the priority, then the object as it is without the journal.
    const QByteArray json = formatLogLine({LogFormat::Json, true}, QtMsgType(type), "herald.app", message, kTime);
    QVERIFY2(json.startsWith(prefix), json.constData());
    QCOMPARE(json.mid(prefix.size()), formatLogLine({LogFormat::Json, false}, QtMsgType(type), "herald.app", message, kTime));
}

void TestLogging::journalStreamIsStderrsOwn()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    struct stat st{};
    QCOMPARE(::fstat(file.handle(), &st), 0);
    const QByteArray mine = QByteArray::number(qulonglong(st.st_dev)) + ':' + QByteArray::number(qulonglong(st.st_ino));
    QVERIFY(isJournalStream(mine, file.handle()));
    // systemd's variable inherited by a process whose stderr was redirected elsewhere: not the journal.
    const QByteArray other = QByteArray::number(qulonglong(st.st_dev)) + ':' + QByteArray::number(qulonglong(st.st_ino) + 1);
    QVERIFY(!isJournalStream(other, file.handle()));
    QVERIFY(!isJournalStream({}, file.handle()));
    QVERIFY(!isJournalStream("garbage", file.handle()));
    QVERIFY(!isJournalStream(mine, -1));
}

void TestLogging::formatNames()
{
    QVERIFY(setLogFormat(u"json"_s));
    QVERIFY(setLogFormat(u"text"_s));
    QVERIFY(!setLogFormat(u"xml"_s));
}

void TestLogging::peerNames()
{
    QCOMPARE(peerName(QHostAddress(u"10.0.0.7"_s), 51000), u"10.0.0.7:51000"_s);
    // Brackets keep the port apart from the address's own colons, as json's address and port read it.
    QCOMPARE(peerName(QHostAddress(u"::1"_s), 5000), u"[::1]:5000"_s);
    const QJsonObject o = ::jsonLine(formatLogLine({LogFormat::Json, false}, QtInfoMsg, "herald.gateway",
                                                   u"connect 00c0ffee000000000001 from "_s + peerName(QHostAddress(u"::1"_s), 5000), kTime));
    QCOMPARE(o.value(u"address").toString(), u"::1"_s);
    QCOMPARE(o.value(u"port").toInt(), 5000);
}

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
