#include "models/format.h"

#include <QCoreApplication>
#include <QLocale>

namespace Herald::Console {

namespace {
// The context lupdate files these strings under.
struct Format {
    Q_DECLARE_TR_FUNCTIONS(Herald::Console::Format)
};
} // namespace

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
    // Units, not words, in every language: Qt writes "190 bytes" below a KiB.
    if (bytes < 1024 && bytes > -1024)
        return QStringLiteral("%1 B").arg(bytes);
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString outcomeLabel(Apns::Outcome outcome)
{
    switch (outcome) {
    case Apns::Outcome::Delivered: return Format::tr("delivered");
    case Apns::Outcome::RetryLater: return Format::tr("retry later");
    case Apns::Outcome::DeviceTokenDead: return Format::tr("token dead");
    case Apns::Outcome::NotificationRejected: return Format::tr("rejected");
    case Apns::Outcome::ConfigurationWrong: return Format::tr("configuration wrong");
    }
    return {};
}

QString shortToken(const QString &token)
{
    return token.size() > 20 ? token.left(8) + QStringLiteral("…") + token.right(8) : token;
}

} // namespace Herald::Console
