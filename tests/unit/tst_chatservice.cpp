// The workerman-chat protocol on the server (server/chat/): login, say, logout and errors on top of the
// hub, and what it hands the gateway (its ping, the pong test, the rate-limit error, binary frames),
// observed through a recording Outlet.
#include "hubtesting.h"

#include "auth/clientauth.h"
#include "chat/chatservice.h"
#include "chat/chatsession.h"
#include "hub/hub.h"
#include "util/metrics.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;

Q_DECLARE_METATYPE(Herald::Chat::Decoded)

namespace {

// A message as sent, in canonical form, with its "time" removed once checked to be YYYY-MM-DD HH:MM:SS
// (a bad time stays in, so the comparison shows it).
QByteArray untimed(const QByteArray &text)
{
    static const QRegularExpression timeShape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"));
    QJsonObject o = QJsonDocument::fromJson(text).object();
    if (o.isEmpty())
        return "NOT A JSON OBJECT: " + text;
    if (timeShape.match(o.value(u"time").toString()).hasMatch())
        o.remove(QStringLiteral("time"));
    return canonical(o);
}

QList<QByteArray> untimed(const QList<QByteArray> &texts)
{
    QList<QByteArray> out;
    for (const QByteArray &t : texts)
        out.append(untimed(t));
    return out;
}

Chat::LoginRequest login(const char *name, const char *room)
{
    return {QString::fromUtf8(name), QString::fromUtf8(room), {}};
}

Chat::SayRequest say(const char *to, const char *toName, const char *content)
{
    return {QString::fromUtf8(to), QString::fromUtf8(toName), QString::fromUtf8(content)};
}

} // namespace

class TestChatService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void loginSendsListToNewcomerAndLoginToTheRoom();
    void roomAsNumberOrStringIsOneRoom();
    void sayToAllReachesTheRoomOnly();
    void privateSayReachesTargetAndEchoesToSender();
    void namesAndContentAreEscaped();
    void secondLoginMovesToTheNewRoom();
    void disconnectAnnouncesLogout();
    void sayBeforeLoginIsRefused();
    void privateSayToAnOfflineClientIsRefused();
    void loginRefusedWhenInTooManyRooms();
    void otherRequests_data();
    void otherRequests();
    // what the gateway gets from it
    void framesAreDecoded();
    void binaryFramesAreRefused();
    void gatewaySettings();

private:
    void connectClients(const QStringList &clientIds) { HeraldTest::connectClients(*m_hub, *m_outlet, clientIds); }

    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<RecordingOutlet> m_outlet;
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<ClientAuth> m_auth;
    std::unique_ptr<ChatService> m_chat;
};

void TestChatService::init()
{
    m_metrics = std::make_unique<Metrics>();
    m_outlet = std::make_unique<RecordingOutlet>();
    m_hub = std::make_unique<Hub>(*m_metrics);
    m_auth = std::make_unique<ClientAuth>(*m_hub, *m_metrics);
    m_chat = std::make_unique<ChatService>(*m_hub, *m_metrics, *m_auth);
}

void TestChatService::cleanup()
{
    m_chat.reset();
    m_auth.reset();
    m_hub.reset();
    m_outlet.reset();
    m_metrics.reset();
}

void TestChatService::loginSendsListToNewcomerAndLoginToTheRoom()
{
    connectClients(ids("a b c"));
    QSignalSpy loggedIn(m_chat.get(), &ChatService::adminEvent);

    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"a","client_name":"Alice","client_list":{"a":"Alice"}})")});

    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"b","client_name":"Bob"})")});
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("b"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"b","client_name":"Bob","client_list":{"a":"Alice","b":"Bob"}})")});

    m_chat->handle(QStringLiteral("c"), login("Carol", "2")); // another room: a and b hear nothing
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("c"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"c","client_name":"Carol","client_list":{"c":"Carol"}})")});
    QVERIFY(m_outlet->sent.isEmpty());

    QCOMPARE(sorted(m_hub->clientIdsInGroup(QStringLiteral("1"))), ids("a b"));
    QCOMPARE(canonical(*m_hub->session(QStringLiteral("b"))), json(R"({"client_name":"Bob","room_id":"1"})"));
    QCOMPARE(m_metrics->logins, quint64(3));
    QCOMPARE(loggedIn.count(), 3);
    const auto bob = loggedIn.at(1).at(0).value<Herald::Admin::Event>(); // {"event":"login","client_id":"b","name":"Bob","room":"1"}
    QCOMPARE(bob.kind, Herald::Admin::EventKind::Login);
    QCOMPARE(bob.clientId, QStringLiteral("b"));
    QCOMPARE(bob.name, QStringLiteral("Bob"));
    QCOMPARE(bob.room, QStringLiteral("1"));
}

