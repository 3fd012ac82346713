#pragma once

#include "history/roomhistory.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Herald {

// What Redis publishes to a node about a room a client of it joins (RedisHistory's script writes it,
// on herald:history:<node>): the room's epoch, its latest offset before the client's login notice, the
// first offset it still keeps, and the messages after the offset the client had seen, oldest first.
// Pure: bytes in, report or error out.
//
// Wire form: a header line, then each message as its length, a colon and its bytes (the time it was
// stored, in ms since 1970, a space, the text as it was delivered):
//   <id> <epoch> <last> <first> <count>\n<n>:<ms> <text><n>:<ms> <text>…
// Offsets are consecutive and end at <last>: the messages' offsets follow from their count.
struct CatchUpReport {
    quint64 id = 0; // the node's number for the catch-up
    QString epoch;
    quint64 last = 0;
    quint64 first = 0;
    QList<RoomHistory::Entry> missed;

    // nullopt, with why in *error, for anything but a whole report.
    static std::optional<CatchUpReport> decode(const QByteArray &bytes, QString *error = nullptr);
};

} // namespace Herald
