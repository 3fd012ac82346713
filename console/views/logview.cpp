#include "views/logview.h"

#include "models/logmodel.h"
#include "views/tables.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Herald::Console {

// Rows whose search text contains the search words and whose first column is the chosen category.
class LogFilterModel final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setSearch(const QString &text)
    {
        m_search = text;
        invalidateFilter();
    }
    void setCategory(const QString &category)
    {
        m_category = category.isEmpty() ? QString() : category + QLatin1Char('\x1f');
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QString text = sourceModel()->index(row, 0, parent).data(LogModel::SearchTextRole).toString();
        return (m_category.isEmpty() || text.startsWith(m_category))
            && (m_search.isEmpty() || text.contains(m_search, Qt::CaseInsensitive));
    }

private:
    QString m_search;
    QString m_category;
};

LogView::LogView(LogModel &model, const QString &what, QWidget *parent)
    : QWidget(parent),
      m_model(model),
      m_what(what),
      m_proxy(new LogFilterModel(this)),
      m_toolbar(new QHBoxLayout),
      m_search(new QLineEdit(this)),
      m_pause(new QPushButton(tr("Pause"), this)),
      m_status(new QLabel(this)),
      m_view(new QTableView(this))
{
    m_proxy->setSourceModel(&model);
    setUpTable(m_view, m_proxy);
    m_view->setSortingEnabled(false);
    m_proxy->sort(-1); // oldest first, as they happened
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    m_search->setPlaceholderText(tr("Search"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) { m_proxy->setSearch(text.trimmed()); });
    m_pause->setCheckable(true);
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_model.setPaused(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        updateStatus();
    });
    auto *clear = new QPushButton(tr("Clear"), this);
    connect(clear, &QPushButton::clicked, &m_model, &LogModel::clear);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    connect(exportButton, &QPushButton::clicked, this, &LogView::askExport);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_search, 1);
    controls->addWidget(m_pause);
    controls->addWidget(clear);
    controls->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(m_toolbar);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    // Follow new rows while the operator is at the bottom; stay put when they scrolled up to read.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar *bar = m_view->verticalScrollBar();
        m_view->setProperty("follow", bar->value() >= bar->maximum() - 2);
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_sized) { // size the columns to the first rows once; doing it on every insert would crawl
            m_sized = true;
            m_view->resizeColumnsToContents();
            for (int c = 0; c < m_proxy->columnCount(); ++c)
                m_view->setColumnWidth(c, qMin(m_view->columnWidth(c), 360));
        }
        if (m_view->property("follow").toBool())
            m_view->scrollToBottom();
        updateStatus();
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LogView::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LogView::updateStatus);
    connect(&m_model, &LogModel::waitingChanged, this, &LogView::updateStatus);
    updateStatus();
}

void LogView::setCategory(const QString &category)
{
    m_proxy->setCategory(category);
    updateStatus();
}

int LogView::shownRows() const
{
    return m_proxy->rowCount();
}

void LogView::updateStatus()
{
    QString text = tr("%1 of the last %2 %3 shown").arg(m_proxy->rowCount()).arg(m_model.capacity()).arg(m_what);
    if (m_model.isPaused())
        text += tr(" · paused, %n waiting", nullptr, m_model.waiting());
    if (m_model.dropped() > 0)
        text += tr(" · %n older dropped", nullptr, int(qMin<qint64>(m_model.dropped(), INT_MAX)));
    m_status->setText(text);
}

bool LogView::exportTo(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_model.toCsv()) < 0 || !file.flush()) {
        if (error)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void LogView::askExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(m_what), m_what + QStringLiteral(".csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

} // namespace Herald::Console
