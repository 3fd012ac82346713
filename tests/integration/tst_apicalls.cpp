// herald_api_calls_total{command,status} (docs/api.md): every request for a command, through any door,
// is counted once under the command it named ("unknown" when its door has no such command) and the
// status it was answered with: a success, each error, a caller without the key or token, a request the
// door could not read. What a door answers itself is counted under its own name: the text port's login
// ("auth"), a wrong admin token ("admin_auth"), the form call with a wrong key ("publish"), a request
// over max-request-size ("oversized"). Each row checks that exactly its samples grew, each by one.
#include "serverprocess.h"
#include "testclients.h"

#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QTest>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxRequestSize = 1024;

using Counts = QMap<QString, qint64>; // "command|status" → value

// POST (or `method`) /api/<command> as bytes, with the API key (the text KEY, replaced when sent) or without.
QByteArray httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &body, bool withKey = true)
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: herald\r\n";
    if (withKey)
        request += "Authorization: Bearer KEY\r\n";
    if (!body.isEmpty())
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    return request + "\r\n" + body;
}

// A JSON body padded with spaces (still JSON) to `size` bytes.
QByteArray padded(const QByteArray &json, qint64 size)
{
    return json + QByteArray(size - json.size(), ' ');
}

// The samples of the next scrape that differ from `before`, as "command|status +N", sorted.
QStringList grown(const Counts &before, const Counts &after)
{
    QStringList out;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (it.value() != before.value(it.key()))
            out.append(u"%1 +%2"_s.arg(it.key()).arg(it.value() - before.value(it.key())));
    }
    return out;
}

QStringList onceEach(QStringList samples)
{
    for (QString &s : samples)
        s += u" +1"_s;
    samples.sort();
    return samples;
}

} // namespace

class TestApiCalls final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void httpCallsAreCountedOnce_data();
    void httpCallsAreCountedOnce();
    void textCallsAreCountedOnce_data();
    void textCallsAreCountedOnce();
    void adminCallsAreCountedOnce_data();
    void adminCallsAreCountedOnce();

private:
    Counts apiCalls();

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestApiCalls::initTestCase()
{
    m_server = ServerProcess::started({u"--max-request-size"_s, QString::number(kMaxRequestSize), u"--legacy-text-push"_s,
                                       u"true"_s, u"--ping-interval"_s, u"0"_s});
    QVERIFY(m_server);
    m_http = std::make_unique<HttpClient>();
}

Counts TestApiCalls::apiCalls()
{
    const HttpReply page = m_http->get(m_server->apiUrl(u"/metrics"_s), m_server->apiKey().toUtf8());
    Counts out;
    static const QRegularExpression sample(uR"re(^herald_api_calls_total\{command="([^"]*)",status="(\d+)"\} (\d+)$)re"_s,
                                           QRegularExpression::MultilineOption);
    for (auto it = sample.globalMatch(QString::fromUtf8(page.body)); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out.insert(m.captured(1) + u'|' + m.captured(2), m.captured(3).toLongLong());
    }
    return out;
}

