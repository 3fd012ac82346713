#include "views/mainwindow.h"

#include "models/consolestate.h"
#include "models/language.h"
#include "models/nodesmodel.h"
#include "net/tokenstore.h"
#include "views/apnspanel.h"
#include "views/auditpanel.h"
#include "views/clientspanel.h"
#include "views/composerpanel.h"
#include "views/connectdialog.h"
#include "views/eventlogpanel.h"
#include "views/keyspanel.h"
#include "views/robotmirrorbox.h"
#include "views/nodesview.h"
#include "views/pushtab.h"
#include "views/roomspanel.h"
#include "views/sessiondialog.h"
#include "views/statspanel.h"
#include "views/tailpanel.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Herald::Console {

MainWindow::MainWindow(AdminClient &client, ConsoleState &state, TokenStore &tokens, QWidget *parent)
    : QMainWindow(parent),
      m_client(client),
      m_state(state),
      m_tokens(tokens),
      m_clientsPanel(new ClientsPanel(client, state.clients(), this)),
      m_roomsPanel(new RoomsPanel(client, state.rooms(), state.clients(), this)),
      m_tailPanel(new TailPanel(client, state.traffic(), this)),
      m_composerPanel(new ComposerPanel(client, this)),
      m_statsPanel(new StatsPanel(state.stats(), this)),
      m_eventLogPanel(new EventLogPanel(state.events(), this)),
      m_pushTab(new PushTab(client, tokens, this)),
      m_keysPanel(new KeysPanel(client, this)),
      m_auditPanel(new AuditPanel(client, this)),
      m_nodesView(new NodesView(state.nodes(), this)),
      m_centre(new QTabWidget(this)),
      m_messageBar(new QLabel(this)),
      m_stateLabel(new QLabel(this)),
      m_serverLabel(new QLabel(this)),
      m_latencyLabel(new QLabel(this)),
      m_readOnlyBadge(new QLabel(tr(" READ-ONLY "), this)),
      m_healthBadge(new QLabel(tr(" DEGRADED "), this))
{
    setWindowTitle(tr("Herald console"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    // The clients table and the APNs test push share the centre; the other panels dock around it
    // (tabbed, movable, remembered).
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    m_messageBar->setWordWrap(true);
    m_messageBar->setStyleSheet(QStringLiteral("background: #fdecea; color: #8e1c1c; padding: 6px; border: 1px solid #f5c2c0"));
    m_messageBar->hide();
    centreLayout->addWidget(m_messageBar);
    m_centre->setDocumentMode(true);
    m_centre->addTab(m_clientsPanel, tr("Clients"));
    m_centre->addTab(m_pushTab, tr("Test push"));
    m_centre->addTab(m_keysPanel, tr("API keys"));
    m_centre->addTab(m_auditPanel, tr("Audit log"));
    centreLayout->addWidget(m_centre, 1);
    // The tabs other than the clients' need the whole window: the panels docked around the clients step
    // aside while one of them is shown, and come back as they were.
    connect(m_centre, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_centre->widget(index) == m_auditPanel)
            m_auditPanel->refresh(); // what changed since it was last shown
        if (m_centre->widget(index) != m_clientsPanel) {
            if (!m_hiddenForWideTab.isEmpty())
                return; // from one wide tab to another: already aside
            for (QDockWidget *dock : std::as_const(m_docks)) {
                if (dock->isVisible() && !dock->isFloating()) {
                    m_hiddenForWideTab.append(dock);
                    dock->hide();
                }
            }
        } else {
            for (QDockWidget *dock : std::as_const(m_hiddenForWideTab))
                dock->show();
            m_hiddenForWideTab.clear();
        }
    });
    setCentralWidget(centre);
    QDockWidget *rooms = addPanel(m_roomsPanel, tr("Rooms"), QStringLiteral("rooms"), Qt::RightDockWidgetArea);
    QDockWidget *composer = addPanel(m_composerPanel, tr("Broadcast"), QStringLiteral("composer"), Qt::RightDockWidgetArea);
    QDockWidget *tail = addPanel(m_tailPanel, tr("Room tail"), QStringLiteral("tail"), Qt::BottomDockWidgetArea);
    QDockWidget *stats = addPanel(m_statsPanel, tr("Stats"), QStringLiteral("stats"), Qt::BottomDockWidgetArea);
    QDockWidget *events = addPanel(m_eventLogPanel, tr("Event log"), QStringLiteral("events"), Qt::BottomDockWidgetArea);
    QDockWidget *nodes = addPanel(m_nodesView, tr("Nodes"), QStringLiteral("nodes"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(rooms, composer);
    tabifyDockWidget(tail, stats);
    tabifyDockWidget(stats, events);
    tabifyDockWidget(events, nodes);
    rooms->raise();
    stats->raise();

    m_readOnlyBadge->setStyleSheet(QStringLiteral("background: #b26a00; color: white; font-weight: bold; border-radius: 3px"));
    m_readOnlyBadge->setToolTip(tr("Signed in with the read-only token: nothing can be changed"));
    m_readOnlyBadge->hide();
    m_healthBadge->setStyleSheet(QStringLiteral("background: #b01c1c; color: white; font-weight: bold; border-radius: 3px"));
    m_healthBadge->setToolTip(tr("This node cannot reach Redis: it serves its own clients, but nothing crosses to the "
                                 "other nodes and their clients are not listed. It reconnects by itself."));
    m_healthBadge->hide();
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_serverLabel);
    statusBar()->addPermanentWidget(m_healthBadge);
    statusBar()->addPermanentWidget(m_readOnlyBadge);
    statusBar()->addPermanentWidget(m_latencyLabel);
    buildMenus();

    connect(&client, &AdminClient::stateChanged, this, &MainWindow::onStateChanged);
    connect(&client, &AdminClient::helloReceived, this, &MainWindow::onHello);
    connect(&client, &AdminClient::snapshotReceived, this, [this](const Admin::Snapshot &s) {
        m_composerPanel->setMaxMessageSize(s.server.maxMessageSize);
        m_composerPanel->robots()->load();
        updateServerLabel();
    });
    connect(&client, &AdminClient::latencyChanged, this, [this](int ms) { m_latencyLabel->setText(tr("%1 ms").arg(ms)); });
    connect(&client, &AdminClient::errorOccurred, this, &MainWindow::onError);
    connect(&state, &ConsoleState::liveChanged, this, &MainWindow::setLive);
    connect(&state.nodes(), &NodesModel::selfStateChanged, this, &MainWindow::updateHealth);
    const auto nodesToPanels = [this] {
        const QStringList ids = m_state.nodes().nodeIds();
        m_clientsPanel->setNodes(ids);
        m_roomsPanel->setClustered(ids.size() > 1);
    };
    connect(&state.nodes(), &QAbstractItemModel::rowsInserted, this, nodesToPanels);
    connect(&state.nodes(), &QAbstractItemModel::rowsRemoved, this, nodesToPanels);
    connect(&state.nodes(), &QAbstractItemModel::modelReset, this, nodesToPanels);

    const auto toStatus = [this](const QString &text) { statusBar()->showMessage(text, 8000); };
    connect(m_clientsPanel, &ClientsPanel::statusMessage, this, toStatus);
    connect(m_roomsPanel, &RoomsPanel::statusMessage, this, toStatus);
    connect(m_composerPanel, &ComposerPanel::statusMessage, this, toStatus);
    connect(m_pushTab, &PushTab::statusMessage, this, toStatus);
    connect(m_keysPanel, &KeysPanel::statusMessage, this, toStatus);
    connect(m_clientsPanel, &ClientsPanel::sessionRequested, this, [this](const QString &id) {
        (new SessionDialog(m_client, id, m_client.isReadOnly(), this))->show();
    });
    connect(m_roomsPanel, &RoomsPanel::broadcastRequested, this, [this](const QString &room) {
        BroadcastTarget t;
        t.kind = BroadcastTarget::Room;
        t.value = room;
        m_composerPanel->setTarget(t);
        showPanel(m_composerPanel);
    });
    connect(m_roomsPanel, &RoomsPanel::tailRequested, this, [this](const QString &room) {
        m_tailPanel->tail(room);
        showPanel(m_tailPanel);
    });

    resize(defaultSize());
    // First start: the clients table gets most of the room; afterwards the operator's layout comes back.
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        QTimer::singleShot(0, this, [this, rooms, tail] { // once the window has its size
            resizeDocks({rooms}, {380}, Qt::Horizontal);
            resizeDocks({tail}, {height() / 3}, Qt::Vertical);
        });
    }
    setReadOnly(true);
    setLive(state.isLive());
    onStateChanged(client.state());
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addPanel(QWidget *panel, const QString &title, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

ApnsPanel *MainWindow::apnsPanel() const
{
    return m_pushTab->apnsPanel();
}

void MainWindow::showPanel(QWidget *panel)
{
    if (m_centre->indexOf(panel) >= 0)
        m_centre->setCurrentWidget(panel);
    else if (m_pushTab->showForm(panel)) // a provider's form in the test-push tab
        m_centre->setCurrentWidget(m_pushTab);
    for (QDockWidget *dock : std::as_const(m_docks)) {
        if (dock->widget() == panel) {
            dock->show();
            dock->raise();
        }
    }
}

void MainWindow::buildMenus()
{
    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addAction(tr("&Connect…"), QKeySequence(tr("Ctrl+O")), this, &MainWindow::askConnect);
    server->addAction(tr("&Disconnect"), this, [this] { m_client.close(); });
    server->addAction(tr("&Refresh counters"), QKeySequence::Refresh, this, [this] { m_state.refreshCounters(); });
    server->addSeparator();
    server->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Clients"), QKeySequence(tr("Ctrl+1")), this, [this] { showPanel(m_clientsPanel); });
    view->addAction(tr("&Test push"), QKeySequence(tr("Ctrl+2")), this, [this] { showPanel(m_pushTab); });
    view->addAction(tr("API &keys"), QKeySequence(tr("Ctrl+3")), this, [this] { showPanel(m_keysPanel); });
    view->addAction(tr("A&udit log"), QKeySequence(tr("Ctrl+4")), this, [this] { showPanel(m_auditPanel); });
    view->addSeparator();
    for (QDockWidget *dock : std::as_const(m_docks))
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    buildLanguageMenu(view->addMenu(tr("&Language")));
}

// The languages the console speaks; a choice is stored and applies at the next start.
void MainWindow::buildLanguageMenu(QMenu *menu)
{
    auto *group = new QActionGroup(menu);
    const QString current = Language::stored();
    for (const Language::Choice &choice : Language::choices()) {
        QAction *action = menu->addAction(choice.name);
        action->setCheckable(true);
        action->setChecked(choice.code == current);
        action->setActionGroup(group);
        connect(action, &QAction::triggered, this, [this, code = choice.code] {
            Language::store(code);
            statusBar()->showMessage(tr("The language changes when the console starts again."), 10000);
        });
    }
}

void MainWindow::askConnect()
{
    ConnectDialog dialog(m_tokens, this);
    if (m_client.state() != AdminClient::State::Disconnected)
        dialog.setTarget(m_client.target());
    if (dialog.exec() == QDialog::Accepted)
        connectTo(dialog.target(), dialog.rememberToken());
}

void MainWindow::connectTo(const AdminClient::Target &target, bool rememberToken)
{
    m_messageBar->hide();
    m_client.open(target);
    if (!rememberToken)
        return;
    m_tokens.save(target.url.toString(), target.token, [this](const QString &error) {
        if (!error.isEmpty())
            statusBar()->showMessage(tr("Token not remembered (no keychain: %1); it will be asked for again").arg(error), 10000);
    });
}

void MainWindow::onStateChanged(AdminClient::State state)
{
    m_stateLabel->setText(stateText(state));
    if (state == AdminClient::State::Connected)
        m_messageBar->hide();
    if (state != AdminClient::State::Connected) {
        m_latencyLabel->clear();
        setReadOnly(true);
        m_readOnlyBadge->hide();
    }
    updateServerLabel();
}

void MainWindow::onHello(const Admin::Hello &hello)
{
    setReadOnly(hello.readOnly);
    m_readOnlyBadge->setVisible(hello.readOnly);
    m_keysPanel->refresh();
    m_auditPanel->refresh();
}

void MainWindow::onError(AdminClient::Failure failure, const QString &message)
{
    QString text = message;
    switch (failure) {
    case AdminClient::Failure::WrongToken:
        text = tr("Wrong token: %1. Use admin.token (full) or admin-readonly.token from the server's data directory.").arg(message);
        break;
    case AdminClient::Failure::Certificate:
        text = tr("%1. Choose the CA that signed the server's certificate in Server › Connect.").arg(message);
        break;
    case AdminClient::Failure::Unreachable:
        text = tr("%1. Is herald-server running, and is this its API port?").arg(message);
        break;
    default:
        break;
    }
    if (m_client.state() == AdminClient::State::WaitingToReconnect) // the client says so before the failure
        text += tr(" Retrying…");
    m_messageBar->setText(text);
    m_messageBar->show();
}

void MainWindow::setReadOnly(bool readOnly)
{
    m_clientsPanel->setReadOnly(readOnly);
    m_roomsPanel->setReadOnly(readOnly);
    m_composerPanel->setReadOnly(readOnly);
    m_keysPanel->setReadOnly(readOnly); // keys and the audit log need the full token
    m_auditPanel->setReadOnly(readOnly);
}

// The clients and rooms stop being live when the connection goes, and are live again with the next
// connection's snapshot.
void MainWindow::setLive(bool live)
{
    m_clientsPanel->setLive(live);
    m_roomsPanel->setLive(live);
    m_tailPanel->setLive(live);
    m_nodesView->setLive(live);
    updateHealth();
}

// The badge says the node connected to is degraded while it is, and goes when it heals (or the
// connection goes: then the state label speaks).
void MainWindow::updateHealth()
{
    const bool degraded = m_state.isLive() && m_state.nodes().selfState() == Admin::NodeDegraded;
    if (degraded && m_healthBadge->isHidden())
        statusBar()->showMessage(tr("Node %1 lost Redis: it serves its own clients only until Redis is back")
                                     .arg(m_client.server().nodeId), 10000);
    m_healthBadge->setVisible(degraded);
}

void MainWindow::updateServerLabel()
{
    const Admin::ServerInfo &s = m_client.server();
    if (m_client.state() != AdminClient::State::Connected || s.version.isEmpty()) {
        m_serverLabel->setText(m_client.target().url.toDisplayString());
        return;
    }
    m_serverLabel->setText(tr("%1 · herald-server %2 · node %3").arg(m_client.target().url.toDisplayString(), s.version, s.nodeId));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_centre->setCurrentWidget(m_clientsPanel); // the docks the APNs tab put aside are part of the layout
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace Herald::Console
