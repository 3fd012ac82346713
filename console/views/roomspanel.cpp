#include "views/roomspanel.h"

#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "models/roomsmodel.h"
#include "views/commandrunner.h"
#include "views/stalebanner.h"
#include "views/tables.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

RoomsPanel::RoomsPanel(AdminClient &client, RoomsModel &rooms, ClientsModel &clients, QWidget *parent)
    : QWidget(parent),
      m_model(rooms),
      m_runner(new CommandRunner(client, this)),
      m_stale(new StaleBanner(client, this)),
      m_roomsProxy(new QSortFilterProxyModel(this)),
      m_membersProxy(new ClientsFilterModel(this)),
      m_rooms(new QTableView(this)),
      m_members(new QTableView(this)),
      m_membersTitle(new QLabel(this)),
      m_broadcast(new QPushButton(tr("Broadcast…"), this)),
      m_tail(new QPushButton(tr("Tail"), this)),
      m_dissolve(new QPushButton(tr("Dissolve…"), this))
{
    m_roomsProxy->setSourceModel(&rooms);
    m_roomsProxy->setSortRole(RoomsModel::SortRole);
    m_roomsProxy->setDynamicSortFilter(true);
    setUpTable(m_rooms, m_roomsProxy);
    m_rooms->setSelectionMode(QAbstractItemView::SingleSelection);
    m_rooms->sortByColumn(RoomsModel::Members, Qt::DescendingOrder);
    setClustered(false);

    m_membersProxy->setSourceModel(&clients);
    m_membersProxy->setRoom(QStringLiteral("\x1f")); // no room selected: nobody
    setUpTable(m_members, m_membersProxy);
    m_members->sortByColumn(ClientsModel::Name, Qt::AscendingOrder);
    for (int c : {ClientsModel::Rooms, ClientsModel::MessagesIn, ClientsModel::MessagesOut, ClientsModel::BytesIn,
                  ClientsModel::BytesOut})
        m_members->hideColumn(c);

    m_broadcast->setToolTip(tr("Compose a message to everyone in this room"));
    m_tail->setToolTip(tr("Watch the messages said in this room"));
    m_dissolve->setToolTip(tr("Make every member leave this room"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_broadcast);
    buttons->addWidget(m_tail);
    buttons->addWidget(m_dissolve);
    buttons->addStretch(1);

    auto *membersBox = new QWidget(this);
    auto *membersLayout = new QVBoxLayout(membersBox);
    membersLayout->setContentsMargins(0, 0, 0, 0);
    membersLayout->addWidget(m_membersTitle);
    membersLayout->addWidget(m_members, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_rooms);
    split->addWidget(membersBox);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_stale);
    layout->addWidget(split, 1);

    connect(m_runner, &CommandRunner::message, this, &RoomsPanel::statusMessage);
    connect(m_rooms->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RoomsPanel::onSelectionChanged);
    connect(m_broadcast, &QPushButton::clicked, this, [this] { Q_EMIT broadcastRequested(selectedRoom()); });
    connect(m_tail, &QPushButton::clicked, this, [this] { Q_EMIT tailRequested(selectedRoom()); });
    connect(m_dissolve, &QPushButton::clicked, this, &RoomsPanel::askDissolve);
    setLive(false);
}

void RoomsPanel::setClustered(bool clustered)
{
    m_rooms->setColumnHidden(RoomsModel::Nodes, !clustered);
}

void RoomsPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    onSelectionChanged();
}

void RoomsPanel::setLive(bool live)
{
    m_live = live;
    m_stale->setLive(live);
    setTableLive(m_rooms, live);
    setTableLive(m_members, live);
    onSelectionChanged();
}

QString RoomsPanel::selectedRoom() const
{
    return selectedText(m_rooms, RoomsModel::RoomRole);
}

void RoomsPanel::selectRoom(const QString &room)
{
    selectRowWith(m_rooms, RoomsModel::RoomRole, room);
}

void RoomsPanel::onSelectionChanged()
{
    const QString room = selectedRoom();
    m_membersProxy->setRoom(room.isEmpty() ? QStringLiteral("\x1f") : room);
    m_membersTitle->setText(room.isEmpty() ? tr("Select a room to see its members")
                                           : tr("Members of room %1").arg(room));
    const bool canRead = !room.isEmpty() && m_live;
    m_broadcast->setEnabled(canRead && !m_readOnly);
    m_tail->setEnabled(canRead);
    m_dissolve->setEnabled(canRead && !m_readOnly);
}

void RoomsPanel::askDissolve()
{
    const QString room = selectedRoom();
    if (room.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Dissolve room"),
        tr("Make all %n member(s) of room %1 leave it? Their connections stay open.", nullptr, m_model.membersOf(room)).arg(room));
    if (answer == QMessageBox::Yes)
        dissolve(room);
}

void RoomsPanel::dissolve(const QString &room)
{
    m_runner->run(tr("dissolve room %1").arg(room), Admin::ungroup(room));
}

} // namespace Herald::Console
