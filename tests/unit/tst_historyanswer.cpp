// getHistory's answer, shaped the same from both stores (history/historyanswer.h): the Redis log's
// "<ms> <text>" lines become entries with their offsets, expired ones dropped; `since` and `limit` page
// through what is kept; a group without history, or with none kept, answers as it always did.
#include "history/historyanswer.h"

#include <QJsonArray>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {
QList<quint64> offsetsOf(const QJsonObject &answer)
{
    QList<quint64> out;
    for (const QJsonValue &m : answer.value(u"messages").toArray())
        out.append(quint64(m.toObject().value(u"offset").toInteger()));
    return out;
}

StoredHistory kept(quint64 first, quint64 last)
{
    StoredHistory out{u"e1"_s, {}};
    for (quint64 o = first; o <= last; ++o)
        out.entries.append({o, qint64(1000 + o), "m" + QByteArray::number(o)});
    return out;
}
} // namespace

class TestHistoryAnswer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redisLinesBecomeEntries();
    void expiredAndUnreadableLinesAreDropped();
    void everyLineExpiredIsNoHistoryLeft();
    void pages_data();
    void pages();
    void noHistoryAnswersAsBefore();
    void historyWithNothingKept();
};

void TestHistoryAnswer::redisLinesBecomeEntries()
{
    const StoredHistory s = StoredHistory::fromLog(u"ep"_s, 7, {"100 {\"a\":1}", "200 two words", "300 "}, 0);
    QCOMPARE(s.epoch, u"ep"_s);
    QCOMPARE(s.entries.size(), 3);
    QCOMPARE(s.entries.at(0).offset, 5u);
    QCOMPARE(s.entries.at(0).at, 100);
    QCOMPARE(s.entries.at(0).text, QByteArray("{\"a\":1}"));
    QCOMPARE(s.entries.at(1).offset, 6u);
    QCOMPARE(s.entries.at(1).text, QByteArray("two words"));
    QCOMPARE(s.entries.at(2).offset, 7u);
    QCOMPARE(s.entries.at(2).text, QByteArray());
}

void TestHistoryAnswer::expiredAndUnreadableLinesAreDropped()
{
    const StoredHistory s = StoredHistory::fromLog(u"ep"_s, 4, {"100 old", "x bad", "300 new", "400 newer"}, 250);
    QCOMPARE(s.entries.size(), 2);
    QCOMPARE(s.entries.at(0).offset, 3u); // the offsets still count every stored line
    QCOMPARE(s.entries.at(1).offset, 4u);
}

void TestHistoryAnswer::everyLineExpiredIsNoHistoryLeft()
{
    const StoredHistory s = StoredHistory::fromLog(u"ep"_s, 2, {"100 a", "200 b"}, 1000);
    QVERIFY(s.entries.isEmpty());
    QVERIFY(s.epoch.isEmpty()); // as RoomHistory: the epoch goes with the last message
}

void TestHistoryAnswer::pages_data()
{
    QTest::addColumn<quint64>("since");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<quint64>>("offsets");
    QTest::newRow("all") << quint64(0) << 100 << QList<quint64>{3, 4, 5, 6};
    QTest::newRow("before the first kept") << quint64(1) << 100 << QList<quint64>{3, 4, 5, 6};
    QTest::newRow("after 4") << quint64(4) << 100 << QList<quint64>{5, 6};
    QTest::newRow("limit") << quint64(0) << 2 << QList<quint64>{3, 4};
    QTest::newRow("since and limit") << quint64(3) << 2 << QList<quint64>{4, 5};
    QTest::newRow("the latest") << quint64(6) << 100 << QList<quint64>{};
    QTest::newRow("ahead") << quint64(99) << 100 << QList<quint64>{};
}

void TestHistoryAnswer::pages()
{
    QFETCH(quint64, since);
    QFETCH(int, limit);
    QFETCH(QList<quint64>, offsets);
    const QJsonObject a = historyAnswer(u"room"_s, kept(3, 6), since, limit);
    QCOMPARE(offsetsOf(a), offsets);
    QCOMPARE(a.value(u"history"), true);
    QCOMPARE(a.value(u"epoch").toString(), u"e1"_s);
    QCOMPARE(a.value(u"offset").toInteger(), 6);
    if (!offsets.isEmpty()) {
        const QJsonObject first = a.value(u"messages").toArray().first().toObject();
        QCOMPARE(first, (QJsonObject{{u"offset"_s, qint64(offsets.first())}, {u"time"_s, qint64(1000 + offsets.first())},
                                     {u"message"_s, u"m%1"_s.arg(offsets.first())}}));
    }
}

void TestHistoryAnswer::noHistoryAnswersAsBefore()
{
    QCOMPARE(historyAnswer(u"lobby"_s, std::nullopt, 0, 100),
             (QJsonObject{{u"group"_s, u"lobby"_s}, {u"history"_s, false}, {u"messages"_s, QJsonArray()}}));
}

void TestHistoryAnswer::historyWithNothingKept()
{
    QCOMPARE(historyAnswer(u"quiet"_s, StoredHistory{}, 0, 100),
             (QJsonObject{{u"group"_s, u"quiet"_s}, {u"history"_s, true}, {u"epoch"_s, QString()}, {u"offset"_s, 0},
                          {u"messages"_s, QJsonArray()}}));
}

QTEST_GUILESS_MAIN(TestHistoryAnswer)
#include "tst_historyanswer.moc"
