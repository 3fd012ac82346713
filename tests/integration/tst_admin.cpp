// The admin channel as the console uses it (docs/admin-protocol.md, protocol 1): a WebSocket at /admin
// on the API port; a token in the Authorization header or the first message, never in the URL; a hello
// and a snapshot on connect; batched live events; stats every second; every hub command, refused to
// read-only sessions when it changes anything; and the tail of a room's traffic.
#include "rawclient.h"
#include "serverprocess.h"
#include "testclients.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRegularExpression>

#include "testjson.h"

#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

using Predicate = std::function<bool(const QJsonObject &)>;
const QJsonObject kOk{{u"ok"_s, true}};
// A second server for the door limits: 1000 ms to log in, 64 KiB of unread messages.
const QStringList kLimitedFlags{u"--handshake-timeout"_s, u"1000"_s, u"--max-send-buffer"_s, u"65536"_s,
                                u"--ping-interval"_s, u"0"_s};

// Every command of the hub, in the order the server lists them in its hello; true if it changes state.
const QList<QPair<QString, bool>> kCommands = {
    {u"sendToAll"_s, true}, {u"sendToClient"_s, true}, {u"sendToUid"_s, true}, {u"sendToGroup"_s, true},
    {u"bindUid"_s, true}, {u"unbindUid"_s, true}, {u"joinGroup"_s, true}, {u"leaveGroup"_s, true},
    {u"ungroup"_s, true}, {u"isOnline"_s, false}, {u"isUidOnline"_s, false}, {u"getAllClientIdCount"_s, false},
    {u"getAllClientIdList"_s, false}, {u"getAllUidCount"_s, false}, {u"getAllUidList"_s, false},
    {u"getAllGroupCount"_s, false}, {u"getAllGroupIdList"_s, false}, {u"getClientIdListByGroup"_s, false},
    {u"getClientIdCountByGroup"_s, false}, {u"getUidListByGroup"_s, false}, {u"getUidCountByGroup"_s, false},
    {u"getClientIdByUid"_s, false}, {u"getUidByClientId"_s, false}, {u"getSession"_s, false},
    {u"setSession"_s, true}, {u"updateSession"_s, true}, {u"closeClient"_s, true},
};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A "time" that is ISO 8601 UTC within a minute of now becomes "<time>", so whole messages compare
// at once; anything else stays and shows in the failure.
QJsonObject normalized(QJsonObject o, const QString &key = u"time"_s)
{
    const QDateTime t = QDateTime::fromString(o.value(key).toString(), Qt::ISODateWithMs);
    if (t.isValid() && t.timeSpec() == Qt::UTC && qAbs(t.secsTo(QDateTime::currentDateTimeUtc())) < 60)
        o.insert(key, u"<time>"_s);
    return o;
}

// The error code of {"type":"error","code":N,"message":"…"}, or -1 for anything else.
int errorCode(const QJsonObject &m)
{
    if (m.value(u"type") != u"error"_s || m.size() != 3 || m.value(u"message").toString().isEmpty())
        return -1;
    return m.value(u"code").toInt(-1);
}

// The error code of a command result {"type":"result","status":N,"result":{"error":{"code":…}}}.
QString resultError(const QJsonObject &m)
{
    const QJsonObject error = m.value(u"result").toObject().value(u"error").toObject();
    return u"%1 code %2"_s.arg(m.value(u"status").toInt()).arg(error.value(u"code").toInt());
}

int bytes(const QList<QString> &frames)
{
    int n = 0;
    for (const QString &f : frames)
        n += int(f.toUtf8().size());
    return n;
}

} // namespace

class TestAdmin final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void helloWithABearerHeader();
    void bearerSchemeInAnyCase_data();
    void bearerSchemeInAnyCase();
    void authWithTheFirstMessage_data();
    void authWithTheFirstMessage();
    void wrongTokenIsRefused_data();
    void wrongTokenIsRefused();
    void tokenInTheUrlIsNeverAccepted_data();
    void tokenInTheUrlIsNeverAccepted();
    void malformedMessages_data();
    void malformedMessages();
    void snapshotDescribesEveryClientAndRoom();
    void liveEvents();
    void eventsAreBatched();
    void statsEverySecond();
    void kickDisconnectsTheClient();
    void readOnlyRefusesEveryChange_data();
    void readOnlyRefusesEveryChange();
    void readOnlyMayRead_data();
    void readOnlyMayRead();
    void roomTail();
    void repeatedWrongTokensAreSlowed();
    void loginTimeoutIsHandshakeTimeout();
    void unreadMessagesCloseTheConsole();

private:
    std::unique_ptr<WsClient> openAdmin(const QString &token);
    QJsonObject command(WsClient &admin, const QString &cmd, const QJsonObject &args = {});
    QJsonObject request(WsClient &admin, QJsonObject message);
    QJsonObject api(const QString &cmd, const QJsonObject &args = {});
    ChatClient *connectClient(const QString &name, const QString &room);
    static QJsonObject waitFor(const WsClient &ws, const Predicate &matches, qsizetype from = 0);
    // Live events received so far, in order: of one client, or of one kind (either may be empty: all).
    static QList<QJsonObject> events(const WsClient &ws, const QString &clientId, const QString &kind = {});
    static bool receivedEvent(const WsClient &ws, const QJsonObject &expected);
    static QJsonObject event(const QString &kind, QJsonObject fields);
    static QByteArray eventLog(const WsClient &ws);
    QJsonObject fingerprint(ChatClient *client);
    ServerProcess *limitedServer();

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<ServerProcess> m_limited; // a short login timeout and a small cap on unread messages
    std::unique_ptr<HttpClient> m_http;
    std::vector<std::unique_ptr<ChatClient>> m_clients;
    int m_nextId = 0;
};

void TestAdmin::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringList{u"--ping-interval"_s, u"0"_s});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    QVERIFY(!m_server->adminToken().isEmpty() && !m_server->readonlyToken().isEmpty());
    QVERIFY(m_server->adminToken() != m_server->readonlyToken());
    m_http = std::make_unique<HttpClient>();
}

