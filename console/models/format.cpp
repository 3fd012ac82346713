#include "models/format.h"

#include <QLocale>

namespace Herald::Console {

QString formatTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    if (local.date() == QDate::currentDate())
        return local.toString(QStringLiteral("HH:mm:ss"));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString shortToken(const QString &token)
{
    return token.size() > 20 ? token.left(8) + QStringLiteral("…") + token.right(8) : token;
}

} // namespace Herald::Console
