#include "views/tables.h"

#include <QHeaderView>
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

} // namespace Herald::Console