void TestApiCalls::httpCallsAreCountedOnce_data()
{
    QTest::addColumn<QByteArray>("request"); // KEY stands for the API key
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("counted");

    const QByteArray isOnline = R"({"client_id":"nobody"})";
    QTest::newRow("success") << httpRequest("POST", "/api/isOnline", isOnline) << 200 << QStringList{u"isOnline|200"_s};
    QTest::newRow("a command's error") << httpRequest("POST", "/api/bindUid", "{}") << 400 << QStringList{u"bindUid|400"_s};
    QTest::newRow("no such client") << httpRequest("POST", "/api/bindUid", R"({"client_id":"nobody","uid":"u"})") << 404
                                    << QStringList{u"bindUid|404"_s};
    QTest::newRow("unknown command") << httpRequest("POST", "/api/nope", "{}") << 404 << QStringList{u"unknown|404"_s};
    QTest::newRow("the admin channel's own command") << httpRequest("POST", "/api/listClients", "{}") << 404
                                                     << QStringList{u"unknown|404"_s};
    QTest::newRow("no key") << httpRequest("POST", "/api/sendToAll", R"({"message":"x"})", false) << 401
                            << QStringList{u"sendToAll|401"_s};
    QTest::newRow("no key, unknown command") << httpRequest("POST", "/api/nope", "{}", false) << 401
                                             << QStringList{u"unknown|401"_s};
    QTest::newRow("invalid JSON") << httpRequest("POST", "/api/isOnline", "{") << 400 << QStringList{u"isOnline|400"_s};
    QTest::newRow("not an object") << httpRequest("POST", "/api/isOnline", "[]") << 400 << QStringList{u"isOnline|400"_s};
    QTest::newRow("GET") << httpRequest("GET", "/api/isOnline", {}) << 405 << QStringList{u"isOnline|405"_s};
    QTest::newRow("over max-request-size")
        << httpRequest("POST", "/api/isOnline", padded(isOnline, kMaxRequestSize + 1)) << 413
        << QStringList{u"isOnline|413"_s};
    QTest::newRow("far over max-request-size")
        << httpRequest("POST", "/api/isOnline", padded(isOnline, kMaxRequestSize + 20000)) << 413
        << QStringList{u"oversized|413"_s};
    QTest::newRow("form call") << "GET /?type=publish&to=&content=x&key=KEY HTTP/1.1\r\nHost: herald\r\n\r\n"_ba << 200
                               << QStringList{u"sendToAll|200"_s};
    QTest::newRow("form call to a uid") << "GET /?type=publish&to=u9&content=x&key=KEY HTTP/1.1\r\nHost: herald\r\n\r\n"_ba
                                        << 200 << QStringList{u"sendToUid|200"_s};
    QTest::newRow("form call, wrong key") << "GET /?type=publish&to=&content=x&key=wrong HTTP/1.1\r\nHost: herald\r\n\r\n"_ba
                                          << 401 << QStringList{u"publish|401"_s};
    QTest::newRow("healthz is no call") << "GET /healthz HTTP/1.1\r\nHost: herald\r\n\r\n"_ba << 200 << QStringList();
}

void TestApiCalls::httpCallsAreCountedOnce()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QStringList, counted);

    const Counts before = apiCalls();
    RawHttpClient http;
    QVERIFY(http.connectTo(m_server->apiPort()));
    http.send(request.replace("KEY", m_server->apiKey().toUtf8()));
    const QByteArray answer = http.answer();
    QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), answer.constData());
    QCOMPARE(grown(before, apiCalls()), onceEach(counted));
}

void TestApiCalls::textCallsAreCountedOnce_data()
{
    QTest::addColumn<bool>("authenticated");
    QTest::addColumn<QByteArray>("line"); // KEY stands for the API key
    QTest::addColumn<QStringList>("counted");

    QTest::newRow("auth") << false << R"({"cmd":"auth","key":"KEY"})"_ba << QStringList{u"auth|200"_s};
    QTest::newRow("auth, wrong key") << false << R"({"cmd":"auth","key":"wrong"})"_ba << QStringList{u"auth|401"_s};
    QTest::newRow("before auth") << false << R"({"cmd":"isOnline","client_id":"x"})"_ba << QStringList{u"isOnline|401"_s};
    QTest::newRow("before auth, unknown command") << false << R"({"cmd":"nope"})"_ba << QStringList{u"unknown|401"_s};
    QTest::newRow("success") << true << R"({"cmd":"isOnline","client_id":"x"})"_ba << QStringList{u"isOnline|200"_s};
    QTest::newRow("a command's error") << true << R"({"cmd":"sendToAll"})"_ba << QStringList{u"sendToAll|400"_s};
    QTest::newRow("unknown command") << true << R"({"cmd":"nope"})"_ba << QStringList{u"unknown|404"_s};
    QTest::newRow("the admin channel's own command") << true << R"({"cmd":"listClients"})"_ba
                                                     << QStringList{u"unknown|404"_s};
    QTest::newRow("invalid JSON") << true << "{"_ba << QStringList{u"unknown|400"_s};
    QTest::newRow("not an object") << true << "[1]"_ba << QStringList{u"unknown|400"_s};
    QTest::newRow("no cmd") << true << R"({"group":"g"})"_ba << QStringList{u"unknown|400"_s};
    QTest::newRow("over max-request-size") << true << padded(R"({"cmd":"isOnline","client_id":"x"})", kMaxRequestSize + 1)
                                           << QStringList{u"oversized|413"_s};
    QTest::newRow("legacy push line") << false << R"({"uid":"u9","percent":"88%"})"_ba << QStringList{u"sendToUid|200"_s};
}

