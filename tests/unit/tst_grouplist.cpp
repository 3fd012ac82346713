// A client's groups (GroupList): a list in the order joined, the first held in place, as a QStringList
// would behave for every join and leave.
#include "hub/grouplist.h"

#include <QTest>

using Herald::GroupList;

class TestGroupList final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void behavesAsAStringList_data();
    void behavesAsAStringList();
    void sharesTheOneNameItHolds();
};

void TestGroupList::behavesAsAStringList_data()
{
    // a script of joins (+name) and leaves (-name), run on both
    QTest::addColumn<QStringList>("steps");
    const auto steps = [](const char *script) { return QString::fromLatin1(script).split(QLatin1Char(' ')); };
    QTest::newRow("one room") << steps("+a");
    QTest::newRow("one room, left") << steps("+a -a");
    QTest::newRow("leave what is not there") << steps("-a +a -b");
    QTest::newRow("three, the first left") << steps("+a +b +c -a");
    QTest::newRow("three, the middle left") << steps("+a +b +c -b");
    QTest::newRow("three, all left, joined again") << steps("+a +b +c -c -a -b +d +e");
    QTest::newRow("an empty name") << steps("+ +a -");
    QTest::newRow("the first left twice") << steps("+a +b -a -a -b");
}

void TestGroupList::behavesAsAStringList()
{
    QFETCH(QStringList, steps);
    GroupList groups;
    QStringList expected;
    for (const QString &step : steps) {
        const QString name = step.mid(1);
        if (step.startsWith(QLatin1Char('+'))) {
            groups.append(name);
            expected.append(name);
        } else {
            QCOMPARE(groups.removeOne(name), expected.removeOne(name));
        }
        QCOMPARE(groups.toList(), expected);
        QCOMPARE(QStringList(groups), expected);
        QVERIFY(groups == expected);
        for (qsizetype i = 0; i < expected.size(); ++i)
            QCOMPARE(groups.at(i), expected.at(i));
        QCOMPARE(groups.size(), expected.size());
        QCOMPARE(groups.isEmpty(), expected.isEmpty());
        for (const QString &probe : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QString()})
            QCOMPARE(groups.contains(probe), expected.contains(probe));
    }
    QCOMPARE(GroupList(expected).toList(), expected);
}

// The one group's name is the caller's string, shared: no copy of it, and no list block.
void TestGroupList::sharesTheOneNameItHolds()
{
    const QString room = QStringLiteral("room 1");
    GroupList groups;
    groups.append(room);
    QCOMPARE(groups.toList().first().constData(), room.constData());
}

QTEST_GUILESS_MAIN(TestGroupList)
#include "tst_grouplist.moc"
