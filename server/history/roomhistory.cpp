#include "history/roomhistory.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace Herald {

namespace {
QString newEpoch()
{
    return QString::number(QRandomGenerator::system()->generate64(), 36);
}
} // namespace

RoomHistory::RoomHistory(const HistorySettings &settings, Clock clock)
    : m_covered(settings), m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
{
}

RoomHistory::Room *RoomHistory::trimmed(const QString &room)
{
    const auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return nullptr;
    const qint64 oldest = m_clock() - qint64(m_covered.settings().ttlSeconds) * 1000;
    while (!it->entries.empty() && it->entries.front().at < oldest)
        it->entries.pop_front();
    if (it->entries.empty()) { // all expired: the room's history is gone, and its epoch with it
        m_rooms.erase(it);
        return nullptr;
    }
    return &*it;
}

QByteArray RoomHistory::append(const QString &room, const QByteArray &text)
{
    if (!covers(room))
        return text;
    Room *r = trimmed(room);
    if (!r) {
        r = &m_rooms[room];
        r->epoch = newEpoch();
    }
    const Position at{++r->offset, r->epoch};
    QByteArray out = Chat::stamped(text, at).value_or(text);
    r->entries.push_back({at.offset, m_clock(), out});
    if (r->entries.size() > size_t(m_covered.settings().size))
        r->entries.pop_front();
    return out;
}

std::optional<RoomHistory::Position> RoomHistory::position(const QString &room)
{
    if (const Room *r = covers(room) ? trimmed(room) : nullptr)
        return Position{r->offset, r->epoch};
    return std::nullopt;
}

RoomHistory::Recovery RoomHistory::recover(const QString &room, const Position &seen)
{
    Recovery out;
    if (!covers(room))
        return out;
    const Room *r = trimmed(room);
    if (!r) {
        out.outcome = Outcome::EpochChanged;
        return out;
    }
    const quint64 first = r->entries.front().offset;
    return judge(seen, r->epoch, r->offset, first, since(room, seen.offset, int(r->entries.size())));
}

RoomHistory::Recovery RoomHistory::judge(const Position &seen, const QString &epoch, quint64 last, quint64 first,
                                         QList<Entry> missed)
{
    Recovery out;
    if (epoch.isEmpty()) {
        out.outcome = Outcome::EpochChanged;
        return out;
    }
    out.current = Position{last, epoch};
    if (seen.epoch != epoch)
        out.outcome = Outcome::EpochChanged;
    else if (seen.offset > last)
        out.outcome = Outcome::OffsetAhead;
    else if (seen.offset + 1 < first)
        out.outcome = Outcome::TooOld;
    else {
        out.outcome = Outcome::Recovered;
        out.missed = std::move(missed);
    }
    return out;
}

QList<RoomHistory::Entry> RoomHistory::since(const QString &room, quint64 since, int limit)
{
    QList<Entry> out;
    const Room *r = covers(room) ? trimmed(room) : nullptr;
    if (!r)
        return out;
    // Offsets are consecutive in the ring: the first one wanted is found by subtraction.
    const quint64 first = r->entries.front().offset;
    const size_t skip = since < first ? 0 : size_t(since - first + 1);
    for (size_t i = skip; i < r->entries.size() && out.size() < limit; ++i)
        out.append(r->entries[i]);
    return out;
}

QString RoomHistory::reason(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Recovered: return QStringLiteral("recovered");
    case Outcome::Off: return QStringLiteral("history_off");
    case Outcome::EpochChanged: return QStringLiteral("epoch_changed");
    case Outcome::TooOld: return QStringLiteral("too_old");
    case Outcome::OffsetAhead: return QStringLiteral("offset_ahead");
    case Outcome::Unavailable: return QStringLiteral("history_unavailable");
    }
    return {};
}

} // namespace Herald
