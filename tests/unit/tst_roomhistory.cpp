// Room history (server/history): offsets and epochs, the ring's bounds (size, ttl on a test clock), what a
// reconnecting client can recover, and the hub stamping a group's messages before anyone has them.
#include "hubtesting.h"

#include "history/roomhistory.h"
#include "hub/hub.h"
#include "util/metrics.h"

#include <QTest>

using namespace Herald;
using namespace HeraldTest;

namespace {
using Outcome = RoomHistory::Outcome;

QList<quint64> offsetsOf(const QList<RoomHistory::Entry> &entries)
{
    QList<quint64> out;
    for (const RoomHistory::Entry &e : entries)
        out.append(e.offset);
    return out;
}
} // namespace

class TestRoomHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offHistoryChangesNothing();
    void eachRoomCountsItsOwnOffsets();
    void roomPatterns_data();
    void roomPatterns();
    void nonObjectsAreStoredAsTheyAre();
    void theRingKeepsTheLatest();
    void expiredMessagesAreTrimmedAndTheEpochGoesWithTheLast();
    void recover_data();
    void recover();
    void sinceReadsInPagesOfLimit();
    void theHubStampsEveryCopyOfAGroupMessage();

private:
    qint64 m_now = 1000000;
    RoomHistory::Clock clock()
    {
        return [this] { return m_now; };
    }
};

void TestRoomHistory::offHistoryChangesNothing()
{
    RoomHistory h(HistorySettings{0, 0, {QStringLiteral("*")}});
    QVERIFY(!h.covers(QStringLiteral("1")));
    QCOMPARE(h.append(QStringLiteral("1"), R"({"a":1})"), QByteArray(R"({"a":1})"));
    QCOMPARE(h.position(QStringLiteral("1")), std::nullopt);
    QCOMPARE(h.recover(QStringLiteral("1"), {1, QStringLiteral("e")}).outcome, Outcome::Off);
    QVERIFY(h.since(QStringLiteral("1"), 0, 10).isEmpty());
}

void TestRoomHistory::eachRoomCountsItsOwnOffsets()
{
    RoomHistory h(HistorySettings{10, 60}, clock());
    const QByteArray a1 = h.append(QStringLiteral("a"), R"({"n":1})");
    const QString epochA = h.position(QStringLiteral("a"))->epoch;
    QVERIFY(!epochA.isEmpty());
    QCOMPARE(a1, QByteArray("{\"n\":1,\"offset\":1,\"epoch\":\"") + epochA.toUtf8() + "\"}");
    h.append(QStringLiteral("b"), R"({"n":1})");
    h.append(QStringLiteral("a"), R"({"n":2})");
    QCOMPARE(h.position(QStringLiteral("a")), (Chat::Position{2, epochA}));
    QCOMPARE(h.position(QStringLiteral("b"))->offset, 1u);
    QVERIFY(h.position(QStringLiteral("b"))->epoch != epochA);
    QCOMPARE(offsetsOf(h.since(QStringLiteral("a"), 0, 10)), (QList<quint64>{1, 2}));
}

void TestRoomHistory::roomPatterns_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("covered");
    const QStringList news{QStringLiteral("news-*"), QStringLiteral("lobby")};
    QTest::newRow("every room") << QStringList{QStringLiteral("*")} << QStringLiteral("anything") << true;
    QTest::newRow("a prefix") << news << QStringLiteral("news-eu") << true;
    QTest::newRow("the prefix alone") << news << QStringLiteral("news-") << true;
    QTest::newRow("a name") << news << QStringLiteral("lobby") << true;
    QTest::newRow("not a prefix of the name") << news << QStringLiteral("lobby2") << false;
    QTest::newRow("another room") << news << QStringLiteral("sports") << false;
    QTest::newRow("? is one character") << QStringList{QStringLiteral("r?")} << QStringLiteral("r1") << true;
    QTest::newRow("? is not two") << QStringList{QStringLiteral("r?")} << QStringLiteral("r12") << false;
    QTest::newRow("regex characters are plain") << QStringList{QStringLiteral("a.b")} << QStringLiteral("axb") << false;
    QTest::newRow("* crosses slashes") << QStringList{QStringLiteral("a*")} << QStringLiteral("a/b/c") << true;
}

