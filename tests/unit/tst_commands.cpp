// The command table behind the HTTP API, the text port and the admin channel: results, side effects on
// the hub, argument errors and read-only access.
#include "hubtesting.h"

#include "cluster/redisaddress.h"
#include "cluster/redishistory.h"
#include "cluster/redislink.h"
#include "commands/commands.h"
#include "history/historyrooms.h"
#include "hub/hub.h"
#include "store/deviceregistry.h"
#include "store/registrydatabase.h"
#include "util/metrics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Lists come out of hash tables in no particular order: sort arrays of strings before comparing.
QJsonValue sortArrays(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = sortArrays(it.value());
        return o;
    }
    if (v.isArray() && !v.toArray().isEmpty() && v.toArray().first().isString()) {
        QStringList items;
        for (const QJsonValue &e : v.toArray())
            items.append(e.toString());
        return QJsonArray::fromStringList(sorted(items));
    }
    return v;
}

QString canonicalBody(const QJsonObject &body)
{
    return compact(sortArrays(body).toObject());
}

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// Everything a command can change, as one line: "clients=…; uids=u:ids …; groups=g:ids …; sessions=id:{…} …; closed=…".
QString describe(const Hub &hub, const RecordingOutlet &outlet)
{
    QStringList uids, groups, sessions, closed;
    for (const QString &uid : sorted(hub.uids()))
        uids.append(uid + u':' + sorted(hub.clientIdsOfUid(uid)).join(u','));
    for (const QString &g : sorted(hub.groups()))
        groups.append(g + u':' + sorted(hub.clientIdsInGroup(g)).join(u','));
    for (const QString &id : sorted(hub.clientIds())) {
        if (!hub.session(id)->isEmpty())
            sessions.append(id + u':' + compact(*hub.session(id)));
    }
    for (const RecordingOutlet::Closed &c : outlet.closed)
        closed.append(QStringLiteral("%1(%2 %3)").arg(c.id).arg(c.code).arg(c.reason));
    return QStringLiteral("clients=%1; uids=%2; groups=%3; sessions=%4; closed=%5")
        .arg(sorted(hub.clientIds()).join(u','), uids.join(u' '), groups.join(u' '), sessions.join(u' '),
             closed.join(u' '));
}

const QString kFixtureState = QStringLiteral(R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,c; sessions=a:{"k":"v"}; closed=)");

// Arguments every command accepts, to run each one once.
const QByteArray kAnyArgs = R"({"client_id":"a","uid":"u1","group":"g1","message":"m","session":{},)"
                            R"("token":"00112233445566778899aabbccddeeff","robot":"ops","text":"t"})";

} // namespace

class TestCommands final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void fixtureIsAsDescribed();
    void succeeds_data();
    void succeeds();
    void fails_data();
    void fails();
    void messageTextIsDeliveredAsGiven_data();
    void messageTextIsDeliveredAsGiven();
    void maxMessageSizeCountsBytes();
    void joinGroupPastTheLimit();
    void commandTableAndReadOnlyAccess_data();
    void commandTableAndReadOnlyAccess();
    void callsAreCounted();
    void refusalsAndDoorAnswersAreCounted();
    void listClientsIsTheAdminChannelsOwn();
    void deviceRegistry_data();
    void deviceRegistry();
    void deviceLifecycle();
    void devicesOfEveryProvider();
    void getHistoryWithTheClustersRedisAway();

private:
    // A call through the admin channel, the door where read-only callers exist.
    CommandResult execute(const QString &name, const QJsonObject &args, Scope scope = Scope::Full) const;

    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<CommandsRig> m_rig;
};

void TestCommands::init()
{
    m_metrics = std::make_unique<Metrics>();
    m_rig = std::make_unique<CommandsRig>(*m_metrics);
    QString error;
    QVERIFY2(m_rig->start({}, {}, &error), qPrintable(error));

    // a b c online; a and b are u1; a and c in g1; a's session {"k":"v"}
    for (const QString &id : ids("a b c"))
        m_rig->hub->addClient(id, QStringLiteral("127.0.0.1"), 1234, *m_rig->outlet);
    m_rig->hub->bindUid(QStringLiteral("a"), QStringLiteral("u1"));
    m_rig->hub->bindUid(QStringLiteral("b"), QStringLiteral("u1"));
    m_rig->hub->joinGroup(QStringLiteral("a"), QStringLiteral("g1"));
    m_rig->hub->joinGroup(QStringLiteral("c"), QStringLiteral("g1"));
    m_rig->hub->setSession(QStringLiteral("a"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}});
}

void TestCommands::cleanup()
{
    m_rig.reset();
    m_metrics.reset();
}

CommandResult TestCommands::execute(const QString &name, const QJsonObject &args, Scope scope) const
{
    return m_rig->commands->execute({Door::Admin, name, scope, args});
}

void TestCommands::fixtureIsAsDescribed()
{
    QCOMPARE(describe(*m_rig->hub, *m_rig->outlet), kFixtureState);
}

