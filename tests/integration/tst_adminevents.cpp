// What the admin channel tells the console (docs/admin-protocol.md): a snapshot of every client and room
// on connect, batched live events, stats every second, and the tail of a room's traffic.
#include "admintestcase.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>

#include "testjson.h"

#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace HeraldTest;
using namespace Qt::StringLiterals;

namespace {

int bytes(const QList<QString> &frames)
{
    int n = 0;
    for (const QString &f : frames)
        n += int(f.toUtf8().size());
    return n;
}

} // namespace

class TestAdminEvents final : public AdminTestCase
{
    Q_OBJECT

private slots:
    void snapshotDescribesEveryClientAndRoom();
    void liveEvents();
    void eventsAreBatched();
    void statsEverySecond();
    void roomTail();
};

void TestAdminEvents::snapshotDescribesEveryClientAndRoom()
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

    const auto room = [&server](const QString &name, int members) { // a single node: all its members are its own
        return QJsonObject{{u"room"_s, name}, {u"members"_s, members},
                           {u"nodes"_s, QJsonObject{{server.value(u"node_id").toString(), members}}}};
    };
    QCOMPARE(snapshot.value(u"rooms").toArray(), (QJsonArray{room(u"extra"_s, 1), room(u"r1"_s, 2), room(u"r2"_s, 1)}));
    const QJsonObject stats = normalized(snapshot.value(u"stats").toObject());
    QCOMPARE(stats.value(u"time"), u"<time>"_s);
    QCOMPARE(stats.value(u"connections"), 3);
    QCOMPARE(stats.value(u"rooms"), 3);
    QCOMPARE(stats.value(u"uids"), 1);
    QVERIFY(stats.value(u"logins").toInt() >= 3);
}

void TestAdminEvents::liveEvents()
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

void TestAdminEvents::eventsAreBatched()
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

void TestAdminEvents::statsEverySecond()
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

void TestAdminEvents::roomTail()
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

QTEST_GUILESS_MAIN(TestAdminEvents)
#include "tst_adminevents.moc"
