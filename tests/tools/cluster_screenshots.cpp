#include "cluster_screenshots.h"

#include "models/clientsmodel.h"
#include "models/consolestate.h"
#include "models/nodesmodel.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "redisprocess.h"
#include "screenshot.h"
#include "serverprocess.h"
#include "testclients.h"
#include "views/clientspanel.h"
#include "views/mainwindow.h"
#include "views/nodesview.h"
#include "views/roomspanel.h"

#include <QDockWidget>
#include <QTableView>
#include <QTest>

#include <cstdio>
#include <memory>
#include <vector>

using namespace Herald::Console;
using namespace HeraldTest;

bool clusterScreenshots(const QString &dir)
{
    RedisProcess redis;
    if (!redis.start()) {
        std::fprintf(stderr, "redis-server: %s\n", qPrintable(redis.errorString()));
        return false;
    }
    std::vector<std::unique_ptr<ServerProcess>> nodes;
    for (const char *id : {"1", "2", "3"}) {
        nodes.push_back(ServerProcess::started({QStringLiteral("--redis"), redis.url(), QStringLiteral("--node-id"),
                                                QLatin1String(id), QStringLiteral("--cluster-heartbeat"), QStringLiteral("1000")}));
        if (!nodes.back()) {
            std::fprintf(stderr, "node %s did not start\n", id);
            return false;
        }
    }
    std::vector<std::unique_ptr<ChatClient>> clients;
    for (int i = 0; i < 18; ++i) { // 8 on node 1, 6 on node 2, 4 on node 3; rooms spanning the nodes
        const size_t node = i < 8 ? 0 : i < 14 ? 1 : 2;
        auto c = std::make_unique<ChatClient>();
        if (!c->connectAndLogin(nodes[node]->clientUrl(), screenshotClientName(i), QString::number(1 + i % 3))) {
            std::fprintf(stderr, "client %d could not log in\n", i);
            return false;
        }
        clients.push_back(std::move(c));
    }

    ScreenshotConsole console;
    if (!console.connectTo(nodes[0]->adminUrl(), nodes[0]->adminToken()))
        return false;
    MainWindow &window = console.window;
    ConsoleState &state = console.state;
    // Every node's heartbeat with its clients in, and the clients of nodes 2 and 3 listed.
    const bool settled = QTest::qWaitFor([&] {
        const NodesModel &m = state.nodes();
        return m.rowCount() == 3 && m.nodeAt(m.rowOf(QStringLiteral("00000003"))).clients == 4;
    }, 15000);
    state.refreshCounters();
    if (!settled || !QTest::qWaitFor([&] { return state.clients().rowCount() == int(clients.size()); }, 10000)) {
        std::fprintf(stderr, "the console did not see the whole cluster\n");
        return false;
    }
    QTest::qWait(1200); // a stats tick: uptimes and heartbeats' ages
    window.showPanel(window.nodesView());
    window.clientsPanel()->view()->sortByColumn(ClientsModel::Node, Qt::AscendingOrder);
    QTest::qWait(300);
    bool ok = saveScreenshot(window.nodesView(), dir, "nodes");
    ok = saveScreenshot(window.clientsPanel(), dir, "clients-cluster") && ok;
    window.showPanel(window.roomsPanel()); // each room's members on the three nodes, a room's chosen
    QWidget *dock = window.roomsPanel();
    while (dock && !qobject_cast<QDockWidget *>(dock))
        dock = dock->parentWidget();
    if (dock) // wide enough for the three nodes' shares
        window.resizeDocks({static_cast<QDockWidget *>(dock)}, {640}, Qt::Horizontal);
    window.roomsPanel()->selectRoom(QStringLiteral("1"));
    QTest::qWait(300);
    ok = saveScreenshot(window.roomsPanel(), dir, "rooms-cluster") && ok;
    ok = saveScreenshot(&window, dir, "console-cluster") && ok;
    for (auto &n : nodes)
        n->terminate(5000);
    return ok;
}
