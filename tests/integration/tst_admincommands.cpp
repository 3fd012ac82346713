// The hub's commands over the admin channel (docs/admin-protocol.md): a kick, every change refused to a
// read-only session and let through with full access, and every read allowed to both, answering as the
// HTTP API does.
#include "admintestcase.h"

#include <QHash>

#include "testjson.h"

#include <QTest>

#include <algorithm>
#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

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
        {u"getHistory"_s, {{u"group"_s, u"r1"_s}}},
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

class TestAdminCommands final : public AdminTestCase
{
    Q_OBJECT

private slots:
    void kickDisconnectsTheClient();
    void readOnlyRefusesEveryChange_data();
    void readOnlyRefusesEveryChange();
    void readOnlyMayRead_data();
    void readOnlyMayRead();

private:
    // What a refused command could have changed about a client, read through the HTTP API; the frames
    // the client has received are counted once a marker sent after the refusal has arrived.
    QJsonObject fingerprint(ChatClient *client);
};

void TestAdminCommands::kickDisconnectsTheClient()
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

void TestAdminCommands::readOnlyRefusesEveryChange_data()
{
    QTest::addColumn<QString>("cmd");
    for (const auto &[cmd, changes] : kCommands) {
        if (changes)
            QTest::newRow(qPrintable(cmd)) << cmd;
    }
}

void TestAdminCommands::readOnlyRefusesEveryChange()
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

void TestAdminCommands::readOnlyMayRead_data()
{
    QTest::addColumn<QString>("cmd");
    for (const auto &[cmd, changes] : kCommands) {
        if (!changes)
            QTest::newRow(qPrintable(cmd)) << cmd;
    }
}

void TestAdminCommands::readOnlyMayRead()
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

QJsonObject TestAdminCommands::fingerprint(ChatClient *client)
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

QTEST_GUILESS_MAIN(TestAdminCommands)
#include "tst_admincommands.moc"
