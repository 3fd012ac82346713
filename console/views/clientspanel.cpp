#include "views/clientspanel.h"

#include "models/clientsfiltermodel.h"
#include "models/clientsmodel.h"
#include "net/adminclient.h"
#include "views/commandrunner.h"
#include "views/stalebanner.h"
#include "views/tables.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

ClientsPanel::ClientsPanel(AdminClient &client, ClientsModel &model, QWidget *parent)
    : QWidget(parent),
      m_client(client),
      m_model(model),
      m_runner(new CommandRunner(client, this)),
      m_proxy(new ClientsFilterModel(this)),
      m_filter(new QLineEdit(this)),
      m_nodeFilter(new QComboBox(this)),
      m_count(new QLabel(this)),
      m_stale(new StaleBanner(client, this)),
      m_view(new QTableView(this))
{
    // Before the proxy re-sorts on the same signal: the selection still sits on the row that changed.
    connect(&model, &QAbstractItemModel::dataChanged, this, &ClientsPanel::dropMovedSelection);
    m_proxy->setSourceModel(&model);
    m_filter->setPlaceholderText(tr("Filter by id, name, uid, room or address"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &ClientsFilterModel::setFilterText);
    m_nodeFilter->setToolTip(tr("Show the clients of one node only"));
    m_nodeFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_nodeFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setNode(m_nodeFilter->currentData().toString()); });
    setNodes({});

    setUpTable(m_view, m_proxy);
    m_view->sortByColumn(ClientsModel::ConnectedAt, Qt::DescendingOrder);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Wide enough for what each column holds, so that all of them fit a normal window.
    const QFontMetrics fm = m_view->fontMetrics();
    const auto fit = [this, &fm](int column, const char *sample) {
        m_view->setColumnWidth(column, fm.horizontalAdvance(QLatin1String(sample)) + 16);
    };
    fit(ClientsModel::Id, "0123456789abcdef01234");
    fit(ClientsModel::Node, "01234567.");
    fit(ClientsModel::Name, "a fairly long name");
    fit(ClientsModel::Uid, "user-123456");
    fit(ClientsModel::Rooms, "room, room");
    fit(ClientsModel::Address, "255.255.255.255:65535");
    fit(ClientsModel::ConnectedAt, "Connected.");
    for (int c : {ClientsModel::MessagesIn, ClientsModel::MessagesOut, ClientsModel::BytesIn, ClientsModel::BytesOut})
        fit(c, "1023.9 KiB");

    m_kick = addAction(tr("Kick…"), QKeySequence::Delete, Needs::WriteAccess, &ClientsPanel::kickWithMessage);
    addAction(tr("Join room…"), QKeySequence(tr("Ctrl+J")), Needs::WriteAccess, &ClientsPanel::askJoinRoom);
    addAction(tr("Leave room…"), QKeySequence(tr("Ctrl+L")), Needs::WriteAccess, &ClientsPanel::askLeaveRoom);
    addAction(tr("Bind uid…"), QKeySequence(tr("Ctrl+B")), Needs::WriteAccess, &ClientsPanel::askBindUid);
    addAction(tr("Unbind uid"), {}, Needs::WriteAccess, &ClientsPanel::unbindSelected);
    addAction(tr("Send message…"), QKeySequence(tr("Ctrl+M")), Needs::WriteAccess, &ClientsPanel::askSendMessage);
    m_session = addAction(tr("Session…"), QKeySequence(tr("Ctrl+E")), Needs::Server, &ClientsPanel::showSession);
    m_copyId = addAction(tr("Copy id"), QKeySequence::Copy, Needs::Nothing, &ClientsPanel::copyIds);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_nodeFilter);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_stale);
    layout->addWidget(m_view, 1);

    connect(m_runner, &CommandRunner::message, this, &ClientsPanel::statusMessage);
    // The proxy drops rows while the source is still removing them: count once both are settled, and
    // once per event-loop pass however many rows changed.
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(0);
    connect(&m_countTimer, &QTimer::timeout, this, &ClientsPanel::updateCount);
    for (QAbstractItemModel *m : {static_cast<QAbstractItemModel *>(m_proxy), static_cast<QAbstractItemModel *>(&model)}) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(m, signal, &m_countTimer, qOverload<>(&QTimer::start));
        connect(m, &QAbstractItemModel::modelReset, &m_countTimer, qOverload<>(&QTimer::start));
        connect(m, &QAbstractItemModel::layoutChanged, &m_countTimer, qOverload<>(&QTimer::start));
    }
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ClientsPanel::onSelectionChanged);
    updateCount();
    setLive(false);
}

QAction *ClientsPanel::addAction(const QString &text, const QKeySequence &shortcut, Needs needs,
                                 void (ClientsPanel::*slot)())
{
    auto *action = new QAction(text, this);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    m_view->addAction(action);
    m_needs.insert(action, needs);
    return action;
}

void ClientsPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateActions();
}

void ClientsPanel::setLive(bool live)
{
    m_live = live;
    m_stale->setLive(live);
    setTableLive(m_view, live);
    updateActions();
}

void ClientsPanel::updateActions()
{
    const bool selected = m_view->selectionModel()->hasSelection();
    for (auto it = m_needs.cbegin(); it != m_needs.cend(); ++it) {
        const bool allowed = it.value() == Needs::Nothing || (m_live && (it.value() == Needs::Server || !m_readOnly));
        it.key()->setEnabled(selected && allowed);
    }
}

void ClientsPanel::onSelectionChanged()
{
    const QStringList ids = selectedClientIds();
    m_selectedIds = QSet<QString>(ids.cbegin(), ids.cend());
    updateActions();
}

