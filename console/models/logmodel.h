#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace Herald::Console {

// One line of a log: when, and the text of each column after the time column.
struct LogRow {
    QDateTime time;
    QStringList cells;
};

// A bounded, pausable log table (the room tail, the event log): the oldest rows go when it is full, so a
// busy room cannot exhaust memory; while paused, new rows wait (bounded too) and appear on resume.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Role { SearchTextRole = Qt::UserRole };

    LogModel(QStringList headers, int capacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(const QList<LogRow> &rows);
    // Rows the server left out (it drops the oldest when the console falls behind): counted as dropped.
    void addDropped(qint64 rows);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    int waiting() const { return int(m_waiting.size()); }
    void clear();
    int capacity() const { return m_capacity; }
    qint64 dropped() const { return m_dropped; } // rows that fell off the end since the last clear
    // Every row as CSV (RFC 4180), the header first.
    QByteArray toCsv() const;

Q_SIGNALS:
    void waitingChanged(int waiting);

private:
    void insertRows(QList<LogRow> rows);

    QStringList m_headers; // the first is the time column
    int m_capacity;
    QList<LogRow> m_rows;
    QList<LogRow> m_waiting;
    bool m_paused = false;
    qint64 m_dropped = 0;
};

} // namespace Herald::Console
