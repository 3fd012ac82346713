#include "util/dampedlog.h"

namespace Herald {

DampedLog::DampedLog(Category category, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent), m_category(category), m_interval(interval)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DampedLog::summarize);
}

void DampedLog::log(QtMsgType level, const QString &kind, const QString &line)
{
    if (!m_timer.isActive())
        m_timer.start(m_interval);
    const auto it = m_kinds.find(kind);
    if (it != m_kinds.end()) {
        ++it->repeats;
        return;
    }
    if (m_kinds.size() >= kMaxKinds) {
        ++m_otherRepeats;
        return;
    }
    m_kinds.insert(kind, {level, 0});
    write(level, line);
}

void DampedLog::write(QtMsgType level, const QString &line) const
{
    if (level == QtWarningMsg)
        qCWarning(m_category).noquote() << line;
    else
        qCInfo(m_category).noquote() << line;
}

void DampedLog::summarize()
{
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(m_interval).count();
    for (auto it = m_kinds.cbegin(); it != m_kinds.cend(); ++it) {
        if (it->repeats > 0)
            write(it->level, QStringLiteral("%1 more %2 in the last %3 s").arg(it->repeats).arg(it.key()).arg(seconds));
    }
    if (m_otherRepeats > 0)
        write(QtWarningMsg, QStringLiteral("%1 more events of other kinds (not told apart past %2 kinds) in the last %3 s")
                                .arg(m_otherRepeats).arg(kMaxKinds).arg(seconds));
    m_kinds.clear();
    m_otherRepeats = 0;
}

} // namespace Herald