void TestCommands::succeeds_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("state");     // empty: as in the fixture
    QTest::addColumn<QStringList>("sentTo"); // who received a message

    const auto row = [](const char *name, const char *command, const QByteArray &args, const QByteArray &body,
                        const char *state = "", const QStringList &sentTo = {}) {
        QTest::newRow(name) << QString::fromLatin1(command) << args << body << QString::fromUtf8(state) << sentTo;
    };

    // sending
    row("sendToAll", "sendToAll", R"({"message":"hi"})", R"({"ok":true,"delivered":3})", "", ids("a b c"));
    row("sendToAll, exclude list", "sendToAll", R"({"message":"hi","exclude":["a","b"]})", R"({"ok":true,"delivered":1})",
        "", ids("c"));
    row("sendToAll, exclude one id as a string", "sendToAll", R"({"message":"hi","exclude":"b"})",
        R"({"ok":true,"delivered":2})", "", ids("a c"));
    row("sendToClient", "sendToClient", R"({"client_id":"b","message":"hi"})", R"({"ok":true,"delivered":1})", "",
        ids("b"));
    row("sendToUid", "sendToUid", R"({"uid":"u1","message":"hi"})", R"({"ok":true,"delivered":2,"online":true})", "",
        ids("a b"));
    row("sendToUid, exclude", "sendToUid", R"({"uid":"u1","message":"hi","exclude":["a"]})",
        R"({"ok":true,"delivered":1,"online":true})", "", ids("b"));
    row("sendToUid offline", "sendToUid", R"({"uid":"nobody","message":"hi"})",
        R"({"ok":true,"delivered":0,"online":false})");
    row("sendToUid, numeric uid", "sendToUid", R"({"uid":7,"message":"hi"})", R"({"ok":true,"delivered":0,"online":false})");
    row("sendToGroup", "sendToGroup", R"({"group":"g1","message":"hi"})", R"({"ok":true,"delivered":2})", "", ids("a c"));
    row("sendToGroup, exclude and sender", "sendToGroup", R"({"group":"g1","message":"hi","exclude":["c"],"sender":"cms"})",
        R"({"ok":true,"delivered":1})", "", ids("a"));
    row("sendToGroup, empty group", "sendToGroup", R"({"group":"g9","message":"hi"})", R"({"ok":true,"delivered":0})");
    row("sendToAll, no robots named", "sendToAll", R"({"message":"hi","robots":[]})", R"({"ok":true,"delivered":3})", "", ids("a b c"));
    row("listRobots, none configured", "listRobots", "{}", R"({"ok":true,"robots":[]})");
    row("getHistory, no history kept", "getHistory", R"({"group":"g1","since":0,"limit":1000})",
        R"({"ok":true,"group":"g1","history":false,"messages":[]})");
    // uids
    row("bindUid", "bindUid", R"({"client_id":"c","uid":"u2"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b u2:c; groups=g1:a,c; sessions=a:{"k":"v"}; closed=)");
    row("bindUid, numeric uid", "bindUid", R"({"client_id":"c","uid":42})", R"({"ok":true})",
        R"(clients=a,b,c; uids=42:c u1:a,b; groups=g1:a,c; sessions=a:{"k":"v"}; closed=)");
    row("bindUid, moves to another uid", "bindUid", R"({"client_id":"a","uid":"u2"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:b u2:a; groups=g1:a,c; sessions=a:{"k":"v"}; closed=)");
    row("unbindUid", "unbindUid", R"({"client_id":"a"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:b; groups=g1:a,c; sessions=a:{"k":"v"}; closed=)");
    row("unbindUid, naming the uid", "unbindUid", R"({"client_id":"a","uid":"u1"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:b; groups=g1:a,c; sessions=a:{"k":"v"}; closed=)");
    row("unbindUid, another uid: kept", "unbindUid", R"({"client_id":"a","uid":"u9"})", R"({"ok":true})");
    // groups
    row("joinGroup", "joinGroup", R"({"client_id":"b","group":"g1"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,b,c; sessions=a:{"k":"v"}; closed=)");
    row("joinGroup, numeric group", "joinGroup", R"({"client_id":"b","group":5})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=5:b g1:a,c; sessions=a:{"k":"v"}; closed=)");
    row("joinGroup, already in", "joinGroup", R"({"client_id":"a","group":"g1"})", R"({"ok":true})");
    row("leaveGroup", "leaveGroup", R"({"client_id":"a","group":"g1"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=g1:c; sessions=a:{"k":"v"}; closed=)");
    row("leaveGroup, not in", "leaveGroup", R"({"client_id":"b","group":"g1"})", R"({"ok":true})");
    row("ungroup", "ungroup", R"({"group":"g1"})", R"({"ok":true,"removed":2})",
        R"(clients=a,b,c; uids=u1:a,b; groups=; sessions=a:{"k":"v"}; closed=)");
    row("ungroup, unknown", "ungroup", R"({"group":"g9"})", R"({"ok":true,"removed":0})");
    // queries
    row("isOnline", "isOnline", R"({"client_id":"a"})", R"({"ok":true,"online":true})");
    row("isOnline, offline", "isOnline", R"({"client_id":"zz"})", R"({"ok":true,"online":false})");
    row("isUidOnline", "isUidOnline", R"({"uid":"u1"})", R"({"ok":true,"online":true})");
    row("isUidOnline, offline", "isUidOnline", R"({"uid":"u9"})", R"({"ok":true,"online":false})");
    row("getAllClientIdCount", "getAllClientIdCount", "{}", R"({"ok":true,"count":3})");
    row("getAllClientIdList", "getAllClientIdList", "{}", R"({"ok":true,"client_ids":["a","b","c"]})");
    row("getAllUidCount", "getAllUidCount", "{}", R"({"ok":true,"count":1})");
    row("getAllUidList", "getAllUidList", "{}", R"({"ok":true,"uids":["u1"]})");
    row("getAllGroupCount", "getAllGroupCount", "{}", R"({"ok":true,"count":1})");
    row("getAllGroupIdList", "getAllGroupIdList", "{}", R"({"ok":true,"groups":["g1"]})");
    row("getClientIdListByGroup", "getClientIdListByGroup", R"({"group":"g1"})", R"({"ok":true,"client_ids":["a","c"]})");
    row("getClientIdListByGroup, unknown", "getClientIdListByGroup", R"({"group":"g9"})", R"({"ok":true,"client_ids":[]})");
    row("getClientIdCountByGroup", "getClientIdCountByGroup", R"({"group":"g1"})", R"({"ok":true,"count":2})");
    row("getUidListByGroup", "getUidListByGroup", R"({"group":"g1"})", R"({"ok":true,"uids":["u1"]})");
    row("getUidCountByGroup", "getUidCountByGroup", R"({"group":"g1"})", R"({"ok":true,"count":1})");
    row("getClientIdByUid", "getClientIdByUid", R"({"uid":"u1"})", R"({"ok":true,"client_ids":["a","b"]})");
    row("getClientIdByUid, offline", "getClientIdByUid", R"({"uid":"u9"})", R"({"ok":true,"client_ids":[]})");
    row("getUidByClientId", "getUidByClientId", R"({"client_id":"a"})", R"({"ok":true,"uid":"u1"})");
    row("getUidByClientId, unbound", "getUidByClientId", R"({"client_id":"c"})", R"({"ok":true,"uid":null})");
    // sessions
    row("getSession", "getSession", R"({"client_id":"a"})", R"({"ok":true,"session":{"k":"v"}})");
    row("getSession, empty", "getSession", R"({"client_id":"c"})", R"({"ok":true,"session":{}})");
    row("setSession", "setSession", R"({"client_id":"a","session":{"x":1}})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,c; sessions=a:{"x":1}; closed=)");
    row("updateSession", "updateSession", R"({"client_id":"a","session":{"k":null,"n":[2]}})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,c; sessions=a:{"n":[2]}; closed=)");
    row("updateSession, new map", "updateSession", R"({"client_id":"b","session":{"n":2}})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,c; sessions=a:{"k":"v"} b:{"n":2}; closed=)");
    // closing (the gateway removes the client once closed; the hub still lists it)
    row("closeClient", "closeClient", R"({"client_id":"b"})", R"({"ok":true})",
        R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,c; sessions=a:{"k":"v"}; closed=b(1000 closed by the server))");
    row("closeClient, message and reason", "closeClient", R"({"client_id":"b","message":"bye","reason":"maintenance"})",
        R"({"ok":true})", R"(clients=a,b,c; uids=u1:a,b; groups=g1:a,c; sessions=a:{"k":"v"}; closed=b(1000 maintenance))",
        ids("b"));
}

