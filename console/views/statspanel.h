#pragma once

#include <QWidget>

class QChart;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace Herald::Console {

class StatsHistory;
struct StatsSample;

// Charts of the last minutes (connections, logins/s, messages/s, bytes/s) and the server's counters,
// updated every second.
class StatsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsPanel)

public:
    explicit StatsPanel(StatsHistory &history, QWidget *parent = nullptr);

    int pointCount() const;

private:
    struct Chart {
        QChart *chart = nullptr;
        QDateTimeAxis *x = nullptr;
        QValueAxis *y = nullptr;
        QList<QLineSeries *> series;
    };
    Chart makeChart(const QString &title, const QStringList &seriesNames);
    void rebuild();
    void addSample(const StatsSample &s);
    void rescale(Chart &chart);
    void updateCounters();

    StatsHistory &m_history;
    Chart m_connections;
    Chart m_messages;
    Chart m_bytes;
    QList<QLabel *> m_counters;
};

} // namespace Herald::Console
