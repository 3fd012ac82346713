#pragma once

#include "history/historyrooms.h"
#include "protocol/chatcodec.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

namespace Herald {

// Each covered room's recent messages, in memory: a ring of `size` messages, those older than `ttl`
// trimmed when the room is next written or read. Every message published to a covered room gets the next
// offset of the room's epoch (a random string made when the room's history starts: after a restart, or
// once every message expired, the offsets start again under a new epoch). The hub appends each message
// to a group here before delivering it, so that every copy carries its offset (docs/protocol.md).
class RoomHistory final
{
public:
    using Position = Chat::Position;
    using Clock = std::function<qint64()>; // ms since 1970

    struct Entry {
        quint64 offset = 0;
        qint64 at = 0;   // ms since 1970
        QByteArray text; // as delivered: with its offset and epoch when it is a JSON object
    };

    // Unavailable: the history is in Redis and Redis cannot be reached (a cluster's only).
    enum class Outcome { Recovered, Off, EpochChanged, TooOld, OffsetAhead, Unavailable };
    struct Recovery {
        Outcome outcome = Outcome::Off;
        QList<Entry> missed;             // in order, when Recovered
        std::optional<Position> current; // the room's position, when the room has history
    };

    explicit RoomHistory(const HistorySettings &settings, Clock clock = {});

    bool covers(const QString &room) const { return m_covered.covers(room); }
    // Stores the message under the room's next offset and returns what to deliver: the text with its
    // offset and epoch (a JSON object), or as it is (anything else, stored and counted all the same).
    // A room that is not covered gets the text back untouched.
    QByteArray append(const QString &room, const QByteArray &text);
    // The room's latest offset and its epoch; nothing when it is not covered or has no message kept.
    std::optional<Position> position(const QString &room);
    // What a client that last saw `seen` missed, or why that cannot be known.
    Recovery recover(const QString &room, const Position &seen);
    // Up to `limit` messages after offset `since` (all kept ones from 0), oldest first.
    QList<Entry> since(const QString &room, quint64 since, int limit);
    static QString reason(Outcome outcome); // the wire's name for it
    // What a client that last saw `seen` missed, given what a room keeps: its epoch (empty: none), its
    // latest offset, the first offset it still keeps and those after `seen` (at most what it keeps).
    static Recovery judge(const Position &seen, const QString &epoch, quint64 last, quint64 first, QList<Entry> missed);

private:
    struct Room {
        QString epoch;
        quint64 offset = 0; // the latest message's
        std::deque<Entry> entries;
    };

    Room *trimmed(const QString &room); // the room's history, its expired messages dropped; null when none

    HistoryRooms m_covered;
    Clock m_clock;
    QHash<QString, Room> m_rooms;
};

// A client that joins a room whose history is in Redis (a cluster): its position there and, when it
// recovers (`seen`), what it missed; `done` runs once Redis answered, or at once when it cannot be
// reached. Until then the client gets none of the room's messages: they are in the answer (docs/architecture.md).
struct CatchUp {
    QString clientId;
    std::optional<Chat::Position> seen;
    std::function<void(const RoomHistory::Recovery &)> done;

    bool wanted() const { return bool(done); }
};

} // namespace Herald
