// The backend HTTP API as backends use it (docs/api.md): every command of POST /api/<command>, proven on
// real workerman-chat WebSocket clients. Its refusals are in tst_httpapierrors, its connections in
// tst_httpconnection, web-msg-sender's form call in tst_legacypublish, /healthz and /metrics in tst_operations.
#include "httpapitestcase.h"

#include <QJsonArray>

#include "testjson.h"

#include <QTest>

#include <utility>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

// A reply's string lists sorted, so that results of set-valued queries compare exactly.
QJsonObject sortedLists(QJsonObject o)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isArray())
            continue;
        QStringList list;
        for (const QJsonValue &v : it.value().toArray())
            list.append(v.toString());
        list.sort();
        it.value() = QJsonArray::fromStringList(list);
    }
    return o;
}

} // namespace

class TestHttpApi final : public HttpApiTestCase
{
    Q_OBJECT

private slots:
    // Every command, proven on real clients.
    void sendToAllDeliversTheTextAsGiven_data();
    void sendToAllDeliversTheTextAsGiven();
    void sendToAllHonoursTheExcludeList();
    void sendToClientReachesOnlyThatClient();
    void sendToUidReachesEveryConnectionOfTheUid();
    void sendToGroupReachesTheGroupMinusExcluded();
    void bindAndUnbindUid();
    void joinLeaveAndUngroup();
    void queries_data();
    void queries();
    void sessionsGetSetAndMerge();
    void closeClientSendsTheFinalMessageThenCloses();
    void integerIdsAreTheirDecimalText_data();
    void integerIdsAreTheirDecimalText();

private:
    QJsonValue resolve(const QJsonValue &value) const;
};

// Replaces "$0", "$1", … by the id of that connected client, in strings, arrays and objects.
QJsonValue TestHttpApi::resolve(const QJsonValue &value) const
{
    if (value.isString() && value.toString().startsWith(u'$')) {
        const size_t index = value.toString().mid(1).toUInt();
        return index < m_clients.size() ? QJsonValue(m_clients[index]->clientId) : value;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(resolve(v));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(it.key(), resolve(it.value()));
        return out;
    }
    return value;
}

void TestHttpApi::sendToAllDeliversTheTextAsGiven_data()
{
    QTest::addColumn<QByteArray>("body");    // the request body, as a backend writes it
    QTest::addColumn<QString>("delivered"); // the text frame every client receives

    QTest::newRow("string, byte for byte") << uR"({"message":"<b>hi</b> & \"quotes\"\n\ttab ü 你好 😀"})"_s.toUtf8()
                                           << u"<b>hi</b> & \"quotes\"\n\ttab ü 你好 😀"_s;
    QTest::newRow("string that looks like JSON") << R"({"message":"{\"type\":\"say\"}"})"_ba
                                                 << uR"({"type":"say"})"_s;
    QTest::newRow("object as compact JSON") << R"({"message": {"a": 1, "b": [true, null, 2.5], "c": {"d": "e"}}})"_ba
                                            << uR"({"a":1,"b":[true,null,2.5],"c":{"d":"e"}})"_s;
    QTest::newRow("array as compact JSON") << R"({"message": [ 1, "two", {"three": 3} ]})"_ba
                                           << uR"([1,"two",{"three":3}])"_s;
    QTest::newRow("object keeps the sender's key order, numbers and escapes")
        << R"({"message": {"type": "say", "z": 1.50, "a": "café \/"}, "exclude": []})"_ba
        << uR"({"type":"say","z":1.50,"a":"café \/"})"_s;
    QTest::newRow("message at max-message-size") << (R"({"message":")" + QByteArray(kMaxMessageSize, 'x') + R"("})")
                                                 << QString(kMaxMessageSize, u'x');
}

void TestHttpApi::sendToAllDeliversTheTextAsGiven()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, delivered);
    ChatClient *a = connectClient(u"alice"_s, u"room-a"_s);
    ChatClient *b = connectClient(u"bob"_s, u"room-b"_s);
    QVERIFY(a && b);

    QUrl endpoint = m_server->apiUrl(u"/api/sendToAll"_s);
    const HttpReply r = m_http->post(endpoint, body, key());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, "application/json"_ba);
    QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QVERIFY(receives(a, delivered));
    QVERIFY(receives(b, delivered));
}

