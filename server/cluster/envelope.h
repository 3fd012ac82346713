#pragma once

#include "broker/target.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Herald {

// What one node publishes on the Redis bus for the others: a target and its text, with the node it
// comes from (each node ignores its own). Pure: bytes in, envelope or error out.
//
// Wire form (all integers big-endian), then the text as it is, to the end:
//   'H' 1 | kind u8 | origin node u32 | id: u16 length + UTF-8 | exclude: u16 count, each u16 length + UTF-8
// Kinds are Target::Kind's, numbered on the wire (append-only): 0 client, 1 uid, 2 group, 3 all.
struct Envelope {
    quint32 origin = 0;
    Target target;
    QByteArray text;

    QByteArray encode() const;
    // nullopt, with why in *error, for anything but a whole envelope of this version.
    static std::optional<Envelope> decode(const QByteArray &bytes, QString *error = nullptr);
};

bool operator==(const Envelope &a, const Envelope &b);
char *toString(const Envelope &e); // for QCOMPARE

} // namespace Herald
