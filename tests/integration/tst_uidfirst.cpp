// The Workerman push demo (seed 000) against herald-server run with --client-protocol uid-first
// --legacy-text-push true: its page and its PHP push script, reproduced as they behave, and what
// docs/protocol.md ("uid-first") and docs/api.md (legacy push lines) promise around them.
#include "rawclient.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>
#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 5000;
constexpr int kRate = 5; // --client-message-rate and --client-message-burst

// The demo's page: `ws = new WebSocket("ws://…")`, `ws.onopen` sends its uid, `ws.onmessage` shows
// `e.data` (here: keeps it). It never sends anything else; its WebSocket answers pings by itself.
class SeedPage final
{
public:
    explicit SeedPage(const QString &uid) : m_uid(uid)
    {
        QObject::connect(&m_ws, &QWebSocket::connected, &m_ws, [this] { m_ws.sendTextMessage(m_uid); });
        QObject::connect(&m_ws, &QWebSocket::textMessageReceived, &m_ws, [this](const QString &t) { shown.append(t); });
        QObject::connect(&m_ws, &QWebSocket::binaryMessageReceived, &m_ws,
                         [this](const QByteArray &b) { shown.append(u"BINARY: "_s + QString::fromLatin1(b.toHex())); });
    }
    bool open(const QUrl &url)
    {
        QSignalSpy connected(&m_ws, &QWebSocket::connected);
        m_ws.open(url);
        return connected.wait(kWaitMs) || !connected.isEmpty();
    }
    bool isOpen() const { return m_ws.state() == QAbstractSocket::ConnectedState; }
    QWebSocket &socket() { return m_ws; }

    QStringList shown; // every message, as onmessage gets it

private:
    QString m_uid;
    QWebSocket m_ws;
};

// The demo's push.php: stream_socket_client('tcp://127.0.0.1:5678'), fwrite(json_encode($data)."\n"),
// echo fread($client, 8192): what the first read returns, as it is.
class SeedPushScript final
{
public:
    bool connect(quint16 port)
    {
        m_socket.connectToHost(u"127.0.0.1"_s, port);
        return m_socket.waitForConnected(kWaitMs);
    }
    QByteArray push(const QByteArray &json)
    {
        m_socket.write(json + "\n");
        m_socket.flush();
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(kWaitMs))
            return {};
        return m_socket.read(8192);
    }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
};

QByteArray seedPush(quint16 port, const QByteArray &json)
{
    SeedPushScript script;
    return script.connect(port) ? script.push(json) : QByteArray("(cannot connect)");
}

QString writeIni(const QTemporaryDir &dir, const QByteArray &content)
{
    const QString path = dir.filePath(u"herald.ini"_s);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
        return {};
    return path;
}

} // namespace

class TestUidFirst final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void startWarnsThatUidFirstIsForTrustedNetworks();
    void seedPageGetsTheSeedPush();
    void pushToAnOfflineUidFails();
    void everyConnectionOfTheUidGetsThePush();
    void aNumericUidIsItsDecimalText();
    void laterMessagesAreIgnored();
    void firstMessageThatIsNoUidCloses_data();
    void firstMessageThatIsNoUidCloses();
    void heartbeatIsAWebSocketPing();
    void overTheRateNothingIsSaid();
    void legacyLinesNeedNoKeyAndGiveNone();
    void badLegacyLinesAnswerFail_data();
    void badLegacyLinesAnswerFail();
    void legacyTextPushReloadsClientProtocolTakesARestart();

private:
    SeedPage *openPage(const QString &uid);
    bool uidOnline(const QString &uid);
    qint64 messagesIn();

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpClient> m_http;
    std::vector<std::unique_ptr<SeedPage>> m_pages;
};

void TestUidFirst::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringList{
        u"--client-protocol"_s, u"uid-first"_s, u"--legacy-text-push"_s, u"true"_s, u"--ping-interval"_s, u"1"_s,
        u"--ping-limit"_s, u"2"_s, u"--client-message-rate"_s, QString::number(kRate), u"--client-message-burst"_s,
        QString::number(kRate)});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_http = std::make_unique<HttpClient>();
}

