// The inner text port as backends use it (docs/api.md): authenticate once, then one JSON command per
// line and one JSON reply per line, the same commands and replies as the HTTP API; malformed lines get
// an error line and the connection stays usable; a line over max-request-size closes the connection.
#include "rawclient.h"
#include "servertestcase.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include "testjson.h"

#include <QTest>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxLine = 1024; // --max-request-size: the longest line the port reads
// A second server for the door limits: 1000 ms to authenticate, 3 s of silence, 64 KiB of unread answers.
const QStringList kLimitedFlags{u"--handshake-timeout"_s, u"1000"_s, u"--idle-timeout"_s, u"3"_s,
                                u"--max-send-buffer"_s, u"65536"_s, u"--ping-interval"_s, u"0"_s};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The error code of a reply line, or -1 when the line is not {"error":{"code":…,"message":"…"}} (plus an id).
int errorCode(QJsonObject reply)
{
    reply.remove(u"id"_s);
    const QJsonObject error = reply.value(u"error").toObject();
    if (reply.size() != 1 || error.size() != 2 || error.value(u"message").toString().isEmpty())
        return -1;
    return error.value(u"code").toInt(-1);
}

// A JSON command line padded with spaces (valid JSON) to exactly `size` bytes.
QByteArray padded(const QJsonObject &command, qint64 size)
{
    QByteArray line = compact(command);
    line.append(QByteArray(size - line.size(), ' '));
    return line;
}

} // namespace

class TestTextPort final : public ServerTestCase
{
    Q_OBJECT

public:
    TestTextPort() : ServerTestCase({u"--max-request-size"_s, QString::number(kMaxLine), u"--ping-interval"_s, u"0"_s}) {}

private slots:
    void authenticationComesFirst_data();
    void authenticationComesFirst();
    void wrongKeyIsNotLogged();
    void repliesEqualTheHttpApi_data();
    void repliesEqualTheHttpApi();
    void commandsTakeEffect();
    void idIsEchoed_data();
    void idIsEchoed();
    void malformedLineKeepsTheConnection_data();
    void malformedLineKeepsTheConnection();
    void blankLinesAndCrLf();
    void pipelinedCommandsAnswerInOrder();
    void oversizedLineClosesTheConnection_data();
    void oversizedLineClosesTheConnection();
    void errorsAreLogged();
    void repeatedWrongKeysAreSlowed();
    void unreadRepliesCloseTheConnection();
    void silentConnectionsAreClosed();

private:
    std::unique_ptr<TextClient> open(bool authenticate = true);
    QJsonObject send(TextClient &text, const QByteArray &line);
    QJsonObject resolve(const QJsonObject &args) const;
    ServerProcess *limitedServer();

    std::unique_ptr<ServerProcess> m_limited; // short door timeouts and a small reply cap
};

std::unique_ptr<TextClient> TestTextPort::open(bool authenticate)
{
    auto text = std::make_unique<TextClient>();
    if (!text->open(m_server->textPort()))
        return nullptr;
    if (authenticate && text->call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}) != kOk)
        return nullptr;
    return text;
}

QJsonObject TestTextPort::send(TextClient &text, const QByteArray &line)
{
    text.writeLine(line);
    return QJsonDocument::fromJson(text.readLine()).object();
}

// "$0", "$1", … in argument values stand for the id of that connected client.
QJsonObject TestTextPort::resolve(const QJsonObject &args) const
{
    QJsonObject out = args;
    for (auto it = out.begin(); it != out.end(); ++it) {
        const QString v = it.value().toString();
        if (v.startsWith(u'$') && v.mid(1).toUInt() < m_clients.size())
            it.value() = m_clients[v.mid(1).toUInt()]->clientId;
    }
    return out;
}

void TestTextPort::authenticationComesFirst_data()
{
    QTest::addColumn<QByteArray>("first"); // KEY is the API key
    QTest::addColumn<int>("code");

    QTest::newRow("a command before auth") << R"({"cmd":"getAllClientIdCount"})"_ba << int(ApiCode::NotAuthenticated);
    QTest::newRow("a sending command before auth") << R"({"cmd":"sendToAll","message":"x"})"_ba
                                                   << int(ApiCode::NotAuthenticated);
    QTest::newRow("an unknown command before auth") << R"({"cmd":"nosuch"})"_ba << int(ApiCode::NotAuthenticated);
    QTest::newRow("wrong key") << R"({"cmd":"auth","key":"KEYx"})"_ba << int(ApiCode::Unauthorized);
    QTest::newRow("no key") << R"({"cmd":"auth"})"_ba << int(ApiCode::Unauthorized);
    QTest::newRow("empty key") << R"({"cmd":"auth","key":""})"_ba << int(ApiCode::Unauthorized);
    QTest::newRow("key of the wrong type") << R"({"cmd":"auth","key":123})"_ba << int(ApiCode::Unauthorized);
    QTest::newRow("key under another name") << R"({"cmd":"auth","token":"KEY"})"_ba << int(ApiCode::Unauthorized);
}

