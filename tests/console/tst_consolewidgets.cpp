// The console as an operator uses it, offscreen, against a real herald-server: clients appear, a kick
// really disconnects, a room broadcast reaches exactly that room, the tail and the filter work, a
// read-only session can change nothing, and when the server goes the lists say they are not live.
#include "consoleundertest.h"
#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "models/consolestate.h"
#include "models/roomsmodel.h"
#include "net/adminclient.h"
#include "models/nodesmodel.h"
#include "net/tokenstore.h"
#include "redisprocess.h"
#include "serverprocess.h"
#include "testclients.h"
#include "views/clientspanel.h"
#include "views/composerpanel.h"
#include "views/connectdialog.h"
#include "views/logview.h"
#include "views/mainwindow.h"
#include "views/nodesview.h"
#include "views/roomspanel.h"
#include "views/stalebanner.h"
#include "views/tailpanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QSettings>
#include <QSignalSpy>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <array>
#include <memory>

using namespace Herald;
using namespace Herald::Console;
using namespace HeraldTest;

namespace {

// Still connected: a say to its own room comes back (a close sent earlier would have arrived first).
bool stillConnected(ChatClient &chat)
{
    chat.say(QStringLiteral("still here?"));
    return !chat.ws.waitFor(QStringLiteral("say")).isEmpty() && chat.ws.isOpen();
}

// Closes whatever modal dialog opens while `run` executes (a failed command shows a warning box).
void dismissingDialogs(const std::function<void()> &run)
{
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [] {
        if (QWidget *modal = QApplication::activeModalWidget())
            modal->close();
    });
    closer.start(20);
    run();
}

} // namespace

class TestConsoleWidgets : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        static QTemporaryDir config; // never the operator's own console settings
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void initTestCase();
    void clientsAppearAndKickDisconnects();
    void broadcastToARoom();
    void tailShowsTheRoom();
    void filterBox();
    void readOnlySessionCannotKick();
    void selectionStaysWithTheChosenClients();
    void disconnectIsNotAnError();
    void serverGoneMarksTheListsStale();
    void connectDialogRemembersServersNotTokens();
    void singleNodeShowsItself();
    void clusterNodesHealthAndNodeFilter();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void TestConsoleWidgets::initTestCase()
{
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestConsoleWidgets::clientsAppearAndKickDisconnects()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(m_server->clientUrl(), QStringLiteral("Kickme"), QStringLiteral("k")));
    QTRY_VERIFY(console.rowOf(chat.clientId) >= 0);
    const QModelIndex name = console.window.clientsPanel()->proxy()->index(console.rowOf(chat.clientId), ClientsModel::Name);
    QTRY_COMPARE(name.data().toString(), QStringLiteral("Kickme"));

    ClientsPanel *panel = console.window.clientsPanel();
    panel->selectClient(chat.clientId);
    QCOMPARE(panel->selectedClientIds(), QStringList{chat.clientId});
    QVERIFY(panel->kickAction()->isEnabled());
    panel->kick(panel->selectedClientIds(), QStringLiteral("bye from the console"));
    QVERIFY(chat.ws.waitClosed());
    QVERIFY(chat.ws.raw().contains(QStringLiteral("bye from the console")));
    QTRY_COMPARE(console.rowOf(chat.clientId), -1);
}

void TestConsoleWidgets::broadcastToARoom()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    ChatClient inRoom, elsewhere;
    QVERIFY(inRoom.connectAndLogin(m_server->clientUrl(), QStringLiteral("in"), QStringLiteral("news")));
    QVERIFY(elsewhere.connectAndLogin(m_server->clientUrl(), QStringLiteral("out"), QStringLiteral("sports")));

    ComposerPanel *composer = console.window.composerPanel();
    BroadcastTarget target;
    target.kind = BroadcastTarget::Room;
    target.value = QStringLiteral("news");
    composer->setTarget(target);
    const QString text = QStringLiteral(R"({"type":"say","from_client_id":"","from_client_name":"Ops","to_client_id":"all","content":"Ünïcode & <b>","time":"now"})");
    composer->setText(text, true);
    QCOMPARE(composer->validationMessage(), QString());
    QCOMPARE(composer->wireBytes(), text.toUtf8()); // the preview is exactly what goes out
    QVERIFY(composer->sendButton()->isEnabled());
    composer->send(false);

    QTRY_VERIFY(inRoom.ws.raw().contains(text));
    QTRY_VERIFY(composer->resultLabel()->text().contains(QStringLiteral("delivered to 1 client")));
    QCOMPARE(composer->history().rowCount(), 1);
    // the other room got nothing: a say of its own arrives, and nothing before it
    elsewhere.say(QStringLiteral("sync"));
    QVERIFY(!elsewhere.ws.waitFor(QStringLiteral("say")).isEmpty());
    QVERIFY(!elsewhere.ws.raw().contains(text));

    composer->setText(QStringLiteral("{not json"), true);
    QVERIFY(composer->validationMessage().startsWith(QStringLiteral("Not valid JSON")));
    QVERIFY(!composer->sendButton()->isEnabled());
}

