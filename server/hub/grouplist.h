#pragma once

#include <QString>
#include <QStringList>

namespace Herald {

// The groups a client is in, in the order joined. Most clients are in one (a chat client in its room):
// that one is held in place, a QString sharing the group's own name, and only a second and more go in
// a list — a QStringList would take a block of its own per client for the one name, lasting as long as
// the connection.
class GroupList
{
public:
    GroupList() = default;
    explicit GroupList(const QStringList &groups);

    bool isEmpty() const { return !m_hasFirst; }
    qsizetype size() const { return m_hasFirst ? 1 + m_more.size() : 0; }
    bool contains(const QString &group) const;
    const QString &at(qsizetype i) const { return i == 0 ? m_first : m_more.at(i - 1); } // 0 <= i < size()
    void append(const QString &group);
    bool removeOne(const QString &group); // false: not in it

    QStringList toList() const;
    operator QStringList() const { return toList(); } // NOLINT: a list wherever one was read
    friend bool operator==(const GroupList &a, const QStringList &b) { return a.toList() == b; }

private:
    QString m_first;
    bool m_hasFirst = false;
    QStringList m_more; // empty (no block) while the client is in one group
};

} // namespace Herald
