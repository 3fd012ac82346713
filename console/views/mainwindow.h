#pragma once

#include "net/adminclient.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace Herald::Console {

class ApnsPanel;
class PushTab;
class AuditPanel;
class ClientsPanel;
class ComposerPanel;
class ConsoleState;
class EventLogPanel;
class KeysPanel;
class NodesView;
class RoomsPanel;
class StatsPanel;
class TailPanel;
class TokenStore;

// Composes the panels around the clients table, the status bar and the menus; remembers the layout.
// Holds no logic of its own beyond wiring.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(AdminClient &client, ConsoleState &state, TokenStore &tokens, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The size of the first start (afterwards the operator's own comes back): every panel fits it.
    static QSize defaultSize() { return {1200, 760}; }

    // Opens the connect dialog (modal); connects when the operator confirms.
    void askConnect();
    // Connects and, if asked, stores the token in the keychain.
    void connectTo(const AdminClient::Target &target, bool rememberToken = false);

    ClientsPanel *clientsPanel() const { return m_clientsPanel; }
    RoomsPanel *roomsPanel() const { return m_roomsPanel; }
    TailPanel *tailPanel() const { return m_tailPanel; }
    ComposerPanel *composerPanel() const { return m_composerPanel; }
    StatsPanel *statsPanel() const { return m_statsPanel; }
    EventLogPanel *eventLogPanel() const { return m_eventLogPanel; }
    ApnsPanel *apnsPanel() const;
    PushTab *pushTab() const { return m_pushTab; }
    KeysPanel *keysPanel() const { return m_keysPanel; }
    AuditPanel *auditPanel() const { return m_auditPanel; }
    NodesView *nodesView() const { return m_nodesView; }
    QLabel *healthBadge() const { return m_healthBadge; }
    QLabel *messageBar() const { return m_messageBar; }
    void showPanel(QWidget *panel);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QDockWidget *addPanel(QWidget *panel, const QString &title, const QString &objectName, Qt::DockWidgetArea area);
    void buildMenus();
    void buildLanguageMenu(QMenu *menu);
    void onStateChanged(AdminClient::State state);
    void onHello(const Admin::Hello &hello);
    void onError(AdminClient::Failure failure, const QString &message);
    void setReadOnly(bool readOnly);
    void setLive(bool live);
    void updateServerLabel();
    void updateHealth();

    AdminClient &m_client;
    ConsoleState &m_state;
    TokenStore &m_tokens;
    ClientsPanel *m_clientsPanel;
    RoomsPanel *m_roomsPanel;
    TailPanel *m_tailPanel;
    ComposerPanel *m_composerPanel;
    StatsPanel *m_statsPanel;
    EventLogPanel *m_eventLogPanel;
    PushTab *m_pushTab;
    KeysPanel *m_keysPanel;
    AuditPanel *m_auditPanel;
    NodesView *m_nodesView;
    QTabWidget *m_centre;
    QList<QDockWidget *> m_docks;
    QList<QDockWidget *> m_hiddenForWideTab; // docks to show again when the clients tab comes back
    QLabel *m_messageBar;
    QLabel *m_stateLabel;
    QLabel *m_serverLabel;
    QLabel *m_latencyLabel;
    QLabel *m_readOnlyBadge;
    QLabel *m_healthBadge; // the node connected to is degraded (cut off from Redis)
};

} // namespace Herald::Console