// Every test starts with no client connected.
void TestUidFirst::cleanup()
{
    m_pages.clear();
    QTRY_COMPARE(m_http->command(m_server->apiUrl(), u"getAllClientIdCount"_s, {}, m_server->apiKey().toUtf8()).json(),
                 (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

// A page, once the server has taken its uid.
SeedPage *TestUidFirst::openPage(const QString &uid)
{
    auto page = std::make_unique<SeedPage>(uid);
    if (!page->open(m_server->clientUrl()))
        return nullptr;
    m_pages.push_back(std::move(page));
    return m_pages.back().get();
}

bool TestUidFirst::uidOnline(const QString &uid)
{
    return m_http->command(m_server->apiUrl(), u"isUidOnline"_s, {{u"uid"_s, uid}}, m_server->apiKey().toUtf8())
        .json()
        .value(u"online")
        .toBool();
}

qint64 TestUidFirst::messagesIn()
{
    return prometheusSample(m_http->get(m_server->apiUrl(u"/metrics"_s), m_server->apiKey().toUtf8()).body,
                            u"herald_messages_in_total"_s);
}

void TestUidFirst::startWarnsThatUidFirstIsForTrustedNetworks()
{
    const QString log = m_server->log();
    QVERIFY2(log.contains(u"client-protocol is uid-first: every client names its own uid in its first message and is believed"_s),
             qPrintable(log));
    QVERIFY2(log.contains(u"Use it only where every client is trusted"_s), qPrintable(log));
    QVERIFY2(log.contains(u"bind each client's uid with bindUid once it has authenticated the user"_s), qPrintable(log));
}

void TestUidFirst::seedPageGetsTheSeedPush()
{
    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"uid1"_s), kWaitMs);

    const QByteArray line = R"({"uid":"uid1","percent":"88%"})"; // json_encode(array('uid'=>'uid1', 'percent'=>'88%'))
    QCOMPARE(seedPush(m_server->textPort(), line), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(page->shown, QStringList{QString::fromUtf8(line)}, kWaitMs);
    QVERIFY(page->isOpen());
}

void TestUidFirst::pushToAnOfflineUidFails()
{
    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"uid1"_s), kWaitMs);

    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid9","percent":"88%"})"), "fail\n"_ba);
    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid1","percent":"99%"})"), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(page->shown, QStringList{uR"({"uid":"uid1","percent":"99%"})"_s}, kWaitMs); // not uid9's
}

void TestUidFirst::everyConnectionOfTheUidGetsThePush()
{
    SeedPage *tab1 = openPage(u"uid1"_s);
    SeedPage *tab2 = openPage(u"uid1"_s);
    SeedPage *other = openPage(u"uid2"_s);
    QVERIFY(tab1 && tab2 && other);
    QTRY_COMPARE_WITH_TIMEOUT(m_http->command(m_server->apiUrl(), u"getClientIdByUid"_s, {{u"uid"_s, u"uid1"_s}},
                                              m_server->apiKey().toUtf8()).json().value(u"client_ids").toArray().size(),
                              2, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"uid2"_s), kWaitMs);

    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid1","percent":"10%"})"), "ok\n"_ba);
    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid2","percent":"20%"})"), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(tab1->shown, QStringList{uR"({"uid":"uid1","percent":"10%"})"_s}, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(tab2->shown, QStringList{uR"({"uid":"uid1","percent":"10%"})"_s}, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(other->shown, QStringList{uR"({"uid":"uid2","percent":"20%"})"_s}, kWaitMs);
}

// PHP's json_encode writes an integer uid as a number; the page sent it as text.
void TestUidFirst::aNumericUidIsItsDecimalText()
{
    SeedPage *page = openPage(u"1024"_s);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"1024"_s), kWaitMs);

    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":1024,"percent":"50%"})"), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(page->shown, QStringList{uR"({"uid":1024,"percent":"50%"})"_s}, kWaitMs);
}

void TestUidFirst::laterMessagesAreIgnored()
{
    const qint64 before = messagesIn();
    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    page->socket().sendTextMessage(u"uid2"_s);
    page->socket().sendBinaryMessage("uid3");
    page->socket().sendTextMessage(uR"({"type":"login","client_name":"x","room_id":1})"_s);
    // the uid and the two text messages after it have reached the server, and so the binary one between
    QTRY_COMPARE_WITH_TIMEOUT(messagesIn() - before, 3, kWaitMs);
    QVERIFY(uidOnline(u"uid1"_s));
    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid2"})"), "fail\n"_ba);
    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid3"})"), "fail\n"_ba);
    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid1"})"), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(page->shown, QStringList{uR"({"uid":"uid1"})"_s}, kWaitMs); // no error, no reply
    QVERIFY(page->isOpen());
}

