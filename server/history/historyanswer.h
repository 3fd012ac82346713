#pragma once

#include "history/roomhistory.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Herald {

// What a room's history holds when read, whichever store keeps it (RoomHistory in memory, a cluster's
// Redis): its epoch (empty: none) and every message still kept, oldest first, with consecutive offsets.
struct StoredHistory {
    QString epoch;
    QList<RoomHistory::Entry> entries;

    // The Redis list herald:hist:<room>:log ("<ms> <text>" lines, the last one at offset `last`), those
    // older than `oldest` (ms since 1970) dropped as RoomHistory drops them.
    static StoredHistory fromLog(const QString &epoch, quint64 last, const QList<QByteArray> &lines, qint64 oldest);
};

// getHistory's answer (docs/api.md), the same for both stores: `history` says whether the group keeps
// history; when it does, `epoch` and `offset` (the latest kept message's; "" and 0 with none kept) and
// the kept messages after offset `since`, at most `limit`, oldest first.
QJsonObject historyAnswer(const QString &group, const std::optional<StoredHistory> &stored, quint64 since, int limit);

} // namespace Herald
