#pragma once

#include "models/consolestate.h"
#include "net/adminclient.h"
#include "net/tokenstore.h"
#include "views/mainwindow.h"

namespace HeraldTest {

class ServerProcess;

// One console window, wired as console/main.cpp wires it.
struct ConsoleUnderTest {
    Herald::Console::AdminClient client;
    Herald::Console::ConsoleState state{client};
    Herald::Console::TokenStore tokens;
    Herald::Console::MainWindow window{client, state, tokens};

    // Shows the window and connects it with `token`; false if it is not connected within 10 s.
    bool connectTo(const ServerProcess &server, const QString &token);
    // The row of a client in the clients table (-1: not listed).
    int rowOf(const QString &clientId) const;
};

} // namespace HeraldTest