void TestChatService::roomAsNumberOrStringIsOneRoom()
{
    connectClients(ids("a b"));
    m_chat->handle(QStringLiteral("a"), Chat::decode(R"({"type":"login","client_name":"A","room_id":7})"));
    m_chat->handle(QStringLiteral("b"), Chat::decode(R"({"type":"login","client_name":"B","room_id":"7"})"));

    QCOMPARE(m_hub->groups(), ids("7"));
    QCOMPARE(sorted(m_hub->clientIdsInGroup(QStringLiteral("7"))), ids("a b"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))).last(),
             json(R"({"type":"login","client_id":"b","client_name":"B"})"));
}

void TestChatService::sayToAllReachesTheRoomOnly()
{
    connectClients(ids("a b c"));
    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_chat->handle(QStringLiteral("c"), login("Carol", "2"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), say("all", "", "hello"));

    const QByteArray expected = json(R"({"type":"say","from_client_id":"a","from_client_name":"Alice","to_client_id":"all","content":"hello"})");
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))), QList<QByteArray>{expected}); // the sender sees it too
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("b"))), QList<QByteArray>{expected});
    QVERIFY(m_outlet->sent.isEmpty()); // not room 2
}

void TestChatService::privateSayReachesTargetAndEchoesToSender()
{
    connectClients(ids("a b c"));
    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_chat->handle(QStringLiteral("c"), login("Carol", "1"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), say("b", "Bob", "psst"));

    QCOMPARE(untimed(m_outlet->take(QStringLiteral("b"))),
             QList<QByteArray>{json(R"({"type":"say","from_client_id":"a","from_client_name":"Alice","to_client_id":"b",)"
                                    R"("content":"<b>对你说: </b>psst"})")});
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"say","from_client_id":"a","from_client_name":"Alice","to_client_id":"b",)"
                                    R"("content":"<b>你对Bob说: </b>psst"})")});
    QVERIFY(m_outlet->sent.isEmpty()); // c, in the same room, sees nothing
}

void TestChatService::namesAndContentAreEscaped()
{
    connectClients(ids("a b"));
    m_chat->handle(QStringLiteral("a"), login("<img src=x onerror='x'>", "1"));
    m_chat->handle(QStringLiteral("b"), login("B&B \"inn\"", "1"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))).last(),
             json(R"({"type":"login","client_id":"b","client_name":"B&amp;B &quot;inn&quot;"})"));
    QCOMPARE(Chat::clientName(*m_hub->client(QStringLiteral("a"))), QStringLiteral("&lt;img src=x onerror=&#039;x&#039;&gt;"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), say("all", "", "<script>x</script>\r\nline 2"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("b"))),
             QList<QByteArray>{json(R"({"type":"say","from_client_id":"a","from_client_name":"&lt;img src=x onerror=&#039;x&#039;&gt;",)"
                                    R"("to_client_id":"all","content":"&lt;script&gt;x&lt;/script&gt;<br />\r\nline 2"})")});
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("b"), say("a", "<i>A</i>", "a\nb"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("b"))),
             QList<QByteArray>{json(R"({"type":"say","from_client_id":"b","from_client_name":"B&amp;B &quot;inn&quot;","to_client_id":"a",)"
                                    R"("content":"<b>你对&lt;i&gt;A&lt;/i&gt;说: </b>a<br />\nb"})")});
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"say","from_client_id":"b","from_client_name":"B&amp;B &quot;inn&quot;","to_client_id":"a",)"
                                    R"("content":"<b>对你说: </b>a<br />\nb"})")});
}

