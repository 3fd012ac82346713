#pragma once

#include <QSet>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QTableView;

namespace Herald::Console {

class AdminClient;
class ClientsFilterModel;
class ClientsModel;
class CommandRunner;

// Every online client: a live, sortable, filterable table with the actions an operator needs.
class ClientsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsPanel)

public:
    ClientsPanel(AdminClient &client, ClientsModel &model, QWidget *parent = nullptr);

    void setReadOnly(bool readOnly);
    QStringList selectedClientIds() const;
    void selectClient(const QString &clientId);

    // The actions, for menus, shortcuts and tests.
    QAction *kickAction() const { return m_kick; }
    QAction *copyIdAction() const { return m_copyId; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
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
    QAction *addAction(const QString &text, const QKeySequence &shortcut, bool changesServer,
                       void (ClientsPanel::*slot)());
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
    QLabel *m_count;
    QTableView *m_view;
    QAction *m_kick = nullptr;
    QAction *m_copyId = nullptr;
    QList<QAction *> m_changing; // actions that change the server: off in read-only sessions
    QList<QAction *> m_needSelection;
    bool m_readOnly = true;
    QSet<QString> m_selectedIds; // what the operator selected, to notice a row taken over by another client
    QTimer m_countTimer;
};

} // namespace Herald::Console
