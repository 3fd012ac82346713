#pragma once

class QAbstractItemModel;
class QTableView;

namespace Herald::Console {

// The look every table of the console shares: row selection, sorting, compact rows, no row numbers.
void setUpTable(QTableView *view, QAbstractItemModel *model);
// A table whose rows are no longer live shows them greyed (it still scrolls and selects).
void setTableLive(QTableView *view, bool live);

} // namespace Herald::Console