void TestCommands::succeeds()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, args);
    QFETCH(QByteArray, body);
    QFETCH(QString, state);
    QFETCH(QStringList, sentTo);

    const CommandResult r = execute(command, object(args));
    QCOMPARE(canonicalBody(r.body), canonicalBody(object(body)));
    QCOMPARE(r.status, 200);
    QVERIFY(r.ok());
    QCOMPARE(describe(*m_rig->hub, *m_rig->outlet), state.isEmpty() ? kFixtureState : state);
    QCOMPARE(m_rig->outlet->takeRecipients(), sentTo);
}

void TestCommands::fails_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions"); // in the error message

    const auto row = [](const char *name, const char *command, const QByteArray &args, int status, ApiError code,
                        const char *mentions) {
        QTest::newRow(name) << QString::fromLatin1(command) << args << status << int(code) << QString::fromLatin1(mentions);
    };

    row("unknown command", "sendToEveryone", "{}", 404, ApiError::UnknownCommand, "sendToEveryone");
    row("names are case-sensitive", "sendtoall", R"({"message":"x"})", 404, ApiError::UnknownCommand, "sendtoall");
    row("empty command", "", "{}", 404, ApiError::UnknownCommand, "unknown command");

    row("missing message", "sendToClient", R"({"client_id":"a"})", 400, ApiError::MissingField, "message");
    row("missing client_id", "sendToClient", R"({"message":"x"})", 400, ApiError::MissingField, "client_id");
    row("null client_id", "sendToClient", R"({"client_id":null,"message":"x"})", 400, ApiError::MissingField, "client_id");
    row("empty client_id", "sendToClient", R"({"client_id":"","message":"x"})", 400, ApiError::MissingField, "client_id");
    row("empty message", "sendToAll", R"({"message":""})", 400, ApiError::MissingField, "message");
    row("missing uid", "bindUid", R"({"client_id":"a"})", 400, ApiError::MissingField, "uid");
    row("missing group", "joinGroup", R"({"client_id":"a"})", 400, ApiError::MissingField, "group");
    row("missing group for ungroup", "ungroup", "{}", 400, ApiError::MissingField, "group");
    row("missing session", "setSession", R"({"client_id":"a"})", 400, ApiError::MissingField, "session");
    row("missing uid for a query", "isUidOnline", "{}", 400, ApiError::MissingField, "uid");

    row("message is a number", "sendToAll", R"({"message":5})", 400, ApiError::WrongFieldType, "message");
    row("message is a bool", "sendToAll", R"({"message":true})", 400, ApiError::WrongFieldType, "message");
    row("exclude is a number", "sendToAll", R"({"message":"x","exclude":3})", 400, ApiError::WrongFieldType, "exclude");
    row("exclude holds a number", "sendToAll", R"({"message":"x","exclude":["a",3]})", 400, ApiError::WrongFieldType,
        "exclude");
    row("client_id is an object", "isOnline", R"({"client_id":{"id":"a"}})", 400, ApiError::WrongFieldType, "client_id");
    row("client_id is an array", "isOnline", R"({"client_id":["a"]})", 400, ApiError::WrongFieldType, "client_id");
    row("client_id is a bool", "isOnline", R"({"client_id":true})", 400, ApiError::WrongFieldType, "client_id");
    row("client_id is a fraction", "isOnline", R"({"client_id":1.5})", 400, ApiError::WrongFieldType, "client_id");
    row("client_id is huge", "isOnline", R"({"client_id":1e300})", 400, ApiError::WrongFieldType, "client_id");
    row("uid is an object", "bindUid", R"({"client_id":"a","uid":{}})", 400, ApiError::WrongFieldType, "uid");
    row("session is a string", "setSession", R"({"client_id":"a","session":"k=v"})", 400, ApiError::WrongFieldType,
        "session");
    row("session is an array", "updateSession", R"({"client_id":"a","session":[1]})", 400, ApiError::WrongFieldType,
        "session");
    row("sender is an array", "sendToGroup", R"({"group":"g1","message":"x","sender":[]})", 400,
        ApiError::WrongFieldType, "sender");
    row("getHistory without group", "getHistory", "{}", 400, ApiError::MissingField, "group");
    row("getHistory, since negative", "getHistory", R"({"group":"g1","since":-1})", 400, ApiError::WrongFieldType, "since");
    row("getHistory, since a fraction", "getHistory", R"({"group":"g1","since":1.5})", 400, ApiError::WrongFieldType, "since");
    row("getHistory, since as text", "getHistory", R"({"group":"g1","since":"3"})", 400, ApiError::WrongFieldType, "since");
    row("getHistory, limit 0", "getHistory", R"({"group":"g1","limit":0})", 400, ApiError::WrongFieldType, "limit");
    row("getHistory, limit over 1000", "getHistory", R"({"group":"g1","limit":1001})", 400, ApiError::WrongFieldType, "limit");

    row("sendToClient offline", "sendToClient", R"({"client_id":"zz","message":"x"})", 404, ApiError::NoSuchClient, "zz");
    // robots: this server has none, so every name is unknown; a send naming one sends nothing at all
    row("sendToRobot, no such robot", "sendToRobot", R"({"robot":"ops","text":"x"})", 404, ApiError::NoSuchRobot,
        "no robot named \"ops\" (configured: none)");
    row("sendToRobot without robot", "sendToRobot", R"({"text":"x"})", 400, ApiError::MissingField, "robot");
    row("sendToAll mirrored to an unknown robot", "sendToAll", R"({"message":"x","robots":["ops"]})", 404,
        ApiError::NoSuchRobot, "ops");
    row("sendToGroup mirrored to an unknown robot", "sendToGroup", R"({"group":"g1","message":"x","robots":"ops"})", 404,
        ApiError::NoSuchRobot, "ops");
    row("sendToUid mirrored to an unknown robot", "sendToUid", R"({"uid":"u1","message":"x","robots":["ops"]})", 404,
        ApiError::NoSuchRobot, "ops");
    row("sendToClient mirrored to an unknown robot", "sendToClient", R"({"client_id":"a","message":"x","robots":["ops"]})", 404,
        ApiError::NoSuchRobot, "ops");
    row("robots is a number", "sendToAll", R"({"message":"x","robots":3})", 400, ApiError::WrongFieldType, "robots");
    row("bindUid offline", "bindUid", R"({"client_id":"zz","uid":"u"})", 404, ApiError::NoSuchClient, "zz");
    row("unbindUid offline", "unbindUid", R"({"client_id":"zz"})", 404, ApiError::NoSuchClient, "zz");
    row("joinGroup offline", "joinGroup", R"({"client_id":"zz","group":"g"})", 404, ApiError::NoSuchClient, "zz");
    row("leaveGroup offline", "leaveGroup", R"({"client_id":"zz","group":"g1"})", 404, ApiError::NoSuchClient, "zz");
    row("getUidByClientId offline", "getUidByClientId", R"({"client_id":"zz"})", 404, ApiError::NoSuchClient, "zz");
    row("getSession offline", "getSession", R"({"client_id":"zz"})", 404, ApiError::NoSuchClient, "zz");
    row("setSession offline", "setSession", R"({"client_id":"zz","session":{}})", 404, ApiError::NoSuchClient, "zz");
    row("updateSession offline", "updateSession", R"({"client_id":"zz","session":{}})", 404, ApiError::NoSuchClient, "zz");
    row("closeClient offline", "closeClient", R"({"client_id":"zz","message":"bye"})", 404, ApiError::NoSuchClient, "zz");
}

