#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace Herald {

// What the config asks of room history: the rooms it covers (globs) and how much each keeps.
struct HistorySettings {
    int size = 0;       // messages kept per room; 0: history off
    int ttlSeconds = 0; // how long one is kept; 0: history off
    QStringList rooms = {QStringLiteral("*")};

    bool on() const { return size > 0 && ttlSeconds > 0; }
};

// Which rooms keep history (`history-rooms`), wherever it is kept: this node's memory (RoomHistory) or
// the cluster's Redis (RedisHistory).
class HistoryRooms final
{
public:
    explicit HistoryRooms(const HistorySettings &settings);

    const HistorySettings &settings() const { return m_settings; }
    bool covers(const QString &room) const;
    // A room-name pattern: * any characters (none included), ? one; everything else as it is.
    static QRegularExpression globPattern(const QString &glob);

private:
    HistorySettings m_settings;
    QList<QRegularExpression> m_patterns; // empty: every room
};

} // namespace Herald
