// Room history and recovery after a reconnect (docs/protocol.md#history-and-recovery), against the real
// server: a client that misses messages gets exactly those back, in order, before anything new; what
// cannot be recovered is said so; legacy clients of a server without history get today's bytes; and
// getHistory answers on every door.
#include "admintestcase.h"
#include "historytesting.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {
constexpr int kHistorySize = 10;

QJsonObject login(const QString &name, const QString &room, const QJsonObject &recover = {})
{
    QJsonObject m{{u"type"_s, u"login"_s}, {u"client_name"_s, name}, {u"room_id"_s, room}};
    if (!recover.isEmpty())
        m.insert(u"recover"_s, recover);
    return m;
}

} // namespace

class TestHistory final : public AdminTestCase
{
    Q_OBJECT

public:
    TestHistory()
        : AdminTestCase({u"--history-size"_s, QString::number(kHistorySize), u"--history-ttl"_s, u"300"_s,
                         u"--history-rooms"_s, u"hist-*"_s})
    {
    }

private slots:
    void missedMessagesAreRecoveredExactly();
    void historyNoLongerReachingBackCannotRecover();
    void anotherEpochOrOffsetCannotRecover();
    void aRoomWithoutHistoryCannotRecover();
    void aRestartChangesTheEpoch();
    void nonObjectMessagesKeepTheirBytes();
    void getHistoryOnEveryDoor();
    void aTailStartsWithTheRecentHistory();
    void withoutHistoryLegacyClientsGetTodaysBytes();

private:
    // A client that logs in to `room` (recovering from `recover`, if given) and has its login reply.
    std::unique_ptr<WsClient> join(const QString &room, const QJsonObject &recover = {}, const QUrl &url = {});
    void broadcast(const QString &room, int count);
};

std::unique_ptr<WsClient> TestHistory::join(const QString &room, const QJsonObject &recover, const QUrl &url)
{
    auto ws = std::make_unique<WsClient>();
    if (!ws->open(url.isEmpty() ? m_server->clientUrl() : url))
        return nullptr;
    ws->sendJson(login(u"Ann"_s, room, recover));
    const QJsonObject reply = ws->waitFor(u"login"_s);
    return reply.contains(u"client_list") ? std::move(ws) : nullptr;
}

void TestHistory::broadcast(const QString &room, int count)
{
    for (int i = 1; i <= count; ++i)
        QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, room}, {u"message"_s, QJsonObject{{u"n"_s, i}}}}).value(u"ok"), true);
}

// Bob stays in the room as the witness: what Ann gets back is, byte for byte, what Bob received while
// she was away, then "recovered", then what comes next.
void TestHistory::missedMessagesAreRecoveredExactly()
{
    const QString room = u"hist-a"_s;
    ChatClient *bob = connectClient(u"Bob"_s, room);
    QVERIFY(bob);
    auto ann = join(room);
    QVERIFY(ann);
    const QJsonObject annReply = ann->messages().first();
    QVERIFY2(annReply.value(u"offset").toInteger() > 0 && !annReply.value(u"epoch").toString().isEmpty(),
             qPrintable(ann->raw().first()));
    QVERIFY(!bob->ws.waitFor(u"login"_s).isEmpty()); // Ann's login notice, with the same offset
    QCOMPARE(positionOf(bob->ws.messages().last()), positionOf(annReply));

    const qsizetype before = bob->ws.raw().size();
    ann->socket().close();
    QVERIFY(ann->waitClosed());
    broadcast(room, 3);
    bob->say(u"while you were out"_s);
    constexpr int kMissed = 5; // Ann's logout, three broadcasts, Bob's say
    QTRY_COMPARE(bob->ws.raw().size(), before + kMissed);
    const QList<QString> missed = bob->ws.raw().mid(before);

    auto again = join(room, positionOf(annReply));
    QVERIFY(again);
    QVERIFY(!again->waitFor(u"recovered"_s).isEmpty());
    const qint64 first = annReply.value(u"offset").toInteger();
    QJsonObject recovered;
    checkRecovery(again->raw(), missed, first, again->messages().first(), &recovered);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(recovered.value(u"room_id").toString(), room);

    bob->say(u"welcome back"_s);
    const QJsonObject next = again->waitFor(u"say"_s);
    QCOMPARE(next.value(u"content").toString(), u"welcome back"_s);
    QCOMPARE(next.value(u"offset").toInteger(), first + kMissed + 2);
    QCOMPARE(m_server->metric(u"herald_recoveries_total{outcome=\"recovered\"}"_s), 1);
}

void TestHistory::historyNoLongerReachingBackCannotRecover()
{
    const QString room = u"hist-b"_s;
    auto ann = join(room);
    QVERIFY(ann);
    const QJsonObject seen = positionOf(ann->messages().first());
    ann->socket().close();
    QVERIFY(ann->waitClosed());
    broadcast(room, kHistorySize + 1);

    auto again = join(room, seen);
    QVERIFY(again);
    const QJsonObject failed = again->waitFor(u"recover_failed"_s);
    QCOMPARE(failed.value(u"reason").toString(), u"too_old"_s);
    QCOMPARE(positionOf(failed), positionOf(again->messages().first()));
    QCOMPARE(again->messages().size(), 2); // the login reply, the answer: nothing of the room's past
}