// Every test starts with no client connected.
void TestAdmin::cleanup()
{
    m_clients.clear();
    QTRY_COMPARE(api(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

// An admin connection authenticated through the header, once its snapshot has arrived.
std::unique_ptr<WsClient> TestAdmin::openAdmin(const QString &token)
{
    auto admin = std::make_unique<WsClient>();
    if (!admin->open(m_server->adminUrl(), 5000, token.toUtf8()))
        return nullptr;
    if (waitFor(*admin, [](const QJsonObject &m) { return m.value(u"type") == u"snapshot"_s; }).isEmpty())
        return nullptr;
    return admin;
}

// Sends a message with a fresh id and returns the reply carrying that id ({} on timeout).
QJsonObject TestAdmin::request(WsClient &admin, QJsonObject message)
{
    const int id = ++m_nextId;
    message.insert(u"id"_s, id);
    const qsizetype from = admin.messages().size();
    admin.sendJson(message);
    return waitFor(admin, [id](const QJsonObject &m) { return m.value(u"id") == QJsonValue(id); }, from);
}

QJsonObject TestAdmin::command(WsClient &admin, const QString &cmd, const QJsonObject &args)
{
    return request(admin, {{u"type"_s, u"command"_s}, {u"cmd"_s, cmd}, {u"args"_s, args}});
}

// The same command through the HTTP API: its JSON body (status 200) or {"status":N,…}.
QJsonObject TestAdmin::api(const QString &cmd, const QJsonObject &args)
{
    const HttpReply r = m_http->command(m_server->apiUrl(), cmd, args, m_server->apiKey().toUtf8());
    return r.status == 200 ? r.json() : QJsonObject{{u"status"_s, r.status}, {u"body"_s, QString::fromUtf8(r.body)}};
}

ChatClient *TestAdmin::connectClient(const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    if (!client->connectAndLogin(m_server->clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
}

QJsonObject TestAdmin::waitFor(const WsClient &ws, const Predicate &matches, qsizetype from)
{
    QJsonObject found;
    const bool arrived = QTest::qWaitFor([&] {
        for (qsizetype i = from; i < ws.messages().size(); ++i) {
            if (matches(ws.messages().at(i))) {
                found = ws.messages().at(i);
                return true;
            }
        }
        return false;
    }, 5000);
    if (!arrived)
        QTest::qFail("the admin message waited for did not come within 5 s", __FILE__, __LINE__);
    return found;
}

QList<QJsonObject> TestAdmin::events(const WsClient &ws, const QString &clientId, const QString &kind)
{
    QList<QJsonObject> out;
    bool live = false; // what comes before the snapshot happened before this connection
    for (const QJsonObject &m : ws.messages()) {
        live = live || m.value(u"type") == u"snapshot"_s;
        if (!live || m.value(u"type") != u"events"_s)
            continue;
        for (const QJsonValue &v : m.value(u"events").toArray()) {
            const QJsonObject e = v.toObject();
            const QString id = e.contains(u"client"_s) ? e.value(u"client").toObject().value(u"id").toString()
                                                      : e.value(u"client_id").toString();
            if ((kind.isEmpty() || e.value(u"event") == kind) && (clientId.isEmpty() || id == clientId))
                out.append(e);
        }
    }
    return out;
}

// An expected event: its fields plus its name and a placeholder time (see normalized()).
QJsonObject TestAdmin::event(const QString &kind, QJsonObject fields)
{
    fields.insert(u"event"_s, kind);
    fields.insert(u"time"_s, u"<time>"_s);
    return fields;
}

// Waits for an event equal to `expected` (times normalized, the connected client's too).
bool TestAdmin::receivedEvent(const WsClient &ws, const QJsonObject &expected)
{
    return QTest::qWaitFor([&] {
        for (const QJsonObject &e : events(ws, QString())) {
            QJsonObject n = normalized(e);
            if (n.contains(u"client"_s))
                n.insert(u"client"_s, normalized(n.value(u"client").toObject(), u"connected_at"_s));
            if (n == expected)
                return true;
        }
        return false;
    }, 5000);
}

QByteArray TestAdmin::eventLog(const WsClient &ws)
{
    QByteArray out = "events received:";
    for (const QJsonObject &e : events(ws, QString()))
        out += "\n  " + compact(e);
    return out;
}

// What a refused command could have changed about a client, read through the HTTP API; the frames
// the client has received are counted once a marker sent after the refusal has arrived.
QJsonObject TestAdmin::fingerprint(ChatClient *client)
{
    const QJsonObject id{{u"client_id"_s, client->clientId}};
    const QString marker = u"marker %1"_s.arg(++m_nextId);
    if (api(u"sendToClient"_s, {{u"client_id"_s, client->clientId}, {u"message"_s, marker}}).value(u"ok") == true
        && !QTest::qWaitFor([&] { return client->ws.raw().contains(marker); }, 5000))
        QTest::qFail("the marker did not reach the client within 5 s: its frames cannot be counted", __FILE__, __LINE__);
    return {{u"online"_s, api(u"isOnline"_s, id)},
            {u"uid"_s, api(u"getUidByClientId"_s, id)},
            {u"session"_s, api(u"getSession"_s, id)},
            {u"groups"_s, api(u"getAllGroupIdList"_s)},
            {u"frames besides markers"_s, int(std::count_if(client->ws.raw().begin(), client->ws.raw().end(),
                                                           [](const QString &f) { return !f.startsWith(u"marker "_s); }))}};
}

void TestAdmin::helloWithABearerHeader()
{
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl(), 5000, m_server->adminToken().toUtf8()));
    QTRY_VERIFY(!admin.ofType(u"snapshot"_s).isEmpty());
    QJsonArray commands;
    for (const auto &[name, changes] : kCommands)
        commands.append(name);
    for (const char *more : {"registerDevice", "unregisterDevice", "listDevices", "getDeviceCount",
                             "pushToUid", "pushToTokens", "pushToAll", "getApnsStatus"})
        commands.append(QLatin1String(more));
    QCOMPARE(admin.messages().first(), (QJsonObject{{u"type"_s, u"hello"_s}, {u"protocol"_s, 1},
                                                    {u"access"_s, u"full"_s}, {u"commands"_s, commands}}));
}

// RFC 7235 §2.1: the authentication scheme is case-insensitive.
void TestAdmin::bearerSchemeInAnyCase_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::newRow("bearer") << "bearer"_ba;
    QTest::newRow("BEARER") << "BEARER"_ba;
    QTest::newRow("bEaReR") << "bEaReR"_ba;
}

void TestAdmin::bearerSchemeInAnyCase()
{
    QFETCH(QByteArray, scheme);
    WsClient admin;
    QNetworkRequest request(m_server->adminUrl());
    request.setRawHeader("Authorization", scheme + ' ' + m_server->adminToken().toUtf8());
    admin.socket().open(request);
    const QJsonObject hello = admin.waitFor(u"hello"_s);
    QCOMPARE(hello.value(u"access"), u"full"_s);
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
}

void TestAdmin::authWithTheFirstMessage_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<QString>("access");
    QTest::newRow("full token") << false << u"full"_s;
    QTest::newRow("read-only token") << true << u"readonly"_s;
}

void TestAdmin::authWithTheFirstMessage()
{
    QFETCH(bool, readOnly);
    QFETCH(QString, access);
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl()));
    admin.sendJson({{u"type"_s, u"auth"_s}, {u"token"_s, readOnly ? m_server->readonlyToken() : m_server->adminToken()}});
    const QJsonObject hello = admin.waitFor(u"hello"_s);
    QCOMPARE(hello.value(u"access"), access);
    QCOMPARE(hello.value(u"protocol"), 1);
    QVERIFY(!admin.waitFor(u"snapshot"_s).isEmpty());
    QCOMPARE(command(admin, u"getAllClientIdCount"_s).value(u"result").toObject(),
             (QJsonObject{{u"ok"_s, true}, {u"count"_s, 0}}));
}

