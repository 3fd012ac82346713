#pragma once

#include <QObject>

#include <vector>

namespace Herald {

class Session;

// Outgoing messages held for a moment and written together: each session's messages of one event-loop
// pass go to its socket in one send(), at the end of the pass. A broadcast burst then costs a system
// call per recipient, not per message. (Holding them a few milliseconds longer was tried: less server
// CPU, more latency, no higher clean rate.)
class WriteBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WriteBatch)

public:
    explicit WriteBatch(QObject *parent = nullptr);

    // `session` holds messages now and held none before: it is written with the others.
    void add(Session *session);
    // `session` is about to be deleted: it is not written.
    void remove(Session *session);
    void flush();

private:
    std::vector<Session *> m_sessions;
    bool m_scheduled = false;
};

} // namespace Herald
