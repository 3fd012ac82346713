#pragma once

#include <QHostAddress>
#include <QString>

#include <array>

namespace Herald {

// An IP address packed in 17 bytes, no allocation: a QHostAddress keeps a 56-byte private part, its
// text a block of its own, and either would stay as long as the connection. Made a QHostAddress or
// text only at the edges (limits, logs, the commands, the admin channel, the cluster's presence).
struct IpAddress {
    std::array<quint8, 16> bytes {}; // IPv6; IPv4 as ::ffff:a.b.c.d
    bool known = false;              // false: no address (the kernel could not tell)

    static IpAddress fromText(const QString &text); // unknown when the text is no address
    static IpAddress fromIPv4(const void *networkOrder);   // 4 bytes, as in sockaddr_in: kept as ::ffff:a.b.c.d
    static IpAddress fromIPv6(const void *networkOrder);   // 16 bytes, as in sockaddr_in6
    QHostAddress toHostAddress() const; // IPv4 for ::ffff:a.b.c.d (a v4 client of a dual-stack listener)
    QString toString() const;           // as QHostAddress writes it; empty when unknown

    friend bool operator==(const IpAddress &a, const IpAddress &b) { return a.known == b.known && a.bytes == b.bytes; }
    friend bool operator!=(const IpAddress &a, const IpAddress &b) { return !(a == b); }
    // Equal to the text it is written as: what a record was given as text compares to that text.
    friend bool operator==(const IpAddress &a, const QString &text) { return a.toString() == text; }
};
char *toString(const IpAddress &address); // for QCOMPARE

} // namespace Herald
