#include "protocol/clientid.h"

#include <cstdio>

namespace Herald {

ClientIdGenerator::ClientIdGenerator(quint32 nodeId, quint16 epoch)
    : m_nodeId(nodeId), m_epoch(epoch)
{
}

QString ClientIdGenerator::next()
{
    ++m_counter; // wraps after 4 billion connections in one boot
    char buf[21];
    std::snprintf(buf, sizeof buf, "%08x%04x%08x", m_nodeId, unsigned(m_epoch), m_counter);
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
