#pragma once

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace Herald::Console {

class NodesModel;

// The cluster's nodes: a sortable table of NodesModel (this node first and in bold) and a line that says
// how many are up, degraded or gone.
class NodesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodesView)

public:
    explicit NodesView(NodesModel &model, QWidget *parent = nullptr);

    // Not live (the connection is gone): the rows are as they were, greyed.
    void setLive(bool live);
    QTableView *view() const { return m_view; }
    QLabel *summary() const { return m_summary; }

private:
    void updateSummary();

    NodesModel &m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_summary;
    QTableView *m_view;
};

} // namespace Herald::Console