void TestApiCalls::textCallsAreCountedOnce()
{
    QFETCH(bool, authenticated);
    QFETCH(QByteArray, line);
    QFETCH(QStringList, counted);

    TextClient text;
    QVERIFY(text.open(m_server->textPort()));
    if (authenticated)
        QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), (QJsonObject{{u"ok"_s, true}}));
    const Counts before = apiCalls();
    text.writeLine(line.replace("KEY", m_server->apiKey().toUtf8()));
    QVERIFY(!text.readLine().isEmpty());
    QCOMPARE(grown(before, apiCalls()), onceEach(counted));
}

void TestApiCalls::adminCallsAreCountedOnce_data()
{
    QTest::addColumn<QString>("token"); // FULL and READONLY stand for the real tokens
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("counted");

    QTest::newRow("success") << u"FULL"_s << R"({"type":"command","id":1,"cmd":"isOnline","args":{"client_id":"x"}})"_ba
                             << 200 << QStringList{u"isOnline|200"_s};
    QTest::newRow("a command's error") << u"FULL"_s << R"({"type":"command","id":1,"cmd":"sendToAll","args":{}})"_ba << 400
                                       << QStringList{u"sendToAll|400"_s};
    QTest::newRow("unknown command") << u"FULL"_s << R"({"type":"command","id":1,"cmd":"nope"})"_ba << 404
                                     << QStringList{u"unknown|404"_s};
    QTest::newRow("read-only session, a change") << u"READONLY"_s
                                                 << R"({"type":"command","id":1,"cmd":"sendToAll","args":{"message":"x"}})"_ba
                                                 << 403 << QStringList{u"sendToAll|403"_s};
    QTest::newRow("read-only session, a query") << u"READONLY"_s << R"({"type":"command","id":1,"cmd":"getAllUidCount"})"_ba
                                                << 200 << QStringList{u"getAllUidCount|200"_s};
    QTest::newRow("listClients") << u"READONLY"_s << R"({"type":"command","id":1,"cmd":"listClients"})"_ba << 200
                                 << QStringList{u"listClients|200"_s};
    QTest::newRow("subscribe is no call") << u"FULL"_s << R"({"type":"subscribe","id":1,"room":"r"})"_ba << 200
                                          << QStringList();
    QTest::newRow("wrong token") << u"wrong"_s << QByteArray() << 0 << QStringList{u"admin_auth|401"_s};
}

void TestApiCalls::adminCallsAreCountedOnce()
{
    QFETCH(QString, token);
    QFETCH(QByteArray, message);
    QFETCH(int, status);
    QFETCH(QStringList, counted);
    token.replace(u"READONLY"_s, m_server->readonlyToken()).replace(u"FULL"_s, m_server->adminToken());

    const Counts before = apiCalls();
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl(), 5000, token.toUtf8()));
    if (message.isEmpty()) {
        QVERIFY(admin.waitClosed());
    } else {
        QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
        admin.sendText(QString::fromUtf8(message));
        const QJsonObject result = admin.waitFor(u"result"_s);
        QVERIFY2(result.value(u"status").toInt() == status, QJsonDocument(result).toJson().constData());
    }
    QCOMPARE(grown(before, apiCalls()), onceEach(counted));
}

QTEST_MAIN(TestApiCalls)
#include "tst_apicalls.moc"
