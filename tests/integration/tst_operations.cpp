// What operators watch (docs/operations.md): GET /healthz without a key, GET /metrics with it and every
// counter moving as it should, and every error answer of the HTTP API in the log.
#include "httpapitestcase.h"

#include <QDateTime>
#include <QMap>

#include "testjson.h"

#include <QTest>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// Prometheus text to {"name{labels}": value}.
using Samples = QMap<QString, qint64>;
Samples parseMetrics(const QByteArray &text)
{
    Samples out;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        out.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toLongLong());
    }
    return out;
}

} // namespace

class TestOperations final : public HttpApiTestCase
{
    Q_OBJECT

private slots:
    void healthzNeedsNoKey();
    void metricsNeedTheKeyAndCount();
    void everyErrorIsLogged();
};

void TestOperations::healthzNeedsNoKey()
{
    ChatClient *a = connectClient(u"a"_s);
    QVERIFY(a);
    const HttpReply r = m_http->get(m_server->apiUrl(u"/healthz"_s));
    QCOMPARE(r.status, 200);
    const QJsonObject health = r.json();
    QCOMPARE(health.value(u"status").toString(), u"ok"_s);
    QCOMPARE(health.value(u"connections").toInt(), 1);
    QVERIFY(!health.value(u"version").toString().isEmpty());
    QCOMPARE(health.value(u"node_id").toString().size(), 8);
    QVERIFY(health.value(u"uptime_s").toInteger(-1) >= 0);
}

void TestOperations::metricsNeedTheKeyAndCount()
{
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/metrics"_s))), expectedError(401, ApiCode::Unauthorized));
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/metrics"_s), "wrong")), expectedError(401, ApiCode::Unauthorized));

    const auto scrape = [this] {
        const HttpReply r = m_http->get(m_server->apiUrl(u"/metrics"_s), key());
        return r.status == 200 && r.contentType.startsWith("text/plain; version=0.0.4") ? parseMetrics(r.body) : Samples();
    };
    const Samples before = scrape();
    for (const char *name : {"herald_connections", "herald_rooms", "herald_uids", "herald_admin_connections",
                             "herald_connections_accepted_total", "herald_connections_refused_total",
                             "herald_logins_total", "herald_messages_in_total", "herald_bytes_in_total",
                             "herald_messages_out_total", "herald_bytes_out_total", "herald_publishes_total"})
        QVERIFY2(before.contains(QLatin1String(name)), name);
    QCOMPARE(before.value(u"herald_connections"_s), 0);

    // Two logins, one protocol error, three API sends, one refused call, one client closing.
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"u"_s}}), kOk);
    a->ws.sendText(u"not json"_s);
    QVERIFY(!a->ws.waitFor(u"error"_s).isEmpty());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"m%1"_s.arg(i)}}), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(m_http->command(m_server->apiUrl(), u"sendToAll"_s, {{u"message"_s, u"x"_s}}, "wrong").status, 401);
    for (ChatClient *c : {a, b})
        QVERIFY(receives(c, u"m2"_s));

    const Samples during = scrape();
    const auto delta = [&](const Samples &after, const QString &name) {
        return qint64(after.value(name)) - qint64(before.value(name));
    };
    QCOMPARE(during.value(u"herald_connections"_s), 2);
    QCOMPARE(during.value(u"herald_rooms"_s), 1);
    QCOMPARE(during.value(u"herald_uids"_s), 1);
    QCOMPARE(delta(during, u"herald_connections_accepted_total"_s), 2);
    QCOMPARE(delta(during, u"herald_logins_total"_s), 2);
    QCOMPARE(delta(during, u"herald_messages_in_total"_s), 3); // two logins, one bad frame
    QCOMPARE(delta(during, uR"(herald_errors_total{kind="invalid_json"})"_s), 1);
    QCOMPARE(delta(during, uR"(herald_api_calls_total{command="sendToAll",status="200"})"_s), 3);
    QCOMPARE(delta(during, uR"(herald_api_calls_total{command="sendToAll",status="401"})"_s), 1);
    QCOMPARE(delta(during, uR"(herald_api_calls_total{command="bindUid",status="200"})"_s), 1);
    QVERIFY(delta(during, u"herald_publishes_total"_s) >= 3);
    // Every frame the clients received was counted, with its bytes.
    qint64 frames = 0, bytes = 0;
    for (ChatClient *c : {a, b}) {
        frames += c->ws.raw().size();
        for (const QString &f : c->ws.raw())
            bytes += f.toUtf8().size();
    }
    QCOMPARE(delta(during, u"herald_messages_out_total"_s), frames);
    QCOMPARE(delta(during, u"herald_bytes_out_total"_s), bytes);

    b->ws.socket().close();
    QVERIFY(b->ws.waitClosed());
    QTRY_COMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
    const Samples after = scrape();
    QCOMPARE(after.value(u"herald_connections"_s), 1);
    QCOMPARE(after.value(u"herald_uids"_s), 1);
    QCOMPARE(delta(after, uR"(herald_closes_total{reason="client"})"_s), 1);
}

// Every error answer is logged with its status, what was asked and the address (the first of a kind in
// full, the rest of that kind in a summary line every 10 s).
void TestOperations::everyErrorIsLogged()
{
    const QString tag = QString::number(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/api/getAllClientIdCount"_s), key())),
             expectedError(405, ApiCode::MethodNotAllowed));
    QCOMPARE(errorOutcome(m_http->get(m_server->apiUrl(u"/nowhere-"_s + tag), key())),
             expectedError(404, ApiCode::UnknownCommand));
    QCOMPARE(m_http->get(url(u"/?type=nosuch&key="_s + m_server->apiKey())).body, "fail"_ba);
    QCOMPARE(m_http->get(url(u"/?type=publish&to=u&key="_s + m_server->apiKey())).body, "fail"_ba); // no content
    QCOMPARE(errorOutcome(api(u"isOnline"_s)), expectedError(400, ApiCode::MissingField));

    QTRY_VERIFY(m_server->log().contains(u"404 for /nowhere-%1 from 127.0.0.1: no such path"_s.arg(tag)));
    const QString log = m_server->log();
    QVERIFY(log.contains(u"405 for /api/getAllClientIdCount from 127.0.0.1"_s));
    QVERIFY(log.contains(u"400 for publish from 127.0.0.1"_s));
    QVERIFY(log.contains(u"400 for isOnline from 127.0.0.1"_s));
}

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
