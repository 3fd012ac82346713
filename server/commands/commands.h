#pragma once

#include "commands/commandresult.h"
#include "util/scope.h"

#include <QByteArrayView>
#include <QFlags>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Herald {

class ApiKeyStore;
struct CommandSpec;
class ApnsDispatcher;
class PushDispatcher;
class AuditLog;
class ClusterDirectory;
class ClusterView;
class DeviceRegistry;
class Hub;
class RedisHistory;
class Robots;
struct Metrics;

// The backend doors a command can come through.
enum class Door { Http = 0x1, Text = 0x2, Admin = 0x4 };
Q_DECLARE_FLAGS(Doors, Door)
Q_DECLARE_OPERATORS_FOR_FLAGS(Doors)

// One request for a command, as a door received it.
struct Call {
    Door door;
    QString name;              // as the request gave it
    Scope scope = Scope::Full; // what the caller may call: the commands outside it are refused (403)
    QJsonObject args = {};
    // The JSON text `args` was parsed from, when the door has it: messages given as JSON objects are
    // then delivered exactly as written (docs/api.md).
    QByteArrayView raw = {};
    QString who = {};  // for the audit log: the key's name, "admin" / "admin-readonly", or "anonymous"
    QString from = {}; // the caller's address
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
    ApiKeyStore *keys = nullptr; // null: the key commands answer 503
    AuditLog *audit = nullptr;   // null: nothing is audited, and getAuditLog answers 503
    ClusterView *cluster = nullptr;    // the whole cluster's clients, when this node is one of a cluster
    PushDispatcher *push = nullptr;    // the providers besides APNs (FCM, …); null: none is configured
    Robots *robots = nullptr;          // the group-chat robots; null: none configured
    RedisHistory *sharedHistory = nullptr; // a cluster's room history in Redis; null: none

    // Where a command reads and changes clients: the cluster's view, or this node's hub alone.
    ClusterView &clients() const;
};

// The one way into the commands for every door (HTTP API, text port, admin channel): finds the command
// in the table (commandtable.cpp), refuses what the door or the caller's scope does not allow, runs it,
// counts every call once in herald_api_calls_total under its command ("unknown" when its door has no
// such command) and the status it was answered with, and writes every call of a command that changes
// state to the audit log. A few commands (getHistory in a cluster) may answer later, once Redis has:
// they are counted and audited then, once.
class Commands final
{
public:
    using Answer = std::function<void(const CommandResult &)>;

    Commands(const CommandContext &context, Metrics &metrics);

    void setMaxMessageSize(qint64 bytes) { m_context.maxMessageSize = bytes; }
    // The server is stopping: from now on every command that changes state (a send among them) is
    // refused with 503, so that nothing is answered 200 that the stop could not deliver.
    void stop() { m_stopping = true; }
    qint64 maxMessageSize() const { return m_context.maxMessageSize; }
    const CommandContext &context() const { return m_context; }

    // Runs the command, or answers 404 when its door has no such command, 403 when the caller's scope
    // does not allow it. Its answer, when it is known now; else nothing, and `later` gets it once known
    // (a door answers its caller's requests in order: it holds back the answers after this one).
    std::optional<CommandResult> execute(const Call &call, const Answer &later) const;
    // For a caller that cannot wait: a command that would answer later gets 500 instead.
    CommandResult execute(const Call &call) const;
    // A door's `answer` to a call it did not run (no key, not authenticated, unreadable, too large).
    CommandResult refuse(const Call &call, CommandResult answer) const;
    void count(DoorAnswer answer, int status) const;

    static bool exists(const QString &name, Door door);
    static bool changesState(const QString &name);
    static QStringList names(Door door); // in the table's order

private:
    void record(const Call &call, const CommandSpec *spec, const CommandResult &result) const; // counted, audited

    CommandContext m_context;
    Metrics &m_metrics;
    bool m_stopping = false;
};

} // namespace Herald
