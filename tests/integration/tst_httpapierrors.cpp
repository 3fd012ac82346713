// The backend HTTP API refusing what it must (docs/api.md): a wrong or missing key, malformed bodies,
// unknown commands, clients and paths, oversized bodies and wrong methods, each with its exact HTTP
// status and error code and nothing delivered; wrong keys never logged, and slowed when repeated.
#include "httpapitestcase.h"

#include <QDateTime>
#include <QElapsedTimer>

#include "testjson.h"

#include <QTest>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

class TestHttpApiErrors final : public HttpApiTestCase
{
    Q_OBJECT

private slots:
    // Keys.
    void authentication_data();
    void authentication();
    void wrongKeysAreNeverLogged();
    void repeatedWrongKeysAreSlowed();

    // Bad input.
    void badRequests_data();
    void badRequests();
    void unknownClientId_data();
    void unknownClientId();
    void oversizedBody_data();
    void oversizedBody();
    void wrongMethod_data();
    void wrongMethod();
    void unknownPath();
};

void TestHttpApiErrors::authentication_data()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QTest::addColumn<Headers>("headers"); // "KEY" stands for the server's API key
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");

    QTest::newRow("key as bearer") << Headers{{"Authorization", "Bearer KEY"}} << QString() << 200;
    QTest::newRow("key as bearer, scheme in lower case") << Headers{{"Authorization", "bearer KEY"}} << QString() << 200;
    QTest::newRow("key as bearer, scheme in upper case") << Headers{{"Authorization", "BEARER KEY"}} << QString() << 200;
    QTest::newRow("key in X-Api-Key") << Headers{{"X-Api-Key", "KEY"}} << QString() << 200;
    QTest::newRow("no key") << Headers{} << QString() << 401;
    QTest::newRow("wrong bearer") << Headers{{"Authorization", "Bearer wrong-key-1"}} << QString() << 401;
    QTest::newRow("wrong X-Api-Key") << Headers{{"X-Api-Key", "wrong-key-2"}} << QString() << 401;
    QTest::newRow("key with a character more") << Headers{{"Authorization", "Bearer KEYx"}} << QString() << 401;
    QTest::newRow("key without Bearer") << Headers{{"Authorization", "KEY"}} << QString() << 401;
    QTest::newRow("key as Basic") << Headers{{"Authorization", "Basic KEY"}} << QString() << 401;
    QTest::newRow("scheme glued to the key") << Headers{{"Authorization", "BearerKEY"}} << QString() << 401;
    QTest::newRow("empty bearer") << Headers{{"Authorization", "Bearer "}} << QString() << 401;
    QTest::newRow("key in the URL is not accepted") << Headers{} << u"key=KEY"_s << 401;
}

void TestHttpApiErrors::authentication()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QFETCH(Headers, headers);
    QFETCH(QString, query);
    QFETCH(int, status);
    for (auto &header : headers)
        header.second.replace("KEY", key());
    headers.emplace_back("Content-Type", "application/json");
    QUrl endpoint = m_server->apiUrl(u"/api/getAllClientIdCount"_s);
    endpoint.setQuery(query.replace(u"KEY"_s, m_server->apiKey()));

    const HttpReply r = m_http->send("POST", endpoint, "{}", headers);
    if (status == 200)
        QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    else
        QCOMPARE(errorOutcome(r), expectedError(status, ApiCode::Unauthorized));
}

void TestHttpApiErrors::wrongKeysAreNeverLogged()
{
    const QByteArray wrong = "wrong-key-that-must-not-be-logged-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(errorOutcome(m_http->send("POST", m_server->apiUrl(u"/api/isOnline"_s), "{}",
                                       {{"Authorization", "Bearer " + wrong}, {"Content-Type", "application/json"}})),
             expectedError(401, ApiCode::Unauthorized));
    QCOMPARE(errorOutcome(m_http->send("POST", m_server->apiUrl(u"/api/isUidOnline"_s), "{}",
                                       {{"X-Api-Key", wrong}, {"Content-Type", "application/json"}})),
             expectedError(401, ApiCode::Unauthorized));
    QCOMPARE(m_http->get(url(u"/?type=publish&to=&content=x&key="_s + QString::fromUtf8(wrong))).body, "fail"_ba);

    // A request to a path of its own is logged after them: once its line is in, theirs are too (the first
    // refusal from this address in full, the others in a summary), and the key is in none.
    const QString marker = u"/after-the-wrong-keys-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(marker), key())), expectedError(404, ApiCode::UnknownCommand));
    QTRY_VERIFY(m_server->log().contains(marker));
    QVERIFY(m_server->log().contains(u"401 for "_s));
    QVERIFY(!m_server->log().contains(QString::fromUtf8(wrong)));
}

