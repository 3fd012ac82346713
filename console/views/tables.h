#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;

namespace Herald::Console {

// The look every table of the console shares: row selection, sorting, compact rows, no row numbers.
void setUpTable(QTableView *view, QAbstractItemModel *model);
// A table whose rows are no longer live shows them greyed (it still scrolls and selects).
void setTableLive(QTableView *view, bool live);
// The `role` text of the selected row ("" when none), and the selection of the row whose `role` text is
// `value` (none: the selection stays).
QString selectedText(const QTableView *view, int role);
void selectRowWith(QTableView *view, int role, const QString &value);

} // namespace Herald::Console
