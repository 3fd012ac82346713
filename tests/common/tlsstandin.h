#pragma once

#include <QString>

#include <functional>

class QObject;
class QSslServer;
class QSslSocket;

namespace HeraldTest {

// What every HTTPS stand-in of a provider does the same way: listen on 127.0.0.1 (any port) with a
// certificate chain and its EC key from files (the test CA's), and hand over each connection's data.
bool listenWithTls(QSslServer &server, const QString &certificateFile, const QString &keyFile, QString *error);
// For each new connection: readable(socket) whenever it has data; gone(socket) when it closed, just
// before it is deleted.
void serveConnections(QSslServer &server, QObject *context, std::function<void(QSslSocket *)> readable,
                      std::function<void(QSslSocket *)> gone);

} // namespace HeraldTest
