#pragma once

#include <QWidget>

class QComboBox;

namespace Herald::Console {

class LogModel;
class LogView;

// Connects, disconnects with reasons, logins, joins, kicks…: filterable.
class EventLogPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogPanel)

public:
    explicit EventLogPanel(LogModel &events, QWidget *parent = nullptr);
    LogView *log() const { return m_log; }

private:
    LogView *m_log;
};

} // namespace Herald::Console
