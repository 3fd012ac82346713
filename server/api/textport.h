#pragma once

#include "api/auththrottle.h"
#include "commands/commands.h"
#include "api/doorlimits.h"
#include "store/apikeystore.h"
#include "util/dampedlog.h"
#include "util/tcplistener.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QObject>
#include <QSslConfiguration>

#include <chrono>
#include <optional>

class QJsonValue;
class QTcpSocket;

namespace Herald {

class ApiKeyStore;
class ConnectionTimeouts;
struct Metrics;

// The inner text port: one JSON command per line, one JSON reply per line, the same commands and
// replies as the HTTP API. The first command of a connection is {"cmd":"auth","key":"..."}, within
// the authentication timeout; an authenticated connection silent for the idle timeout is closed, and
// so is one that does not read its replies (DoorLimits). With
// legacy push on, it also takes the Workerman push demo's lines (a uid, no cmd) without the key.
class TextPort final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextPort)

public:
    TextPort(Commands &commands, ApiKeyStore &keys, Metrics &metrics, QObject *parent = nullptr);
    ~TextPort() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_listener.serverPort(); }
    void close();
    void setMaxLineSize(qint64 bytes) { m_maxLine = bytes; }
    void setLimits(const DoorLimits &limits) { m_limits = limits; } // for new connections; the reply cap for all
    void setLegacyPush(bool on) { m_legacyPush = on; }
    void setTls(const std::optional<QSslConfiguration> &tls) { m_tls = tls; } // for new connections; none: plain

private:
    struct Connection {
        QByteArray buffer;
        bool authenticated = false;
        KeyHolder holder{{}, Scope::Read}; // once authenticated: the key's name and scope
        bool held = false; // a failed login or a later answer is awaited: no line is read meanwhile
        ConnectionTimeouts *timeouts = nullptr;
    };
    struct Reply {
        QString command; // for the log
        CommandResult result;
        QJsonValue id = QJsonValue::Undefined;
        std::chrono::milliseconds delay{0}; // a throttled failed login
        QByteArray plain; // when set, the answer as it is instead of a JSON line (the legacy push's ok/fail)
        bool pending = false; // the command answers later (resume)
    };
    void accept(qintptr descriptor);
    void readLines(QTcpSocket *socket);
    Reply handleLine(Connection &connection, const QByteArray &line, QTcpSocket *socket);
    bool send(QTcpSocket *socket, const Reply &reply); // false: the connection was closed
    void resume(QTcpSocket *socket, const Reply &reply);
    void drop(QTcpSocket *socket, const char *reason, const QString &why);
    Reply legacyPush(Connection &connection, const QJsonValue &uid, const QByteArray &text, QTcpSocket *socket);

    Commands &m_commands;
    ApiKeyStore &m_keys;
    Metrics &m_metrics;
    TcpListener m_listener;
    qint64 m_maxLine = 1024 * 1024;
    DoorLimits m_limits;
    bool m_legacyPush = false;
    std::optional<QSslConfiguration> m_tls;
    QHash<QTcpSocket *, Connection> m_connections;
    AuthThrottle m_throttle;
    DampedLog m_errors; // every error reply, a few lines a second at most
};

} // namespace Herald
