#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Herald::Console {

class AdminClient;
class ClientsFilterModel;
class ClientsModel;
class CommandRunner;
class RoomsModel;
class StaleBanner;

// Every room with its member count; the selected room's members below; broadcast, tail, dissolve.
class RoomsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomsPanel)

public:
    RoomsPanel(AdminClient &client, RoomsModel &rooms, ClientsModel &clients, QWidget *parent = nullptr);

    void setReadOnly(bool readOnly);
    // Not live (the connection is gone): both tables are greyed under a banner, and the buttons are off.
    void setLive(bool live);
    // Each node's share of a room (the Nodes column) is shown only when there are several nodes.
    void setClustered(bool clustered);
    QString selectedRoom() const;
    void selectRoom(const QString &room);
    QTableView *roomsView() const { return m_rooms; }
    QTableView *membersView() const { return m_members; }
    QPushButton *tailButton() const { return m_tail; }
    StaleBanner *staleBanner() const { return m_stale; }
    // Makes every member leave the room (the hub's ungroup), after the operator confirmed.
    void dissolve(const QString &room);

Q_SIGNALS:
    void broadcastRequested(const QString &room);
    void tailRequested(const QString &room);
    void statusMessage(const QString &text);

private:
    void onSelectionChanged();
    void askDissolve();

    RoomsModel &m_model;
    CommandRunner *m_runner;
    StaleBanner *m_stale;
    QSortFilterProxyModel *m_roomsProxy;
    ClientsFilterModel *m_membersProxy;
    QTableView *m_rooms;
    QTableView *m_members;
    QLabel *m_membersTitle;
    QPushButton *m_broadcast;
    QPushButton *m_tail;
    QPushButton *m_dissolve;
    bool m_readOnly = true;
    bool m_live = false;
};

} // namespace Herald::Console
