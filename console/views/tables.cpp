#include "views/tables.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPalette>
#include <QTableView>

namespace Herald::Console {

void setUpTable(QTableView *view, QAbstractItemModel *model)
{
    view->setModel(model);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
}

void setTableLive(QTableView *view, bool live)
{
    if (live) {
        view->setPalette(QPalette()); // the inherited one again
        return;
    }
    QPalette greyed = view->palette();
    const QColor disabled = greyed.color(QPalette::Disabled, QPalette::Text);
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
        greyed.setColor(group, QPalette::Text, disabled);
    view->setPalette(greyed);
}

QString selectedText(const QTableView *view, int role)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(role).toString();
}

void selectRowWith(QTableView *view, int role, const QString &value)
{
    const QAbstractItemModel *model = view->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, 0);
        if (index.data(role).toString() == value) {
            view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return;
        }
    }
}

} // namespace Herald::Console