void TestConsoleWidgets::tailShowsTheRoom()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    ChatClient talker;
    QVERIFY(talker.connectAndLogin(m_server->clientUrl(), QStringLiteral("talker"), QStringLiteral("tail-me")));
    console.window.tailPanel()->tail(QStringLiteral("tail-me"));
    LogView *log = console.window.tailPanel()->log();
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        if (log->shownRows() > 0)
            return true;
        talker.say(QStringLiteral("hello tail"));
        return false;
    }()), 10000);
    const QModelIndex content = log->view()->model()->index(log->shownRows() - 1, 4);
    QVERIFY(content.data().toString().contains(QStringLiteral("hello tail")));
    const QModelIndex sender = log->view()->model()->index(log->shownRows() - 1, 2);
    QCOMPARE(sender.data().toString(), QStringLiteral("talker (%1)").arg(talker.clientId));
}

void TestConsoleWidgets::filterBox()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    ChatClient a, b;
    QVERIFY(a.connectAndLogin(m_server->clientUrl(), QStringLiteral("Zelda"), QStringLiteral("f")));
    QVERIFY(b.connectAndLogin(m_server->clientUrl(), QStringLiteral("Link"), QStringLiteral("f")));
    QTRY_VERIFY(console.rowOf(a.clientId) >= 0 && console.rowOf(b.clientId) >= 0);
    QTest::keyClicks(console.window.clientsPanel()->filterEdit(), QStringLiteral("zel"));
    QTRY_COMPARE(console.window.clientsPanel()->proxy()->rowCount(), 1);
    QVERIFY(console.rowOf(a.clientId) >= 0);
}

void TestConsoleWidgets::readOnlySessionCannotKick()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->readonlyToken()));
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(m_server->clientUrl(), QStringLiteral("safe"), QStringLiteral("ro")));
    QTRY_VERIFY(console.rowOf(chat.clientId) >= 0);
    ClientsPanel *panel = console.window.clientsPanel();
    panel->selectClient(chat.clientId);
    QCOMPARE(panel->selectedClientIds(), QStringList{chat.clientId});
    QVERIFY(!panel->kickAction()->isEnabled());
    QVERIFY(panel->copyIdAction()->isEnabled()); // reading is fine
    QVERIFY(!console.window.composerPanel()->sendButton()->isEnabled());

    // Even called directly, the server refuses (a warning box, closed here), and the client stays.
    QSignalSpy status(panel, &ClientsPanel::statusMessage);
    dismissingDialogs([&] {
        panel->kick({chat.clientId}, {});
        QTRY_COMPARE(status.count(), 1);
    });
    QCOMPARE(status.count(), 1);
    const QString refusal = status.first().first().toString();
    QVERIFY2(refusal.startsWith(QStringLiteral("Could not kick %1: ").arg(chat.clientId)), qPrintable(refusal));
    QVERIFY(stillConnected(chat));
    QVERIFY(console.rowOf(chat.clientId) >= 0);
}