void TestTextPort::authenticationComesFirst()
{
    QFETCH(QByteArray, first);
    QFETCH(int, code);
    std::unique_ptr<TextClient> text = open(false);
    QVERIFY(text);
    ChatClient *witness = connectClient(u"witness"_s);
    QVERIFY(witness);

    QCOMPARE(errorCode(send(*text, first.replace("KEY", m_server->apiKey().toUtf8()))), code);
    // Still refused, still connected; then a good auth opens every command.
    QCOMPARE(errorCode(send(*text, R"({"cmd":"getAllClientIdCount"})")), int(ApiCode::NotAuthenticated));
    QCOMPARE(text->call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), kOk);
    QCOMPARE(text->call({{u"cmd"_s, u"getAllClientIdCount"_s}}), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
    // Nothing refused was carried out.
    QCOMPARE(text->call({{u"cmd"_s, u"sendToAll"_s}, {u"message"_s, u"after auth"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QTRY_VERIFY(witness->ws.raw().contains(u"after auth"_s));
    QCOMPARE(witness->ws.raw().count(u"x"_s), 0);
}

void TestTextPort::wrongKeyIsNotLogged()
{
    const QString wrong = u"wrong-text-key-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    std::unique_ptr<TextClient> text = open(false);
    QVERIFY(text);
    QCOMPARE(errorCode(text->call({{u"cmd"_s, u"auth"_s}, {u"key"_s, wrong}})), int(ApiCode::Unauthorized));
    QTRY_VERIFY(m_server->log().contains(u"401 for auth"_s));
    QVERIFY(!m_server->log().contains(wrong));
}

void TestTextPort::repliesEqualTheHttpApi_data()
{
    // Two clients logged into "lobby"; $0 is bound to uid u0 and in group g. "$n" is client n's id.
    QTest::addColumn<QString>("command");
    QTest::addColumn<QJsonObject>("args");

    const QString cid = u"client_id"_s;
    const auto row = [](const char *name, const QString &command, const QJsonObject &args = {}) {
        QTest::newRow(name) << command << args;
    };
    row("isOnline", u"isOnline"_s, {{cid, u"$1"_s}});
    row("isUidOnline", u"isUidOnline"_s, {{u"uid"_s, u"u0"_s}});
    row("getAllClientIdCount", u"getAllClientIdCount"_s);
    row("getAllClientIdList", u"getAllClientIdList"_s);
    row("getAllUidList", u"getAllUidList"_s);
    row("getAllGroupIdList", u"getAllGroupIdList"_s);
    row("getClientIdListByGroup", u"getClientIdListByGroup"_s, {{u"group"_s, u"lobby"_s}});
    row("getUidCountByGroup", u"getUidCountByGroup"_s, {{u"group"_s, u"g"_s}});
    row("getClientIdByUid", u"getClientIdByUid"_s, {{u"uid"_s, u"u0"_s}});
    row("getUidByClientId", u"getUidByClientId"_s, {{cid, u"$0"_s}});
    row("getSession", u"getSession"_s, {{cid, u"$1"_s}});
    row("sendToClient", u"sendToClient"_s, {{cid, u"$1"_s}, {u"message"_s, u"hi"_s}});
    row("sendToGroup", u"sendToGroup"_s, {{u"group"_s, u"lobby"_s}, {u"message"_s, u"hi"_s}, {u"exclude"_s, u"$0"_s}});
    row("bindUid", u"bindUid"_s, {{cid, u"$1"_s}, {u"uid"_s, u"u1"_s}});
    row("updateSession", u"updateSession"_s, {{cid, u"$1"_s}, {u"session"_s, QJsonObject{{u"k"_s, 1}}}});
    row("unknown command", u"sendToMars"_s);
    row("missing argument", u"sendToUid"_s, {{u"message"_s, u"hi"_s}});
    row("wrong type", u"sendToAll"_s, {{u"message"_s, 42}});
    row("empty argument", u"joinGroup"_s, {{cid, u"$0"_s}, {u"group"_s, u""_s}});
    row("client not online", u"getSession"_s, {{cid, u"00000000000000000000"_s}});
}

void TestTextPort::repliesEqualTheHttpApi()
{
    QFETCH(QString, command);
    QFETCH(QJsonObject, args);
    QVERIFY(connectClient(u"zero"_s) && connectClient(u"one"_s));
    std::unique_ptr<TextClient> text = open();
    QVERIFY(text);
    QCOMPARE(text->call({{u"cmd"_s, u"bindUid"_s}, {u"client_id"_s, m_clients[0]->clientId}, {u"uid"_s, u"u0"_s}}), kOk);
    QCOMPARE(text->call({{u"cmd"_s, u"joinGroup"_s}, {u"client_id"_s, m_clients[0]->clientId}, {u"group"_s, u"g"_s}}), kOk);
    args = resolve(args);

    const HttpReply http = m_http->command(m_server->apiUrl(), command, args, m_server->apiKey().toUtf8());
    QJsonObject line = args;
    line.insert(u"cmd"_s, command);
    const QJsonObject reply = text->call(line);
    QVERIFY2(!reply.isEmpty(), "no reply line");
    QCOMPARE(reply, http.json());
}

void TestTextPort::commandsTakeEffect()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);
    std::unique_ptr<TextClient> text = open();
    QVERIFY(text);
    const auto call = [&](const char *cmd, QJsonObject args) {
        args.insert(u"cmd"_s, QLatin1String(cmd));
        return text->call(args);
    };

    QCOMPARE(call("bindUid", {{u"client_id"_s, a->clientId}, {u"uid"_s, u"user-a"_s}}), kOk);
    const QJsonObject message{{u"type"_s, u"notice"_s}, {u"n"_s, 1}};
    QCOMPARE(call("sendToUid", {{u"uid"_s, u"user-a"_s}, {u"message"_s, message}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}, {u"online"_s, true}}));
    QTRY_VERIFY(a->ws.raw().contains(uR"({"n":1,"type":"notice"})"_s));
    QCOMPARE(call("sendToAll", {{u"message"_s, u"to all, except a"_s}, {u"exclude"_s, QJsonArray{a->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QTRY_VERIFY(b->ws.raw().contains(u"to all, except a"_s));
    QCOMPARE(call("closeClient", {{u"client_id"_s, a->clientId}, {u"message"_s, u"bye"_s}}), kOk);
    QVERIFY(a->ws.waitClosed());
    QCOMPARE(a->ws.raw().last(), u"bye"_s);
    QCOMPARE(a->ws.raw().count(u"to all, except a"_s), 0);
    QCOMPARE(call("isUidOnline", {{u"uid"_s, u"user-a"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
}

void TestTextPort::idIsEchoed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("authenticated");
    QTest::addColumn<QJsonObject>("expected"); // without the id

    const QJsonObject count{{u"ok"_s, true}, {u"count"_s, 0}};
    QTest::newRow("number id") << R"({"id":7,"cmd":"getAllClientIdCount"})"_ba << true << count;
    QTest::newRow("string id") << R"({"cmd":"getAllClientIdCount","id":"req-1"})"_ba << true << count;
    QTest::newRow("object id") << R"({"cmd":"getAllClientIdCount","id":{"n":[1]}})"_ba << true << count;
    QTest::newRow("null id") << R"({"cmd":"getAllClientIdCount","id":null})"_ba << true << count;
    QTest::newRow("id on an error") << R"({"cmd":"isOnline","id":8})"_ba << true << QJsonObject();
    QTest::newRow("id on an unknown command") << R"({"cmd":"nosuch","id":9})"_ba << true << QJsonObject();
    QTest::newRow("id without a command") << R"({"id":10})"_ba << true << QJsonObject();
    QTest::newRow("id before auth") << R"({"cmd":"getAllClientIdCount","id":11})"_ba << false << QJsonObject();
    QTest::newRow("id on auth") << uR"({"cmd":"auth","key":"KEY","id":"a"})"_s.toUtf8() << false << kOk;
}

void TestTextPort::idIsEchoed()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, authenticated);
    QFETCH(QJsonObject, expected);
    std::unique_ptr<TextClient> text = open(authenticated);
    QVERIFY(text);

    const QJsonObject sent = QJsonDocument::fromJson(line).object();
    QJsonObject reply = send(*text, line.replace("KEY", m_server->apiKey().toUtf8()));
    QVERIFY2(reply.contains(u"id"_s), compact(reply).constData());
    QCOMPARE(reply.take(u"id"_s), sent.value(u"id"));
    if (expected.isEmpty())
        QVERIFY2(errorCode(reply) > 0, compact(reply).constData());
    else
        QCOMPARE(reply, expected);
    // Without an id, none comes back.
    QVERIFY(!send(*text, R"({"cmd":"nosuch"})").contains(u"id"_s));
}

void TestTextPort::malformedLineKeepsTheConnection_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("code");

    QTest::newRow("not JSON") << "hello"_ba << int(ApiCode::BadRequest);
    QTest::newRow("truncated JSON") << R"({"cmd":"isOnline","client_id":)"_ba << int(ApiCode::BadRequest);
    QTest::newRow("a JSON array") << R"(["getAllClientIdCount"])"_ba << int(ApiCode::BadRequest);
    QTest::newRow("a JSON string") << R"("getAllClientIdCount")"_ba << int(ApiCode::BadRequest);
    QTest::newRow("a JSON number") << "42"_ba << int(ApiCode::BadRequest);
    QTest::newRow("binary garbage") << "\x01\x02\xff\xfe"_ba << int(ApiCode::BadRequest);
    QTest::newRow("no cmd") << R"({"client_id":"x"})"_ba << int(ApiCode::MissingField);
    QTest::newRow("a Workerman push line, legacy-text-push off") << R"({"uid":"uid1","percent":"88%"})"_ba
                                                                  << int(ApiCode::MissingField);
    QTest::newRow("cmd not a string") << R"({"cmd":5})"_ba << int(ApiCode::MissingField);
    QTest::newRow("unknown cmd") << R"({"cmd":"nosuch"})"_ba << int(ApiCode::UnknownCommand);
    QTest::newRow("missing argument") << R"({"cmd":"bindUid","client_id":"x"})"_ba << int(ApiCode::MissingField);
    QTest::newRow("wrong argument type") << R"({"cmd":"setSession","client_id":"x","session":1})"_ba
                                         << int(ApiCode::WrongFieldType);
    QTest::newRow("client not online") << R"({"cmd":"closeClient","client_id":"00000000000000000000"})"_ba
                                       << int(ApiCode::NoSuchClient);
}

void TestTextPort::malformedLineKeepsTheConnection()
{
    QFETCH(QByteArray, line);
    QFETCH(int, code);
    std::unique_ptr<TextClient> text = open();
    QVERIFY(text);

    QCOMPARE(errorCode(send(*text, line)), code);
    QCOMPARE(text->socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(text->call({{u"cmd"_s, u"getAllClientIdCount"_s}}), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

void TestTextPort::blankLinesAndCrLf()
{
    std::unique_ptr<TextClient> text = open();
    QVERIFY(text);
    // Blank lines get no reply; CRLF ends a line as LF does.
    text->socket().write("\n \r\n{\"cmd\":\"getAllUidCount\",\"id\":1}\r\n\n{\"cmd\":\"getAllGroupCount\",\"id\":2}\n");
    QCOMPARE(QJsonDocument::fromJson(text->readLine()).object(),
             (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}, {u"id"_s, 1}}));
    QCOMPARE(QJsonDocument::fromJson(text->readLine()).object(),
             (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}, {u"id"_s, 2}}));
    QCOMPARE(text->socket().bytesAvailable(), 0);
    // A line split across writes is read once whole.
    text->socket().write(R"({"cmd":"getAll)");
    text->socket().flush();
    text->socket().write("ClientIdCount\",\"id\":3}\n");
    QCOMPARE(QJsonDocument::fromJson(text->readLine()).object(),
             (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}, {u"id"_s, 3}}));
}

void TestTextPort::pipelinedCommandsAnswerInOrder()
{
    ChatClient *a = connectClient(u"a"_s);
    QVERIFY(a);
    std::unique_ptr<TextClient> text = open();
    QVERIFY(text);
    constexpr int kCommands = 50;
    QByteArray batch;
    for (int i = 0; i < kCommands; ++i)
        batch += compact({{u"cmd"_s, u"sendToClient"_s}, {u"client_id"_s, a->clientId},
                          {u"message"_s, u"n%1"_s.arg(i)}, {u"id"_s, i}}) + '\n';
    text->socket().write(batch);

    for (int i = 0; i < kCommands; ++i)
        QCOMPARE(QJsonDocument::fromJson(text->readLine()).object(),
                 (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}, {u"id"_s, i}}));
    QTRY_COMPARE(a->ws.raw().size(), 1 + kCommands); // its own login, then the messages in order
    for (int i = 0; i < kCommands; ++i)
        QCOMPARE(a->ws.raw().at(1 + i), u"n%1"_s.arg(i));
}

void TestTextPort::oversizedLineClosesTheConnection_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("goodReplies"); // replies to good lines before the error

    const QJsonObject count{{u"cmd"_s, u"getAllClientIdCount"_s}};
    QTest::newRow("a complete line one byte over") << padded(count, kMaxLine + 1) + '\n' << 0;
    QTest::newRow("a line without end, over the limit") << QByteArray(kMaxLine * 3, 'x') << 0;
    QTest::newRow("a megabyte line") << padded(count, 1024 * 1024) + '\n' << 0;
    QTest::newRow("a good line, then one over") << compact(count) + '\n' + padded(count, kMaxLine * 2) + '\n' << 1;
    QTest::newRow("a good line at the limit, then one over")
        << padded(count, kMaxLine) + '\n' + QByteArray(kMaxLine + 1, '{') << 1;
}

