// How queued robot messages become one (server/push/robotmerge): in order, texts joined, titles kept,
// @-mentions united, never past what one message of the robot carries, links alone.
#include "push/robotmerge.h"

#include <QTest>

using namespace Herald;
using Herald::Push::RobotMessage;

class TestRobotMerge : public QObject
{
    Q_OBJECT

private slots:
    void textsJoinedInOrder();
    void markdownKeepsTitles();
    void stopsAtTheLimit();
    void stopsAtWhatTheRobotRefuses();
    void linksGoAlone();

private:
    static RobotMessage text(const QString &t, const QStringList &mobiles = {}, bool atAll = false);
    static RobotMergeLimits limits(qsizetype bytes);
};

RobotMessage TestRobotMerge::text(const QString &t, const QStringList &mobiles, bool atAll)
{
    RobotMessage m;
    m.text = t;
    m.atMobiles = mobiles;
    m.atAll = atAll;
    return m;
}

RobotMergeLimits TestRobotMerge::limits(qsizetype bytes)
{
    return {[bytes](RobotMessage::Kind) { return bytes; }, [](const RobotMessage &) { return QString(); }};
}

void TestRobotMerge::textsJoinedInOrder()
{
    std::deque<QueuedRobotMessage> queue{{text(QStringLiteral("one"), {QStringLiteral("1")})},
                                         {text(QStringLiteral("two"), {QStringLiteral("2"), QStringLiteral("1")}), 2},
                                         {text(QStringLiteral("three"), {}, true)}};
    const QueuedRobotMessage m = takeMerged(queue, limits(1000));
    QVERIFY(queue.empty());
    QCOMPARE(m.count, 4);
    QCOMPARE(m.message.kind, RobotMessage::Kind::Text);
    QCOMPARE(m.message.text, QStringLiteral("one\n\ntwo\n\nthree"));
    QCOMPARE(m.message.atMobiles, (QStringList{QStringLiteral("1"), QStringLiteral("2")}));
    QVERIFY(m.message.atAll);
}

void TestRobotMerge::markdownKeepsTitles()
{
    RobotMessage a = text(QStringLiteral("disk full"));
    a.kind = RobotMessage::Kind::Markdown;
    a.title = QStringLiteral("Disk");
    RobotMessage b = a;
    b.title = QStringLiteral("CPU");
    b.text = QStringLiteral("hot");
    const RobotMessage m = mergeRobotMessages(mergeRobotMessages(text(QStringLiteral("plain")), a), b);
    QCOMPARE(m.kind, RobotMessage::Kind::Markdown);
    QCOMPARE(m.title, QStringLiteral("Disk"));
    QCOMPARE(m.text, QStringLiteral("plain\n\ndisk full\n\n**CPU**\nhot"));
}

void TestRobotMerge::stopsAtTheLimit()
{
    std::deque<QueuedRobotMessage> queue{{text(QStringLiteral("aaaa"))}, {text(QStringLiteral("bbbb"))}, {text(QStringLiteral("cccc"))}};
    const QueuedRobotMessage m = takeMerged(queue, limits(10)); // "aaaa\n\nbbbb" is 10 bytes
    QCOMPARE(m.message.text, QStringLiteral("aaaa\n\nbbbb"));
    QCOMPARE(m.count, 2);
    QCOMPARE(queue.size(), std::size_t(1));
    QCOMPARE(takeMerged(queue, limits(10)).message.text, QStringLiteral("cccc"));
}

void TestRobotMerge::stopsAtWhatTheRobotRefuses()
{
    std::deque<QueuedRobotMessage> queue{{text(QStringLiteral("a"))}, {text(QStringLiteral("b"), {QStringLiteral("138")})}};
    RobotMergeLimits l = limits(1000);
    l.problem = [](const RobotMessage &m) { return m.atMobiles.isEmpty() ? QString() : QStringLiteral("no mobiles here"); };
    QCOMPARE(takeMerged(queue, l).count, 1);
    QCOMPARE(queue.size(), std::size_t(1));
}

void TestRobotMerge::linksGoAlone()
{
    RobotMessage link = text(QStringLiteral("l"));
    link.kind = RobotMessage::Kind::Link;
    std::deque<QueuedRobotMessage> queue{{text(QStringLiteral("a"))}, {link}, {text(QStringLiteral("b"))}};
    QCOMPARE(takeMerged(queue, limits(1000)).count, 1);
    QCOMPARE(takeMerged(queue, limits(1000)).message.kind, RobotMessage::Kind::Link);
    QCOMPARE(takeMerged(queue, limits(1000)).message.text, QStringLiteral("b"));
}

QTEST_GUILESS_MAIN(TestRobotMerge)
#include "tst_robotmerge.moc"
