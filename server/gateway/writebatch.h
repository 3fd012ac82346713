#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Herald {

class Session;

// Outgoing messages held for a moment and written together: each session's messages of one event-loop
// pass (or of `windowMs`, when set) go to its socket in one send(). A broadcast burst then costs a system call per recipient, not per message. (A window of 2–5 ms was
// measured in docs/benchmarks.md: less server CPU, more latency, no higher clean rate; the server
// uses 0.)
class WriteBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WriteBatch)

public:
    explicit WriteBatch(QObject *parent = nullptr);

    // 0: at the end of the pass; more: up to that many milliseconds later (more messages per write).
    void setWindowMs(int ms) { m_windowMs = qMax(0, ms); }
    int windowMs() const { return m_windowMs; }

    // `session` holds messages now and held none before: it is written with the others.
    void add(Session *session);
    void flush();

private:
    QList<QPointer<Session>> m_sessions;
    QTimer m_window; // a child: it follows the batch into its thread
    int m_windowMs = 0;
    bool m_scheduled = false;
};

} // namespace Herald
