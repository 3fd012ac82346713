// web-msg-sender's form call (type=publish&to=&content=, docs/api.md) unchanged: by GET or a POSTed
// form, on any path, the key in the query, the form or a header; "ok", "offline" or "fail" as plain text.
#include "httpapitestcase.h"

#include "testjson.h"

#include <QTest>

#include <tuple>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

class TestLegacyPublish final : public HttpApiTestCase
{
    Q_OBJECT

private slots:
    void legacyPublish_data();
    void legacyPublish();
};

void TestLegacyPublish::legacyPublish_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("params");     // query (GET) or form body (POST); KEY is the API key
    QTest::addColumn<QByteArray>("keyHeader"); // a header carrying the key instead, or empty
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("aliceGets"); // alice is uid u-alice, bob uid u-bob; empty: nothing
    QTest::addColumn<QString>("bobGets");

    const QString root = u"/"_s;
    QTest::newRow("GET, key in the query") << "GET"_ba << root << u"type=publish&to=u-alice&content=hello&key=KEY"_s
                                           << QByteArray() << 200 << "ok"_ba << u"hello"_s << QString();
    QTest::newRow("POST form, key in the form") << "POST"_ba << root << u"type=publish&to=u-alice&content=hello&key=KEY"_s
                                                << QByteArray() << 200 << "ok"_ba << u"hello"_s << QString();
    QTest::newRow("POST form, key in X-Api-Key") << "POST"_ba << root << u"type=publish&to=u-bob&content=hello"_s
                                                 << "X-Api-Key"_ba << 200 << "ok"_ba << QString() << u"hello"_s;
    QTest::newRow("GET, key as bearer") << "GET"_ba << root << u"type=publish&to=u-bob&content=hi"_s
                                        << "Authorization"_ba << 200 << "ok"_ba << QString() << u"hi"_s;
    QTest::newRow("any path") << "POST"_ba << u"/push/anything"_s << u"type=publish&to=u-alice&content=x&key=KEY"_s
                              << QByteArray() << 200 << "ok"_ba << u"x"_s << QString();
    QTest::newRow("empty to: everyone") << "GET"_ba << root << u"type=publish&to=&content=all%20of%20you&key=KEY"_s
                                        << QByteArray() << 200 << "ok"_ba << u"all of you"_s << u"all of you"_s;
    QTest::newRow("no to: everyone") << "POST"_ba << root << u"type=publish&content=everyone&key=KEY"_s << QByteArray()
                                     << 200 << "ok"_ba << u"everyone"_s << u"everyone"_s;
    QTest::newRow("offline uid") << "GET"_ba << root << u"type=publish&to=u-nobody&content=x&key=KEY"_s << QByteArray()
                                 << 200 << "offline"_ba << QString() << QString();
    QTest::newRow("percent-encoded UTF-8 and reserved characters")
        << "POST"_ba << root << u"type=publish&to=u-alice&content=%E4%BD%A0%E5%A5%BD%20a%26b%3Dc%2B1&key=KEY"_s
        << QByteArray() << 200 << "ok"_ba << u"你好 a&b=c+1"_s << QString();
    QTest::newRow("JSON content verbatim") << "GET"_ba << root
                                           << u"type=publish&to=u-alice&content=%7B%22type%22%3A%22x%22%7D&key=KEY"_s
                                           << QByteArray() << 200 << "ok"_ba << uR"({"type":"x"})"_s << QString();
    QTest::newRow("form: + is a space") << "POST"_ba << root << u"type=publish&to=u-alice&content=hello+world&key=KEY"_s
                                        << QByteArray() << 200 << "ok"_ba << u"hello world"_s << QString();
    QTest::newRow("query: + is a space") << "GET"_ba << root << u"type=publish&to=u-alice&content=hello+there&key=KEY"_s
                                         << QByteArray() << 200 << "ok"_ba << u"hello there"_s << QString();
    QTest::newRow("query: %2B is a plus") << "GET"_ba << root << u"type=publish&to=u-alice&content=1%2B1&key=KEY"_s
                                          << QByteArray() << 200 << "ok"_ba << u"1+1"_s << QString();
    QTest::newRow("no key") << "GET"_ba << root << u"type=publish&to=&content=x"_s << QByteArray() << 401 << "fail"_ba
                            << QString() << QString();
    QTest::newRow("wrong key") << "POST"_ba << root << u"type=publish&to=&content=x&key=KEYx"_s << QByteArray() << 401
                               << "fail"_ba << QString() << QString();
    QTest::newRow("empty content") << "GET"_ba << root << u"type=publish&to=u-alice&content=&key=KEY"_s << QByteArray()
                                   << 400 << "fail"_ba << QString() << QString();
    // A form that is not one (server/api/formbody): refused whole, nothing delivered.
    QTest::newRow("a name twice") << "POST"_ba << root << u"type=publish&to=u-alice&to=u-bob&content=x&key=KEY"_s
                                  << QByteArray() << 400 << "fail"_ba << QString() << QString();
    QTest::newRow("a name in the query and the form") << "POST"_ba << u"/?to=u-bob"_s
                                                      << u"type=publish&to=u-alice&content=x&key=KEY"_s << QByteArray()
                                                      << 400 << "fail"_ba << QString() << QString();
    QTest::newRow("bad percent-encoding") << "POST"_ba << root << u"type=publish&to=u-alice&content=50%&key=KEY"_s
                                          << QByteArray() << 400 << "fail"_ba << QString() << QString();
    QTest::newRow("not UTF-8") << "POST"_ba << root << u"type=publish&to=u-alice&content=caf%E9&key=KEY"_s << QByteArray()
                               << 400 << "fail"_ba << QString() << QString();
    QTest::newRow("form over max-request-size")
        << "POST"_ba << root << u"type=publish&to=u-alice&key=KEY&content="_s + QString(int(kMaxRequestSize), u'x')
        << QByteArray() << 413 << "fail"_ba << QString() << QString();
}

