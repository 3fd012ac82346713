#pragma once

#include <QHash>
#include <QSet>
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace Herald::Console {

class AdminClient;
class ClientsFilterModel;
class ClientsModel;
class CommandRunner;
class StaleBanner;

// Every online client: a live, sortable, filterable table with the actions an operator needs.
class ClientsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsPanel)

public:
    ClientsPanel(AdminClient &client, ClientsModel &model, QWidget *parent = nullptr);

    void setReadOnly(bool readOnly);
    // Not live (the connection is gone): the table is greyed under a banner, and what needs the server is off.
    void setLive(bool live);
    // The cluster's nodes, for the node filter (shown from two nodes on).
    void setNodes(const QStringList &nodeIds);
    QStringList selectedClientIds() const;
    void selectClient(const QString &clientId);

    // The actions, for menus, shortcuts and tests.
    QAction *kickAction() const { return m_kick; }
    QAction *copyIdAction() const { return m_copyId; }
    QAction *sessionAction() const { return m_session; }
    StaleBanner *staleBanner() const { return m_stale; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *nodeFilter() const { return m_nodeFilter; }
    ClientsFilterModel *proxy() const { return m_proxy; }

    void kick(const QStringList &ids, const QString &finalMessage);
    void joinRoom(const QStringList &ids, const QString &room);
    void leaveRoom(const QStringList &ids, const QString &room);
    void bindUid(const QString &id, const QString &uid);
    void unbindUid(const QStringList &ids);
    void sendMessage(const QStringList &ids, const QString &message);

Q_SIGNALS:
    void statusMessage(const QString &text);
    void sessionRequested(const QString &clientId);

private:
    // What an action needs besides a selection.
    enum class Needs { Nothing, Server, WriteAccess };
    QAction *addAction(const QString &text, const QKeySequence &shortcut, Needs needs, void (ClientsPanel::*slot)());
    void kickWithMessage();
    void askJoinRoom();
    void askLeaveRoom();
    void askBindUid();
    void askSendMessage();
    void unbindSelected();
    void copyIds();
    void showSession();
    void updateCount();
    void updateActions();
    void onSelectionChanged();
    void dropMovedSelection(const QModelIndex &topLeft, const QModelIndex &bottomRight);

    AdminClient &m_client;
    ClientsModel &m_model;
    CommandRunner *m_runner;
    ClientsFilterModel *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_nodeFilter;
    QLabel *m_count;
    StaleBanner *m_stale;
    QTableView *m_view;
    QAction *m_kick = nullptr;
    QAction *m_copyId = nullptr;
    QAction *m_session = nullptr;
    QHash<QAction *, Needs> m_needs; // every action needs a selection, and some the server too
    bool m_readOnly = true;
    bool m_live = false;
    QSet<QString> m_selectedIds; // what the operator selected, to notice a row taken over by another client
    QTimer m_countTimer;
};

} // namespace Herald::Console
