#include "protocol/clientid.h"

#include <cstdio>

namespace Herald {

QString nodeIdText(quint32 nodeId)
{
    return QStringLiteral("%1").arg(nodeId, 8, 16, QLatin1Char('0'));
}

ClientIdGenerator::ClientIdGenerator(quint32 nodeId, quint64 first, ReserveBlock reserve)
    : m_nodeId(nodeId), m_next(first), m_reserve(std::move(reserve))
{
}

QString ClientIdGenerator::next()
{
    if (m_leftInBlock == 0) {
        // Without a new block (the reserver said why) the numbers after this one are used unreserved, and
        // the next block starts past them.
        if (const std::optional<quint64> first = m_reserve ? m_reserve(m_next) : std::nullopt)
            m_next = *first;
        m_leftInBlock = kBlockSize;
    }
    --m_leftInBlock;
    const quint64 number = m_next++ & 0xffffffffffffULL;
    char buf[21];
    std::snprintf(buf, sizeof buf, "%08x%012llx", m_nodeId, static_cast<unsigned long long>(number));
    return QString::fromLatin1(buf, 20);
}

bool ClientIdGenerator::isWellFormed(const QString &id)
{
    if (id.size() != 20)
        return false;
    for (QChar c : id) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

quint32 ClientIdGenerator::nodeIdOf(const QString &id)
{
    if (!isWellFormed(id))
        return 0;
    return id.left(8).toUInt(nullptr, 16);
}

} // namespace Herald