void TestRoomHistory::roomPatterns()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, room);
    QFETCH(bool, covered);
    RoomHistory h(HistorySettings{10, 60, patterns}, clock());
    QCOMPARE(h.covers(room), covered);
    const QByteArray out = h.append(room, "{}");
    QCOMPARE(out != "{}", covered);
    QCOMPARE(h.position(room).has_value(), covered);
}

// A backend may send anything to a room: what is not a JSON object is kept, counted and replayed as it
// was, without offsets in it (there is no place for them); the offsets after it go on.
void TestRoomHistory::nonObjectsAreStoredAsTheyAre()
{
    RoomHistory h(HistorySettings{10, 60}, clock());
    const QString room = QStringLiteral("r");
    QCOMPARE(h.append(room, "plain text"), QByteArray("plain text"));
    QCOMPARE(h.append(room, "[1,2]"), QByteArray("[1,2]"));
    QCOMPARE(h.append(room, R"({"offset":"mine"})"), QByteArray(R"({"offset":"mine"})"));
    const QByteArray last = h.append(room, "{}");
    QVERIFY2(last.startsWith(R"({"offset":4,)"), last.constData());
    const QList<RoomHistory::Entry> all = h.since(room, 0, 10);
    QCOMPARE(offsetsOf(all), (QList<quint64>{1, 2, 3, 4}));
    QCOMPARE(all[0].text, QByteArray("plain text"));
    QCOMPARE(all[3].text, last);
}

void TestRoomHistory::theRingKeepsTheLatest()
{
    RoomHistory h(HistorySettings{3, 60}, clock());
    for (int i = 1; i <= 5; ++i)
        h.append(QStringLiteral("r"), "{}");
    QCOMPARE(offsetsOf(h.since(QStringLiteral("r"), 0, 10)), (QList<quint64>{3, 4, 5}));
    const QString epoch = h.position(QStringLiteral("r"))->epoch;
    QCOMPARE(h.recover(QStringLiteral("r"), {1, epoch}).outcome, Outcome::TooOld); // 2 is gone
    QCOMPARE(offsetsOf(h.recover(QStringLiteral("r"), {2, epoch}).missed), (QList<quint64>{3, 4, 5}));
}

void TestRoomHistory::expiredMessagesAreTrimmedAndTheEpochGoesWithTheLast()
{
    RoomHistory h(HistorySettings{10, 60}, clock());
    const QString room = QStringLiteral("r");
    h.append(room, "{}");
    m_now += 30000;
    h.append(room, "{}");
    const QString epoch = h.position(room)->epoch;
    m_now += 30001; // the first is past 60 s
    QCOMPARE(offsetsOf(h.since(room, 0, 10)), (QList<quint64>{2}));
    QCOMPARE(h.recover(room, {0, epoch}).outcome, Outcome::TooOld);
    QCOMPARE(h.recover(room, {1, epoch}).outcome, Outcome::Recovered);
    m_now += 30000; // the second too: nothing is left of the room's history
    QCOMPARE(h.position(room), std::nullopt);
    QCOMPARE(h.recover(room, {2, epoch}).outcome, Outcome::EpochChanged);
    h.append(room, "{}");
    QCOMPARE(h.position(room)->offset, 1u);
    QVERIFY(h.position(room)->epoch != epoch);
}

void TestRoomHistory::recover_data()
{
    QTest::addColumn<quint64>("seen");
    QTest::addColumn<bool>("sameEpoch");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QList<quint64>>("missed");
    // the room holds offsets 3 to 6 (size 4)
    QTest::newRow("missed two") << quint64(4) << true << int(Outcome::Recovered) << QList<quint64>{5, 6};
    QTest::newRow("missed nothing") << quint64(6) << true << int(Outcome::Recovered) << QList<quint64>{};
    QTest::newRow("just within reach") << quint64(2) << true << int(Outcome::Recovered) << QList<quint64>{3, 4, 5, 6};
    QTest::newRow("out of reach") << quint64(1) << true << int(Outcome::TooOld) << QList<quint64>{};
    QTest::newRow("ahead of the room") << quint64(7) << true << int(Outcome::OffsetAhead) << QList<quint64>{};
    QTest::newRow("another epoch") << quint64(4) << false << int(Outcome::EpochChanged) << QList<quint64>{};
}

