#pragma once

#include <QByteArray>
#include <QObject>

#include <vector>

namespace Herald {

class Session;

// Outgoing messages held for a moment and written together: each session's messages of one event-loop
// pass go to its socket in one send(), at the end of the pass. A broadcast burst then costs a system
// call per recipient, not per message. (Holding them a few milliseconds longer was tried: less server
// CPU, more latency, no higher clean rate.)
//
// The batch keeps the frames, not the sessions: a broadcast's frame once (a reference, not a copy),
// and for each session a chain of pieces naming them, in the thread's own vectors that keep their
// capacity from pass to pass. A session's chain is joined only when it is written (a single frame is
// written where it lies), so holding a message costs no allocation and no copy per recipient.
class WriteBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WriteBatch)

public:
    // What one session holds; the session keeps it (16 bytes), the batch fills it.
    struct Held {
        qint32 first = -1; // its first piece; -1: nothing held
        qint32 last = -1;
        qint64 bytes = 0;
    };

    explicit WriteBatch(QObject *parent = nullptr);

    // Holds `frame` for `session` after what `held` holds already; a session that held nothing is
    // written with the others at the end of the pass (its flushHeld()).
    void hold(Session *session, Held &held, const QByteArray &frame);
    // What `held` holds, in order, as one run of bytes; `held` is empty afterwards. Valid until the next
    // call on the batch: write it at once.
    QByteArrayView take(Held &held);
    // Forgets what `held` holds (the connection is gone).
    static void drop(Held &held) { held = Held(); }
    // `session` is about to be deleted: it is not written.
    void remove(Session *session);
    void flush();
    // How many pieces the batch keeps room for between passes (its memory while idle).
    size_t keptPieces() const { return m_pieces.capacity(); }

private:
    struct Piece {
        qint32 frame; // in m_frames
        qint32 next;  // the session's next piece; -1: its last
    };

    void schedule(Session *session);

    std::vector<Session *> m_sessions; // to write at the end of the pass
    std::vector<Session *> m_writing;  // those being written (m_sessions' list of the pass before, reused)
    std::vector<QByteArray> m_frames;  // every frame held in this pass, a broadcast's once
    std::vector<Piece> m_pieces;
    QByteArray m_joined;               // a session's pieces joined, reused
    bool m_scheduled = false;
};

} // namespace Herald
