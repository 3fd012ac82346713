// Scoped API keys, the audit log and failed logins, on the real server through every door: keys created
// on the admin channel work at once on the HTTP API and the text port within their scope (403 outside
// it) and stop at once when revoked; only full keys manage keys; the database never holds a key in
// clear; every call that changes state is in the audit log (who, door, address, answer), queries are
// not; failed logins are counted and slowed per address on each door, another address not.
#include "admintestcase.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
const QString kNobody = u"00000000000000000000"_s; // a well-formed client id not online

int errorCode(const HttpReply &r)
{
    return r.json().value(u"error"_s).toObject().value(u"code"_s).toInt();
}
} // namespace

class TestSecurity final : public AdminTestCase
{
    Q_OBJECT

private slots:
    void keysWorkAtOnceWithinTheirScope();
    void onlyFullKeysManageKeys();
    void keysAreNotStoredInClear();
    void changesAreAuditedQueriesAreNot();
    void failedLoginsAreSlowedPerAddress_data();
    void failedLoginsAreSlowedPerAddress();

private:
    QString createKey(const QString &name, const QString &scope);
    HttpReply apiWith(const QString &key, const QString &command, const QJsonObject &args = {});
    // One failed login through `door` from `source`: how long its answer took, -1 if none came.
    qint64 failedLogin(const QString &door, const QString &source);
};

QString TestSecurity::createKey(const QString &name, const QString &scope)
{
    const HttpReply r = apiWith(m_server->apiKey(), u"createApiKey"_s, {{u"name"_s, name}, {u"scope"_s, scope}});
    return r.status == 200 ? r.json().value(u"key"_s).toString() : QString();
}

HttpReply TestSecurity::apiWith(const QString &key, const QString &command, const QJsonObject &args)
{
    return m_http->command(m_server->apiUrl(), command, args, key.toUtf8());
}

void TestSecurity::keysWorkAtOnceWithinTheirScope()
{
    std::unique_ptr<WsClient> admin = openAdmin(m_server->adminToken());
    QVERIFY(admin);
    const QJsonObject created = command(*admin, u"createApiKey"_s, {{u"name"_s, u"shop"_s}, {u"scope"_s, u"push"_s}});
    QCOMPARE(created.value(u"status"_s).toInt(), 200);
    const QString push = created.value(u"result"_s).toObject().value(u"key"_s).toString();
    QVERIFY(!push.isEmpty());
    const QString read = command(*admin, u"createApiKey"_s, {{u"name"_s, u"dashboard"_s}, {u"scope"_s, u"read"_s}})
                             .value(u"result"_s).toObject().value(u"key"_s).toString();
    QVERIFY(!read.isEmpty());

    // HTTP: each key within its scope, 403 outside it.
    QCOMPARE(apiWith(push, u"sendToAll"_s, {{u"message"_s, u"hi"_s}}).status, 200);
    const HttpReply pushQuery = apiWith(push, u"getAllClientIdCount"_s);
    QCOMPARE(pushQuery.status, 403);
    QCOMPARE(errorCode(pushQuery), int(ApiCode::OutOfScope));
    QCOMPARE(apiWith(read, u"getAllClientIdCount"_s).status, 200);
    const HttpReply readSend = apiWith(read, u"sendToAll"_s, {{u"message"_s, u"hi"_s}});
    QCOMPARE(readSend.status, 403);
    QCOMPARE(errorCode(readSend), int(ApiCode::ReadOnly));
    QVERIFY(readSend.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"dashboard"_s));

    // The text port: the same scopes.
    TextClient text;
    QVERIFY(text.open(m_server->textPort()));
    QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, push}}), kOk);
    QCOMPARE(text.call({{u"cmd"_s, u"getAllUidCount"_s}}).value(u"error"_s).toObject().value(u"code"_s).toInt(),
             int(ApiCode::OutOfScope));
    QCOMPARE(text.call({{u"cmd"_s, u"sendToAll"_s}, {u"message"_s, u"hi"_s}}).value(u"ok"_s).toBool(), true);

    // Revoked: refused at once, on the text connection that logged in with it too.
    QCOMPARE(command(*admin, u"revokeApiKey"_s, {{u"name"_s, u"shop"_s}}).value(u"status"_s).toInt(), 200);
    QCOMPARE(apiWith(push, u"sendToAll"_s, {{u"message"_s, u"hi"_s}}).status, 401);
    QCOMPARE(text.call({{u"cmd"_s, u"sendToAll"_s}, {u"message"_s, u"hi"_s}}).value(u"error"_s).toObject().value(u"code"_s).toInt(),
             int(ApiCode::NotAuthenticated));
    QCOMPARE(apiWith(read, u"getAllClientIdCount"_s).status, 200);
    QCOMPARE(command(*admin, u"revokeApiKey"_s, {{u"name"_s, u"dashboard"_s}}).value(u"status"_s).toInt(), 200);
    QCOMPARE(apiWith(read, u"getAllClientIdCount"_s).status, 401);
    TextClient late;
    QVERIFY(late.open(m_server->textPort()));
    QCOMPARE(late.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, push}}).value(u"error"_s).toObject().value(u"code"_s).toInt(),
             int(ApiCode::Unauthorized));
}