void TestTextPort::oversizedLineClosesTheConnection()
{
    QFETCH(QByteArray, data);
    QFETCH(int, goodReplies);
    std::unique_ptr<TextClient> text = open();
    QVERIFY(text);

    text->socket().write(data);
    for (int i = 0; i < goodReplies; ++i)
        QCOMPARE(QJsonDocument::fromJson(text->readLine()).object(), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
    QCOMPARE(errorCode(QJsonDocument::fromJson(text->readLine()).object()), int(ApiCode::TooLarge));
    QVERIFY(text->socket().state() == QAbstractSocket::UnconnectedState || text->socket().waitForDisconnected(5000));
    // The port itself is fine.
    std::unique_ptr<TextClient> next = open();
    QVERIFY(next);
    QCOMPARE(next->call({{u"cmd"_s, u"getAllClientIdCount"_s}}), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

ServerProcess *TestTextPort::limitedServer()
{
    if (!m_limited)
        m_limited = ServerProcess::started(kLimitedFlags);
    return m_limited.get();
}


// Every error line is logged with its status, command and address (the first of a kind in full, the
// rest of that kind in a summary line every 10 s).
void TestTextPort::errorsAreLogged()
{
    std::unique_ptr<TextClient> text = open(false);
    QVERIFY(text);
    QCOMPARE(errorCode(send(*text, "not json")), int(ApiCode::BadRequest));
    QCOMPARE(errorCode(send(*text, R"({"cmd":"getAllClientIdCount"})")), int(ApiCode::NotAuthenticated));
    QTRY_VERIFY(m_server->log().contains(u"400 for unknown from 127.0.0.1: "_s));
    QVERIFY(m_server->log().contains(QRegularExpression(uR"(401 for \w+ from 127\.0\.0\.1: send \{"cmd":"auth")"_s)));
}

// Past a few wrong keys in a row from one address, each further one is answered a second after the
// previous one at the earliest, and the connection reads nothing meanwhile; the right key still works
// and starts the count again. The log has the first refusal and then a summary line.
void TestTextPort::repeatedWrongKeysAreSlowed()
{
    std::unique_ptr<TextClient> text = open(false);
    QVERIFY(text);
    const QJsonObject wrong{{u"cmd"_s, u"auth"_s}, {u"key"_s, u"wrong-key-of-the-throttle-test"_s}};
    QElapsedTimer clock;
    for (int i = 0; i < 5; ++i) {
        clock.start();
        QCOMPARE(errorCode(text->call(wrong)), int(ApiCode::Unauthorized));
        QVERIFY2(clock.elapsed() < 800, "the first failures are answered at once");
    }
    // The sixth waits; the command after it is answered after it, in order.
    clock.start();
    text->socket().write(compact(wrong) + '\n' + R"({"cmd":"getAllClientIdCount","id":"after"})" + '\n');
    QCOMPARE(errorCode(QJsonDocument::fromJson(text->readLine()).object()), int(ApiCode::Unauthorized));
    QVERIFY2(clock.elapsed() >= 900, qPrintable(u"answered after %1 ms"_s.arg(clock.elapsed())));
    const QJsonObject after = QJsonDocument::fromJson(text->readLine()).object();
    QCOMPARE(after.value(u"id"_s), u"after"_s);
    QCOMPARE(errorCode(after), int(ApiCode::NotAuthenticated));

    clock.start();
    QCOMPARE(text->call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), kOk);
    QCOMPARE(errorCode(text->call(wrong)), int(ApiCode::Unauthorized));
    QVERIFY2(clock.elapsed() < 800, "the right key starts the count again");

    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"more failed text-port logins from 127.0.0.1 in the last 10 s"_s), 15000);
    QVERIFY(!m_server->log().contains(u"wrong-key-of-the-throttle-test"_s));
}

