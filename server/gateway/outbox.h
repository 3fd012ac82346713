#pragma once

#include <QByteArray>
#include <QString>

#include <mutex>
#include <vector>

namespace Herald {

class Session;

// What the gateway's thread asks of one session host in one event-loop pass, in order: messages (each
// broadcast's text once, shared by its recipients; the host frames it), closes, and releases. A released
// session is never named again by the gateway, so the host may delete it once its connection is gone.
struct Outbox {
    enum class Op : quint8 { Send, Close, Release };
    struct Step {
        Op op;
        Session *session;
        qsizetype index; // Send: into texts (never decreasing from one Send to the next); Close: into closes
    };
    struct Close {
        int code;
        QString reason;
        QString kind;
    };

    std::vector<Step> steps;
    std::vector<QByteArray> texts; // the messages' payloads, unframed
    std::vector<Close> closes;

    bool isEmpty() const { return steps.empty(); }
    void send(Session *session, const QByteArray &text);
    void close(Session *session, int code, const QString &reason, const QString &kind);
    void release(Session *session) { steps.push_back({Op::Release, session, 0}); }
    // Empties it for the next pass and keeps its lists' capacity, unless this pass used under a quarter
    // of it: then the capacity is cut to what this pass used.
    void recycle();
};

// The outboxes of one gateway thread, handed back once applied: the hub's thread fills the same lists
// from pass to pass instead of growing new ones (by doubling, to megabytes in a burst) and freeing them
// in the gateway thread. A lock taken once a pass on each side; at most kKept outboxes wait here.
class OutboxPool
{
public:
    static constexpr size_t kKept = 2;

    Outbox take();                     // the hub's thread: an empty outbox, with capacity if one came back
    void giveBack(Outbox &&outbox);    // the gateway thread, once applied: recycled, or dropped if kKept wait
    void clear();                      // drops those waiting (before a heap trim)

private:
    std::mutex m_mutex;
    std::vector<Outbox> m_kept;
};

} // namespace Herald