// When a client leaves, the model moves its last client into the freed row (one dataChanged): a selection
// on that row would silently pass to a client the operator never chose, and a kick would hit it.
void ClientsPanel::dropMovedSelection(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (m_selectedIds.isEmpty())
        return;
    QItemSelectionModel *selection = m_view->selectionModel();
    QItemSelection taken;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex shown = m_proxy->mapFromSource(m_model.index(row, 0));
        if (shown.isValid() && selection->isRowSelected(shown.row())
            && !m_selectedIds.contains(m_model.clientAt(row).id))
            taken.select(shown, shown);
    }
    if (!taken.isEmpty())
        selection->select(taken, QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
}

void ClientsPanel::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model.rowCount();
    m_count->setText(shown == all ? tr("%n client(s)", nullptr, all) : tr("%1 of %n client(s)", nullptr, all).arg(shown));
}

void ClientsPanel::setNodes(const QStringList &nodeIds)
{
    const QString chosen = m_nodeFilter->currentData().toString();
    QSignalBlocker quiet(m_nodeFilter);
    m_nodeFilter->clear();
    m_nodeFilter->addItem(tr("All nodes"), QString());
    for (const QString &id : nodeIds)
        m_nodeFilter->addItem(tr("Node %1").arg(id), id);
    const int again = m_nodeFilter->findData(chosen);
    m_nodeFilter->setCurrentIndex(again >= 0 ? again : 0);
    m_proxy->setNode(m_nodeFilter->currentData().toString());
    m_nodeFilter->setVisible(nodeIds.size() > 1);
}

QStringList ClientsPanel::selectedClientIds() const
{
    QStringList ids;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        ids.append(i.data(ClientsModel::ClientIdRole).toString());
    return ids;
}

void ClientsPanel::selectClient(const QString &clientId)
{
    const int row = m_model.rowOf(clientId);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model.index(row, 0));
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void ClientsPanel::kick(const QStringList &ids, const QString &finalMessage)
{
    for (const QString &id : ids) {
        m_runner->run(tr("kick %1").arg(id), Admin::closeClient(id, QStringLiteral("kicked from the console"), finalMessage));
    }
}

void ClientsPanel::joinRoom(const QStringList &ids, const QString &room)
{
    for (const QString &id : ids)
        m_runner->run(tr("add %1 to room %2").arg(id, room), Admin::joinGroup(id, room));
}

void ClientsPanel::leaveRoom(const QStringList &ids, const QString &room)
{
    for (const QString &id : ids)
        m_runner->run(tr("remove %1 from room %2").arg(id, room), Admin::leaveGroup(id, room));
}

void ClientsPanel::bindUid(const QString &id, const QString &uid)
{
    m_runner->run(tr("bind %1 to uid %2").arg(id, uid), Admin::bindUid(id, uid));
}

void ClientsPanel::unbindUid(const QStringList &ids)
{
    for (const QString &id : ids)
        m_runner->run(tr("unbind %1").arg(id), Admin::unbindUid(id));
}

void ClientsPanel::sendMessage(const QStringList &ids, const QString &message)
{
    for (const QString &id : ids)
        m_runner->run(tr("send to %1").arg(id), Admin::sendToClient(id, message));
}

void ClientsPanel::kickWithMessage()
{
    const QStringList ids = selectedClientIds();
    if (ids.isEmpty())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Kick %n client(s)", nullptr, int(ids.size())),
                                               tr("Final message sent before closing (optional):"),
                                               QLineEdit::Normal, {}, &ok);
    if (ok)
        kick(ids, text);
}

void ClientsPanel::askJoinRoom()
{
    bool ok = false;
    const QString room = QInputDialog::getText(this, tr("Join room"), tr("Room:"), QLineEdit::Normal, {}, &ok).trimmed();
    if (ok && !room.isEmpty())
        joinRoom(selectedClientIds(), room);
}

void ClientsPanel::askLeaveRoom()
{
    const QStringList ids = selectedClientIds();
    if (ids.isEmpty())
        return;
    QStringList rooms = m_model.clientAt(m_model.rowOf(ids.first())).rooms;
    bool ok = false;
    const QString room = QInputDialog::getItem(this, tr("Leave room"), tr("Room:"), rooms, 0, true, &ok).trimmed();
    if (ok && !room.isEmpty())
        leaveRoom(ids, room);
}

void ClientsPanel::askBindUid()
{
    const QStringList ids = selectedClientIds();
    if (ids.isEmpty())
        return;
    bool ok = false;
    const QString uid = QInputDialog::getText(this, tr("Bind uid"), tr("Uid for %1:").arg(ids.first()),
                                              QLineEdit::Normal, {}, &ok).trimmed();
    if (ok && !uid.isEmpty())
        for (const QString &id : ids)
            bindUid(id, uid);
}

void ClientsPanel::unbindSelected()
{
    unbindUid(selectedClientIds());
}

void ClientsPanel::askSendMessage()
{
    const QStringList ids = selectedClientIds();
    if (ids.isEmpty())
        return;
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, tr("Send to %n client(s)", nullptr, int(ids.size())),
                                                        tr("Message, sent exactly as typed:"), {}, &ok);
    if (ok && !text.isEmpty())
        sendMessage(ids, text);
}

void ClientsPanel::copyIds()
{
    QApplication::clipboard()->setText(selectedClientIds().join(QLatin1Char('\n')));
}

void ClientsPanel::showSession()
{
    const QStringList ids = selectedClientIds();
    if (!ids.isEmpty())
        Q_EMIT sessionRequested(ids.first());
}

} // namespace Herald::Console