void TestCommands::fails()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, args);
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const CommandResult r = execute(command, object(args));
    QCOMPARE(r.status, status);
    QVERIFY(!r.ok());
    QCOMPARE(r.body.keys(), QStringList{QStringLiteral("error")});
    const QJsonObject error = r.body.value(u"error").toObject();
    QCOMPARE(error.value(u"code").toInt(), code);
    QVERIFY2(error.value(u"message").toString().contains(mentions), qPrintable(compact(r.body)));
    QCOMPARE(describe(*m_rig->hub, *m_rig->outlet), kFixtureState); // nothing changed
    QVERIFY(m_rig->outlet->sent.isEmpty());
}

void TestCommands::messageTextIsDeliveredAsGiven_data()
{
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("string as is") << QByteArray(R"({"client_id":"a","message":"plain \"text\""})")
                                  << QByteArray("plain \"text\"");
    QTest::newRow("string in UTF-8") << QByteArray(R"({"client_id":"a","message":"h\u00e9 \u4f60\u597d"})")
                                     << QByteArray("h\xc3\xa9 \xe4\xbd\xa0\xe5\xa5\xbd");
    QTest::newRow("object as compact JSON") << QByteArray(R"({"client_id":"a","message":{ "type" : "notice", "n" : 1 }})")
                                            << QByteArray(R"({"n":1,"type":"notice"})");
    QTest::newRow("array as compact JSON") << QByteArray(R"({"client_id":"a","message":[1, "two"]})")
                                           << QByteArray(R"([1,"two"])");
}

