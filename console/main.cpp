#include "models/consolestate.h"
#include "models/language.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "views/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace Herald::Console;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Herald"));
    QApplication::setApplicationName(QStringLiteral("herald-console"));
    QApplication::setApplicationVersion(QStringLiteral(HERALD_VERSION));
    // The window speaks the operator's language (the stored choice, else the system's); the command
    // line's help stays in English, as herald-server's does.
    Language::install(app, Language::stored());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Herald admin console: watch clients and rooms live, tail rooms, kick, broadcast."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("server"), QStringLiteral("Admin URL to connect to at start, e.g. ws://127.0.0.1:7273/admin."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("token-file"), QStringLiteral("File holding the admin token (e.g. the data directory's admin.token)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("ca"), QStringLiteral("PEM file of CA certificates to trust for wss://."), QStringLiteral("file")});
    parser.process(app);

    AdminClient client;
    ConsoleState state(client);
    TokenStore tokens;
    MainWindow window(client, state, tokens);
    window.show();

    if (parser.isSet(QStringLiteral("server"))) {
        AdminClient::Target target{QUrl(parser.value(QStringLiteral("server"))), {}, parser.value(QStringLiteral("ca"))};
        if (parser.isSet(QStringLiteral("token-file"))) {
            QFile file(parser.value(QStringLiteral("token-file")));
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "herald-console: cannot read %s: %s\n", qPrintable(file.fileName()), qPrintable(file.errorString()));
                return 2;
            }
            target.token = QString::fromUtf8(file.readAll()).trimmed();
        }
        if (!target.token.isEmpty())
            window.connectTo(target);
        else
            QTimer::singleShot(0, &window, &MainWindow::askConnect);
    } else {
        QTimer::singleShot(0, &window, &MainWindow::askConnect);
    }
    return app.exec();
}
