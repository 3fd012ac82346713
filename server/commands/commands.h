#pragma once

#include "commands/commandresult.h"

#include <QByteArrayView>
#include <QFlags>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Herald {

class ApnsDispatcher;
class ClusterView;
class DeviceRegistry;
class Hub;
struct Metrics;

// The backend doors a command can come through.
enum class Door { Http = 0x1, Text = 0x2, Admin = 0x4 };
Q_DECLARE_FLAGS(Doors, Door)
Q_DECLARE_OPERATORS_FOR_FLAGS(Doors)

enum class Access { Full, ReadOnly };

// One request for a command, as a door received it.
struct Call {
    Door door;
    QString name;                 // as the request gave it
    Access access = Access::Full; // a read-only caller is refused the commands that change state
    QJsonObject args = {};
    // The JSON text `args` was parsed from, when the door has it: messages given as JSON objects are
    // then delivered exactly as written (docs/api.md).
    QByteArrayView raw = {};
};

// What a door answers itself, outside any command, counted beside the commands under its own name.
enum class DoorAnswer {
    Oversized,     // "oversized": a request over max-request-size (HTTP API, text port)
    TextLogin,     // "auth": the text port's auth line, 200 or 401
    AdminLogin,    // "admin_auth": a wrong admin token, 401
    FormCallLogin, // "publish": web-msg-sender's form call with a wrong key, 401
};

// What a command may use.
struct CommandContext {
    Hub &hub;
    DeviceRegistry &devices;
    ApnsDispatcher *apns = nullptr; // null: the server has no APNs credentials, and the push commands say so
    qint64 maxMessageSize = 64 * 1024; // a message argument's limit (max-message-size; 0: none)
    ClusterView *cluster = nullptr;    // the whole cluster's clients, when this node is one of a cluster

    // Where a command reads and changes clients: the cluster's view, or this node's hub alone.
    ClusterView &clients() const;
};

// The one way into the commands for every door (HTTP API, text port, admin channel): finds the command
// in the table (commandtable.cpp), refuses what the door or the caller may not call, runs it, and counts
// every call once in herald_api_calls_total under its command ("unknown" when its door has no such
// command) and the status it was answered with.
class Commands final
{
public:
    Commands(const CommandContext &context, Metrics &metrics);

    void setMaxMessageSize(qint64 bytes) { m_context.maxMessageSize = bytes; }
    qint64 maxMessageSize() const { return m_context.maxMessageSize; }

    // Runs the command, or answers 404 when its door has no such command, 403 when a read-only caller
    // asks for a change.
    CommandResult execute(const Call &call) const;
    // A door's `answer` to a call it did not run (no key, not authenticated, unreadable, too large).
    CommandResult refuse(const Call &call, CommandResult answer) const;
    void count(DoorAnswer answer, int status) const;

    static bool exists(const QString &name, Door door);
    static bool changesState(const QString &name);
    static QStringList names(Door door); // in the table's order

private:
    CommandContext m_context;
    Metrics &m_metrics;
};

} // namespace Herald