void TestHistory::anotherEpochOrOffsetCannotRecover()
{
    const QString room = u"hist-c"_s;
    auto ann = join(room);
    QVERIFY(ann);
    const QJsonObject at = positionOf(ann->messages().first());

    auto otherEpoch = join(room, {{u"offset"_s, at.value(u"offset")}, {u"epoch"_s, u"not-this-one"_s}});
    QVERIFY(otherEpoch);
    QCOMPARE(otherEpoch->waitFor(u"recover_failed"_s).value(u"reason").toString(), u"epoch_changed"_s);

    auto ahead = join(room, {{u"offset"_s, at.value(u"offset").toInteger() + 100}, {u"epoch"_s, at.value(u"epoch")}});
    QVERIFY(ahead);
    QCOMPARE(ahead->waitFor(u"recover_failed"_s).value(u"reason").toString(), u"offset_ahead"_s);
}

void TestHistory::aRoomWithoutHistoryCannotRecover()
{
    auto ann = join(u"lobby"_s, {{u"offset"_s, 3}, {u"epoch"_s, u"e"_s}}); // not a hist-* room
    QVERIFY(ann);
    QVERIFY(!ann->messages().first().contains(u"offset"));
    const QJsonObject failed = ann->waitFor(u"recover_failed"_s);
    QCOMPARE(failed.value(u"reason").toString(), u"history_off"_s);
    QVERIFY(!failed.contains(u"offset"));

    // A malformed recover is refused as any malformed login, and the connection goes on.
    ann->sendJson({{u"type"_s, u"login"_s}, {u"client_name"_s, u"Ann"_s}, {u"room_id"_s, u"hist-x"_s},
                   {u"recover"_s, QJsonObject{{u"offset"_s, -1}, {u"epoch"_s, u"e"_s}}}});
    QCOMPARE(ann->waitFor(u"error"_s).value(u"code").toInt(), 1005);
    QVERIFY(sayGoesRound(m_server->clientUrl(), u"lobby"_s));
}

void TestHistory::aRestartChangesTheEpoch()
{
    const QStringList flags{u"--history-size"_s, u"10"_s, u"--history-ttl"_s, u"60"_s, u"--ping-interval"_s, u"0"_s};
    auto first = ServerProcess::started(flags);
    QVERIFY(first);
    QJsonObject seen;
    {
        auto ann = join(u"r"_s, {}, first->clientUrl());
        QVERIFY(ann);
        seen = positionOf(ann->messages().first());
    }
    QVERIFY(first->terminate(10000));
    auto second = ServerProcess::started(flags);
    QVERIFY(second);
    auto ann = join(u"r"_s, seen, second->clientUrl());
    QVERIFY(ann);
    QCOMPARE(ann->waitFor(u"recover_failed"_s).value(u"reason").toString(), u"epoch_changed"_s);
    QVERIFY(ann->messages().first().value(u"epoch") != seen.value(u"epoch"));
}

// What is not a JSON object has no place for an offset: it is delivered as the backend gave it, kept and
// counted in the history all the same, and recovered as it was.
void TestHistory::nonObjectMessagesKeepTheirBytes()
{
    const QString room = u"hist-d"_s;
    auto ann = join(room);
    QVERIFY(ann);
    const QJsonObject seen = positionOf(ann->messages().first());
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, room}, {u"message"_s, u"plain text"_s}}).value(u"ok"), true);
    QTRY_COMPARE(ann->raw().size(), 2);
    QCOMPARE(ann->raw().last(), u"plain text"_s);
    ann->socket().close();
    QVERIFY(ann->waitClosed());

    auto again = join(room, seen);
    QVERIFY(again);
    QCOMPARE(again->waitFor(u"recovered"_s).value(u"count").toInt(), 2); // the text, Ann's logout
    QCOMPARE(again->raw().at(1), u"plain text"_s);
    QCOMPARE(parsedMessage(again->raw().at(2)).value(u"offset").toInteger(), seen.value(u"offset").toInteger() + 2);
}