void TestCommands::messageTextIsDeliveredAsGiven()
{
    QFETCH(QByteArray, args);
    QFETCH(QByteArray, text);

    QCOMPARE(execute(QStringLiteral("sendToClient"), object(args)).status, 200);
    QCOMPARE(m_rig->outlet->sent.size(), 1);
    QCOMPARE(m_rig->outlet->sent.at(0).to, QStringLiteral("a"));
    QCOMPARE(m_rig->outlet->sent.at(0).text, text);
}

void TestCommands::maxMessageSizeCountsBytes()
{
    QCOMPARE(m_rig->commands->maxMessageSize(), qint64(64 * 1024));
    m_rig->commands->setMaxMessageSize(128);
    const auto send = [this](const QString &message) {
        return execute(QStringLiteral("sendToAll"), QJsonObject{{QStringLiteral("message"), message}});
    };

    QCOMPARE(send(QString(128, u'x')).status, 200);
    const CommandResult tooLong = send(QString(129, u'x'));
    QCOMPARE(tooLong.status, 413);
    QCOMPARE(tooLong.body.value(u"error").toObject().value(u"code").toInt(), int(ApiError::TooLarge));
    QCOMPARE(send(QString(64, u'\u00e9')).status, 200);  // 128 bytes
    QCOMPARE(send(QString(65, u'\u00e9')).status, 413);  // 130 bytes in 65 characters
    const CommandResult bigObject = execute(
        QStringLiteral("sendToAll"),
        QJsonObject{{QStringLiteral("message"), QJsonObject{{QStringLiteral("t"), QString(130, u'x')}}}});
    QCOMPARE(bigObject.status, 413);
    const CommandResult bigFinal = execute(
        QStringLiteral("closeClient"),
        QJsonObject{{QStringLiteral("client_id"), QStringLiteral("a")}, {QStringLiteral("message"), QString(200, u'x')}});
    QCOMPARE(bigFinal.status, 413);
    QVERIFY(m_rig->outlet->closed.isEmpty());

    m_rig->commands->setMaxMessageSize(0); // no limit
    QCOMPARE(send(QString(100000, u'x')).status, 200);
    QCOMPARE(m_rig->outlet->sent.size(), 3 * 3); // three accepted sends to a, b and c
}

void TestCommands::joinGroupPastTheLimit()
{
    m_rig->hub->setMaxGroupsPerClient(1);
    const CommandResult r = execute(
        QStringLiteral("joinGroup"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("a")}, {QStringLiteral("group"), QStringLiteral("g2")}});
    QCOMPARE(r.status, 409);
    QCOMPARE(r.body.value(u"error").toObject().value(u"code").toInt(), int(ApiError::LimitReached));
    QCOMPARE(describe(*m_rig->hub, *m_rig->outlet), kFixtureState);
}

void TestCommands::commandTableAndReadOnlyAccess_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("changesState");

    const QStringList changing = ids("sendToAll sendToClient sendToUid sendToGroup bindUid unbindUid joinGroup leaveGroup "
                                     "ungroup setSession updateSession closeClient registerDevice unregisterDevice "
                                     "pushToUid pushToTokens pushToAll sendToRobot");
    const QStringList reading = ids("isOnline isUidOnline getAllClientIdCount getAllClientIdList getAllUidCount "
                                    "getAllUidList getAllGroupCount getAllGroupIdList getClientIdListByGroup "
                                    "getClientIdCountByGroup getUidListByGroup getUidCountByGroup getHistory getClientIdByUid "
                                    "getUidByClientId getSession listDevices getDeviceCount getApnsStatus listRobots");
    for (const QString &c : changing)
        QTest::newRow(qPrintable(c)) << c << true;
    for (const QString &c : reading)
        QTest::newRow(qPrintable(c)) << c << false;
    // The table above must name every command, and only those.
    // The keys and the audit log (scope full only) are tst_apikeys' and tst_auditlog's.
    const QStringList managing = ids("createApiKey listApiKeys revokeApiKey getAuditLog");
    QCOMPARE(sorted(Commands::names(Door::Http)), sorted(changing + reading + managing));
}