void TestAdmin::wrongTokenIsRefused_data()
{
    QTest::addColumn<bool>("inHeader");
    QTest::addColumn<QString>("token"); // FULL and READONLY stand for the real tokens

    QTest::newRow("header: wrong token") << true << u"not-the-token"_s;
    QTest::newRow("header: one character more") << true << u"FULLx"_s;
    QTest::newRow("header: the API key") << true << u"APIKEY"_s;
    QTest::newRow("message: wrong token") << false << u"not-the-token"_s;
    QTest::newRow("message: read-only token and a character more") << false << u"READONLY!"_s;
    QTest::newRow("message: empty token") << false << QString();
    QTest::newRow("message: the API key") << false << u"APIKEY"_s;
}

void TestAdmin::wrongTokenIsRefused()
{
    QFETCH(bool, inHeader);
    QFETCH(QString, token);
    token.replace(u"FULL"_s, m_server->adminToken())
        .replace(u"READONLY"_s, m_server->readonlyToken())
        .replace(u"APIKEY"_s, m_server->apiKey());
    WsClient admin;
    QVERIFY(admin.open(m_server->adminUrl(), 5000, inHeader ? token.toUtf8() : QByteArray()));
    if (!inHeader)
        admin.sendJson({{u"type"_s, u"auth"_s}, {u"token"_s, token}});

    QVERIFY(admin.waitClosed());
    QCOMPARE(admin.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(admin.messages().size(), 1);
    QCOMPARE(errorCode(admin.messages().first()), int(ApiCode::Unauthorized));
}

void TestAdmin::tokenInTheUrlIsNeverAccepted_data()
{
    QTest::addColumn<QString>("path"); // FULL stands for the full admin token

    QTest::newRow("?token=") << u"/admin?token=FULL"_s;
    QTest::newRow("?access_token=") << u"/admin?access_token=FULL"_s;
    QTest::newRow("?auth=") << u"/admin?auth=Bearer%20FULL"_s;
}

void TestAdmin::tokenInTheUrlIsNeverAccepted()
{
    QFETCH(QString, path);
    WsClient admin;
    QUrl url = m_server->adminUrl();
    const qsizetype q = path.indexOf(u'?');
    url.setQuery(path.mid(q + 1).replace(u"FULL"_s, m_server->adminToken()));
    QVERIFY(admin.open(url));

    // Connected but not authenticated: no hello, commands refused until a real auth.
    admin.sendJson({{u"type"_s, u"command"_s}, {u"cmd"_s, u"getAllClientIdCount"_s}, {u"id"_s, 1}});
    QTRY_COMPARE(admin.messages().size(), 1);
    QCOMPARE(errorCode(admin.messages().first()), int(ApiCode::NotAuthenticated));
    QVERIFY(admin.ofType(u"hello"_s).isEmpty());
    admin.sendJson({{u"type"_s, u"auth"_s}, {u"token"_s, m_server->adminToken()}});
    QCOMPARE(admin.waitFor(u"hello"_s).value(u"access"), u"full"_s);
}

void TestAdmin::malformedMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("expected"); // "code" only for errors; a whole reply otherwise

    QTest::newRow("not JSON") << u"hello"_s << QJsonObject{{u"code"_s, ApiCode::BadRequest}};
    QTest::newRow("a JSON array") << uR"([{"type":"ping"}])"_s << QJsonObject{{u"code"_s, ApiCode::BadRequest}};
    QTest::newRow("unknown type") << uR"({"type":"launch"})"_s << QJsonObject{{u"code"_s, ApiCode::UnknownCommand}};
    QTest::newRow("no type") << uR"({"cmd":"getAllClientIdCount"})"_s << QJsonObject{{u"code"_s, ApiCode::UnknownCommand}};
    QTest::newRow("ping") << uR"({"type":"ping","id":"p1"})"_s
                          << QJsonObject{{u"type"_s, u"pong"_s}, {u"id"_s, u"p1"_s}};
    QTest::newRow("unknown command") << uR"({"type":"command","id":"c1","cmd":"launch"})"_s
                                     << QJsonObject{{u"status"_s, 404}, {u"code"_s, ApiCode::UnknownCommand}};
    QTest::newRow("command without args") << uR"({"type":"command","id":"c2","cmd":"isOnline"})"_s
                                          << QJsonObject{{u"status"_s, 400}, {u"code"_s, ApiCode::MissingField}};
    QTest::newRow("subscribe without room") << uR"({"type":"subscribe","id":"s1"})"_s
                                            << QJsonObject{{u"status"_s, 400}, {u"code"_s, ApiCode::MissingField}};
}

