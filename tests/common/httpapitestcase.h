#pragma once

#include "servertestcase.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace HeraldTest {

// The HTTP API tests' server limits (its flags), and what they compare replies with.
constexpr qint64 kMaxRequestSize = 4096; // --max-request-size: bodies over it get 413
constexpr qint64 kMaxMessageSize = 1024; // --max-message-size: messages over it get 413
constexpr int kMaxRooms = 4;             // --max-rooms-per-client
inline const QString kOffline = QStringLiteral("00000000000000000000"); // a well-formed client id not online

// "<status> code <n>" for a well-formed error reply ({"error":{"code":n,"message":"…"}} and nothing else),
// or the status and raw body when the reply is not one: compared as text, a failure shows what came back.
QString errorOutcome(const HttpReply &r);
QString expectedError(int status, int code);

// The base of the tests of the backend HTTP API (docs/api.md): one server with the limits above, its
// key, and workerman-chat clients that prove what a call delivered.
class HttpApiTestCase : public ServerTestCase
{
    Q_OBJECT

protected:
    HttpApiTestCase();

    QByteArray key() const { return m_server->apiKey().toUtf8(); }
    // The server's URL for a path with a query, taken as written (StrictMode).
    QUrl url(const QString &pathAndQuery) const;
    HttpReply api(const QString &command, const QJsonObject &args = {});
    // The client receives exactly this text frame (once) within the timeout.
    bool receives(ChatClient *client, const QString &text);
    // Sends a marker to the client and waits for it: everything sent to the client before has arrived,
    // so what it has not received by now it will not receive.
    bool flushed(ChatClient *client);

private:
    int m_markers = 0;
};

} // namespace HeraldTest
