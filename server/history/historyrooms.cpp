#include "history/historyrooms.h"

namespace Herald {

HistoryRooms::HistoryRooms(const HistorySettings &settings) : m_settings(settings)
{
    for (const QString &glob : settings.rooms) {
        if (glob == u"*") {
            m_patterns.clear();
            break;
        }
        m_patterns.append(globPattern(glob));
    }
}

bool HistoryRooms::covers(const QString &room) const
{
    if (!m_settings.on())
        return false;
    if (m_patterns.isEmpty())
        return true;
    for (const QRegularExpression &p : m_patterns) {
        if (p.match(room).hasMatch())
            return true;
    }
    return false;
}

QRegularExpression HistoryRooms::globPattern(const QString &glob)
{
    QString re;
    for (const QChar ch : glob)
        re += ch == u'*' ? QStringLiteral(".*") : ch == u'?' ? QStringLiteral(".") : QRegularExpression::escape(QString(ch));
    return QRegularExpression(QRegularExpression::anchoredPattern(re), QRegularExpression::DotMatchesEverythingOption);
}

} // namespace Herald
