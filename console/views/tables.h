#pragma once

class QAbstractItemModel;
class QTableView;

namespace Herald::Console {

// The look every table of the console shares: row selection, sorting, compact rows, no row numbers.
void setUpTable(QTableView *view, QAbstractItemModel *model);

} // namespace Herald::Console
