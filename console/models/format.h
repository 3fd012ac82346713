#pragma once

#include <QDateTime>
#include <QString>

namespace Herald::Console {

// "12:34:56" today, "2026-11-24 12:34:56" on other days, in local time.
QString formatTime(const QDateTime &time);
// "512 B", "1.5 KiB", "3.2 MiB"…
QString formatBytes(qint64 bytes);

} // namespace Herald::Console