void TestChatService::secondLoginMovesToTheNewRoom()
{
    connectClients(ids("a b c"));
    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_chat->handle(QStringLiteral("c"), login("Carol", "2"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), login("Alicia", "2"));

    QCOMPARE(untimed(m_outlet->take(QStringLiteral("b"))), // the old room sees her leave under her old name
             QList<QByteArray>{json(R"({"type":"logout","from_client_id":"a","from_client_name":"Alice"})")});
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("c"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"a","client_name":"Alicia"})")});
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"a","client_name":"Alicia","client_list":{"a":"Alicia","c":"Carol"}})")});
    QCOMPARE(m_hub->client(QStringLiteral("a"))->groups, ids("2"));
    QCOMPARE(m_hub->clientIdsInGroup(QStringLiteral("1")), ids("b"));
    QCOMPARE(canonical(*m_hub->session(QStringLiteral("a"))), json(R"({"client_name":"Alicia","room_id":"2"})"));

    m_chat->handle(QStringLiteral("b"), say("all", "", "anyone?")); // a no longer hears room 1
    QCOMPARE(m_outlet->takeRecipients(), ids("b"));
}

void TestChatService::disconnectAnnouncesLogout()
{
    connectClients(ids("a b c"));
    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_outlet->sent.clear();

    // as the gateway does it: the client protocol first, then the hub forgets the client
    m_chat->closing(QStringLiteral("b"));
    m_hub->removeClient(QStringLiteral("b"), QStringLiteral("client"));
    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"logout","from_client_id":"b","from_client_name":"Bob"})")});
    QVERIFY(m_outlet->sent.isEmpty());
    QCOMPARE(m_hub->clientIdsInGroup(QStringLiteral("1")), ids("a"));

    // c never logged in: nobody is told
    m_chat->closing(QStringLiteral("c"));
    m_hub->removeClient(QStringLiteral("c"), QStringLiteral("client"));
    m_chat->closing(QStringLiteral("ghost"));
    QVERIFY(m_outlet->sent.isEmpty());
}

void TestChatService::sayBeforeLoginIsRefused()
{
    connectClients(ids("a b"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), say("all", "", "hi"));

    const QList<QByteArray> got = m_outlet->take(QStringLiteral("a"));
    QCOMPARE(got.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(got.first()).object().value(u"type").toString(), QStringLiteral("error"));
    QCOMPARE(QJsonDocument::fromJson(got.first()).object().value(u"code").toInt(), int(ChatError::NotLoggedIn));
    QVERIFY(m_outlet->sent.isEmpty());
    QCOMPARE(m_metrics->errors.value(QStringLiteral("not_logged_in")), quint64(1));
}

void TestChatService::privateSayToAnOfflineClientIsRefused()
{
    connectClients(ids("a b"));
    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), say("0000000000000000dead", "Nobody", "hello?"));

    const QList<QByteArray> got = m_outlet->take(QStringLiteral("a"));
    QCOMPARE(got.size(), 1);
    const QJsonObject error = QJsonDocument::fromJson(got.first()).object();
    QCOMPARE(error.value(u"code").toInt(), int(ChatError::NoSuchClient));
    QVERIFY2(error.value(u"message").toString().contains(u"0000000000000000dead"), got.first().constData());
    QVERIFY(m_outlet->sent.isEmpty());
    QCOMPARE(m_metrics->errors.value(QStringLiteral("no_such_client")), quint64(1));
}

