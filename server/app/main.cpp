#include "app/application.h"
#include "app/config.h"
#include "app/configcheck.h"
#include "util/epolldispatcher.h"
#include "util/heaptrim.h"
#include "util/logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {
// --check-config: what is wrong, on stderr, or that it is good, on stdout.
int checkConfiguration(const Herald::Config &config)
{
    const QString source = config.configFile.isEmpty() ? QStringLiteral("the flags") : config.configFile;
    const QStringList problems = Herald::checkConfig(config);
    for (const QString &p : problems)
        std::fprintf(stderr, "herald-server: %s\n", qPrintable(p));
    if (!problems.isEmpty()) {
        std::fprintf(stderr, "herald-server: %s: configuration not valid\n", qPrintable(source));
        return 1;
    }
    std::printf("herald-server: %s: configuration OK\n", qPrintable(source));
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    // Debian's Qt defaults to the GLib event dispatcher, which collapses with thousands of sockets; Qt's
    // UNIX dispatcher polls every socket on every pass. The epoll one costs what is ready, not what is
    // open (HERALD_EVENT_DISPATCHER=unix keeps Qt's). Both must be chosen before QCoreApplication exists.
    qputenv("QT_NO_GLIB", "1");
    if (QAbstractEventDispatcher *dispatcher = Herald::createEventDispatcher())
        QCoreApplication::setEventDispatcher(dispatcher);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herald-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERALD_VERSION));
    Herald::installLogHandler();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Herald real-time push server (workerman-chat compatible)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption checkOnly(QStringLiteral("check-config"),
                                       QStringLiteral("Check the configuration (keys, values, the files it names) and exit: "
                                                      "0 if it is good, 1 if not. Binds no port."));
    parser.addOption(checkOnly);
    Herald::ConfigLoader::addOptions(parser);
    parser.process(app);

    Herald::ConfigError error;
    const std::optional<Herald::Config> config = Herald::ConfigLoader::load(parser, &error);
    if (!config) {
        std::fprintf(stderr, "herald-server: %s\n", qPrintable(error.message));
        return parser.isSet(checkOnly) ? 1 : 2;
    }
    if (parser.isSet(checkOnly))
        return checkConfiguration(*config);
    Herald::Application server(*config, [&parser](Herald::ConfigError *e) { return Herald::ConfigLoader::load(parser, e); });
    QObject::connect(&server, &Herald::Application::finished, &app, &QCoreApplication::exit);
    QString why;
    if (!server.start(&why)) {
        std::fprintf(stderr, "herald-server: %s\n", qPrintable(why));
        return 1;
    }
    return app.exec();
}
