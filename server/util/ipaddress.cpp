#include "util/ipaddress.h"

#include <QtEndian>

#include <cstring>

namespace Herald {

IpAddress IpAddress::fromIPv4(const void *networkOrder)
{
    IpAddress ip;
    ip.bytes[10] = ip.bytes[11] = 0xff;
    std::memcpy(ip.bytes.data() + 12, networkOrder, 4);
    ip.known = true;
    return ip;
}

IpAddress IpAddress::fromIPv6(const void *networkOrder)
{
    IpAddress ip;
    std::memcpy(ip.bytes.data(), networkOrder, ip.bytes.size());
    ip.known = true;
    return ip;
}

IpAddress IpAddress::fromText(const QString &text)
{
    const QHostAddress host(text);
    if (host.protocol() == QAbstractSocket::IPv4Protocol) {
        quint8 v4[4];
        qToBigEndian(host.toIPv4Address(), v4);
        return fromIPv4(v4);
    }
    if (host.protocol() == QAbstractSocket::IPv6Protocol)
        return fromIPv6(host.toIPv6Address().c);
    return {};
}

QHostAddress IpAddress::toHostAddress() const
{
    if (!known)
        return {};
    static constexpr quint8 kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}; // ::ffff:a.b.c.d
    if (std::memcmp(bytes.data(), kMapped, sizeof kMapped) == 0)
        return QHostAddress(qFromBigEndian<quint32>(bytes.data() + 12));
    return QHostAddress(bytes.data()); // the 16 bytes of an IPv6 address
}

QString IpAddress::toString() const
{
    return known ? toHostAddress().toString() : QString();
}

char *toString(const IpAddress &address)
{
    return qstrdup(address.toString().toUtf8().constData());
}

} // namespace Herald
