#include "views/nodesview.h"

#include "models/nodesmodel.h"
#include "views/tables.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

NodesView::NodesView(NodesModel &model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_summary(new QLabel(this)),
      m_view(new QTableView(this))
{
    m_proxy->setSourceModel(&model);
    m_proxy->setSortRole(NodesModel::SortRole);
    setUpTable(m_view, m_proxy);
    m_view->horizontalHeader()->setSectionResizeMode(NodesModel::Addresses, QHeaderView::Stretch);
    const QFontMetrics fm = m_view->fontMetrics();
    m_view->setColumnWidth(NodesModel::Node, fm.horizontalAdvance(tr("%1 (this node)").arg(QStringLiteral("01234567"))) + 24);
    m_view->setColumnWidth(NodesModel::State, fm.horizontalAdvance(QStringLiteral("degraded..")) + 16);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the server's order: this node, then by id

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&model, signal, this, &NodesView::updateSummary);
    connect(&model, &QAbstractItemModel::modelReset, this, &NodesView::updateSummary);
    connect(&model, &QAbstractItemModel::dataChanged, this, &NodesView::updateSummary);
    updateSummary();
}

void NodesView::setLive(bool live)
{
    setTableLive(m_view, live);
}

void NodesView::updateSummary()
{
    int up = 0, degraded = 0, gone = 0;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        const QString state = m_model.nodeAt(row).state;
        up += state == Admin::NodeUp;
        degraded += state == Admin::NodeDegraded;
        gone += state == Admin::NodeGone;
    }
    QString text = tr("%n node(s) up", nullptr, up);
    if (degraded > 0)
        text += tr(", %n degraded", nullptr, degraded);
    if (gone > 0)
        text += tr(", %n gone", nullptr, gone);
    m_summary->setText(m_model.rowCount() == 0 ? tr("No report from the server yet") : text);
}

} // namespace Herald::Console
