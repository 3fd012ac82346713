// DampedLog (server/util/dampedlog): the first event of each kind in an interval is logged as it is,
// the rest of that kind by one summary line at the end of the interval; past kMaxKinds kinds the others
// are summed in one line.
#include "util/dampedlog.h"

#include <QTest>

using namespace Herald;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDamped, "herald.damped")

namespace {
QStringList g_lines;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "herald.damped") == 0)
        g_lines.append(QLatin1String(type == QtWarningMsg ? "warning " : "info ") + message);
}
} // namespace

class TestDampedLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void firstOfAKindThenASummary();
    void aNewIntervalStartsAfresh();
    void kindsPastTheLimitShareOneLine();
};

void TestDampedLog::init()
{
    g_lines.clear();
    qInstallMessageHandler(capture);
}

void TestDampedLog::firstOfAKindThenASummary()
{
    DampedLog log(lcDamped, 50ms);
    for (int i = 0; i < 1000; ++i)
        log.warning(u"wrong keys from A"_s, u"wrong key %1 from A"_s.arg(i));
    log.info(u"bad lines from B"_s, u"bad line from B"_s);
    log.info(u"bad lines from B"_s, u"bad line from B again"_s);
    QCOMPARE(g_lines, (QStringList{u"warning wrong key 0 from A"_s, u"info bad line from B"_s}));

    QTRY_COMPARE(g_lines.size(), 4);
    QVERIFY(g_lines.contains(u"warning 999 more wrong keys from A in the last 0 s"_s));
    QVERIFY(g_lines.contains(u"info 1 more bad lines from B in the last 0 s"_s));
}

void TestDampedLog::aNewIntervalStartsAfresh()
{
    DampedLog log(lcDamped, 50ms);
    log.info(u"k"_s, u"one"_s);
    log.info(u"k"_s, u"two"_s);
    QTRY_COMPARE(g_lines.size(), 2); // the summary ends the interval
    log.info(u"k"_s, u"three"_s);
    QCOMPARE(g_lines, (QStringList{u"info one"_s, u"info 1 more k in the last 0 s"_s, u"info three"_s}));
}

void TestDampedLog::kindsPastTheLimitShareOneLine()
{
    DampedLog log(lcDamped, 50ms);
    for (int i = 0; i < DampedLog::kMaxKinds + 10; ++i)
        log.info(u"kind %1"_s.arg(i), u"line %1"_s.arg(i));
    QCOMPARE(g_lines.size(), DampedLog::kMaxKinds);
    QTRY_COMPARE(g_lines.size(), DampedLog::kMaxKinds + 1);
    QVERIFY2(g_lines.last().startsWith(u"warning 10 more events of other kinds"_s), qPrintable(g_lines.last()));
}

QTEST_GUILESS_MAIN(TestDampedLog)
#include "tst_dampedlog.moc"