void TestCommands::commandTableAndReadOnlyAccess()
{
    QFETCH(QString, command);
    QFETCH(bool, changesState);

    QVERIFY(Commands::exists(command, Door::Http));
    QCOMPARE(Commands::changesState(command), changesState);

    const CommandResult readOnly = execute(command, object(kAnyArgs), Scope::Read);
    if (changesState) {
        QCOMPARE(readOnly.status, 403);
        QCOMPARE(readOnly.body.value(u"error").toObject().value(u"code").toInt(), int(ApiError::ReadOnly));
        QCOMPARE(describe(*m_rig->hub, *m_rig->outlet), kFixtureState);
        QVERIFY(m_rig->outlet->sent.isEmpty());
    } else {
        QCOMPARE(readOnly.status, 200);
        QCOMPARE(canonicalBody(readOnly.body), canonicalBody(execute(command, object(kAnyArgs)).body));
    }
    const CommandResult full = execute(command, object(kAnyArgs), Scope::Full);
    if (command.startsWith(u"push")) { // this server has no APNs credentials: the push commands say so
        QCOMPARE(full.status, 503);
        QCOMPARE(full.body.value(u"error").toObject().value(u"code").toInt(), int(ApiError::ApnsNotConfigured));
        QVERIFY(m_rig->outlet->sent.isEmpty());
        return;
    }
    if (command == u"sendToRobot") { // nor robots
        QCOMPARE(full.status, 404);
        QCOMPARE(full.body.value(u"error").toObject().value(u"code").toInt(), int(ApiError::NoSuchRobot));
        return;
    }
    QVERIFY2(full.status == 200, QJsonDocument(full.body).toJson(QJsonDocument::Compact).constData());
}

// Bad device arguments: the clear error, and nothing stored.
void TestCommands::deviceRegistry_data()
{
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<int>("code");
    const QByteArray token = "00112233445566778899aabbccddeeff";
    QTest::newRow("no uid") << QByteArray(R"({"token":")" + token + R"("})") << int(ApiError::MissingField);
    QTest::newRow("no token") << QByteArray(R"({"uid":"u1"})") << int(ApiError::MissingField);
    QTest::newRow("token not hex") << QByteArray(R"({"uid":"u1","token":"zz112233445566778899aabbccddeeff"})") << int(ApiError::WrongFieldType);
    QTest::newRow("token too short") << QByteArray(R"({"uid":"u1","token":"0011"})") << int(ApiError::WrongFieldType);
    QTest::newRow("token odd length") << QByteArray(R"({"uid":"u1","token":"00112233445566778899aabbccddeeff0"})") << int(ApiError::WrongFieldType);
    QTest::newRow("token not a string") << QByteArray(R"({"uid":"u1","token":[1]})") << int(ApiError::WrongFieldType);
    QTest::newRow("bad environment") << QByteArray(R"({"uid":"u1","token":")" + token + R"(","environment":"staging"})")
                                     << int(ApiError::WrongFieldType);
    QTest::newRow("bad platform") << QByteArray(R"({"uid":"u1","token":")" + token + R"(","platform":"android"})")
                                  << int(ApiError::WrongFieldType);
    QTest::newRow("unknown provider") << QByteArray(R"({"uid":"u1","token":")" + token + R"(","provider":"huawei"})")
                                      << int(ApiError::UnknownProvider);
    QTest::newRow("provider not a string") << QByteArray(R"({"uid":"u1","token":")" + token + R"(","provider":["fcm"]})")
                                           << int(ApiError::WrongFieldType);
    QTest::newRow("fcm token with a space") << QByteArray(R"({"uid":"u1","token":"a b","provider":"fcm"})")
                                            << int(ApiError::WrongFieldType);
    QTest::newRow("fcm token too long") << QByteArray(R"({"uid":"u1","provider":"fcm","token":")" + QByteArray(201, 'x') + R"("})")
                                        << int(ApiError::WrongFieldType);
    QTest::newRow("fcm bad platform") << QByteArray(R"({"uid":"u1","token":"t1","provider":"fcm","platform":"symbian"})")
                                      << int(ApiError::WrongFieldType);
}

void TestCommands::deviceRegistry()
{
    QFETCH(QByteArray, args);
    QFETCH(int, code);
    const CommandResult r = execute(QStringLiteral("registerDevice"), object(args));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(u"error").toObject().value(u"code").toInt(), code);
    QCOMPARE(execute(QStringLiteral("getDeviceCount"), {}).body.value(u"count").toInt(), 0);
}