// A client leaving hands its table row to another client (the model moves its last row into the gap): the
// selection must not pass to that client, or the next kick would hit someone the operator never chose.
void TestConsoleWidgets::selectionStaysWithTheChosenClients()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    std::array<ChatClient, 4> chats;
    QHash<QString, ChatClient *> byId;
    for (ChatClient &chat : chats) {
        QVERIFY(chat.connectAndLogin(m_server->clientUrl(), QStringLiteral("sel"), QStringLiteral("sel")));
        byId.insert(chat.clientId, &chat);
    }
    const ClientsModel &model = console.state.clients();
    const auto onlyOurs = [&] { // whoever earlier tests left has gone, and all four of ours are in
        return model.rowCount() == 4
            && std::all_of(byId.keyBegin(), byId.keyEnd(), [&](const QString &id) { return model.rowOf(id) >= 0; });
    };
    QTRY_VERIFY(onlyOurs());
    // The client of the first row leaves; the one of the last row moves into its place.
    const QString leaving = model.clientAt(0).id, chosen = model.clientAt(1).id, other = model.clientAt(2).id,
                  moving = model.clientAt(3).id;

    ClientsPanel *panel = console.window.clientsPanel();
    QItemSelectionModel *selection = panel->view()->selectionModel();
    for (const QString &id : {leaving, chosen}) {
        const QModelIndex row = panel->proxy()->mapFromSource(model.index(model.rowOf(id), 0));
        selection->select(row, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QStringList selected = panel->selectedClientIds();
    selected.sort();
    QStringList expected{leaving, chosen};
    expected.sort();
    QCOMPARE(selected, expected);

    byId.value(leaving)->ws.socket().close();
    QTRY_COMPARE(model.rowOf(leaving), -1);
    QCOMPARE(model.rowOf(moving), 0);
    QCOMPARE(panel->selectedClientIds(), QStringList{chosen});
    QVERIFY(panel->kickAction()->isEnabled());

    panel->kick(panel->selectedClientIds(), {});
    QVERIFY(byId.value(chosen)->ws.waitClosed());
    QVERIFY(stillConnected(*byId.value(moving)));
    QVERIFY(stillConnected(*byId.value(other)));
}

// Server › Disconnect is the operator's choice: no error bar, no "retrying".
void TestConsoleWidgets::disconnectIsNotAnError()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    QAction *disconnect = nullptr;
    for (QAction *action : console.window.findChildren<QAction *>()) {
        if (action->text() == QStringLiteral("&Disconnect"))
            disconnect = action;
    }
    QVERIFY(disconnect);
    disconnect->trigger();
    QCOMPARE(console.client.state(), AdminClient::State::Disconnected);
    QVERIFY2(console.window.messageBar()->isHidden(), qPrintable(console.window.messageBar()->text()));
}

