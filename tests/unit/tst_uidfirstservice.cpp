// The uid-first client protocol (server/uidfirst/, docs/protocol.md): the first message is the uid,
// what follows is ignored, a first message that is no uid closes the client; what it hands the gateway
// (a WebSocket ping as heartbeat, no answer to absorb, nothing sent when over the rate).
#include "hubtesting.h"

#include "auth/clientauth.h"
#include "hub/hub.h"
#include "uidfirst/uidfirstservice.h"
#include "util/metrics.h"

#include <QTest>

#include <memory>

using namespace Herald;
using namespace HeraldTest;

class TestUidFirstService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void firstMessageIsTheUid();
    void laterMessagesAreIgnored();
    void aUidHasManyConnections();
    void firstMessageThatIsNoUidCloses_data();
    void firstMessageThatIsNoUidCloses();
    void aClosedClientIsForgotten();
    void gatewaySettings();

private:
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<RecordingOutlet> m_outlet;
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<ClientAuth> m_auth;
    std::unique_ptr<UidFirstService> m_protocol;
};

void TestUidFirstService::init()
{
    m_metrics = std::make_unique<Metrics>();
    m_outlet = std::make_unique<RecordingOutlet>();
    m_hub = std::make_unique<Hub>(*m_metrics);
    m_auth = std::make_unique<ClientAuth>(*m_hub, *m_metrics);
    m_protocol = std::make_unique<UidFirstService>(*m_hub, *m_auth);
    connectClients(*m_hub, *m_outlet, ids("a b c"));
}

void TestUidFirstService::cleanup()
{
    m_protocol.reset();
    m_auth.reset();
    m_hub.reset();
    m_outlet.reset();
    m_metrics.reset();
}

void TestUidFirstService::firstMessageIsTheUid()
{
    m_protocol->textReceived(QStringLiteral("a"), "uid1");
    m_protocol->textReceived(QStringLiteral("b"), " Ünïcode uid "); // as sent: no trimming

    QCOMPARE(m_hub->client(QStringLiteral("a"))->uid, QStringLiteral("uid1"));
    QCOMPARE(m_hub->client(QStringLiteral("b"))->uid, QStringLiteral(" Ünïcode uid "));
    QVERIFY(m_hub->client(QStringLiteral("c"))->uid.isEmpty());
    QVERIFY(m_outlet->sent.isEmpty()); // no answer: the page would show it
    QVERIFY(m_outlet->closed.isEmpty());
    QCOMPARE(m_hub->sendToUid(QStringLiteral("uid1"), "pushed"), 1);
    QCOMPARE(m_outlet->take(QStringLiteral("a")), QList<QByteArray>{"pushed"});
}

void TestUidFirstService::laterMessagesAreIgnored()
{
    m_protocol->textReceived(QStringLiteral("a"), "uid1");
    m_protocol->textReceived(QStringLiteral("a"), "uid2");
    m_protocol->textReceived(QStringLiteral("a"), "");
    m_protocol->binaryReceived(QStringLiteral("a"), 3);

    QCOMPARE(m_hub->client(QStringLiteral("a"))->uid, QStringLiteral("uid1"));
    QVERIFY(!m_hub->isUidOnline(QStringLiteral("uid2")));
    QVERIFY(m_outlet->sent.isEmpty());
    QVERIFY(m_outlet->closed.isEmpty());
}

void TestUidFirstService::aUidHasManyConnections()
{
    m_protocol->textReceived(QStringLiteral("a"), "uid1");
    m_protocol->textReceived(QStringLiteral("b"), "uid1"); // a second tab: both get the pushes

    QCOMPARE(sorted(m_hub->clientIdsOfUid(QStringLiteral("uid1"))), ids("a b"));
    QCOMPARE(m_hub->sendToUid(QStringLiteral("uid1"), "pushed"), 2);
}

void TestUidFirstService::firstMessageThatIsNoUidCloses_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");

    const QString noUid = QStringLiteral("send your uid (1 to 128 characters) as the first message");
    QTest::newRow("empty") << false << QByteArray() << 1008 << noUid;
    QTest::newRow("129 characters") << false << QByteArray(129, 'u') << 1008 << noUid;
    QTest::newRow("binary") << true << QByteArray("uid1") << 1003 << QStringLiteral("send your uid as a text message");
}

void TestUidFirstService::firstMessageThatIsNoUidCloses()
{
    QFETCH(bool, binary);
    QFETCH(QByteArray, message);
    QFETCH(int, code);
    QFETCH(QString, reason);

    if (binary)
        m_protocol->binaryReceived(QStringLiteral("a"), message.size());
    else
        m_protocol->textReceived(QStringLiteral("a"), message);

    QCOMPARE(m_outlet->closed.size(), 1);
    QCOMPARE(m_outlet->closed.at(0).id, QStringLiteral("a"));
    QCOMPARE(m_outlet->closed.at(0).code, code);
    QCOMPARE(m_outlet->closed.at(0).reason, reason);
    QVERIFY(m_outlet->sent.isEmpty());
    QCOMPARE(m_hub->uidCount(), 0);

    m_protocol->textReceived(QStringLiteral("b"), QByteArray(128, 'u')); // the longest uid, and the others unharmed
    QCOMPARE(m_hub->client(QStringLiteral("b"))->uid, QString(128, u'u'));
    QCOMPARE(m_outlet->closed.size(), 1);
}

void TestUidFirstService::aClosedClientIsForgotten()
{
    m_protocol->textReceived(QStringLiteral("a"), "uid1");
    m_protocol->closing(QStringLiteral("a"));
    m_hub->removeClient(QStringLiteral("a"), QStringLiteral("client"));
    QVERIFY(!m_hub->isUidOnline(QStringLiteral("uid1")));

    // the same id again (the protocol keeps nothing of the first): its first message is its uid
    m_hub->addClient(QStringLiteral("a"), QStringLiteral("127.0.0.1"), 50000, *m_outlet);
    m_protocol->textReceived(QStringLiteral("a"), "uid2");
    QCOMPARE(m_hub->client(QStringLiteral("a"))->uid, QStringLiteral("uid2"));
}

void TestUidFirstService::gatewaySettings()
{
    QVERIFY(m_protocol->heartbeat().isEmpty()); // a WebSocket ping, answered by the browser itself
    QVERIFY(!m_protocol->heartbeatAnswer());
    QVERIFY(m_protocol->rateLimited(50).isEmpty());
}

QTEST_GUILESS_MAIN(TestUidFirstService)
#include "tst_uidfirstservice.moc"