// Past a few wrong keys in a row from one address, each further one is answered a second after the
// previous one at the earliest, however many connections carry them; the right key is answered at once
// and starts the count again. The log has the first refusal and then a summary line.
void TestHttpApiErrors::repeatedWrongKeysAreSlowed()
{
    const QByteArray wrongKey = "wrong-key-of-the-throttle-test";
    const QByteArray wrong = "POST /api/getAllClientIdCount HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + wrongKey
        + "\r\nContent-Length: 2\r\n\r\n{}";
    QElapsedTimer clock;
    for (int i = 0; i < 5; ++i) {
        clock.start();
        QCOMPARE(m_http->command(m_server->apiUrl(), u"getAllClientIdCount"_s, {}, wrongKey).status, 401);
        QVERIFY2(clock.elapsed() < 800, "the first failures are answered at once");
    }
    RawHttpClient sixth;
    QVERIFY(sixth.connectTo(m_server->apiPort()));
    clock.start();
    sixth.send(wrong);
    QByteArray answer = sixth.answer();
    QVERIFY2(answer.startsWith("HTTP/1.1 401 "), answer.constData());
    QVERIFY2(clock.elapsed() >= 900, qPrintable(u"answered after %1 ms"_s.arg(clock.elapsed())));
    QCOMPARE(headerValue(answer, "Connection"), "close"_ba);
    QVERIFY(sixth.waitClosed());

    RawHttpClient seventh, eighth; // at once, on two connections: still one a second
    QVERIFY(seventh.connectTo(m_server->apiPort()) && eighth.connectTo(m_server->apiPort()));
    clock.start();
    seventh.send(wrong);
    eighth.send(wrong);
    QVERIFY(seventh.answer().startsWith("HTTP/1.1 401 "));
    QVERIFY(eighth.answer().startsWith("HTTP/1.1 401 "));
    QVERIFY2(clock.elapsed() >= 1800, qPrintable(u"both answered within %1 ms"_s.arg(clock.elapsed())));

    clock.start();
    QCOMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    QCOMPARE(m_http->command(m_server->apiUrl(), u"getAllClientIdCount"_s, {}, wrongKey).status, 401);
    QVERIFY2(clock.elapsed() < 800, "the right key starts the count again");

    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"more failed HTTP API logins from 127.0.0.1 in the last 10 s"_s), 15000);
    QVERIFY(!m_server->log().contains(QString::fromUtf8(wrongKey)));
}