// The server stops: the clients and rooms it listed are no longer live. The tables say so (greyed, under a
// banner), and nothing that needs the server can be started; once it is back, all is loaded again and live.
void TestConsoleWidgets::serverGoneMarksTheListsStale()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    auto server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--data-dir"), dataDir});
    QVERIFY2(server->start(), qPrintable(server->errorString()));
    // The same data directory and ports, for the server that comes back.
    const QStringList again{QStringLiteral("--data-dir"), dataDir, QStringLiteral("--port"), QString::number(server->clientPort()),
                            QStringLiteral("--api-port"), QString::number(server->apiPort()),
                            QStringLiteral("--text-port"), QString::number(server->textPort())};

    ConsoleUnderTest console;
    console.client.setReconnectDelays(50, 500);
    QVERIFY(console.connectTo(*server, server->adminToken()));
    ChatClient chat;
    QVERIFY(chat.connectAndLogin(server->clientUrl(), QStringLiteral("before"), QStringLiteral("stale")));
    QTRY_VERIFY(console.rowOf(chat.clientId) >= 0);
    ClientsPanel *clients = console.window.clientsPanel();
    RoomsPanel *rooms = console.window.roomsPanel();
    TailPanel *tail = console.window.tailPanel();
    const QColor liveText = clients->view()->palette().color(QPalette::Active, QPalette::Text);
    QTRY_VERIFY(console.state.isLive());
    clients->selectClient(chat.clientId);
    QTRY_VERIFY(console.state.rooms().rooms().contains(QStringLiteral("stale")));
    rooms->selectRoom(QStringLiteral("stale"));
    QVERIFY(clients->kickAction()->isEnabled());
    QVERIFY(clients->sessionAction()->isEnabled());
    QVERIFY(rooms->tailButton()->isEnabled());
    QVERIFY(tail->tailButton()->isEnabled());
    QVERIFY(clients->staleBanner()->isHidden());
    QVERIFY(rooms->staleBanner()->isHidden());

    QSignalSpy errors(&console.client, &AdminClient::errorOccurred);
    QVERIFY(server->terminate(10000));
    QTRY_COMPARE(console.client.state(), AdminClient::State::WaitingToReconnect);
    QVERIFY(!console.state.isLive());
    // The attempts that follow fail too, and the message says the console keeps trying.
    QTRY_VERIFY(std::any_of(errors.cbegin(), errors.cend(), [](const QList<QVariant> &e) {
        return e.first().value<AdminClient::Failure>() == AdminClient::Failure::Unreachable;
    }));
    QVERIFY2(console.window.messageBar()->text().endsWith(QStringLiteral("Retrying…")), qPrintable(console.window.messageBar()->text()));
    // What was there is still shown, as it was, but greyed under a banner that says why.
    QVERIFY(console.rowOf(chat.clientId) >= 0);
    QVERIFY(!clients->staleBanner()->isHidden());
    QVERIFY2(clients->staleBanner()->text().contains(QStringLiteral("reconnecting")), qPrintable(clients->staleBanner()->text()));
    QVERIFY(!rooms->staleBanner()->isHidden());
    const QPalette greyed = clients->view()->palette();
    QCOMPARE(greyed.color(QPalette::Active, QPalette::Text), greyed.color(QPalette::Disabled, QPalette::Text));
    QVERIFY(greyed.color(QPalette::Active, QPalette::Text) != liveText);
    QCOMPARE(rooms->roomsView()->palette().color(QPalette::Active, QPalette::Text), greyed.color(QPalette::Disabled, QPalette::Text));
    // Nothing that needs the server; copying an id still works.
    QCOMPARE(clients->selectedClientIds(), QStringList{chat.clientId});
    QVERIFY(!clients->kickAction()->isEnabled());
    QVERIFY(!clients->sessionAction()->isEnabled());
    QVERIFY(clients->copyIdAction()->isEnabled());
    QVERIFY(!rooms->tailButton()->isEnabled());
    QVERIFY(!tail->tailButton()->isEnabled());
    QVERIFY(!console.window.composerPanel()->sendButton()->isEnabled());

    server = std::make_unique<ServerProcess>(again);
    QVERIFY2(server->start(), qPrintable(server->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(console.state.isLive(), 10000);
    // Loaded again from the new process: the old one's client is gone, a new one appears.
    QCOMPARE(console.rowOf(chat.clientId), -1);
    ChatClient after;
    QVERIFY(after.connectAndLogin(server->clientUrl(), QStringLiteral("after"), QStringLiteral("stale")));
    QTRY_VERIFY(console.rowOf(after.clientId) >= 0);
    QVERIFY(clients->staleBanner()->isHidden());
    QVERIFY(rooms->staleBanner()->isHidden());
    QCOMPARE(clients->view()->palette().color(QPalette::Active, QPalette::Text), liveText);
    clients->selectClient(after.clientId);
    QVERIFY(clients->kickAction()->isEnabled());
    QVERIFY(clients->sessionAction()->isEnabled());
    QTRY_VERIFY(console.state.rooms().rooms().contains(QStringLiteral("stale")));
    rooms->selectRoom(QStringLiteral("stale"));
    QVERIFY(rooms->tailButton()->isEnabled());
    QVERIFY(tail->tailButton()->isEnabled());
}

void TestConsoleWidgets::connectDialogRemembersServersNotTokens()
{
    TokenStore tokens;
    const QString url = QStringLiteral("ws://10.1.2.3:7273/admin");
    const QString token = QStringLiteral("secret-token-never-on-disk");
    {
        ConnectDialog dialog(tokens);
        dialog.setTarget({QUrl(url), token, {}});
        QCOMPARE(dialog.target().token, token);
        dialog.accept();
    }
    QCOMPARE(ConnectDialog::recentServers().value(0), url);
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains(url.toUtf8()));
    QVERIFY2(!stored.contains(token.toUtf8()), "the token must never be written in plain text");

    ConnectDialog again(tokens); // a new dialog offers the remembered server first
    QCOMPARE(again.target().url.toString(), url);
}

