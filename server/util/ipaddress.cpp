#include "util/ipaddress.h"

#include <QtEndian>

#include <cstring>

namespace Herald {

IpAddress IpAddress::fromText(const QString &text)
{
    IpAddress ip;
    const QHostAddress host(text);
    if (host.protocol() == QAbstractSocket::IPv4Protocol) {
        ip.bytes[10] = ip.bytes[11] = 0xff;
        qToBigEndian(host.toIPv4Address(), ip.bytes.data() + 12);
    } else if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = host.toIPv6Address();
        std::memcpy(ip.bytes.data(), v6.c, ip.bytes.size());
    } else {
        return ip;
    }
    ip.known = true;
    return ip;
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
