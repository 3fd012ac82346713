#include "hub/grouplist.h"

namespace Herald {

GroupList::GroupList(const QStringList &groups)
{
    for (const QString &g : groups)
        append(g);
}

bool GroupList::contains(const QString &group) const
{
    return m_hasFirst && (m_first == group || m_more.contains(group));
}

void GroupList::append(const QString &group)
{
    if (!m_hasFirst) {
        m_first = group;
        m_hasFirst = true;
    } else {
        m_more.append(group);
    }
}

bool GroupList::removeOne(const QString &group)
{
    if (!m_hasFirst)
        return false;
    if (m_first == group) {
        m_hasFirst = !m_more.isEmpty();
        m_first = m_hasFirst ? m_more.takeFirst() : QString();
    } else if (!m_more.removeOne(group)) {
        return false;
    }
    if (m_more.isEmpty())
        m_more = QStringList(); // its block goes with its last name
    return true;
}

QStringList GroupList::toList() const
{
    if (!m_hasFirst)
        return {};
    QStringList list;
    list.reserve(size());
    list.append(m_first);
    list.append(m_more);
    return list;
}

} // namespace Herald