// A single node: one row (itself, up), no node filter, no health badge.
void TestConsoleWidgets::singleNodeShowsItself()
{
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*m_server, m_server->adminToken()));
    const NodesModel &nodes = console.state.nodes();
    QTRY_COMPARE(nodes.rowCount(), 1);
    QCOMPARE(nodes.nodeAt(0).id, console.client.server().nodeId);
    QCOMPARE(nodes.nodeAt(0).state, Admin::NodeUp);
    QVERIFY(nodes.nodeAt(0).self);
    QCOMPARE(console.window.nodesView()->summary()->text(), QStringLiteral("1 node(s) up"));
    QVERIFY(console.window.clientsPanel()->nodeFilter()->isHidden());
    QVERIFY(console.window.roomsPanel()->roomsView()->isColumnHidden(RoomsModel::Nodes));
    QVERIFY(console.window.healthBadge()->isHidden());
}

// Two nodes through a real Redis, the console on node 1: both nodes listed, node 2's client in the
// clients table with its node, the node filter, and the badge while node 1 has lost Redis.
void TestConsoleWidgets::clusterNodesHealthAndNodeFilter()
{
    RedisProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    const auto node = [&redis](const char *id) {
        return ServerProcess::started({QStringLiteral("--redis"), redis.url(), QStringLiteral("--node-id"), QLatin1String(id),
                                       QStringLiteral("--cluster-heartbeat"), QStringLiteral("300")});
    };
    const std::unique_ptr<ServerProcess> one = node("1"), two = node("2");
    QVERIFY(one && two);
    ConsoleUnderTest console;
    QVERIFY(console.connectTo(*one, one->adminToken()));
    QTRY_COMPARE(console.state.nodes().nodeIds(), QStringList({QStringLiteral("00000001"), QStringLiteral("00000002")}));
    QTRY_VERIFY(console.window.clientsPanel()->nodeFilter()->isVisibleTo(&console.window));
    QCOMPARE(console.window.clientsPanel()->nodeFilter()->count(), 3); // all nodes, node 1, node 2

    ChatClient there, here;
    QVERIFY(there.connectAndLogin(two->clientUrl(), QStringLiteral("There"), QStringLiteral("r")));
    QVERIFY(here.connectAndLogin(one->clientUrl(), QStringLiteral("Here"), QStringLiteral("r")));
    QTRY_VERIFY(console.rowOf(here.clientId) >= 0);
    QTRY_VERIFY(console.rowOf(there.clientId) >= 0); // another node's client comes with its events
    // The Rooms panel counts the room's members on both nodes, each node's share beside.
    QTRY_COMPARE(console.state.rooms().membersOf(QStringLiteral("r")), 2);
    QCOMPARE(console.state.rooms().membersByNode(QStringLiteral("r")),
             (QMap<QString, int>{{QStringLiteral("00000001"), 1}, {QStringLiteral("00000002"), 1}}));
    QVERIFY(!console.window.roomsPanel()->roomsView()->isColumnHidden(RoomsModel::Nodes));
    const ClientsFilterModel *proxy = console.window.clientsPanel()->proxy();
    QCOMPARE(proxy->index(console.rowOf(there.clientId), ClientsModel::Node).data().toString(), QStringLiteral("00000002"));
    QTRY_COMPARE(proxy->index(console.rowOf(there.clientId), ClientsModel::Name).data().toString(), QStringLiteral("There"));
    QComboBox *filter = console.window.clientsPanel()->nodeFilter();
    filter->setCurrentIndex(filter->findData(QStringLiteral("00000002")));
    QCOMPARE(console.rowOf(here.clientId), -1);
    QVERIFY(console.rowOf(there.clientId) >= 0);
    filter->setCurrentIndex(0);
    QVERIFY(console.rowOf(here.clientId) >= 0);

    QVERIFY(console.window.healthBadge()->isHidden());
    redis.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!console.window.healthBadge()->isHidden(), 10000);
    QCOMPARE(console.state.nodes().selfState(), Admin::NodeDegraded);
    QVERIFY2(console.window.nodesView()->summary()->text().contains(QStringLiteral("1 degraded")),
             qPrintable(console.window.nodesView()->summary()->text()));
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(console.window.healthBadge()->isHidden(), 10000);
    QTRY_COMPARE(console.state.nodes().selfState(), Admin::NodeUp);
}

QTEST_MAIN(TestConsoleWidgets)
#include "tst_consolewidgets.moc"
