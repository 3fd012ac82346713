#pragma once

#include <QWidget>

class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Herald::Console {

class LogFilterModel;
class LogModel;

// A bounded log as a table, newest at the bottom and followed while scrolled there: search, pause and
// resume, clear, and export to CSV. The room tail and the event log are both this.
class LogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    LogView(LogModel &model, const QString &what, QWidget *parent = nullptr);

    // A row above the table for a panel's own controls.
    QHBoxLayout *toolbar() const { return m_toolbar; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchEdit() const { return m_search; }
    QPushButton *pauseButton() const { return m_pause; }
    int shownRows() const;
    // Only rows whose first text column is exactly this (empty: all).
    void setCategory(const QString &category);
    // Writes every row as CSV; false with an error text when the file cannot be written.
    bool exportTo(const QString &path, QString *error) const;

private:
    void askExport();
    void updateStatus();

    LogModel &m_model;
    QString m_what;
    LogFilterModel *m_proxy;
    QHBoxLayout *m_toolbar;
    QLineEdit *m_search;
    QPushButton *m_pause;
    QLabel *m_status;
    QTableView *m_view;
    bool m_sized = false;
};

} // namespace Herald::Console