void TestHttpApiErrors::badRequests_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");

    const auto bad = [](const char *name, const char *command, const QByteArray &body, int code, int status = 400) {
        QTest::newRow(name) << QString::fromLatin1(command) << body << status << code;
    };
    // Malformed bodies.
    bad("invalid JSON", "sendToAll", R"({"message":)", ApiCode::BadRequest);
    bad("not JSON at all", "sendToAll", "message=hello", ApiCode::BadRequest);
    bad("JSON array body", "sendToAll", R"(["message"])", ApiCode::BadRequest);
    bad("JSON string body", "sendToAll", R"("message")", ApiCode::BadRequest);
    // Unknown commands (names are case-sensitive, as GatewayWorker's methods).
    bad("unknown command", "sendToMars", "{}", ApiCode::UnknownCommand, 404);
    bad("wrong case", "sendtoall", R"({"message":"x"})", ApiCode::UnknownCommand, 404);
    bad("empty command", "", "{}", ApiCode::UnknownCommand, 404);
    // Missing arguments.
    bad("sendToAll: no message", "sendToAll", "{}", ApiCode::MissingField);
    bad("sendToAll: empty body", "sendToAll", "", ApiCode::MissingField);
    bad("sendToAll: null message", "sendToAll", R"({"message":null})", ApiCode::MissingField);
    bad("sendToAll: empty message", "sendToAll", R"({"message":""})", ApiCode::MissingField);
    bad("sendToClient: no client_id", "sendToClient", R"({"message":"x"})", ApiCode::MissingField);
    bad("sendToClient: no message", "sendToClient", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("sendToUid: no uid", "sendToUid", R"({"message":"x"})", ApiCode::MissingField);
    bad("sendToGroup: no group", "sendToGroup", R"({"message":"x"})", ApiCode::MissingField);
    bad("bindUid: no uid", "bindUid", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("bindUid: empty uid", "bindUid", R"({"client_id":"0000","uid":""})", ApiCode::MissingField);
    bad("unbindUid: no client_id", "unbindUid", "{}", ApiCode::MissingField);
    bad("joinGroup: no group", "joinGroup", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("leaveGroup: no group", "leaveGroup", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("ungroup: no group", "ungroup", "{}", ApiCode::MissingField);
    bad("isOnline: no client_id", "isOnline", "{}", ApiCode::MissingField);
    bad("isOnline: empty client_id", "isOnline", R"({"client_id":""})", ApiCode::MissingField);
    bad("isUidOnline: no uid", "isUidOnline", "{}", ApiCode::MissingField);
    bad("getClientIdListByGroup: no group", "getClientIdListByGroup", "{}", ApiCode::MissingField);
    bad("getClientIdCountByGroup: no group", "getClientIdCountByGroup", "{}", ApiCode::MissingField);
    bad("getUidListByGroup: no group", "getUidListByGroup", "{}", ApiCode::MissingField);
    bad("getUidCountByGroup: no group", "getUidCountByGroup", "{}", ApiCode::MissingField);
    bad("getClientIdByUid: no uid", "getClientIdByUid", "{}", ApiCode::MissingField);
    bad("getUidByClientId: no client_id", "getUidByClientId", "{}", ApiCode::MissingField);
    bad("getSession: no client_id", "getSession", "{}", ApiCode::MissingField);
    bad("setSession: no session", "setSession", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("updateSession: no session", "updateSession", R"({"client_id":"0000"})", ApiCode::MissingField);
    bad("closeClient: no client_id", "closeClient", "{}", ApiCode::MissingField);
    // Wrong types.
    bad("message is a number", "sendToAll", R"({"message":5})", ApiCode::WrongFieldType);
    bad("message is a boolean", "sendToAll", R"({"message":true})", ApiCode::WrongFieldType);
    bad("exclude is a number", "sendToAll", R"({"message":"x","exclude":5})", ApiCode::WrongFieldType);
    bad("exclude holds a number", "sendToAll", R"({"message":"x","exclude":["a",5]})", ApiCode::WrongFieldType);
    bad("exclude is an object", "sendToGroup", R"({"group":"g","message":"x","exclude":{}})", ApiCode::WrongFieldType);
    bad("client_id is a boolean", "sendToClient", R"({"client_id":true,"message":"x"})", ApiCode::WrongFieldType);
    bad("client_id is a fraction", "isOnline", R"({"client_id":1.5})", ApiCode::WrongFieldType);
    bad("client_id is an array", "getSession", R"({"client_id":["a"]})", ApiCode::WrongFieldType);
    bad("uid is an object", "bindUid", R"({"client_id":"0000","uid":{}})", ApiCode::WrongFieldType);
    bad("group is a boolean", "joinGroup", R"({"client_id":"0000","group":false})", ApiCode::WrongFieldType);
    bad("session is a string", "setSession", R"({"client_id":"0000","session":"x"})", ApiCode::WrongFieldType);
    bad("session is an array", "updateSession", R"({"client_id":"0000","session":[]})", ApiCode::WrongFieldType);
    bad("final message is a number", "closeClient", R"({"client_id":"0000","message":1})", ApiCode::WrongFieldType);
    bad("sender is a boolean", "sendToGroup", R"({"group":"g","message":"x","sender":true})", ApiCode::WrongFieldType);
    // A message over max-message-size.
    bad("message over max-message-size", "sendToAll",
        R"({"message":")" + QByteArray(kMaxMessageSize + 1, 'x') + R"("})", ApiCode::TooLarge, 413);
    bad("object message over max-message-size", "sendToUid",
        R"({"uid":"u","message":{"k":")" + QByteArray(kMaxMessageSize, 'x') + R"("}})", ApiCode::TooLarge, 413);
}

void TestHttpApiErrors::badRequests()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(int, code);
    ChatClient *witness = connectClient(u"witness"_s);
    QVERIFY(witness);

    const HttpReply r = m_http->post(m_server->apiUrl(u"/api/"_s + command), body, key());
    QCOMPARE(errorOutcome(r), expectedError(status, code));
    QCOMPARE(r.contentType, "application/json"_ba);
    // Nothing was sent.
    const qsizetype frames = witness->ws.raw().size();
    QVERIFY(flushed(witness));
    QCOMPARE(witness->ws.raw().size(), frames + 1);
}

void TestHttpApiErrors::unknownClientId_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QJsonObject>("args"); // client_id is added

    QTest::newRow("sendToClient") << u"sendToClient"_s << QJsonObject{{u"message"_s, u"x"_s}};
    QTest::newRow("bindUid") << u"bindUid"_s << QJsonObject{{u"uid"_s, u"u"_s}};
    QTest::newRow("unbindUid") << u"unbindUid"_s << QJsonObject{};
    QTest::newRow("joinGroup") << u"joinGroup"_s << QJsonObject{{u"group"_s, u"g"_s}};
    QTest::newRow("leaveGroup") << u"leaveGroup"_s << QJsonObject{{u"group"_s, u"g"_s}};
    QTest::newRow("getUidByClientId") << u"getUidByClientId"_s << QJsonObject{};
    QTest::newRow("getSession") << u"getSession"_s << QJsonObject{};
    QTest::newRow("setSession") << u"setSession"_s << QJsonObject{{u"session"_s, QJsonObject{}}};
    QTest::newRow("updateSession") << u"updateSession"_s << QJsonObject{{u"session"_s, QJsonObject{}}};
    QTest::newRow("closeClient") << u"closeClient"_s << QJsonObject{{u"message"_s, u"bye"_s}};
}

void TestHttpApiErrors::unknownClientId()
{
    QFETCH(QString, command);
    QFETCH(QJsonObject, args);
    args.insert(u"client_id"_s, kOffline);
    const HttpReply r = api(command, args);
    QCOMPARE(errorOutcome(r), expectedError(404, ApiCode::NoSuchClient));
    QVERIFY2(r.json().value(u"error").toObject().value(u"message").toString().contains(kOffline), r.body.constData());
    QCOMPARE(call(u"getAllGroupCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    QCOMPARE(call(u"getAllUidCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

void TestHttpApiErrors::oversizedBody_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("status");

    QTest::newRow("at max-request-size") << kMaxRequestSize << 200;
    QTest::newRow("one byte over") << kMaxRequestSize + 1 << 413;
    QTest::newRow("four times over") << kMaxRequestSize * 4 << 413;
    QTest::newRow("a megabyte") << qint64(1024 * 1024) << 413; // refused before it is buffered
}

void TestHttpApiErrors::oversizedBody()
{
    QFETCH(qint64, size);
    QFETCH(int, status);
    ChatClient *witness = connectClient(u"witness"_s);
    QVERIFY(witness);
    // A short message padded with whitespace, which JSON allows: only the size is wrong.
    QByteArray body = R"({"message":"padded"})";
    body.append(QByteArray(size - body.size(), ' '));

    const HttpReply r = m_http->post(m_server->apiUrl(u"/api/sendToAll"_s), body, key());
    if (status == 200) {
        QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
        QVERIFY(receives(witness, u"padded"_s));
    } else {
        QCOMPARE(errorOutcome(r), expectedError(413, ApiCode::TooLarge));
        QVERIFY(flushed(witness));
        QCOMPARE(witness->ws.raw().count(u"padded"_s), 0);
    }
    // The server still answers.
    QCOMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
}

void TestHttpApiErrors::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("command");

    QTest::newRow("GET a command") << "GET"_ba << u"getAllClientIdCount"_s;
    QTest::newRow("GET a sending command") << "GET"_ba << u"sendToAll"_s;
    QTest::newRow("PUT") << "PUT"_ba << u"sendToAll"_s;
    QTest::newRow("DELETE") << "DELETE"_ba << u"closeClient"_s;
    QTest::newRow("PATCH") << "PATCH"_ba << u"updateSession"_s;
}

void TestHttpApiErrors::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, command);
    const QByteArray body = method == "GET" ? QByteArray() : R"({"message":"x"})"_ba;
    const HttpReply r = m_http->send(method, m_server->apiUrl(u"/api/"_s + command), body,
                                     {{"Authorization", "Bearer " + key()}, {"Content-Type", "application/json"}});
    QCOMPARE(errorOutcome(r), expectedError(405, ApiCode::MethodNotAllowed));
}

void TestHttpApiErrors::unknownPath()
{
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/nowhere"_s), key())), expectedError(404, ApiCode::UnknownCommand));
    QCOMPARE(errorOutcome(m_http->post(m_server->apiUrl(u"/api"_s), "{}", key())), expectedError(404, ApiCode::UnknownCommand));
    // A form call of another type than publish is a bad form call: "fail", as web-msg-sender answers.
    const HttpReply other = m_http->get(url(u"/?type=subscribe&to=&content=x&key="_s + m_server->apiKey()));
    QCOMPARE(other.status, 400);
    QCOMPARE(other.body, "fail"_ba);
    QCOMPARE(m_http->get(url(u"/?type=&content=x&key="_s + m_server->apiKey())).body, "fail"_ba);
}

QTEST_GUILESS_MAIN(TestHttpApiErrors)
#include "tst_httpapierrors.moc"