void TestAdmin::malformedMessages()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, expected);
    std::unique_ptr<WsClient> admin = openAdmin(m_server->adminToken());
    QVERIFY(admin);
    const qsizetype from = admin->messages().size();
    admin->sendText(text);

    const QJsonObject reply = waitFor(*admin, [](const QJsonObject &m) { return m.value(u"type") != u"stats"_s; }, from);
    if (expected.contains(u"status"_s))
        QCOMPARE(resultError(reply), u"%1 code %2"_s.arg(expected.value(u"status").toInt()).arg(expected.value(u"code").toInt()));
    else if (expected.contains(u"code"_s))
        QCOMPARE(errorCode(reply), expected.value(u"code").toInt());
    else
        QCOMPARE(reply, expected);
    // The session goes on.
    QCOMPARE(command(*admin, u"getAllClientIdCount"_s).value(u"status"), 200);
}

void TestAdmin::snapshotDescribesEveryClientAndRoom()
{
    ChatClient *alice = connectClient(u"alice"_s, u"r1"_s);
    ChatClient *bob = connectClient(u"<bob>"_s, u"r1"_s);
    ChatClient *carol = connectClient(u"carol"_s, u"r2"_s);
    QVERIFY(alice && bob && carol);
    QCOMPARE(api(u"bindUid"_s, {{u"client_id"_s, alice->clientId}, {u"uid"_s, u"u-alice"_s}}), kOk);
    QCOMPARE(api(u"joinGroup"_s, {{u"client_id"_s, alice->clientId}, {u"group"_s, u"extra"_s}}), kOk);
    QTRY_COMPARE(alice->ws.raw().size(), 2); // its own login, then bob's

    std::unique_ptr<WsClient> admin = openAdmin(m_server->readonlyToken());
    QVERIFY(admin);
    const QJsonObject snapshot = admin->ofType(u"snapshot"_s).first();
    QCOMPARE(QStringList(snapshot.keys()), (QStringList{u"clients"_s, u"rooms"_s, u"server"_s, u"stats"_s, u"type"_s}));

    const QJsonObject server = snapshot.value(u"server").toObject();
    QVERIFY(!server.value(u"version").toString().isEmpty());
    QVERIFY2(QRegularExpression(u"^[0-9a-f]{8}$"_s).match(server.value(u"node_id").toString()).hasMatch(),
             compact(server).constData());
    QVERIFY(server.value(u"uptime_s").toInteger(-1) >= 0);
    QVERIFY(!server.value(u"event_dispatcher").toString().contains(u"Glib"_s));
    const QJsonArray listen = server.value(u"listen").toArray();
    for (const QString &address : {u"clients ws://127.0.0.1:%1/"_s.arg(m_server->clientPort()),
                                   u"api http://127.0.0.1:%1/"_s.arg(m_server->apiPort()),
                                   u"admin ws://127.0.0.1:%1/admin"_s.arg(m_server->apiPort()),
                                   u"text 127.0.0.1:%1"_s.arg(m_server->textPort())})
        QVERIFY2(listen.contains(address), qPrintable(address));

    // What the snapshot must say of a client: its login frame was its only message in, and everything
    // it has received so far was counted out.
    const auto describe = [](ChatClient *c, const QString &sentName, const QString &shownName, const QString &room,
                             const QString &uid, const QStringList &rooms) {
        const QByteArray login = compact({{u"type"_s, u"login"_s}, {u"client_name"_s, sentName}, {u"room_id"_s, room}});
        return QJsonObject{{u"id"_s, c->clientId}, {u"name"_s, shownName}, {u"uid"_s, uid},
                           {u"rooms"_s, QJsonArray::fromStringList(rooms)}, {u"address"_s, u"127.0.0.1"_s},
                           {u"port"_s, int(c->ws.socket().localPort())}, {u"connected_at"_s, u"<time>"_s},
                           {u"messages_in"_s, 1}, {u"bytes_in"_s, int(login.size())},
                           {u"messages_out"_s, int(c->ws.raw().size())}, {u"bytes_out"_s, bytes(c->ws.raw())}};
    };
    QHash<QString, QJsonObject> clients;
    for (const QJsonValue &v : snapshot.value(u"clients").toArray())
        clients.insert(v.toObject().value(u"id").toString(), normalized(v.toObject(), u"connected_at"_s));
    QCOMPARE(clients.size(), 3);
    QCOMPARE(clients.value(alice->clientId), describe(alice, u"alice"_s, u"alice"_s, u"r1"_s, u"u-alice"_s, {u"extra"_s, u"r1"_s}));
    QCOMPARE(clients.value(bob->clientId), describe(bob, u"<bob>"_s, u"&lt;bob&gt;"_s, u"r1"_s, QString(), {u"r1"_s}));
    QCOMPARE(clients.value(carol->clientId), describe(carol, u"carol"_s, u"carol"_s, u"r2"_s, QString(), {u"r2"_s}));

    QCOMPARE(snapshot.value(u"rooms").toArray(),
             (QJsonArray{QJsonObject{{u"room"_s, u"extra"_s}, {u"members"_s, 1}},
                         QJsonObject{{u"room"_s, u"r1"_s}, {u"members"_s, 2}},
                         QJsonObject{{u"room"_s, u"r2"_s}, {u"members"_s, 1}}}));
    const QJsonObject stats = normalized(snapshot.value(u"stats").toObject());
    QCOMPARE(stats.value(u"time"), u"<time>"_s);
    QCOMPARE(stats.value(u"connections"), 3);
    QCOMPARE(stats.value(u"rooms"), 3);
    QCOMPARE(stats.value(u"uids"), 1);
    QVERIFY(stats.value(u"logins").toInt() >= 3);
}