void TestUidFirst::firstMessageThatIsNoUidCloses_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QString>("uid");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");

    const QString noUid = u"send your uid (1 to 128 characters) as the first message"_s;
    QTest::newRow("empty") << false << QString() << 1008 << noUid;
    QTest::newRow("129 characters") << false << QString(129, u'u') << 1008 << noUid;
    QTest::newRow("binary") << true << u"uid7"_s << 1003 << u"send your uid as a text message"_s;
}

void TestUidFirst::firstMessageThatIsNoUidCloses()
{
    QFETCH(bool, binary);
    QFETCH(QString, uid);
    QFETCH(int, code);
    QFETCH(QString, reason);

    SeedPage *bystander = openPage(u"uid1"_s);
    QVERIFY(bystander);
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    ws.open(m_server->clientUrl());
    QVERIFY(connected.wait(kWaitMs) || !connected.isEmpty());
    if (binary)
        ws.sendBinaryMessage(uid.toUtf8());
    else
        ws.sendTextMessage(uid);

    QVERIFY(disconnected.wait(kWaitMs) || !disconnected.isEmpty());
    QCOMPARE(int(ws.closeCode()), code);
    QCOMPARE(ws.closeReason(), reason);
    QVERIFY(!uidOnline(uid));
    // the others lost nothing
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"uid1"_s), kWaitMs);
    QCOMPARE(seedPush(m_server->textPort(), R"({"uid":"uid1"})"), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(bystander->shown, QStringList{uR"({"uid":"uid1"})"_s}, kWaitMs);
}

// Pings are WebSocket pings, which a browser answers by itself and the page never sees; a client that
// leaves ping-limit of them unanswered is closed (here 1 s apart, 2 of them).
void TestUidFirst::heartbeatIsAWebSocketPing()
{
    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    RawClient raw;
    QVERIFY(raw.connectTo(m_server->clientPort()));
    QVERIFY(raw.handshake());
    raw.sendText("uid2");

    QTRY_VERIFY_WITH_TIMEOUT(raw.closeCode().has_value(), 10000);
    QCOMPARE(*raw.closeCode(), 1000);
    QList<quint8> opcodes;
    for (const RawClient::Frame &f : raw.frames())
        opcodes.append(f.opcode());
    QCOMPARE(opcodes, (QList<quint8>{0x9, 0x9, 0x8})); // two pings, then the close: no text message
    QCOMPARE(raw.frames().last().payload.mid(2), "ping timeout"_ba);

    QVERIFY(page->isOpen()); // the same time passed for the page: its WebSocket answered
    QVERIFY(page->shown.isEmpty());
}

// A client over client-message-rate is not told (any message would reach the page as a push); one that
// goes on is closed as in workerman-chat.
void TestUidFirst::overTheRateNothingIsSaid()
{
    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    QSignalSpy disconnected(&page->socket(), &QWebSocket::disconnected);
    for (int i = 0; i < 4 * kRate; ++i)
        page->socket().sendTextMessage(u"more"_s);

    QVERIFY(disconnected.wait(kWaitMs) || !disconnected.isEmpty());
    QCOMPARE(int(page->socket().closeCode()), 1008);
    QCOMPARE(page->socket().closeReason(), u"message rate exceeded"_s);
    QVERIFY(page->shown.isEmpty());
}

