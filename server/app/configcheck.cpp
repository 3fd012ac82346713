#include "app/configcheck.h"

#include "app/apnsconfig.h"
#include "app/config.h"
#include "app/robotconfig.h"

#include <QDir>
#include <QFileInfo>

namespace Herald {

namespace {
// The data directory, or the nearest existing directory above it (where the server would create it),
// must be a directory the server can write in.
QString checkDataDir(const QString &dataDir)
{
    if (dataDir.isEmpty())
        return {};
    QFileInfo info(QDir(dataDir).absolutePath());
    if (info.exists() && !info.isDir())
        return QStringLiteral("data-dir %1 is not a directory").arg(info.filePath());
    while (!info.exists() && !info.isRoot())
        info = QFileInfo(info.absolutePath());
    if (!info.isWritable() || !info.isExecutable())
        return QStringLiteral("data-dir %1: %2 is not writable by this user").arg(dataDir, info.filePath());
    return {};
}

QString checkWebRoot(const QString &webRoot)
{
    if (webRoot.isEmpty())
        return {};
    const QFileInfo info(webRoot);
    if (!info.isDir() || !info.isReadable() || !info.isExecutable())
        return QStringLiteral("web-root %1 is not a directory this user can read: create it, or leave web-root empty")
            .arg(webRoot);
    return {};
}
} // namespace

QStringList checkConfig(const Config &config)
{
    QStringList problems;
    if (const QString why = checkDataDir(config.dataDir); !why.isEmpty())
        problems.append(why);
    if (const QString why = checkWebRoot(config.webRoot); !why.isEmpty())
        problems.append(why);
    QString why;
    if (!loadApnsSettings(config, &why) && !why.isEmpty())
        problems.append(why);
    if (!loadRobotSettings(config, &why))
        problems.append(why);
    return problems;
}

} // namespace Herald