void TestHttpApi::sendToAllHonoursTheExcludeList()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    ChatClient *c = connectClient(u"c"_s);
    QVERIFY(a && b && c);

    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"not for b"_s}, {u"exclude"_s, QJsonArray{b->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"only for c"_s},
                                   {u"exclude"_s, QJsonArray{a->clientId, b->clientId, kOffline}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QCOMPARE(call(u"sendToAll"_s, {{u"message"_s, u"a single id"_s}, {u"exclude"_s, a->clientId}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));

    QVERIFY(receives(a, u"not for b"_s));
    QVERIFY(receives(c, u"not for b"_s));
    QVERIFY(receives(c, u"only for c"_s));
    QVERIFY(receives(b, u"a single id"_s));
    QVERIFY(receives(c, u"a single id"_s));
    QVERIFY(flushed(a) && flushed(b));
    QCOMPARE(b->ws.raw().count(u"not for b"_s), 0);
    QCOMPARE(a->ws.raw().count(u"only for c"_s), 0);
    QCOMPARE(b->ws.raw().count(u"only for c"_s), 0);
    QCOMPARE(a->ws.raw().count(u"a single id"_s), 0);
}

void TestHttpApi::sendToClientReachesOnlyThatClient()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);

    const QJsonObject message{{u"type"_s, u"notice"_s}, {u"text"_s, u"for a"_s}};
    QCOMPARE(call(u"sendToClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, message}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QVERIFY(receives(a, uR"({"text":"for a","type":"notice"})"_s));
    QVERIFY(flushed(b));
    QCOMPARE(b->ws.ofType(u"notice"_s).size(), 0);
}

void TestHttpApi::sendToUidReachesEveryConnectionOfTheUid()
{
    ChatClient *phone = connectClient(u"phone"_s);
    ChatClient *laptop = connectClient(u"laptop"_s);
    ChatClient *tablet = connectClient(u"tablet"_s);
    ChatClient *other = connectClient(u"other"_s);
    QVERIFY(phone && laptop && tablet && other);
    for (ChatClient *c : {phone, laptop, tablet})
        QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, c->clientId}, {u"uid"_s, u"user-1"_s}}), kOk);
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, other->clientId}, {u"uid"_s, u"user-2"_s}}), kOk);

    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"user-1"_s}, {u"message"_s, u"to user-1"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 3}, {u"online"_s, true}}));
    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"user-1"_s}, {u"message"_s, u"not the tablet"_s},
                                   {u"exclude"_s, QJsonArray{tablet->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}, {u"online"_s, true}}));
    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"nobody"_s}, {u"message"_s, u"lost"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}, {u"online"_s, false}}));

    for (ChatClient *c : {phone, laptop, tablet})
        QVERIFY(receives(c, u"to user-1"_s));
    QVERIFY(receives(phone, u"not the tablet"_s));
    QVERIFY(receives(laptop, u"not the tablet"_s));
    QVERIFY(flushed(tablet) && flushed(other));
    QCOMPARE(tablet->ws.raw().count(u"not the tablet"_s), 0);
    QCOMPARE(other->ws.raw().count(u"to user-1"_s), 0);
}

void TestHttpApi::sendToGroupReachesTheGroupMinusExcluded()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    ChatClient *outsider = connectClient(u"outsider"_s);
    QVERIFY(a && b && outsider);
    for (ChatClient *c : {a, b})
        QCOMPARE(call(u"joinGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, u"news"_s}}), kOk);

    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"news"_s}, {u"message"_s, u"headline"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 2}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"news"_s}, {u"message"_s, u"not for b"_s},
                                     {u"exclude"_s, QJsonArray{b->clientId}}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"empty"_s}, {u"message"_s, u"nobody"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}}));
    // A workerman-chat room is a group too.
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"lobby"_s}, {u"message"_s, u"room-wide"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 3}}));

    QVERIFY(receives(a, u"headline"_s));
    QVERIFY(receives(b, u"headline"_s));
    QVERIFY(receives(a, u"not for b"_s));
    for (ChatClient *c : {a, b, outsider})
        QVERIFY(receives(c, u"room-wide"_s));
    QVERIFY(flushed(b) && flushed(outsider));
    QCOMPARE(b->ws.raw().count(u"not for b"_s), 0);
    QCOMPARE(outsider->ws.raw().count(u"headline"_s), 0);
}