// A legacy line is taken without the key and does not authenticate the connection for commands.
void TestUidFirst::legacyLinesNeedNoKeyAndGiveNone()
{
    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"uid1"_s), kWaitMs);

    SeedPushScript script;
    QVERIFY(script.connect(m_server->textPort()));
    QCOMPARE(script.push(R"({"uid":"uid1","n":1})"), "ok\n"_ba);
    const QJsonObject refused = QJsonDocument::fromJson(script.push(R"({"cmd":"getAllClientIdCount"})")).object();
    QCOMPARE(refused.value(u"error").toObject().value(u"code").toInt(), int(ApiCode::NotAuthenticated));
    QCOMPARE(script.push(R"({"uid":"uid1","n":2})"), "ok\n"_ba);
    const QByteArray auth = QJsonDocument(QJsonObject{{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}).toJson(QJsonDocument::Compact);
    QCOMPARE(script.push(auth), "{\"ok\":true}\n"_ba);
    QCOMPARE(script.push(R"({"uid":"uid1","n":3})"), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(page->shown, (QStringList{uR"({"uid":"uid1","n":1})"_s, uR"({"uid":"uid1","n":2})"_s,
                                                        uR"({"uid":"uid1","n":3})"_s}),
                              kWaitMs);
}

void TestUidFirst::badLegacyLinesAnswerFail_data()
{
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("uid an object") << R"({"uid":{"id":"uid1"}})"_ba;
    QTest::newRow("uid empty") << R"({"uid":""})"_ba;
    QTest::newRow("uid null") << R"({"uid":null})"_ba;
    QTest::newRow("uid a fraction") << R"({"uid":1.5})"_ba;
    QTest::newRow("over max-message-size") << R"({"uid":"uid1","pad":")" + QByteArray(65 * 1024, 'x') + R"("})";
}

void TestUidFirst::badLegacyLinesAnswerFail()
{
    QFETCH(QByteArray, line);

    SeedPage *page = openPage(u"uid1"_s);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(uidOnline(u"uid1"_s), kWaitMs);
    const qsizetype logBefore = m_server->log().size();

    SeedPushScript script;
    QVERIFY(script.connect(m_server->textPort()));
    QCOMPARE(script.push(line), "fail\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().mid(logBefore).contains(u"legacy push from 127.0.0.1 answered fail: "_s), kWaitMs);
    QCOMPARE(script.push(R"({"uid":"uid1","after":true})"), "ok\n"_ba); // the connection serves on
    QTRY_COMPARE_WITH_TIMEOUT(page->shown, QStringList{uR"({"uid":"uid1","after":true})"_s}, kWaitMs);
}

// legacy-text-push changes on SIGHUP; client-protocol takes a restart. Without legacy-text-push the
// demo's line gets the text port's usual error.
void TestUidFirst::legacyTextPushReloadsClientProtocolTakesARestart()
{
    QTemporaryDir dir;
    const QString ini = writeIni(dir, "legacy-text-push = false\n");
    QVERIFY(!ini.isEmpty());
    ServerProcess server({u"--config"_s, ini});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY2(!server.log().contains(u"uid-first"_s), qPrintable(server.log()));
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(server.clientUrl(), u"ann"_s, 1));
    QVERIFY(m_http->command(server.apiUrl(), u"bindUid"_s, {{u"client_id"_s, chat.clientId}, {u"uid"_s, u"uid1"_s}},
                            server.apiKey().toUtf8()).json().value(u"ok").toBool());

    const QByteArray line = R"({"uid":"uid1","percent":"88%"})";
    const QByteArray missingCmd = R"({"error":{"code":2004,"message":"missing \"cmd\""}})" "\n";
    QCOMPARE(seedPush(server.textPort(), line), missingCmd);

    QVERIFY(!writeIni(dir, "legacy-text-push = true\nclient-protocol = uid-first\n").isEmpty());
    const qsizetype before = server.log().size();
    server.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(server.log().mid(before).contains(u"SIGHUP: configuration reloaded"_s), kWaitMs);
    const QString log = server.log().mid(before);
    QVERIFY2(log.contains(u"SIGHUP: client-protocol: workerman-chat → uid-first takes a restart; workerman-chat stays until then"_s),
             qPrintable(log));
    QVERIFY2(log.contains(u"SIGHUP: legacy-text-push: false → true"_s), qPrintable(log));

    // a workerman-chat client bound by its backend gets the line; the chat goes on
    QCOMPARE(seedPush(server.textPort(), line), "ok\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(chat.ws.raw().last(), QString::fromUtf8(line), kWaitMs);
    QVERIFY(sayGoesRound(server.clientUrl(), u"1"_s, &chat));
}

QTEST_GUILESS_MAIN(TestUidFirst)
#include "tst_uidfirst.moc"
