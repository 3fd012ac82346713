#pragma once

#include "protocol/chatcodec.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <optional>

namespace Herald {

// What the config asks of room history: the rooms it covers (globs) and how much each keeps.
struct HistorySettings {
    int size = 0;       // messages kept per room; 0: history off
    int ttlSeconds = 0; // how long one is kept; 0: history off
    QStringList rooms = {QStringLiteral("*")};

    bool on() const { return size > 0 && ttlSeconds > 0; }
};

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

    enum class Outcome { Recovered, Off, EpochChanged, TooOld, OffsetAhead };
    struct Recovery {
        Outcome outcome = Outcome::Off;
        QList<Entry> missed;             // in order, when Recovered
        std::optional<Position> current; // the room's position, when the room has history
    };

    explicit RoomHistory(const HistorySettings &settings, Clock clock = {});

    bool covers(const QString &room) const;
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
    // A room-name pattern: * any characters (none included), ? one; everything else as it is.
    static QRegularExpression globPattern(const QString &glob);

private:
    struct Room {
        QString epoch;
        quint64 offset = 0; // the latest message's
        std::deque<Entry> entries;
    };

    Room *trimmed(const QString &room); // the room's history, its expired messages dropped; null when none

    HistorySettings m_settings;
    QList<QRegularExpression> m_patterns; // empty: every room
    Clock m_clock;
    QHash<QString, Room> m_rooms;
};

} // namespace Herald
