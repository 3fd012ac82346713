// The INI configuration file (server/app/config): every key's value read and checked as at start-up.
#include "app/config.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

using namespace Herald;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // QSettings caches a file by its name: each input gets a name of its own.
    static int n = 0;
    const QString path = QDir::tempPath() + QStringLiteral("/herald-fuzz-%1-%2.ini").arg(QCoreApplication::applicationPid()).arg(++n);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return 0;
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    QCommandLineParser parser;
    ConfigLoader::addOptions(parser);
    if (parser.parse({QStringLiteral("herald-server"), QStringLiteral("--config"), path})) {
        ConfigError error;
        (void)ConfigLoader::load(parser, &error);
    }
    QFile::remove(path);
    return 0;
}
