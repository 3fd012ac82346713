#pragma once

#include "serverprocess.h"
#include "testclients.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

namespace HeraldTest {

inline const QJsonObject kOk{{QStringLiteral("ok"), true}}; // the reply of a command that answers nothing else

// The base of a test class whose functions share one herald-server: the server is started with the
// given flags before the first function, and after each function the chat clients it connected are
// closed and gone from the hub, so that every function starts with no client online and counts and
// lists are exact. The test class derives from it and declares its own test slots.
class ServerTestCase : public QObject
{
    Q_OBJECT

protected:
    explicit ServerTestCase(QStringList serverFlags);

    // A workerman-chat client logged in to `room`, kept until the end of the function; nullptr if the
    // login failed.
    ChatClient *connectClient(const QString &name, const QString &room = QStringLiteral("lobby"));
    // A command of the HTTP API as one comparable object: the JSON body when the status is 200,
    // otherwise {"status":N,"body":"…"} so that an unexpected failure shows in the comparison.
    QJsonObject call(const QString &command, const QJsonObject &args = {});

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpClient> m_http;
    std::vector<std::unique_ptr<ChatClient>> m_clients;

private slots:
    void initTestCase();
    void cleanup();

private:
    const QStringList m_serverFlags;
};

} // namespace HeraldTest