void TestCommands::deviceLifecycle()
{
    const auto run = [this](const char *cmd, const QByteArray &args) {
        const CommandResult r = execute(QLatin1String(cmd), object(args));
        return r.ok() ? r.body : QJsonObject{{QStringLiteral("status"), r.status}};
    };
    const QByteArray reg = R"({"uid":"u1","token":"00112233445566778899AABBCCDDEEFF","topic":"com.example.app",)"
                           R"("environment":"sandbox","app_version":"2.1"})";
    QCOMPARE(run("registerDevice", reg).value(u"created").toBool(), true);
    QCOMPARE(run("registerDevice", reg).value(u"created").toBool(), false); // refreshed, not duplicated
    QCOMPARE(run("getDeviceCount", "{}").value(u"count").toInt(), 1);

    const QJsonArray devices = run("listDevices", R"({"uid":"u1"})").value(u"devices").toArray();
    QCOMPARE(devices.size(), 1);
    const QJsonObject d = devices.first().toObject();
    QCOMPARE(d.value(u"token").toString(), QStringLiteral("00112233445566778899aabbccddeeff")); // stored lower-case
    QCOMPARE(d.value(u"topic").toString(), QStringLiteral("com.example.app"));
    QCOMPARE(d.value(u"environment").toString(), QStringLiteral("sandbox"));
    QCOMPARE(d.value(u"platform").toString(), QStringLiteral("ios"));
    QCOMPARE(d.value(u"app_version").toString(), QStringLiteral("2.1"));
    QCOMPARE(d.value(u"active").toBool(), true);

    // The same token registered by another uid moves to it.
    QVERIFY(run("registerDevice", R"({"uid":"u2","token":"00112233445566778899aabbccddeeff","topic":"com.example.app"})")
                .contains(u"created"));
    QCOMPARE(run("listDevices", R"({"uid":"u1"})").value(u"devices").toArray().size(), 0);
    QCOMPARE(run("listDevices", R"({"uid":"u2"})").value(u"devices").toArray().size(), 1);

    // APNs declared it dead: kept but inactive, until the app registers it again.
    QString error;
    QVERIFY(m_rig->devices->deactivate(QStringLiteral("apns"), QStringLiteral("00112233445566778899aabbccddeeff"), QStringLiteral("com.example.app"),
                                  QStringLiteral("Unregistered"), &error));
    QCOMPARE(run("getDeviceCount", "{}").value(u"count").toInt(), 0);
    const QJsonObject dead = run("listDevices", R"({"uid":"u2"})").value(u"devices").toArray().first().toObject();
    QCOMPARE(dead.value(u"active").toBool(), false);
    QCOMPARE(dead.value(u"deactivated_reason").toString(), QStringLiteral("Unregistered"));

    QCOMPARE(run("unregisterDevice", R"({"token":"00112233445566778899aabbccddeeff"})").value(u"removed").toInt(), 1);
    QCOMPARE(run("unregisterDevice", R"({"token":"00112233445566778899aabbccddeeff"})").value(u"removed").toInt(), 0);
    QCOMPARE(run("listDevices", R"({"uid":"u2"})").value(u"devices").toArray().size(), 0);
}

void TestCommands::devicesOfEveryProvider()
{
    const auto run = [this](const char *cmd, const QByteArray &args) {
        const CommandResult r = execute(QLatin1String(cmd), object(args));
        return r.ok() ? r.body : QJsonObject{{QStringLiteral("status"), r.status}};
    };
    // An FCM token keeps its case and is not hex; Android is its default platform.
    const QByteArray fcm = R"({"uid":"u1","provider":"fcm","token":"dGVzdA:APA91b-Xy_Z"})";
    QCOMPARE(run("registerDevice", fcm).value(u"created").toBool(), true);
    QCOMPARE(run("registerDevice", R"({"uid":"u1","token":"00112233445566778899aabbccddeeff"})").value(u"created").toBool(), true);
    QCOMPARE(run("registerDevice", R"({"uid":"u1","provider":"jpush","token":"1a0018970a7a6cd6a4f","platform":"ios"})")
                 .value(u"created").toBool(), true);
    QCOMPARE(run("getDeviceCount", "{}").value(u"count").toInt(), 3);
    QMap<QString, QJsonObject> byProvider;
    for (const QJsonValue &v : run("listDevices", R"({"uid":"u1"})").value(u"devices").toArray())
        byProvider.insert(v.toObject().value(u"provider").toString(), v.toObject());
    QCOMPARE(byProvider.keys(), (QStringList{u"apns"_s, u"fcm"_s, u"jpush"_s}));
    QCOMPARE(byProvider[u"fcm"_s].value(u"token").toString(), u"dGVzdA:APA91b-Xy_Z"_s);
    QCOMPARE(byProvider[u"fcm"_s].value(u"platform").toString(), u"android"_s);
    QCOMPARE(byProvider[u"apns"_s].value(u"platform").toString(), u"ios"_s);
    QCOMPARE(byProvider[u"jpush"_s].value(u"platform").toString(), u"ios"_s);

    // unregisterDevice is per provider too (APNs when none is given).
    QCOMPARE(run("unregisterDevice", R"({"token":"dGVzdA:APA91b-Xy_Z"})").value(u"status").toInt(), 400);
    QCOMPARE(run("unregisterDevice", R"({"token":"dGVzdA:APA91b-Xy_Z","provider":"jpush"})").value(u"removed").toInt(), 0);
    QCOMPARE(run("unregisterDevice", R"({"token":"dGVzdA:APA91b-Xy_Z","provider":"fcm"})").value(u"removed").toInt(), 1);
    QCOMPARE(run("getDeviceCount", "{}").value(u"count").toInt(), 2);
}

