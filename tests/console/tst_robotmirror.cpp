// The broadcast composer's robots (offscreen, against a real herald-server with a WeCom robot aimed at
// its strict stand-in): the checkbox list follows listRobots, a broadcast goes to the ticked robots too
// (once, also for chosen clients), and a robot's failure shows in the event log.
#include "consoleundertest.h"
#include "models/logmodel.h"
#include "robotstandin.h"
#include "serverprocess.h"
#include "testcerts.h"
#include "views/composerpanel.h"
#include "views/robotmirrorbox.h"

#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald::Console;
using namespace HeraldTest;

class TestRobotMirror : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listFollowsTheServer();
    void broadcastMirroredToTickedRobots();
    void failureInTheEventLog();

private:
    bool eventLogShows(ConsoleUnderTest &console, const QString &text) const;

    TestCertificates m_certs;
    QTemporaryDir m_dir;
    std::unique_ptr<RobotStandIn> m_standIn;
    std::unique_ptr<ServerProcess> m_server;
};

void TestRobotMirror::initTestCase()
{
    QVERIFY2(m_certs.create(), qPrintable(m_certs.errorString()));
    m_standIn = std::make_unique<RobotStandIn>(Herald::Push::RobotKind::WeCom, QByteArray());
    QString error;
    QVERIFY2(m_standIn->listen(m_certs.certificateFile(), m_certs.keyFile(), &error), qPrintable(error));
    QFile ini(m_dir.filePath(QStringLiteral("herald.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[robot.oncall]\nkind = wecom\nurl = " + m_standIn->webhook().toEncoded() + "\nca-file = "
              + QFile::encodeName(m_certs.caFile()) + "\n[robot.ops]\nkind = dingtalk\nurl = https://127.0.0.1:9/robot/send?access_token=x\n");
    ini.close();
    m_server = ServerProcess::started({QStringLiteral("--config"), ini.fileName()});
    QVERIFY(m_server);
}

bool TestRobotMirror::eventLogShows(ConsoleUnderTest &console, const QString &text) const
{
    const LogModel &events = console.state.events();
    for (int r = 0; r < events.rowCount(); ++r) {
        for (int c = 0; c < events.columnCount(); ++c) {
            if (events.index(r, c).data().toString().contains(text))
                return true;
        }
    }
    return false;
}

void TestRobotMirror::listFollowsTheServer()
{
    ConsoleUnderTest console;
    RobotMirrorBox *robots = console.window.composerPanel()->robots();
    QVERIFY(robots->isHidden()); // before the server said which
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    QTRY_COMPARE(robots->robots(), (QStringList{QStringLiteral("oncall"), QStringLiteral("ops")}));
    QVERIFY(robots->isVisibleTo(console.window.composerPanel()));
    QCOMPARE(robots->chosen(), QStringList());
    robots->list()->item(1)->setCheckState(Qt::Checked);
    QCOMPARE(robots->chosen(), QStringList{QStringLiteral("ops")});
    robots->setRobots({QStringLiteral("ops")}); // a later answer keeps what is ticked
    QCOMPARE(robots->chosen(), QStringList{QStringLiteral("ops")});
    robots->setRobots({});
    QVERIFY(robots->isHidden());
}

void TestRobotMirror::broadcastMirroredToTickedRobots()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    ComposerPanel *composer = console.window.composerPanel();
    QTRY_COMPARE(composer->robots()->robots().size(), 2);
    composer->setTarget({BroadcastTarget::Room, QStringLiteral("ops-room"), {}, {}}); // sent again without a question
    composer->robots()->setChosen({QStringLiteral("oncall")});
    composer->setText(QStringLiteral("maintenance at 22:00"), false);
    composer->send(false);
    QTRY_VERIFY(composer->resultLabel()->text().contains(QStringLiteral("delivered to 0 client")));
    QTRY_COMPARE(m_standIn->accepted().size(), 1);
    QCOMPARE(m_standIn->accepted().first().text, QStringLiteral("maintenance at 22:00"));
    QCOMPARE(composer->history().at(0).robots, QStringList{QStringLiteral("oncall")});

    // Unticked: clients only.
    composer->robots()->setChosen({});
    composer->setText(QStringLiteral("clients only"), false);
    composer->send(false);
    QTRY_COMPARE(composer->history().rowCount(), 2);
    QTRY_VERIFY(composer->resultLabel()->text().contains(QStringLiteral("delivered to 0 client")));
    // Sending again what went to the robot sends it to the robot again.
    composer->resend(1);
    QTRY_COMPARE(m_standIn->accepted().size(), 2);
    QCOMPARE(m_standIn->accepted().last().text, QStringLiteral("maintenance at 22:00"));
}

void TestRobotMirror::failureInTheEventLog()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    ComposerPanel *composer = console.window.composerPanel();
    QTRY_COMPARE(composer->robots()->robots().size(), 2);
    m_standIn->answerNext(93000);
    composer->robots()->setChosen({QStringLiteral("oncall")});
    composer->setText(QStringLiteral("goes nowhere"), false);
    composer->send(false);
    QTRY_VERIFY_WITH_TIMEOUT(eventLogShows(console, QStringLiteral("robot oncall: 1 message(s) not sent (configuration)")), 10000);
}

QTEST_MAIN(TestRobotMirror)
#include "tst_robotmirror.moc"
