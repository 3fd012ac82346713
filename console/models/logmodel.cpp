#include "models/logmodel.h"

#include "models/format.h"

namespace Herald::Console {

namespace {
QByteArray csvField(const QString &text)
{
    QString t = text;
    if (t.contains(QLatin1Char(',')) || t.contains(QLatin1Char('"')) || t.contains(QLatin1Char('\n'))
        || t.contains(QLatin1Char('\r')))
        t = QLatin1Char('"') + t.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
    return t.toUtf8();
}
} // namespace

LogModel::LogModel(QStringList headers, int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_headers(std::move(headers)), m_capacity(qMax(1, capacity))
{
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogRow &row = m_rows.at(index.row());
    const QString text = index.column() == 0 ? formatTime(row.time) : row.cells.value(index.column() - 1);
    switch (role) {
    case Qt::DisplayRole:
        return text.size() > 500 ? text.left(500) + QStringLiteral("…") : text;
    case Qt::ToolTipRole:
        return text.left(4000);
    case SearchTextRole:
        return row.cells.join(QLatin1Char('\x1f'));
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return m_headers.value(section);
    return {};
}

void LogModel::append(const QList<LogRow> &rows)
{
    if (rows.isEmpty())
        return;
    if (!m_paused) {
        insertRows(rows);
        return;
    }
    m_waiting += rows;
    if (m_waiting.size() > m_capacity) {
        m_dropped += m_waiting.size() - m_capacity;
        m_waiting.remove(0, m_waiting.size() - m_capacity);
    }
    Q_EMIT waitingChanged(int(m_waiting.size()));
}

void LogModel::insertRows(QList<LogRow> rows)
{
    if (rows.size() > m_capacity) {
        m_dropped += rows.size() - m_capacity;
        rows.remove(0, rows.size() - m_capacity);
    }
    const qsizetype overflow = m_rows.size() + rows.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.remove(0, overflow);
        m_dropped += overflow;
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    m_rows += rows;
    endInsertRows();
}

void LogModel::addDropped(qint64 rows)
{
    if (rows <= 0)
        return;
    m_dropped += rows;
    Q_EMIT waitingChanged(int(m_waiting.size())); // the view's status line shows the count
}

void LogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused && !m_waiting.isEmpty()) {
        insertRows(std::exchange(m_waiting, {}));
        Q_EMIT waitingChanged(0);
    }
}

void LogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_waiting.clear();
    m_dropped = 0;
    endResetModel();
    Q_EMIT waitingChanged(0);
}

QByteArray LogModel::toCsv() const
{
    QByteArray out;
    const auto line = [&out](const QStringList &fields) {
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            out += csvField(fields.at(i));
        }
        out += "\r\n";
    };
    line(m_headers);
    for (const LogRow &r : m_rows)
        line(QStringList{r.time.toString(Qt::ISODateWithMs)} + r.cells);
    return out;
}

} // namespace Herald::Console
