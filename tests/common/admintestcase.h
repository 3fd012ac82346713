#pragma once

#include "servertestcase.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>
#include <memory>

namespace HeraldTest {

// Every command of the hub, in the order the server lists them in its hello; true if it changes state.
extern const QList<QPair<QString, bool>> kCommands;

QByteArray compact(const QJsonObject &o);
// A "time" that is ISO 8601 UTC within a minute of now becomes "<time>", so whole messages compare
// at once; anything else stays and shows in the failure.
QJsonObject normalized(QJsonObject o, const QString &key = QStringLiteral("time"));
// The error code of a command result {"type":"result","status":N,"result":{"error":{"code":…}}}.
QString resultError(const QJsonObject &m);

// The base of the tests of the admin channel as the console uses it (docs/admin-protocol.md): one
// server, admin connections on it, and the same commands through the HTTP API to compare with.
class AdminTestCase : public ServerTestCase
{
    Q_OBJECT

protected:
    using Predicate = std::function<bool(const QJsonObject &)>;

    explicit AdminTestCase(const QStringList &moreFlags = {}); // the server's flags beyond --ping-interval 0

    // An admin connection authenticated through the header, once its snapshot has arrived.
    std::unique_ptr<WsClient> openAdmin(const QString &token);
    QJsonObject command(WsClient &admin, const QString &cmd, const QJsonObject &args = {});
    // Sends a message with a fresh id and returns the reply carrying that id ({} on timeout).
    QJsonObject request(WsClient &admin, QJsonObject message);
    // The same command through the HTTP API: its JSON body (status 200) or {"status":N,…}.
    QJsonObject api(const QString &cmd, const QJsonObject &args = {}) { return call(cmd, args); }
    // The first message from `from` on that matches; {} and a failed test when none comes in time.
    static QJsonObject waitFor(const WsClient &ws, const Predicate &matches, qsizetype from = 0);
    // Live events received so far, in order: of one client, or of one kind (either may be empty: all).
    static QList<QJsonObject> events(const WsClient &ws, const QString &clientId, const QString &kind = {});
    // Waits for an event equal to `expected` (times normalized, the connected client's too).
    static bool receivedEvent(const WsClient &ws, const QJsonObject &expected);
    // An expected event: its fields plus its name and a placeholder time (see normalized()).
    static QJsonObject event(const QString &kind, QJsonObject fields);
    static QByteArray eventLog(const WsClient &ws);

    int m_nextId = 0;
};

} // namespace HeraldTest
