#pragma once

#include <QObject>

class QSocketNotifier;

namespace Herald {

// Turns SIGTERM, SIGINT and SIGHUP into Qt signals: the handler only write()s the signal number to a
// socketpair, and a QSocketNotifier reads it on the event loop.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool install(QString *error);

Q_SIGNALS:
    void terminateRequested(int signal); // SIGTERM or SIGINT
    void reloadRequested();              // SIGHUP

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Herald