// The default key and the full admin token manage keys; a push or read key, or the read-only token, may not.
void TestSecurity::onlyFullKeysManageKeys()
{
    const QString full = createKey(u"ops"_s, u"full"_s);
    QVERIFY(!full.isEmpty());
    const QString push = createKey(u"pusher"_s, u"push"_s);
    QVERIFY(!push.isEmpty());
    const HttpReply byFull = apiWith(full, u"createApiKey"_s, {{u"name"_s, u"made-by-ops"_s}, {u"scope"_s, u"read"_s}});
    QCOMPARE(byFull.status, 200);
    const HttpReply byPush = apiWith(push, u"createApiKey"_s, {{u"name"_s, u"made-by-pusher"_s}, {u"scope"_s, u"full"_s}});
    QCOMPARE(byPush.status, 403);
    QCOMPARE(errorCode(byPush), int(ApiCode::OutOfScope));
    QCOMPARE(apiWith(push, u"listApiKeys"_s).status, 403);

    std::unique_ptr<WsClient> readOnly = openAdmin(m_server->readonlyToken());
    QVERIFY(readOnly);
    QCOMPARE(resultError(command(*readOnly, u"createApiKey"_s, {{u"name"_s, u"x"_s}, {u"scope"_s, u"read"_s}})),
             u"403 code %1"_s.arg(int(ApiCode::ReadOnly)));
    QCOMPARE(command(*readOnly, u"listApiKeys"_s).value(u"status"_s).toInt(), 403);

    // Listed by name and scope, never with the key.
    const HttpReply listed = apiWith(full, u"listApiKeys"_s);
    QCOMPARE(listed.status, 200);
    QStringList names;
    for (const QJsonValue &k : listed.json().value(u"keys"_s).toArray())
        names.append(k.toObject().value(u"name"_s).toString() + u':' + k.toObject().value(u"scope"_s).toString());
    QCOMPARE(names, (QStringList{u"default:full"_s, u"made-by-ops:read"_s, u"ops:full"_s, u"pusher:push"_s}));
    QVERIFY(!listed.body.contains(full.toUtf8()));
    QVERIFY(!listed.body.contains(push.toUtf8()));
    for (const QString &name : {u"ops"_s, u"pusher"_s, u"made-by-ops"_s})
        QCOMPARE(call(u"revokeApiKey"_s, {{u"name"_s, name}}).value(u"ok"_s).toBool(), true);
}

void TestSecurity::keysAreNotStoredInClear()
{
    const QString key = createKey(u"stored"_s, u"push"_s);
    QVERIFY(!key.isEmpty());
    for (const QString &name : {u"herald.db"_s, u"herald.db-wal"_s}) {
        QFile f(m_server->dataDir() + u'/' + name);
        if (f.open(QIODevice::ReadOnly))
            QVERIFY2(!f.readAll().contains(key.toUtf8()), qPrintable(name));
    }
    QVERIFY(!m_server->log().contains(key));
    QCOMPARE(call(u"revokeApiKey"_s, {{u"name"_s, u"stored"_s}}).value(u"ok"_s).toBool(), true);
}

// A change through each door is a line of the audit log with who, the door, the address and the
// answer; the queries between them are not; getAuditLog finds them newest first.
void TestSecurity::changesAreAuditedQueriesAreNot()
{
    // Entries of the tests before (the last one revokes a key) are older than `since`, this test's not.
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QTRY_VERIFY(QDateTime::currentDateTimeUtc() > before);
    const QDateTime since = QDateTime::currentDateTimeUtc();
    std::unique_ptr<WsClient> admin = openAdmin(m_server->adminToken());
    QVERIFY(admin);
    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"the audited message, long enough to be cut"_s}}).value(u"ok"_s).toBool(), true);
    QCOMPARE(call(u"getAllClientIdCount"_s).value(u"ok"_s).toBool(), true);
    TextClient text;
    QVERIFY(text.open(m_server->textPort()));
    QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), kOk);
    QCOMPARE(text.call({{u"cmd"_s, u"ungroup"_s}, {u"group"_s, u"g-audit"_s}}).value(u"ok"_s).toBool(), true);
    QCOMPARE(text.call({{u"cmd"_s, u"isUidOnline"_s}, {u"uid"_s, u"u"_s}}).value(u"ok"_s).toBool(), true);
    QCOMPARE(command(*admin, u"closeClient"_s, {{u"client_id"_s, kNobody}}).value(u"status"_s).toInt(), 404);
    QCOMPARE(command(*admin, u"getAllUidCount"_s).value(u"status"_s).toInt(), 200);

    const QJsonObject found = command(*admin, u"getAuditLog"_s, {{u"since"_s, since.toString(Qt::ISODateWithMs)}});
    QCOMPARE(found.value(u"status"_s).toInt(), 200);
    QStringList lines;
    for (const QJsonValue &v : found.value(u"result"_s).toObject().value(u"entries"_s).toArray()) {
        const QJsonObject e = v.toObject();
        lines.append(u"%1 %2 %3 %4 %5 %6"_s.arg(e.value(u"who"_s).toString(), e.value(u"door"_s).toString(),
                                                e.value(u"from"_s).toString(), e.value(u"command"_s).toString(),
                                                e.value(u"args"_s).toString())
                         .arg(e.value(u"status"_s).toInt()));
    }
    QCOMPARE(lines, (QStringList{
                        u"admin admin 127.0.0.1 closeClient client_id=\"%1\" 404"_s.arg(kNobody),
                        u"default text 127.0.0.1 ungroup group=\"g-audit\" 200"_s,
                        u"default http 127.0.0.1 sendToAll message=\"the audited message, lon…\" 200"_s,
                    }));
    // Written to audit.log in the data directory, a moment later.
    const auto written = [this] {
        QFile file(m_server->dataDir() + u"/audit.log"_s);
        return file.open(QIODevice::ReadOnly) && file.readAll().contains("g-audit");
    };
    QTRY_VERIFY(written());
    // Searching is for full keys and the full admin token.
    const QString read = createKey(u"auditor"_s, u"read"_s);
    QCOMPARE(apiWith(read, u"getAuditLog"_s).status, 403);
    QCOMPARE(call(u"getAuditLog"_s, {{u"who"_s, u"admin"_s}, {u"limit"_s, 1}}).value(u"entries"_s).toArray().size(), 1);
    QCOMPARE(call(u"revokeApiKey"_s, {{u"name"_s, u"auditor"_s}}).value(u"ok"_s).toBool(), true);
}