// A peer that sends commands and does not read the replies is closed once max-send-buffer bytes of
// replies wait for it (38 MB of junk lines used to grow the server by 1.2 GB); the others are served.
void TestTextPort::unreadRepliesCloseTheConnection()
{
    ServerProcess *server = limitedServer();
    QVERIFY(server);
    QCOMPARE(server->metric(uR"(herald_door_closes_total{door="text",reason="reply_backlog"})"_s), 0);
    RawClient peer;
    QVERIFY(peer.connectTo(server->textPort(), u"127.0.0.1"_s, 4096));
    peer.stopReading(); // the replies pile up in the kernel, then in the server
    peer.write(compact({{u"cmd"_s, u"auth"_s}, {u"key"_s, server->apiKey()}}) + '\n');
    peer.flood(QByteArray("x\n").repeated(20000), 40); // each line answered by ~80 bytes
    QTRY_COMPARE_WITH_TIMEOUT(server->metric(uR"(herald_door_closes_total{door="text",reason="reply_backlog"})"_s), 1, 20000);
    QTRY_VERIFY(server->log().contains(u"bytes of replies unread (max-send-buffer 65536)"_s));

    TextClient next;
    QVERIFY(next.open(server->textPort()));
    QCOMPARE(next.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, server->apiKey()}}), kOk);
    QCOMPARE(next.call({{u"cmd"_s, u"getAllClientIdCount"_s}}), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

// A connection must authenticate within handshake-timeout (other lines do not extend that), and may
// then stay silent for idle-timeout seconds.
void TestTextPort::silentConnectionsAreClosed()
{
    ServerProcess *server = limitedServer(); // 1000 ms to authenticate, 3 s of silence
    QVERIFY(server);
    const QJsonObject auth{{u"cmd"_s, u"auth"_s}, {u"key"_s, server->apiKey()}};
    const QJsonObject count{{u"cmd"_s, u"getAllClientIdCount"_s}};
    const qint64 authClosesBefore = server->metric(uR"(herald_door_closes_total{door="text",reason="auth_timeout"})"_s);
    const qint64 idleClosesBefore = server->metric(uR"(herald_door_closes_total{door="text",reason="idle_timeout"})"_s);
    TextClient never, unauthenticated, idle, busy;
    for (TextClient *c : {&never, &unauthenticated, &idle, &busy})
        QVERIFY(c->open(server->textPort()));
    QCOMPARE(errorCode(unauthenticated.call(count)), int(ApiCode::NotAuthenticated));
    QCOMPARE(idle.call(auth), kOk);
    QCOMPARE(busy.call(auth), kOk);

    const QJsonObject timeout = QJsonDocument::fromJson(never.readLine(5000)).object();
    QCOMPARE(errorCode(timeout), int(ApiCode::NotAuthenticated));
    QVERIFY2(timeout.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"handshake-timeout"_s),
             compact(timeout).constData());
    QTRY_COMPARE(never.socket().state(), QAbstractSocket::UnconnectedState);
    unauthenticated.writeLine(compact(count)); // no auth, no more time
    QTRY_COMPARE_WITH_TIMEOUT(unauthenticated.socket().state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(busy.call(count), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}})); // its clock starts again
    QCOMPARE(idle.socket().state(), QAbstractSocket::ConnectedState);

    QTRY_COMPARE_WITH_TIMEOUT(idle.socket().state(), QAbstractSocket::UnconnectedState, 6000);
    QCOMPARE(busy.socket().state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE_WITH_TIMEOUT(busy.socket().state(), QAbstractSocket::UnconnectedState, 6000);

    QCOMPARE(server->metric(uR"(herald_door_closes_total{door="text",reason="auth_timeout"})"_s) - authClosesBefore, 2);
    QCOMPARE(server->metric(uR"(herald_door_closes_total{door="text",reason="idle_timeout"})"_s) - idleClosesBefore, 2);
    QVERIFY(server->log().contains(u"no auth within 1000 ms (handshake-timeout)"_s));
    QVERIFY(server->log().contains(u"silent for 3 s (idle-timeout)"_s));
}

QTEST_GUILESS_MAIN(TestTextPort)
#include "tst_textport.moc"