void TestAdmin::liveEvents()
{
    std::unique_ptr<WsClient> admin = openAdmin(m_server->adminToken());
    QVERIFY(admin);
    ChatClient *a = connectClient(u"alice"_s, u"r1"_s);
    ChatClient *b = connectClient(u"bob"_s, u"r1"_s);
    QVERIFY(a && b);
    const QString id = a->clientId;
    const auto ok = [&](const QString &cmd, const QJsonObject &args) { return command(*admin, cmd, args).value(u"status") == 200; };

    QVERIFY2(receivedEvent(*admin, event(u"connect"_s, {{u"client"_s, QJsonObject{
                 {u"id"_s, id}, {u"name"_s, u""_s}, {u"uid"_s, u""_s}, {u"rooms"_s, QJsonArray()},
                 {u"address"_s, u"127.0.0.1"_s}, {u"port"_s, int(a->ws.socket().localPort())},
                 {u"connected_at"_s, u"<time>"_s}, {u"messages_in"_s, 0}, {u"bytes_in"_s, 0},
                 {u"messages_out"_s, 0}, {u"bytes_out"_s, 0}}}})),
             eventLog(*admin));
    QVERIFY2(receivedEvent(*admin, event(u"session"_s, {{u"client_id"_s, id}, {u"session"_s, QJsonObject{
                 {u"client_name"_s, u"alice"_s}, {u"room_id"_s, u"r1"_s}}}})), eventLog(*admin));
    QVERIFY2(receivedEvent(*admin, event(u"join"_s, {{u"client_id"_s, id}, {u"room"_s, u"r1"_s}})), eventLog(*admin));
    QVERIFY2(receivedEvent(*admin, event(u"login"_s, {{u"client_id"_s, id}, {u"name"_s, u"alice"_s}, {u"room"_s, u"r1"_s}})),
             eventLog(*admin));

    QVERIFY(ok(u"bindUid"_s, {{u"client_id"_s, id}, {u"uid"_s, u"u1"_s}}));
    QVERIFY2(receivedEvent(*admin, event(u"bind"_s, {{u"client_id"_s, id}, {u"uid"_s, u"u1"_s}})), eventLog(*admin));
    QVERIFY(ok(u"unbindUid"_s, {{u"client_id"_s, id}}));
    QVERIFY2(receivedEvent(*admin, event(u"unbind"_s, {{u"client_id"_s, id}, {u"uid"_s, u"u1"_s}})), eventLog(*admin));
    QVERIFY(ok(u"joinGroup"_s, {{u"client_id"_s, id}, {u"group"_s, u"extra"_s}}));
    QVERIFY2(receivedEvent(*admin, event(u"join"_s, {{u"client_id"_s, id}, {u"room"_s, u"extra"_s}})), eventLog(*admin));
    QVERIFY(ok(u"leaveGroup"_s, {{u"client_id"_s, id}, {u"group"_s, u"extra"_s}}));
    QVERIFY2(receivedEvent(*admin, event(u"leave"_s, {{u"client_id"_s, id}, {u"room"_s, u"extra"_s}})), eventLog(*admin));
    QVERIFY(ok(u"updateSession"_s, {{u"client_id"_s, id}, {u"session"_s, QJsonObject{{u"vip"_s, true}}}}));
    QVERIFY2(receivedEvent(*admin, event(u"session"_s, {{u"client_id"_s, id}, {u"session"_s, QJsonObject{
                 {u"client_name"_s, u"alice"_s}, {u"room_id"_s, u"r1"_s}, {u"vip"_s, true}}}})), eventLog(*admin));

    // A client that leaves by itself: it leaves its room, then disconnects with the reason "client".
    b->ws.socket().close();
    QVERIFY2(receivedEvent(*admin, event(u"disconnect"_s, {{u"client_id"_s, b->clientId}, {u"reason"_s, u"client"_s}})),
             eventLog(*admin));
    QStringList kinds;
    for (const QJsonObject &e : events(*admin, b->clientId))
        kinds.append(e.value(u"event").toString());
    QCOMPARE(kinds.first(), u"connect"_s);
    QVERIFY2(kinds.indexOf(u"login"_s) > 0 && kinds.lastIndexOf(u"leave"_s) > kinds.indexOf(u"login"_s), qPrintable(kinds.join(u' ')));
    QCOMPARE(kinds.last(), u"disconnect"_s);
}

void TestAdmin::eventsAreBatched()
{
    constexpr int kStorm = 200;
    std::unique_ptr<WsClient> admin = openAdmin(m_server->readonlyToken());
    QVERIFY(admin);
    // The events messages that carried at least one event of this kind.
    const qsizetype live = admin->messages().size(); // the snapshot has arrived: what follows is live
    const auto batches = [&](const QString &kind) {
        int n = 0;
        for (const QJsonObject &m : admin->messages().mid(live)) {
            const QJsonArray list = m.value(u"events").toArray();
            n += std::any_of(list.begin(), list.end(), [&](const QJsonValue &e) { return e.toObject().value(u"event") == kind; });
        }
        return n;
    };
    const auto count = [&](const QString &kind) { return int(events(*admin, QString(), kind).size()); };

    QElapsedTimer storm;
    storm.start();
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    for (int i = 0; i < kStorm; ++i) {
        sockets.push_back(std::make_unique<QWebSocket>());
        sockets.back()->open(m_server->clientUrl());
    }
    QTRY_COMPARE_WITH_TIMEOUT(count(u"connect"_s), kStorm, 20000);
    const qint64 connectMs = storm.elapsed();
    qDebug() << "connects" << connectMs << "ms" << batches(u"connect"_s) << "messages";
    // At most one events message per flush interval (100 ms), and far fewer messages than events.
    QVERIFY2(batches(u"connect"_s) <= connectMs / 100 + 2,
             qPrintable(u"%1 messages in %2 ms"_s.arg(batches(u"connect"_s)).arg(connectMs)));
    QVERIFY2(batches(u"connect"_s) <= kStorm / 10, qPrintable(QString::number(batches(u"connect"_s))));

    storm.restart();
    sockets.clear();
    QTRY_COMPARE_WITH_TIMEOUT(count(u"disconnect"_s), kStorm, 20000);
    const qint64 disconnectMs = storm.elapsed();
    qDebug() << "disconnects" << disconnectMs << "ms" << batches(u"disconnect"_s) << "messages";
    QVERIFY2(batches(u"disconnect"_s) <= disconnectMs / 100 + 2,
             qPrintable(u"%1 messages in %2 ms"_s.arg(batches(u"disconnect"_s)).arg(disconnectMs)));
    QVERIFY2(batches(u"disconnect"_s) <= kStorm / 10, qPrintable(QString::number(batches(u"disconnect"_s))));
    for (const QJsonObject &e : events(*admin, QString(), u"disconnect"_s))
        QCOMPARE(e.value(u"reason"), u"client"_s);
}

