#pragma once

#include "protocol/adminprotocol.h"

#include <QList>
#include <QObject>

namespace Herald::Console {

// One second of the server's life, as the charts show it.
struct StatsSample {
    QDateTime time;
    int connections = 0;
    double loginsPerSecond = 0;
    double messagesInPerSecond = 0;
    double messagesOutPerSecond = 0;
    double bytesInPerSecond = 0;
    double bytesOutPerSecond = 0;
};

// The last few minutes of stats: turns the server's counters into rates, bounded.
class StatsHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsHistory)

public:
    explicit StatsHistory(int capacity = 300, QObject *parent = nullptr);

    void add(const Admin::Stats &stats);
    void clear();
    const QList<StatsSample> &samples() const { return m_samples; }
    const Admin::Stats &latest() const { return m_last; }
    int capacity() const { return m_capacity; }

Q_SIGNALS:
    void sampleAdded(const Herald::Console::StatsSample &sample);
    void cleared();

private:
    int m_capacity;
    QList<StatsSample> m_samples;
    Admin::Stats m_last;
    bool m_haveLast = false;
};

} // namespace Herald::Console