void TestRoomHistory::recover()
{
    QFETCH(quint64, seen);
    QFETCH(bool, sameEpoch);
    QFETCH(int, outcome);
    QFETCH(QList<quint64>, missed);
    RoomHistory h(HistorySettings{4, 60}, clock());
    for (int i = 1; i <= 6; ++i)
        h.append(QStringLiteral("r"), QByteArray("{\"n\":") + QByteArray::number(i) + '}');
    const Chat::Position at = *h.position(QStringLiteral("r"));
    const RoomHistory::Recovery r = h.recover(QStringLiteral("r"), {seen, sameEpoch ? at.epoch : QStringLiteral("old")});
    QCOMPARE(int(r.outcome), outcome);
    QCOMPARE(offsetsOf(r.missed), missed);
    QCOMPARE(r.current, std::optional<Chat::Position>(at));
    for (const RoomHistory::Entry &e : r.missed)
        QVERIFY(e.text.startsWith(QByteArray("{\"n\":" + QByteArray::number(e.offset) + ",\"offset\":" + QByteArray::number(e.offset))));
}

void TestRoomHistory::sinceReadsInPagesOfLimit()
{
    RoomHistory h(HistorySettings{100, 60}, clock());
    for (int i = 1; i <= 7; ++i)
        h.append(QStringLiteral("r"), "{}");
    QCOMPARE(offsetsOf(h.since(QStringLiteral("r"), 0, 3)), (QList<quint64>{1, 2, 3}));
    QCOMPARE(offsetsOf(h.since(QStringLiteral("r"), 3, 3)), (QList<quint64>{4, 5, 6}));
    QCOMPARE(offsetsOf(h.since(QStringLiteral("r"), 6, 3)), (QList<quint64>{7}));
    QVERIFY(h.since(QStringLiteral("r"), 7, 3).isEmpty());
    QVERIFY(h.since(QStringLiteral("r"), 1000, 3).isEmpty());
}

void TestRoomHistory::theHubStampsEveryCopyOfAGroupMessage()
{
    Metrics metrics;
    RecordingOutlet outlet;
    RoomHistory history(HistorySettings{10, 60}, clock());
    Hub hub(metrics, &history);
    connectClients(hub, outlet, ids("a b c"));
    hub.joinGroup(QStringLiteral("a"), QStringLiteral("g"));
    hub.joinGroup(QStringLiteral("b"), QStringLiteral("g"));
    QList<QByteArray> published;
    QList<QByteArray> tailed;
    connect(&hub, &Hub::published, this, [&](const Target &, const QByteArray &text) { published.append(text); });
    connect(&hub, &Hub::groupMessage, this,
            [&](const QString &, const QString &, const QByteArray &text, int) { tailed.append(text); });

    hub.sendToGroup(QStringLiteral("g"), R"({"m":1})");
    const QByteArray stamped = history.since(QStringLiteral("g"), 0, 1).value(0).text;
    QVERIFY2(stamped.startsWith("{\"m\":1,\"offset\":1,\"epoch\":\""), stamped.constData());
    QCOMPARE(outlet.take(QStringLiteral("a")), QList<QByteArray>{stamped});
    QCOMPARE(outlet.take(QStringLiteral("b")), QList<QByteArray>{stamped});
    QCOMPARE(published, QList<QByteArray>{stamped});
    QCOMPARE(tailed, QList<QByteArray>{stamped});

    // Only groups have history: a send to everyone or to a client is not a room's message.
    hub.sendToAll(R"({"m":2})");
    hub.sendToClient(QStringLiteral("c"), R"({"m":3})");
    QCOMPARE(outlet.take(QStringLiteral("c")), (QList<QByteArray>{R"({"m":2})", R"({"m":3})"}));
    QCOMPARE(history.position(QStringLiteral("g"))->offset, 1u);
}

QTEST_GUILESS_MAIN(TestRoomHistory)
#include "tst_roomhistory.moc"
