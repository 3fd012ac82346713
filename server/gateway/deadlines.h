#pragma once

#include <QObject>
#include <QTimer>

#include <set>
#include <unordered_map>
#include <utility>

namespace Herald {

class Session;

// The moments the sessions of one gateway thread wait for — a handshake's end (handshake-timeout), a
// client's answer to a close frame — soonest first, behind one timer. A session costs an entry here
// only while it waits, and never a timer of its own (a QObject and a registration with the event
// dispatcher each, for every connection).
class Deadlines final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Deadlines)

public:
    explicit Deadlines(QObject *parent = nullptr);

    // Session::deadlinePassed() at `monotonicMs` (coarseMonotonicMs()) instead of any earlier wish of
    // the session's; 0: not at all.
    void set(Session *session, qint64 monotonicMs);
    int size() const { return int(m_bySession.size()); }

private:
    void fire();
    void arm();

    std::set<std::pair<qint64, Session *>> m_queue; // soonest first
    std::unordered_map<Session *, qint64> m_bySession;
    QTimer m_timer;
};

} // namespace Herald
