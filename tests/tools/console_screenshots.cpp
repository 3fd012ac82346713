// Starts herald-server, fills it with a few dozen chat clients talking in four rooms, opens the console
// against it and saves a screenshot of the window and of each panel; then the same console against a
// three-node cluster (cluster_screenshots.cpp). Run under xvfb-run by
// scripts/screenshots.sh; the PNGs go to docs/screenshots/.
#include "apnsfixture.h"
#include "cluster_screenshots.h"
#include "push_screenshots.h"
#include "screenshot.h"
#include "models/consolestate.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "serverprocess.h"
#include "testclients.h"
#include "models/language.h"
#include "views/apnscredentialsbox.h"
#include "views/apnsheadersbox.h"
#include "views/apnspanel.h"
#include "views/apnspayloadeditor.h"
#include "views/apnsresultbox.h"
#include "views/apnstargetbox.h"
#include "views/auditpanel.h"
#include "views/clientspanel.h"
#include "views/composerpanel.h"
#include "views/robotmirrorbox.h"
#include "views/eventlogpanel.h"
#include "views/keyspanel.h"
#include "views/mainwindow.h"
#include "views/roomspanel.h"
#include "views/statspanel.h"
#include "views/tailpanel.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Herald::Console;
using namespace HeraldTest;

namespace {
// The APNs panel after two test pushes to a stand-in for Apple: one to a device that uninstalled the
// app (410), then one delivered to a saved device.
bool sendTestPushes(ApnsPanel &panel, const ApnsFixture &fixture, const ApnsStandIn &standIn)
{
    const QString dead = QStringLiteral("5b1f0c9e2a7d4e8f6a3b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f");
    panel.credentialsBox()->setTokenKey(fixture.credentials.signingKeyFile(), kKeyId, kTeamId);
    if (!panel.credentialsBox()->load())
        return false;
    panel.targetBox()->setCustomServer(QStringLiteral("127.0.0.1"), standIn.serverPort(), fixture.server.caFile());
    panel.headersBox()->setTopic(kTopic);
    panel.headersBox()->collapseIdEdit()->setText(QStringLiteral("order-1042"));
    // Typed, as an operator would: the form writes into the JSON as keys are pressed.
    panel.payloadEditor()->titleEdit()->clear();
    QTest::keyClicks(panel.payloadEditor()->titleEdit(), QStringLiteral("Order shipped"));
    panel.payloadEditor()->bodyEdit()->clear();
    QTest::keyClicks(panel.payloadEditor()->bodyEdit(), QStringLiteral("Your order #1042 is on its way."));
    panel.targetBox()->setToken(QString::fromLatin1(kDeviceToken));
    panel.targetBox()->deviceNameEdit()->setText(QStringLiteral("Ann's iPhone"));
    panel.targetBox()->findChild<QPushButton *>(QStringLiteral("apnsSaveDevice"))->click();
    for (const QString &token : {dead, QString::fromLatin1(kDeviceToken)}) {
        panel.targetBox()->setToken(token);
        const int serial = panel.send();
        if (serial == 0 || !QTest::qWaitFor([&] { return panel.history().at(panel.history().rowOfSerial(serial)).result.has_value(); }, 10000))
            return false;
    }
    return true;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HeraldScreenshots"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    const QString language = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("en"); // e.g. zh_CN
    if (!Herald::Console::Language::install(app, language) && language != u"en") {
        std::fprintf(stderr, "the console has no translation for %s\n", qPrintable(language));
        return 1;
    }
    QDir().mkpath(out);
    QTemporaryDir settings; // never the operator's own console settings
    qputenv("XDG_CONFIG_HOME", settings.path().toLocal8Bit());

    // Two group-chat robots for the composer's robots list (never posted to: none is ticked when sending).
    QFile ini(settings.filePath(QStringLiteral("herald.ini")));
    if (!ini.open(QIODevice::WriteOnly)
        || ini.write("[robot.ops]\nkind = dingtalk\nurl = https://oapi.dingtalk.com/robot/send?access_token=example\n"
                     "[robot.oncall]\nkind = wecom\nurl = https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=example\n")
               < 0) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(ini.fileName()));
        return 1;
    }
    ini.close();
    ServerProcess server({QStringLiteral("--config"), ini.fileName()});
    if (!server.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::vector<std::unique_ptr<ChatClient>> clients;
    for (int i = 0; i < 36; ++i) {
        auto c = std::make_unique<ChatClient>();
        if (!c->connectAndLogin(server.clientUrl(), screenshotClientName(i), QString::number(1 + i % 4))) {
            std::fprintf(stderr, "client %d could not log in\n", i);
            return 1;
        }
        clients.push_back(std::move(c));
    }
    HttpClient http;
    for (int i = 0; i < 12; ++i)
        http.command(server.apiUrl(), QStringLiteral("bindUid"),
                     {{QStringLiteral("client_id"), clients[size_t(i)]->clientId}, {QStringLiteral("uid"), QStringLiteral("user-%1").arg(100 + i)}},
                     server.apiKey().toUtf8());

    ScreenshotConsole console;
    if (!console.connectTo(server.adminUrl(), server.adminToken()))
        return 1;
    MainWindow &window = console.window;
    window.tailPanel()->tail(QStringLiteral("1"));

    // Talk for a few seconds so that the tail, the event log and the charts have something to show.
    int said = 0;
    QTimer talk;
    QObject::connect(&talk, &QTimer::timeout, [&] {
        ChatClient &c = *clients[size_t(said % clients.size())];
        c.say(QStringLiteral("message %1 from %2").arg(said).arg(c.loginReply.value(QStringLiteral("client_name")).toString()));
        ++said;
    });
    talk.start(60);
    QTest::qWait(6000);
    // Some leave and some arrive, for the event log.
    for (int i = 0; i < 3; ++i)
        clients.pop_back();
    QTest::qWait(1500);
    talk.stop();

    window.roomsPanel()->selectRoom(QStringLiteral("1"));
    window.composerPanel()->setTarget({BroadcastTarget::Room, QStringLiteral("2"), {}, {}});
    window.composerPanel()->setText(QStringLiteral(R"({"type":"say","from_client_id":"","from_client_name":"Operator","to_client_id":"all","content":"Maintenance at 22:00","time":"2026-11-24 21:30:00"})"), true);
    QTest::qWaitFor([&] { return window.composerPanel()->robots()->robots().size() == 2; }, 5000);
    window.composerPanel()->robots()->setChosen({QStringLiteral("ops")});
    QTest::qWait(300);

    bool ok = saveScreenshot(&window, out, "console");

    ApnsFixture fixture;
    QString error;
    if (!fixture.create(&error)) {
        std::fprintf(stderr, "no APNs test credentials: %s\n", qPrintable(error));
        return 1;
    }
    const std::unique_ptr<ApnsStandIn> standIn = fixture.standIn();
    standIn->registerToken("5b1f0c9e2a7d4e8f6a3b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f", kTopic);
    standIn->markUnregistered("5b1f0c9e2a7d4e8f6a3b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
                              QDateTime::currentMSecsSinceEpoch() - 3 * 24 * 3600 * 1000LL);
    if (!standIn->listen() || !sendTestPushes(*window.apnsPanel(), fixture, *standIn)) {
        std::fprintf(stderr, "the APNs test pushes failed: %s\n", qPrintable(standIn->errorString()));
        return 1;
    }
    // The APNs tab at the size of a first start, which it must fit without scrolling.
    const QSize size = window.size();
    window.showPanel(window.apnsPanel());
    window.layout()->activate(); // without the clients' docks, the window can be held to it
    window.resize(MainWindow::defaultSize());
    QTest::qWait(300);
    ok = saveScreenshot(&window, out, "apns") && ok;
    ok = pushTabScreenshots(window, out) && ok;
    window.resize(size);
    window.showPanel(window.clientsPanel());
    struct Panel {
        QWidget *widget;
        const char *name;
    };
    for (const Panel &p : {Panel{window.clientsPanel(), "clients"}, Panel{window.roomsPanel(), "rooms"},
                           Panel{window.tailPanel(), "tail"}, Panel{window.composerPanel(), "composer"},
                           Panel{window.statsPanel(), "stats"}, Panel{window.eventLogPanel(), "events"}}) {
        window.showPanel(p.widget);
        QTest::qWait(200);
        ok = saveScreenshot(p.widget, out, p.name) && ok;
    }

    // The API keys, one just created in the panel (its key shown once), and the audit log of what this
    // run changed.
    for (const auto &[name, scope] : {std::pair{"dashboard", "read"}, std::pair{"deploy-bot", "full"}, std::pair{"old-cron", "push"}})
        http.command(server.apiUrl(), QStringLiteral("createApiKey"), {{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("scope"), QLatin1String(scope)}},
                     server.apiKey().toUtf8());
    http.command(server.apiUrl(), QStringLiteral("revokeApiKey"), {{QStringLiteral("name"), QStringLiteral("old-cron")}},
                 server.apiKey().toUtf8());
    http.command(server.apiUrl(), QStringLiteral("closeClient"), {{QStringLiteral("client_id"), QStringLiteral("00000000000000000000")}},
                 server.apiKey().toUtf8());
    window.showPanel(window.keysPanel());
    window.keysPanel()->create(QStringLiteral("shop-backend"), QStringLiteral("push"));
    QTest::qWait(500);
    ok = saveScreenshot(window.keysPanel(), out, "keys") && ok;
    window.showPanel(window.auditPanel());
    QTest::qWait(500);
    ok = saveScreenshot(window.auditPanel(), out, "audit") && ok;
    server.terminate(5000);
    ok = clusterScreenshots(out) && ok;
    return ok ? 0 : 1;
}