void TestCommands::callsAreCounted()
{
    QVERIFY(!Commands::exists(QStringLiteral("nope"), Door::Admin));
    QVERIFY(!Commands::changesState(QStringLiteral("nope")));
    execute(QStringLiteral("isOnline"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("a")}});
    execute(QStringLiteral("isOnline"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("b")}});
    execute(QStringLiteral("bindUid"), QJsonObject{{QStringLiteral("client_id"), QStringLiteral("zz")},
                                                               {QStringLiteral("uid"), QStringLiteral("u")}});
    execute(QStringLiteral("bindUid"), QJsonObject{}, Scope::Read);
    execute(QStringLiteral("nope"), QJsonObject{});

    const QMap<QString, quint64> expected{{QStringLiteral("isOnline|200"), 2},
                                          {QStringLiteral("bindUid|404"), 1},
                                          {QStringLiteral("bindUid|403"), 1},
                                          {QStringLiteral("unknown|404"), 1}};
    QCOMPARE(m_metrics->apiCalls, expected);
}

// What a door answers without running the command is counted under the command its door knows
// ("unknown" otherwise); what it answers itself, under its own name.
void TestCommands::refusalsAndDoorAnswersAreCounted()
{
    const CommandResult unauthorized = CommandResult::failure(401, ApiError::Unauthorized, QStringLiteral("no key"));
    QCOMPARE(m_rig->commands->refuse({Door::Http, QStringLiteral("isOnline")}, unauthorized).body, unauthorized.body);
    m_rig->commands->refuse({Door::Http, QStringLiteral("listClients")}, unauthorized);
    m_rig->commands->refuse({Door::Text, QString()}, CommandResult::failure(400, ApiError::BadRequest, QStringLiteral("not JSON")));
    m_rig->commands->count(DoorAnswer::Oversized, 413);
    m_rig->commands->count(DoorAnswer::TextLogin, 200);
    m_rig->commands->count(DoorAnswer::TextLogin, 401);
    m_rig->commands->count(DoorAnswer::AdminLogin, 401);
    m_rig->commands->count(DoorAnswer::FormCallLogin, 401);

    const QMap<QString, quint64> expected{{QStringLiteral("isOnline|401"), 1}, {QStringLiteral("unknown|401"), 1},
                                          {QStringLiteral("unknown|400"), 1},  {QStringLiteral("oversized|413"), 1},
                                          {QStringLiteral("auth|200"), 1},     {QStringLiteral("auth|401"), 1},
                                          {QStringLiteral("admin_auth|401"), 1}, {QStringLiteral("publish|401"), 1}};
    QCOMPARE(m_metrics->apiCalls, expected);
    QCOMPARE(describe(*m_rig->hub, *m_rig->outlet), kFixtureState);
}

// listClients, every client with its counters, is the console's: the other doors do not know it, and
// the admin channel's hello, which lists the API's commands, does not name it.
void TestCommands::listClientsIsTheAdminChannelsOwn()
{
    QCOMPARE(Commands::names(Door::Text), Commands::names(Door::Http));
    QCOMPARE(Commands::names(Door::Admin), Commands::names(Door::Http) << QStringLiteral("listClients"));
    QVERIFY(!Commands::changesState(QStringLiteral("listClients")));
    for (const Door door : {Door::Http, Door::Text}) {
        QVERIFY(!Commands::exists(QStringLiteral("listClients"), door));
        const CommandResult r = m_rig->commands->execute({door, QStringLiteral("listClients")});
        QCOMPARE(r.status, 404);
        QCOMPARE(r.body.value(u"error").toObject().value(u"code").toInt(), int(ApiError::UnknownCommand));
    }
    const CommandResult r = execute(QStringLiteral("listClients"), {}, Scope::Read);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(u"ok").toBool(), true);
    QStringList listed;
    for (const QJsonValue &c : r.body.value(u"clients").toArray())
        listed.append(c.toObject().value(u"id").toString());
    QCOMPARE(sorted(listed), ids("a b c"));
    QCOMPARE(m_metrics->apiCalls, (QMap<QString, quint64>{{QStringLiteral("unknown|404"), 2}, {QStringLiteral("listClients|200"), 1}}));
}

// getHistory of a room whose history is the cluster's, while Redis cannot be reached (the link is not
// up): 503 / 2024 at once, and not again later; counted once. A room history-rooms does not name
// answers from this node as without history.
void TestCommands::getHistoryWithTheClustersRedisAway()
{
    Metrics metrics;
    CommandsRig rig(metrics);
    const HistorySettings settings{100, 300, {u"h-*"_s}};
    const HistoryRooms rooms(settings);
    rig.hub = std::make_unique<Hub>(metrics, nullptr, &rooms);
    RedisLink link(*RedisAddress::parse(u"redis://127.0.0.1:1"_s, nullptr), {});
    RedisHistory history(settings, *rig.hub, link, 1, metrics);
    QString error;
    QVERIFY2(rig.start({}, [&history](CommandContext &c) { c.sharedHistory = &history; }, &error), qPrintable(error));
    int later = 0;
    const auto call = [&](const QString &group) {
        return rig.commands->execute({Door::Text, u"getHistory"_s, Scope::Read, {{u"group"_s, group}}},
                                     [&later](const CommandResult &) { ++later; });
    };
    const std::optional<CommandResult> away = call(u"h-1"_s);
    QVERIFY(away);
    QCOMPARE(away->status, 503);
    QCOMPARE(away->body.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(ApiError::HistoryUnavailable));
    const std::optional<CommandResult> plain = call(u"lobby"_s);
    QVERIFY(plain);
    QCOMPARE(plain->body.value(u"history"_s), false);
    QCOMPARE(later, 0);
    QCOMPARE(metrics.apiCalls, (QMap<QString, quint64>{{u"getHistory|503"_s, 1}, {u"getHistory|200"_s, 1}}));
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
