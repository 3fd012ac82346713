#include "history/historyanswer.h"

#include <QJsonArray>

namespace Herald {

StoredHistory StoredHistory::fromLog(const QString &epoch, quint64 last, const QList<QByteArray> &lines, qint64 oldest)
{
    StoredHistory out{epoch, {}};
    quint64 offset = last >= quint64(lines.size()) ? last - quint64(lines.size()) : 0;
    for (const QByteArray &line : lines) {
        ++offset;
        const qsizetype space = line.indexOf(' ');
        bool ok = false;
        const qint64 at = line.left(space).toLongLong(&ok);
        if (space < 0 || !ok || at < oldest)
            continue;
        out.entries.append({offset, at, line.mid(space + 1)});
    }
    if (out.entries.isEmpty())
        out.epoch.clear(); // every message expired: as RoomHistory, the room has no history left
    return out;
}

QJsonObject historyAnswer(const QString &group, const std::optional<StoredHistory> &stored, quint64 since, int limit)
{
    QJsonObject out{{QLatin1String("group"), group}, {QLatin1String("history"), stored.has_value()}};
    QJsonArray messages;
    if (stored) {
        const bool any = !stored->entries.isEmpty();
        out.insert(QLatin1String("epoch"), any ? stored->epoch : QString());
        out.insert(QLatin1String("offset"), any ? qint64(stored->entries.last().offset) : 0);
        for (const RoomHistory::Entry &e : stored->entries) {
            if (e.offset <= since)
                continue;
            if (messages.size() >= limit)
                break;
            messages.append(QJsonObject{{QLatin1String("offset"), qint64(e.offset)},
                                        {QLatin1String("time"), e.at},
                                        {QLatin1String("message"), QString::fromUtf8(e.text)}});
        }
    }
    out.insert(QLatin1String("messages"), messages);
    return out;
}

} // namespace Herald