void TestHistory::getHistoryOnEveryDoor()
{
    const QString room = u"hist-e"_s;
    broadcast(room, 3); // nobody listens: the room's history keeps them all the same
    const QJsonObject args{{u"group"_s, room}, {u"since"_s, 1}, {u"limit"_s, 1}};

    const QJsonObject http = call(u"getHistory"_s, args);
    QCOMPARE(http.value(u"history"), true);
    QCOMPARE(http.value(u"offset").toInt(), 3);
    const QString epoch = http.value(u"epoch").toString();
    QVERIFY(!epoch.isEmpty());
    const QJsonArray messages = http.value(u"messages").toArray();
    QCOMPARE(messages.size(), 1);
    const QJsonObject second = messages.first().toObject();
    QCOMPARE(second.value(u"offset").toInt(), 2);
    QCOMPARE(second.value(u"message").toString(), u"{\"n\":2,\"offset\":2,\"epoch\":\""_s + epoch + u"\"}"_s);
    QVERIFY(qAbs(second.value(u"time").toInteger() - QDateTime::currentMSecsSinceEpoch()) < 60000);

    TextClient text;
    QVERIFY(text.open(m_server->textPort()));
    QCOMPARE(text.call({{u"cmd"_s, u"auth"_s}, {u"key"_s, m_server->apiKey()}}), kOk);
    QJsonObject viaText = args;
    viaText.insert(u"cmd"_s, u"getHistory"_s);
    QCOMPARE(text.call(viaText), http);

    auto admin = openAdmin(m_server->readonlyToken()); // a query: read-only sessions may
    QVERIFY(admin);
    QCOMPARE(command(*admin, u"getHistory"_s, args).value(u"result").toObject(), http);

    QCOMPARE(call(u"getHistory"_s, {{u"group"_s, u"lobby"_s}}),
             (QJsonObject{{u"ok"_s, true}, {u"group"_s, u"lobby"_s}, {u"history"_s, false}, {u"messages"_s, QJsonArray()}}));
    QCOMPARE(call(u"getHistory"_s, {{u"group"_s, room}, {u"limit"_s, 0}}).value(u"status").toInt(), 400);
}

void TestHistory::aTailStartsWithTheRecentHistory()
{
    const QString room = u"hist-f"_s;
    broadcast(room, 2);
    auto admin = openAdmin(m_server->readonlyToken());
    QVERIFY(admin);
    const qsizetype from = admin->messages().size();
    QCOMPARE(request(*admin, {{u"type"_s, u"subscribe"_s}, {u"room"_s, room}}).value(u"status").toInt(), 200);
    const QJsonObject traffic = waitFor(*admin, [](const QJsonObject &m) { return m.value(u"type") == u"traffic"_s; }, from);
    const QJsonArray messages = traffic.value(u"messages").toArray();
    QCOMPARE(messages.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const QJsonObject m = messages.at(i).toObject();
        QCOMPARE(m.value(u"sender").toString(), u"history"_s);
        QCOMPARE(m.value(u"room").toString(), room);
        QCOMPARE(parsedMessage(m.value(u"content").toString()).value(u"n").toInt(), i + 1);
    }

    // A room without history starts its tail empty, as before.
    const qsizetype later = admin->messages().size();
    QCOMPARE(request(*admin, {{u"type"_s, u"subscribe"_s}, {u"room"_s, u"lobby"_s}}).value(u"status").toInt(), 200);
    QCOMPARE(call(u"sendToGroup"_s, {{u"group"_s, u"lobby"_s}, {u"message"_s, u"now"_s}}).value(u"ok"), true);
    const QJsonObject live = waitFor(*admin, [](const QJsonObject &m) { return m.value(u"type") == u"traffic"_s; }, later);
    QCOMPARE(live.value(u"messages").toArray().size(), 1);
    QCOMPARE(live.value(u"messages").toArray().first().toObject().value(u"content").toString(), u"now"_s);
}

// The same session on a server without history: every message exactly as today (no offset, no epoch).
void TestHistory::withoutHistoryLegacyClientsGetTodaysBytes()
{
    auto plain = ServerProcess::started({u"--ping-interval"_s, u"0"_s});
    QVERIFY(plain);
    auto ann = join(u"1"_s, {}, plain->clientUrl());
    QVERIFY(ann);
    const QString a = ann->messages().first().value(u"client_id").toString();
    const auto timeOf = [&](int i) { return ann->messages().at(i).value(u"time").toString(); };
    QCOMPARE(ann->raw().at(0), uR"({"client_id":"%1","client_list":{"%1":"Ann"},"client_name":"Ann","time":"%2","type":"login"})"_s.arg(a, timeOf(0)));

    ChatClient bob;
    QVERIFY(bob.connectAndLogin(plain->clientUrl(), u"Bob"_s, u"1"_s));
    const QString b = bob.clientId;
    QTRY_COMPARE(ann->raw().size(), 2);
    QCOMPARE(ann->raw().at(1), uR"({"client_id":"%1","client_name":"Bob","time":"%2","type":"login"})"_s.arg(b, timeOf(1)));

    bob.say(u"hi"_s);
    QTRY_COMPARE(ann->raw().size(), 3);
    QCOMPARE(ann->raw().at(2),
             uR"({"content":"hi","from_client_id":"%1","from_client_name":"Bob","time":"%2","to_client_id":"all","type":"say"})"_s
                 .arg(b, timeOf(2)));

    HttpClient http;
    QCOMPARE(http.command(plain->apiUrl(), u"sendToGroup"_s, {{u"group"_s, u"1"_s}, {u"message"_s, QJsonObject{{u"x"_s, 1}}}},
                          plain->apiKey().toUtf8()).status, 200);
    QTRY_COMPARE(ann->raw().size(), 4);
    QCOMPARE(ann->raw().at(3), uR"({"x":1})"_s);

    bob.ws.socket().close();
    QTRY_COMPARE(ann->raw().size(), 5);
    QCOMPARE(ann->raw().at(4), uR"({"from_client_id":"%1","from_client_name":"Bob","time":"%2","type":"logout"})"_s.arg(b, timeOf(4)));
}

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
