#pragma once

#include "models/consolestate.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "views/mainwindow.h"

#include <QString>
#include <QUrl>

class QWidget;

// One console window, wired as console/main.cpp wires it, at the screenshots' size.
struct ScreenshotConsole {
    Herald::Console::AdminClient client;
    Herald::Console::ConsoleState state{client};
    Herald::Console::TokenStore tokens;
    Herald::Console::MainWindow window{client, state, tokens};

    // Shows the window and connects it; false (and why, on stderr) if it is not connected within 10 s.
    bool connectTo(const QUrl &url, const QString &token);
};

// Saves what `w` shows as <dir>/<name>.png (a palette image: UI screenshots have few colours, and the
// repository stays small) and says so on stdout.
bool saveScreenshot(QWidget *w, const QString &dir, const char *name);

// The name of the i-th chat client of a screenshot: "ann", "bob", … "li", then "ann1", "bob1", …
QString screenshotClientName(int i);