void TestHttpApi::bindAndUnbindUid()
{
    ChatClient *a = connectClient(u"a"_s);
    QVERIFY(a);
    const auto uidOf = [&] { return call(u"getUidByClientId"_s, {{u"client_id"_s, a->clientId}}).value(u"uid"); };

    QCOMPARE(uidOf(), QJsonValue(QJsonValue::Null));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"first"_s}}), kOk);
    QCOMPARE(uidOf(), QJsonValue(u"first"_s));
    // Binding again moves the connection to the new uid: the old one is no longer online.
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, 42}}), kOk); // a number is its text
    QCOMPARE(uidOf(), QJsonValue(u"42"_s));
    QCOMPARE(call(u"isUidOnline"_s, {{u"uid"_s, u"first"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(call(u"isUidOnline"_s, {{u"uid"_s, u"42"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, true}}));
    // unbindUid with another uid leaves the binding alone; with the bound one, or none, removes it.
    QCOMPARE(call(u"unbindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"other"_s}}), kOk);
    QCOMPARE(uidOf(), QJsonValue(u"42"_s));
    QCOMPARE(call(u"unbindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"42"_s}}), kOk);
    QCOMPARE(uidOf(), QJsonValue(QJsonValue::Null));
    QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, a->clientId}, {u"uid"_s, u"again"_s}}), kOk);
    QCOMPARE(call(u"unbindUid"_s, {{u"client_id"_s, a->clientId}}), kOk);
    QCOMPARE(call(u"isUidOnline"_s, {{u"uid"_s, u"again"_s}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(call(u"sendToUid"_s, {{u"uid"_s, u"again"_s}, {u"message"_s, u"gone"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}, {u"online"_s, false}}));
}

void TestHttpApi::joinLeaveAndUngroup()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    QVERIFY(a && b);
    const auto members = [&](const QString &group) {
        return sortedLists(call(u"getClientIdListByGroup"_s, {{u"group"_s, group}})).value(u"client_ids").toArray();
    };
    const auto join = [&](ChatClient *c, const QString &group) {
        return call(u"joinGroup"_s, {{u"client_id"_s, c->clientId}, {u"group"_s, group}});
    };
    QStringList both{a->clientId, b->clientId};
    both.sort();

    QCOMPARE(join(a, u"g"_s), kOk);
    QCOMPARE(join(a, u"g"_s), kOk); // joining twice is harmless
    QCOMPARE(join(b, u"g"_s), kOk);
    QCOMPARE(members(u"g"_s), QJsonArray::fromStringList(both));
    QCOMPARE(call(u"leaveGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"g"_s}}), kOk);
    QCOMPARE(members(u"g"_s), QJsonArray{b->clientId});
    QCOMPARE(call(u"leaveGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"never-joined"_s}}), kOk);

    QCOMPARE(join(a, u"g"_s), kOk);
    QCOMPARE(call(u"ungroup"_s, {{u"group"_s, u"g"_s}}), (QJsonObject{{u"ok"_s, true}, {u"removed"_s, 2}}));
    QCOMPARE(members(u"g"_s), QJsonArray());
    QCOMPARE(call(u"ungroup"_s, {{u"group"_s, u"g"_s}}), (QJsonObject{{u"ok"_s, true}, {u"removed"_s, 0}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"g"_s}, {u"message"_s, u"x"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 0}}));

    // max-rooms-per-client counts the chat room the client logged into.
    for (int i = 1; i < kMaxRooms; ++i)
        QCOMPARE(join(a, u"room %1"_s.arg(i)), kOk);
    const HttpReply full = api(u"joinGroup"_s, {{u"client_id"_s, a->clientId}, {u"group"_s, u"one too many"_s}});
    QCOMPARE(errorOutcome(full), expectedError(409, ApiCode::LimitReached));
    QCOMPARE(members(u"one too many"_s), QJsonArray());
}

void TestHttpApi::queries_data()
{
    // Three clients logged into "lobby"; $0 and $1 are bound to uid u1 and in group g, $2 is bound to u2.
    QTest::addColumn<QString>("command");
    QTest::addColumn<QJsonObject>("args");     // "$n" stands for the id of client n
    QTest::addColumn<QJsonObject>("expected"); // lists compared sorted

    const auto row = [](const char *name, const QString &command, const QJsonObject &args, QJsonObject expected) {
        expected.insert(u"ok"_s, true);
        QTest::newRow(name) << command << args << expected;
    };
    const auto ids = [](std::initializer_list<QString> list) { return QJsonArray::fromStringList(list); };
    const QString cid = u"client_id"_s, group = u"group"_s, uid = u"uid"_s;

    row("isOnline", u"isOnline"_s, {{cid, u"$2"_s}}, {{u"online"_s, true}});
    row("isOnline: offline", u"isOnline"_s, {{cid, kOffline}}, {{u"online"_s, false}});
    row("isUidOnline", u"isUidOnline"_s, {{uid, u"u2"_s}}, {{u"online"_s, true}});
    row("isUidOnline: nobody", u"isUidOnline"_s, {{uid, u"u3"_s}}, {{u"online"_s, false}});
    row("getAllClientIdCount", u"getAllClientIdCount"_s, {}, {{u"count"_s, 3}});
    row("getAllClientIdList", u"getAllClientIdList"_s, {}, {{u"client_ids"_s, ids({u"$0"_s, u"$1"_s, u"$2"_s})}});
    row("getAllUidCount", u"getAllUidCount"_s, {}, {{u"count"_s, 2}});
    row("getAllUidList", u"getAllUidList"_s, {}, {{u"uids"_s, ids({u"u1"_s, u"u2"_s})}});
    row("getAllGroupCount", u"getAllGroupCount"_s, {}, {{u"count"_s, 2}});
    row("getAllGroupIdList", u"getAllGroupIdList"_s, {}, {{u"groups"_s, ids({u"g"_s, u"lobby"_s})}});
    row("getClientIdListByGroup", u"getClientIdListByGroup"_s, {{group, u"g"_s}},
        {{u"client_ids"_s, ids({u"$0"_s, u"$1"_s})}});
    row("getClientIdListByGroup: empty", u"getClientIdListByGroup"_s, {{group, u"none"_s}}, {{u"client_ids"_s, ids({})}});
    row("getClientIdCountByGroup", u"getClientIdCountByGroup"_s, {{group, u"lobby"_s}}, {{u"count"_s, 3}});
    row("getClientIdCountByGroup: empty", u"getClientIdCountByGroup"_s, {{group, u"none"_s}}, {{u"count"_s, 0}});
    row("getUidListByGroup", u"getUidListByGroup"_s, {{group, u"g"_s}}, {{u"uids"_s, ids({u"u1"_s})}});
    row("getUidListByGroup: room", u"getUidListByGroup"_s, {{group, u"lobby"_s}}, {{u"uids"_s, ids({u"u1"_s, u"u2"_s})}});
    row("getUidCountByGroup", u"getUidCountByGroup"_s, {{group, u"g"_s}}, {{u"count"_s, 1}});
    row("getUidCountByGroup: room", u"getUidCountByGroup"_s, {{group, u"lobby"_s}}, {{u"count"_s, 2}});
    row("getClientIdByUid", u"getClientIdByUid"_s, {{uid, u"u1"_s}}, {{u"client_ids"_s, ids({u"$0"_s, u"$1"_s})}});
    row("getClientIdByUid: nobody", u"getClientIdByUid"_s, {{uid, u"u3"_s}}, {{u"client_ids"_s, ids({})}});
    row("getUidByClientId", u"getUidByClientId"_s, {{cid, u"$2"_s}}, {{u"uid"_s, u"u2"_s}});
}

void TestHttpApi::queries()
{
    QFETCH(QString, command);
    QFETCH(QJsonObject, args);
    QFETCH(QJsonObject, expected);
    for (const char *name : {"zero", "one", "two"})
        QVERIFY(connectClient(QLatin1String(name)));
    for (const auto &[client, uid] : {std::pair{0, u"u1"_s}, std::pair{1, u"u1"_s}, std::pair{2, u"u2"_s}})
        QCOMPARE(call(u"bindUid"_s, {{u"client_id"_s, m_clients[client]->clientId}, {u"uid"_s, uid}}), kOk);
    for (int client : {0, 1})
        QCOMPARE(call(u"joinGroup"_s, {{u"client_id"_s, m_clients[client]->clientId}, {u"group"_s, u"g"_s}}), kOk);

    QCOMPARE(sortedLists(call(command, resolve(args).toObject())), sortedLists(resolve(expected).toObject()));
}

void TestHttpApi::sessionsGetSetAndMerge()
{
    ChatClient *a = connectClient(u"<alice>"_s, u"7"_s);
    QVERIFY(a);
    const auto session = [&] { return call(u"getSession"_s, {{u"client_id"_s, a->clientId}}); };
    const auto withOk = [](const QJsonObject &s) { return QJsonObject{{u"ok"_s, true}, {u"session"_s, s}}; };

    // workerman-chat keeps the (escaped) name and the room in the session, as GatewayWorker's example does.
    QCOMPARE(session(), withOk({{u"client_name"_s, u"&lt;alice&gt;"_s}, {u"room_id"_s, u"7"_s}}));
    const QJsonObject replaced{{u"level"_s, 3}, {u"tags"_s, QJsonArray{u"x"_s}}, {u"name"_s, u"A"_s}};
    QCOMPARE(call(u"setSession"_s, {{u"client_id"_s, a->clientId}, {u"session"_s, replaced}}), kOk);
    QCOMPARE(session(), withOk(replaced));
    QCOMPARE(call(u"updateSession"_s, {{u"client_id"_s, a->clientId},
                                       {u"session"_s, QJsonObject{{u"level"_s, 4}, {u"tags"_s, QJsonValue::Null},
                                                                  {u"new"_s, true}}}}),
             kOk);
    QCOMPARE(session(), withOk({{u"level"_s, 4}, {u"name"_s, u"A"_s}, {u"new"_s, true}}));
    QCOMPARE(call(u"setSession"_s, {{u"client_id"_s, a->clientId}, {u"session"_s, QJsonObject()}}), kOk);
    QCOMPARE(session(), withOk({}));
}

void TestHttpApi::closeClientSendsTheFinalMessageThenCloses()
{
    ChatClient *a = connectClient(u"a"_s);
    ChatClient *b = connectClient(u"b"_s);
    ChatClient *c = connectClient(u"c"_s);
    QVERIFY(a && b && c);

    QCOMPARE(call(u"closeClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, QJsonObject{{u"type"_s, u"bye"_s}}},
                                     {u"reason"_s, u"maintenance"_s}}),
             kOk);
    QVERIFY(a->ws.waitClosed());
    QCOMPARE(a->ws.raw().last(), uR"({"type":"bye"})"_s);
    QCOMPARE(a->ws.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(a->ws.socket().closeReason(), u"maintenance"_s);
    // The room sees a logout, and the hub forgets the client.
    const QJsonObject logout = b->ws.waitFor(u"logout"_s);
    QCOMPARE(logout.value(u"from_client_id").toString(), a->clientId);
    QCOMPARE(call(u"isOnline"_s, {{u"client_id"_s, a->clientId}}), (QJsonObject{{u"ok"_s, true}, {u"online"_s, false}}));
    QCOMPARE(errorOutcome(api(u"sendToClient"_s, {{u"client_id"_s, a->clientId}, {u"message"_s, u"late"_s}})),
             expectedError(404, ApiCode::NoSuchClient));

    // Without a message or a reason: closed normally, nothing sent before.
    const qsizetype before = b->ws.raw().size();
    QCOMPARE(call(u"closeClient"_s, {{u"client_id"_s, b->clientId}}), kOk);
    QVERIFY(b->ws.waitClosed());
    QCOMPARE(b->ws.raw().size(), before);
    QCOMPARE(b->ws.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QVERIFY(c->ws.isOpen());
    QTRY_COMPARE(call(u"getAllClientIdCount"_s), (QJsonObject{{u"ok"_s, true}, {u"count"_s, 1}}));
}

void TestHttpApi::integerIdsAreTheirDecimalText_data()
{
    QTest::addColumn<QJsonValue>("group");
    QTest::addColumn<QString>("outcome"); // "200" or the error
    QTest::newRow("1") << QJsonValue(1) << u"200"_s;
    QTest::newRow("\"1\"") << QJsonValue(u"1"_s) << u"200"_s;
    QTest::newRow("1.0") << QJsonValue(1.0) << u"200"_s;
    QTest::newRow("1.5") << QJsonValue(1.5) << expectedError(400, ApiCode::WrongFieldType);
    QTest::newRow("true") << QJsonValue(true) << expectedError(400, ApiCode::WrongFieldType);
    QTest::newRow("[1]") << QJsonValue(QJsonArray{1}) << expectedError(400, ApiCode::WrongFieldType);
}

// GatewayWorker backends send room ids as integers: 1 is group "1", as docs/api.md says; anything else
// is refused with a message that says what is accepted.
void TestHttpApi::integerIdsAreTheirDecimalText()
{
    QFETCH(QJsonValue, group);
    QFETCH(QString, outcome);
    ChatClient *one = connectClient(u"one"_s, u"1"_s);
    QVERIFY(one);

    const HttpReply r = api(u"getClientIdListByGroup"_s, {{u"group"_s, group}});
    if (outcome != u"200") {
        QCOMPARE(errorOutcome(r), outcome);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 uR"(argument "group" must be a string or an integer)"_s);
        return;
    }
    QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}, {u"client_ids"_s, QJsonArray{one->clientId}}}));
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, group}, {u"message"_s, u"to room one"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"delivered"_s, 1}}));
    QVERIFY(receives(one, u"to room one"_s));
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