void TestSecurity::failedLoginsAreSlowedPerAddress_data()
{
    QTest::addColumn<QString>("door");
    QTest::addColumn<QString>("slowed");
    QTest::addColumn<QString>("other");
    QTest::newRow("http") << u"http"_s << u"127.0.0.11"_s << u"127.0.0.12"_s;
    QTest::newRow("text") << u"text"_s << u"127.0.0.21"_s << u"127.0.0.22"_s;
    QTest::newRow("admin") << u"admin"_s << u"127.0.0.31"_s << u"127.0.0.32"_s;
}

// Past five wrong keys (or tokens) in a row from one address, the next is answered a second later at
// the earliest; another address is answered at once meanwhile; each failure is counted by door.
void TestSecurity::failedLoginsAreSlowedPerAddress()
{
    QFETCH(QString, door);
    QFETCH(QString, slowed);
    QFETCH(QString, other);
    const QString sample = u"herald_auth_failures_total{door=\"%1\",delayed=\"%2\"}"_s;
    const qint64 delayedBefore = m_server->metric(sample.arg(door, u"true"_s));
    const qint64 atOnceBefore = m_server->metric(sample.arg(door, u"false"_s));
    for (int i = 0; i < 5; ++i) {
        const qint64 ms = failedLogin(door, slowed);
        QVERIFY2(ms >= 0 && ms < 800, qPrintable(u"failure %1 answered after %2 ms"_s.arg(i + 1).arg(ms)));
    }
    const qint64 sixth = failedLogin(door, slowed);
    QVERIFY2(sixth >= 900, qPrintable(u"the sixth failure answered after %1 ms"_s.arg(sixth)));
    const qint64 elsewhere = failedLogin(door, other);
    QVERIFY2(elsewhere >= 0 && elsewhere < 800, qPrintable(u"another address answered after %1 ms"_s.arg(elsewhere)));
    QCOMPARE(m_server->metric(sample.arg(door, u"true"_s)) - qMax<qint64>(delayedBefore, 0), 1);
    QCOMPARE(m_server->metric(sample.arg(door, u"false"_s)) - qMax<qint64>(atOnceBefore, 0), 6);
}

qint64 TestSecurity::failedLogin(const QString &door, const QString &source)
{
    QTcpSocket socket;
    if (!socket.bind(QHostAddress(source), 0))
        return -1;
    socket.connectToHost(QHostAddress::LocalHost, door == u"text" ? m_server->textPort() : m_server->apiPort());
    if (!socket.waitForConnected(5000))
        return -1;
    QByteArray request, answer;
    if (door == u"http")
        request = "POST /api/getAllClientIdCount HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong-key\r\n"
                  "Content-Length: 2\r\n\r\n{}";
    else if (door == u"text")
        request = R"({"cmd":"auth","key":"wrong-key"})" "\n";
    else
        request = "GET /admin HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  "Authorization: Bearer wrong-token\r\n\r\n";
    const QByteArray refusal = door == u"http" ? "HTTP/1.1 401" : door == u"text" ? "2002" : "wrong admin token";
    QElapsedTimer clock;
    clock.start();
    socket.write(request);
    const bool answered = QTest::qWaitFor([&] {
        answer += socket.readAll();
        return answer.contains(refusal);
    }, 5000);
    return answered ? clock.elapsed() : -1;
}

QTEST_MAIN(TestSecurity)
#include "tst_security.moc"
