#pragma once

#include "apns/result.h"

#include <QDateTime>
#include <QString>

namespace Herald::Console {

// "12:34:56" today, "2026-11-24 12:34:56" on other days, in local time.
QString formatTime(const QDateTime &time);
// "512 B", "1.5 KiB", "3.2 MiB"…
QString formatBytes(qint64 bytes);
// An APNs outcome as the operator reads it ("delivered", "token dead"…), in the console's language.
QString outcomeLabel(Apns::Outcome outcome);
// A device token shortened for a narrow column: "8e0b8b2f…7b6c5d4e" (the whole one goes in a tooltip).
QString shortToken(const QString &token);

} // namespace Herald::Console