void TestAdmin::statsEverySecond()
{
    std::unique_ptr<WsClient> admin = openAdmin(m_server->readonlyToken());
    QVERIFY(admin);
    QVERIFY(connectClient(u"alice"_s, u"r1"_s));

    // Four stats messages (three intervals) that all count the client.
    const auto counting = [&] {
        QList<QJsonObject> out;
        for (const QJsonObject &m : admin->ofType(u"stats"_s)) {
            if (m.value(u"stats").toObject().value(u"connections") == 1)
                out.append(m.value(u"stats").toObject());
        }
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(counting().size() >= 4, 8000);
    const QList<QJsonObject> stats = counting();
    QCOMPARE(QStringList(stats.first().keys()),
             (QStringList{u"bytes_in"_s, u"bytes_out"_s, u"connections"_s, u"connections_accepted"_s,
                          u"connections_refused"_s, u"logins"_s, u"messages_in"_s, u"messages_out"_s,
                          u"publishes"_s, u"rooms"_s, u"time"_s, u"uids"_s}));
    QCOMPARE(stats.first().value(u"rooms"), 1);
    const auto time = [](const QJsonObject &s) { return QDateTime::fromString(s.value(u"time").toString(), Qt::ISODateWithMs); };
    const qint64 meanMs = time(stats.at(0)).msecsTo(time(stats.at(3))) / 3;
    QVERIFY2(meanMs >= 900 && meanMs <= 1300, qPrintable(u"a stats message every %1 ms"_s.arg(meanMs)));
}

void TestAdmin::kickDisconnectsTheClient()
{
    std::unique_ptr<WsClient> admin = openAdmin(m_server->adminToken());
    QVERIFY(admin);
    ChatClient *a = connectClient(u"alice"_s, u"r1"_s);
    ChatClient *b = connectClient(u"bob"_s, u"r1"_s);
    QVERIFY(a && b);

    const QJsonObject reply = command(*admin, u"closeClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, u"bye"_s},
                                                              {u"reason"_s, u"spam"_s}});
    QCOMPARE(reply, (QJsonObject{{u"type"_s, u"result"_s}, {u"id"_s, m_nextId}, {u"status"_s, 200},
                                 {u"result"_s, QJsonObject{{u"ok"_s, true}}}}));
    QVERIFY(a->ws.waitClosed());
    QCOMPARE(a->ws.raw().last(), u"bye"_s);
    QCOMPARE(a->ws.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(a->ws.socket().closeReason(), u"spam"_s);
    QCOMPARE(b->ws.waitFor(u"logout"_s).value(u"from_client_id"), a->clientId);

    QVERIFY2(receivedEvent(*admin, event(u"kick"_s, {{u"client_id"_s, a->clientId}, {u"reason"_s, u"spam"_s}})),
             eventLog(*admin));
    QVERIFY2(receivedEvent(*admin, event(u"disconnect"_s, {{u"client_id"_s, a->clientId}, {u"reason"_s, u"kicked"_s}})),
             eventLog(*admin));
    QStringList kinds;
    for (const QJsonObject &e : events(*admin, a->clientId))
        kinds.append(e.value(u"event").toString());
    QVERIFY2(kinds.indexOf(u"kick"_s) >= 0 && kinds.indexOf(u"kick"_s) < kinds.indexOf(u"disconnect"_s),
             qPrintable(kinds.join(u' ')));
    QCOMPARE(api(u"isOnline"_s, {{u"client_id"_s, a->clientId}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(resultError(command(*admin, u"closeClient"_s, {{u"client_id"_s, a->clientId}})),
             u"404 code %1"_s.arg(ApiCode::NoSuchClient));
}

// Valid arguments for every command; "$a" stands for the id of client alice (in room r1, uid u-a).
static QJsonObject argumentsFor(const QString &cmd)
{
    static const QHash<QString, QJsonObject> args = {
        {u"sendToAll"_s, {{u"message"_s, u"x"_s}}},
        {u"sendToClient"_s, {{u"client_id"_s, u"$a"_s}, {u"message"_s, u"x"_s}}},
        {u"sendToUid"_s, {{u"uid"_s, u"u-a"_s}, {u"message"_s, u"x"_s}}},
        {u"sendToGroup"_s, {{u"group"_s, u"r1"_s}, {u"message"_s, u"x"_s}}},
        {u"bindUid"_s, {{u"client_id"_s, u"$a"_s}, {u"uid"_s, u"other"_s}}},
        {u"unbindUid"_s, {{u"client_id"_s, u"$a"_s}}},
        {u"joinGroup"_s, {{u"client_id"_s, u"$a"_s}, {u"group"_s, u"g2"_s}}},
        {u"leaveGroup"_s, {{u"client_id"_s, u"$a"_s}, {u"group"_s, u"r1"_s}}},
        {u"ungroup"_s, {{u"group"_s, u"r1"_s}}},
        {u"setSession"_s, {{u"client_id"_s, u"$a"_s}, {u"session"_s, QJsonObject()}}},
        {u"updateSession"_s, {{u"client_id"_s, u"$a"_s}, {u"session"_s, QJsonObject{{u"x"_s, 1}}}}},
        {u"closeClient"_s, {{u"client_id"_s, u"$a"_s}}},
        {u"isOnline"_s, {{u"client_id"_s, u"$a"_s}}},
        {u"isUidOnline"_s, {{u"uid"_s, u"u-a"_s}}},
        {u"getClientIdListByGroup"_s, {{u"group"_s, u"r1"_s}}},
        {u"getClientIdCountByGroup"_s, {{u"group"_s, u"r1"_s}}},
        {u"getUidListByGroup"_s, {{u"group"_s, u"r1"_s}}},
        {u"getUidCountByGroup"_s, {{u"group"_s, u"r1"_s}}},
        {u"getClientIdByUid"_s, {{u"uid"_s, u"u-a"_s}}},
        {u"getUidByClientId"_s, {{u"client_id"_s, u"$a"_s}}},
        {u"getSession"_s, {{u"client_id"_s, u"$a"_s}}},
    };
    return args.value(cmd);
}

static QJsonObject withClient(QJsonObject args, const QString &clientId)
{
    if (args.value(u"client_id") == u"$a"_s)
        args.insert(u"client_id"_s, clientId);
    return args;
}

void TestAdmin::readOnlyRefusesEveryChange_data()
{
    QTest::addColumn<QString>("cmd");
    for (const auto &[cmd, changes] : kCommands) {
        if (changes)
            QTest::newRow(qPrintable(cmd)) << cmd;
    }
}

void TestAdmin::readOnlyRefusesEveryChange()
{
    QFETCH(QString, cmd);
    ChatClient *alice = connectClient(u"alice"_s, u"r1"_s);
    QVERIFY(alice);
    QCOMPARE(api(u"bindUid"_s, {{u"client_id"_s, alice->clientId}, {u"uid"_s, u"u-a"_s}}), kOk);
    std::unique_ptr<WsClient> readOnly = openAdmin(m_server->readonlyToken());
    std::unique_ptr<WsClient> full = openAdmin(m_server->adminToken());
    QVERIFY(readOnly && full);
    const QJsonObject args = withClient(argumentsFor(cmd), alice->clientId);
    const QJsonObject before = fingerprint(alice);

    QCOMPARE(resultError(command(*readOnly, cmd, args)), u"403 code %1"_s.arg(ApiCode::ReadOnly));
    QCOMPARE(fingerprint(alice), before);
    // The same command with full access does change something: the fingerprint would have seen it.
    QCOMPARE(command(*full, cmd, args).value(u"status"), 200);
    QVERIFY(fingerprint(alice) != before);
}

void TestAdmin::readOnlyMayRead_data()
{
    QTest::addColumn<QString>("cmd");
    for (const auto &[cmd, changes] : kCommands) {
        if (!changes)
            QTest::newRow(qPrintable(cmd)) << cmd;
    }
}

void TestAdmin::readOnlyMayRead()
{
    QFETCH(QString, cmd);
    ChatClient *alice = connectClient(u"alice"_s, u"r1"_s);
    QVERIFY(alice);
    QCOMPARE(api(u"bindUid"_s, {{u"client_id"_s, alice->clientId}, {u"uid"_s, u"u-a"_s}}), kOk);
    std::unique_ptr<WsClient> readOnly = openAdmin(m_server->readonlyToken());
    QVERIFY(readOnly);
    const QJsonObject args = withClient(argumentsFor(cmd), alice->clientId);

    const QJsonObject reply = command(*readOnly, cmd, args);
    QCOMPARE(reply.value(u"status"), 200);
    QCOMPARE(reply.value(u"result").toObject(), api(cmd, args));
    QCOMPARE(reply.value(u"result").toObject().value(u"ok"), true);
}

void TestAdmin::roomTail()
{
    ChatClient *a = connectClient(u"alice"_s, u"r1"_s);
    ChatClient *b = connectClient(u"bob"_s, u"r1"_s);
    ChatClient *c = connectClient(u"carol"_s, u"r2"_s);
    QVERIFY(a && b && c);
    std::unique_ptr<WsClient> admin = openAdmin(m_server->readonlyToken()); // tailing only reads
    QVERIFY(admin);
    const auto subscription = [&](const char *type, const QString &room) {
        return request(*admin, {{u"type"_s, QLatin1String(type)}, {u"room"_s, room}}).value(u"result").toObject();
    };
    // Every tailed message so far, and the one whose content contains this text.
    const auto tailed = [&] {
        QList<QJsonObject> out;
        for (const QJsonObject &m : admin->ofType(u"traffic"_s)) {
            for (const QJsonValue &v : m.value(u"messages").toArray())
                out.append(v.toObject());
        }
        return out;
    };
    const auto tailedWith = [&](const QString &text) {
        QJsonObject found;
        const bool arrived = QTest::qWaitFor([&] {
            for (const QJsonObject &m : tailed()) {
                if (m.value(u"content").toString().contains(text))
                    found = m;
            }
            return !found.isEmpty();
        }, 5000);
        if (!arrived)
            QTest::qFail(qPrintable(u"no tailed message with \"%1\" within 5 s"_s.arg(text)), __FILE__, __LINE__);
        return found;
    };
    const auto sayAndWait = [](ChatClient *from, ChatClient *to, const QString &text) {
        const qsizetype seen = to->ws.ofType(u"say"_s).size();
        from->say(text);
        if (!QTest::qWaitFor([&] { return to->ws.ofType(u"say"_s).size() > seen; }, 5000))
            QTest::qFail(qPrintable(u"\"%1\" was not heard within 5 s"_s.arg(text)), __FILE__, __LINE__);
        return to->ws.raw().last();
    };

    QCOMPARE(subscription("subscribe", u"r1"_s), (QJsonObject{{u"ok"_s, true}, {u"tailing"_s, QJsonArray{u"r1"_s}}}));
    const QString frame = sayAndWait(a, b, u"hello <room>"_s);
    QVERIFY(frame.contains(u"hello &lt;room&gt;"_s));
    QCOMPARE(normalized(tailedWith(u"hello &lt;room&gt;"_s)),
             (QJsonObject{{u"time"_s, u"<time>"_s}, {u"room"_s, u"r1"_s}, {u"sender"_s, a->clientId},
                          {u"size"_s, int(frame.toUtf8().size())}, {u"recipients"_s, 2}, {u"content"_s, frame}}));
    QCOMPARE(admin->ofType(u"traffic"_s).first().value(u"dropped"), 0);
    // A backend's message to the room is tailed too, with "api" as its sender.
    QCOMPARE(api(u"sendToGroup"_s, {{u"group"_s, u"r1"_s}, {u"message"_s, u"from the backend"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(normalized(tailedWith(u"from the backend"_s)),
             (QJsonObject{{u"time"_s, u"<time>"_s}, {u"room"_s, u"r1"_s}, {u"sender"_s, u"api"_s}, {u"size"_s, 16},
                          {u"recipients"_s, 2}, {u"content"_s, u"from the backend"_s}}));
    sayAndWait(c, c, u"not tailed: r2"_s);

    // Unsubscribing stops the tail: r1's next message is not tailed, while r2's, said after it, is.
    QCOMPARE(subscription("unsubscribe", u"r1"_s), (QJsonObject{{u"ok"_s, true}, {u"tailing"_s, QJsonArray()}}));
    QCOMPARE(subscription("subscribe", u"r2"_s), (QJsonObject{{u"ok"_s, true}, {u"tailing"_s, QJsonArray{u"r2"_s}}}));
    sayAndWait(a, b, u"after unsubscribe"_s);
    sayAndWait(c, c, u"tailed: r2"_s);
    QCOMPARE(tailedWith(u"tailed: r2"_s).value(u"sender"), c->clientId);
    for (const QJsonObject &m : tailed()) {
        QVERIFY2(!m.value(u"content").toString().contains(u"after unsubscribe"_s), compact(m).constData());
        QVERIFY2(!m.value(u"content").toString().contains(u"not tailed"_s), compact(m).constData());
    }
}

ServerProcess *TestAdmin::limitedServer()
{
    if (!m_limited)
        m_limited = ServerProcess::started(kLimitedFlags);
    return m_limited.get();
}


// Past a few wrong tokens in a row from one address, each further one is refused a second after the
// previous one at the earliest; the right token is still let in at once. The log has the first refusal
// and then a summary line, never the token.
void TestAdmin::repeatedWrongTokensAreSlowed()
{
    QVERIFY(openAdmin(m_server->adminToken())); // a login: the address starts from no failures
    const QByteArray wrong = "wrong-token-of-the-throttle-test";
    QElapsedTimer clock;
    const auto refusedAfter = [&] {
        WsClient admin;
        clock.start();
        if (!admin.open(m_server->adminUrl(), 5000, wrong) || !admin.waitClosed(5000)
            || admin.socket().closeCode() != QWebSocketProtocol::CloseCodePolicyViolated)
            return qint64(-1);
        return clock.elapsed();
    };
    for (int i = 0; i < 5; ++i) {
        const qint64 ms = refusedAfter();
        QVERIFY2(ms >= 0 && ms < 800, qPrintable(u"refused after %1 ms"_s.arg(ms)));
    }
    const qint64 sixth = refusedAfter();
    QVERIFY2(sixth >= 900, qPrintable(u"refused after %1 ms"_s.arg(sixth)));

    clock.start();
    QVERIFY(openAdmin(m_server->adminToken()));
    QVERIFY2(clock.elapsed() < 800, "the right token is let in at once");
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(u"more failed admin logins from 127.0.0.1 in the last 10 s"_s), 15000);
    QVERIFY(!m_server->log().contains(QString::fromUtf8(wrong)));
}

// A connection that does not log in within handshake-timeout is closed.
void TestAdmin::loginTimeoutIsHandshakeTimeout()
{
    ServerProcess *server = limitedServer(); // 1000 ms
    QVERIFY(server);
    WsClient admin;
    QVERIFY(admin.open(server->adminUrl()));
    admin.sendJson({{u"type"_s, u"ping"_s}}); // anything but a login does not extend it
    QVERIFY(admin.waitClosed(5000));
    QCOMPARE(admin.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(admin.socket().closeReason(), u"authentication timeout"_s);
    QCOMPARE(server->metric(uR"(herald_door_closes_total{door="admin",reason="auth_timeout"})"_s), 1);
    QVERIFY(server->log().contains(u"no login within 1000 ms (handshake-timeout)"_s));
}

// A console that does not read what it is sent is closed once max-send-buffer bytes wait for it (31 MB
// of {} used to grow the server by 280 MB); the others are served.
void TestAdmin::unreadMessagesCloseTheConsole()
{
    ServerProcess *server = limitedServer();
    QVERIFY(server);
    RawClient raw;
    QVERIFY(raw.connectTo(server->apiPort(), u"127.0.0.1"_s, 4096));
    const QByteArray login = compact({{u"type"_s, u"auth"_s}, {u"token"_s, server->adminToken()}});
    QVERIFY(raw.handshake(RawClient::maskedFrame(0x81, login), "/admin"));
    raw.stopReading();

    raw.flood(RawClient::maskedFrame(0x81, "{}").repeated(20000), 40); // each answered by an error message
    QTRY_COMPARE_WITH_TIMEOUT(server->metric(uR"(herald_door_closes_total{door="admin",reason="reply_backlog"})"_s), 1, 20000);
    QTRY_VERIFY(server->log().contains(u"bytes unread (max-send-buffer 65536)"_s));

    WsClient next;
    QVERIFY(next.open(server->adminUrl(), 5000, server->adminToken().toUtf8()));
    QVERIFY(!next.waitFor(u"snapshot"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