void TestLegacyPublish::legacyPublish()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, params);
    QFETCH(QByteArray, keyHeader);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    QFETCH(QString, aliceGets);
    QFETCH(QString, bobGets);
    ChatClient *alice = connectClient(u"alice"_s);
    ChatClient *bob = connectClient(u"bob"_s);
    QVERIFY(alice && bob);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, alice->clientId}, {u"uid"_s, u"u-alice"_s}}), kOk);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, bob->clientId}, {u"uid"_s, u"u-bob"_s}}), kOk);
    QVERIFY(flushed(alice) && flushed(bob));
    const qsizetype aliceBefore = alice->ws.raw().size(), bobBefore = bob->ws.raw().size();

    params.replace(u"KEY"_s, m_server->apiKey());
    QList<QPair<QByteArray, QByteArray>> headers;
    if (keyHeader == "Authorization")
        headers.emplace_back(keyHeader, "Bearer " + key());
    else if (!keyHeader.isEmpty())
        headers.emplace_back(keyHeader, key());
    HttpReply r;
    if (method == "GET") {
        r = m_http->send(method, url(path + u'?' + params), {}, headers);
    } else {
        headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        r = m_http->send(method, url(path), params.toUtf8(), headers);
    }
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
    QVERIFY2(r.contentType.startsWith("text/plain"), r.contentType.constData());

    for (const auto &[client, gets, before] : {std::tuple{alice, aliceGets, aliceBefore}, std::tuple{bob, bobGets, bobBefore}}) {
        if (!gets.isEmpty())
            QVERIFY2(receives(client, gets), qPrintable(client->ws.raw().join(u'\n')));
        QVERIFY(flushed(client));
        QCOMPARE(client->ws.raw().size(), before + (gets.isEmpty() ? 1 : 2)); // + the marker
    }
}

QTEST_GUILESS_MAIN(TestLegacyPublish)
#include "tst_legacypublish.moc"