void TestChatService::loginRefusedWhenInTooManyRooms()
{
    connectClients(ids("a b"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_outlet->sent.clear();
    m_hub->setMaxGroupsPerClient(1);
    m_hub->joinGroup(QStringLiteral("a"), QStringLiteral("backend-group")); // joined by a backend

    m_chat->handle(QStringLiteral("a"), login("Alice", "1"));

    const QList<QByteArray> got = m_outlet->take(QStringLiteral("a"));
    QCOMPARE(got.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(got.first()).object().value(u"code").toInt(), int(ChatError::TooManyRooms));
    QVERIFY(m_outlet->sent.isEmpty()); // room 1 heard nothing
    QCOMPARE(m_hub->clientIdsInGroup(QStringLiteral("1")), ids("b"));
    QVERIFY(!m_hub->session(QStringLiteral("a"))->contains(QStringLiteral("room_id")));
    QCOMPARE(m_metrics->logins, quint64(1));

    m_chat->handle(QStringLiteral("a"), say("all", "", "hi")); // still not logged in
    QCOMPARE(QJsonDocument::fromJson(m_outlet->take(QStringLiteral("a")).value(0)).object().value(u"code").toInt(),
             int(ChatError::NotLoggedIn));
}

void TestChatService::otherRequests_data()
{
    QTest::addColumn<Chat::Decoded>("request");
    QTest::addColumn<QList<QByteArray>>("replies");

    QTest::newRow("ping is answered with pong") << Chat::Decoded(Chat::PingRequest{})
                                                << QList<QByteArray>{R"({"type":"pong"})"};
    QTest::newRow("pong needs no answer") << Chat::Decoded(Chat::PongRequest{}) << QList<QByteArray>();
    QTest::newRow("a decode error is sent back")
        << Chat::Decoded(Chat::DecodeError{ChatError::MissingField, QStringLiteral("missing field \"content\"")})
        << QList<QByteArray>{R"({"code":1004,"message":"missing field \"content\"","type":"error"})"};
    QTest::newRow("an invalid frame, decoded") << Chat::decode("{")
                                               << QList<QByteArray>{Chat::encodeError(
                                                      ChatError::InvalidJson,
                                                      std::get<Chat::DecodeError>(Chat::decode("{")).message)};
}

void TestChatService::otherRequests()
{
    QFETCH(Chat::Decoded, request);
    QFETCH(QList<QByteArray>, replies);

    connectClients(ids("a b"));
    m_chat->handle(QStringLiteral("b"), login("Bob", "1"));
    m_outlet->sent.clear();

    m_chat->handle(QStringLiteral("a"), request);
    QCOMPARE(m_outlet->take(QStringLiteral("a")), replies);
    QVERIFY(m_outlet->sent.isEmpty());
}

void TestChatService::framesAreDecoded()
{
    connectClients(ids("a b"));
    m_chat->textReceived(QStringLiteral("a"), R"({"type":"login","client_name":"Alice","room_id":1})");
    m_chat->textReceived(QStringLiteral("b"), "{");

    QCOMPARE(untimed(m_outlet->take(QStringLiteral("a"))),
             QList<QByteArray>{json(R"({"type":"login","client_id":"a","client_name":"Alice","client_list":{"a":"Alice"}})")});
    QCOMPARE(QJsonDocument::fromJson(m_outlet->take(QStringLiteral("b")).value(0)).object().value(u"code").toInt(),
             int(ChatError::InvalidJson));
    QCOMPARE(m_metrics->errors.value(QStringLiteral("invalid_json")), quint64(1));
}

void TestChatService::binaryFramesAreRefused()
{
    connectClients(ids("a"));
    m_chat->binaryReceived(QStringLiteral("a"), 12);

    QCOMPARE(m_outlet->take(QStringLiteral("a")),
             QList<QByteArray>{json(R"({"type":"error","code":1010,"message":"binary frames are not supported; send JSON in text frames"})")});
    QCOMPARE(m_metrics->errors.value(QStringLiteral("binary_frame")), quint64(1));
    QVERIFY(m_outlet->closed.isEmpty()); // the connection stays open
}

void TestChatService::gatewaySettings()
{
    QCOMPARE(json(m_chat->heartbeat()), json(R"({"type":"ping"})"));
    const ClientProtocol::AnswerTest isAnswer = m_chat->heartbeatAnswer();
    QVERIFY(isAnswer);
    QVERIFY(isAnswer(R"({"type":"pong"})"));
    QVERIFY(!isAnswer(R"({"type":"ping"})"));
    const QJsonObject limited = QJsonDocument::fromJson(m_chat->rateLimited(7)).object();
    QCOMPARE(limited.value(u"type").toString(), QStringLiteral("error"));
    QCOMPARE(limited.value(u"code").toInt(), int(ChatError::RateLimited));
    QVERIFY2(limited.value(u"message").toString().contains(u"client-message-rate is 7 a second"),
             qPrintable(limited.value(u"message").toString()));
}

QTEST_GUILESS_MAIN(TestChatService)
#include "tst_chatservice.moc"
