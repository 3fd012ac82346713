#pragma once

// The admin protocol's security part (docs/api.md: createApiKey, listApiKeys, revokeApiKey,
// getAuditLog): the API keys as listed, a key just created, the audit log's entries and the query that
// searches them. The server writes these bodies (and the audit log's lines) with toJson, the console
// reads them with the …Of readers.

#include "protocol/adminprotocol.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <variant>

namespace Herald::Admin {

// A key as listApiKeys shows it: never the key itself.
struct ApiKey {
    QString name;
    QString scope;     // "full", "read" or "push"
    QDateTime created; // invalid: not known (the default key, from api.key)
    QDateTime lastUsed; // invalid: never used since it was created
};

// createApiKey's answer: the key, shown this once, and what it is.
struct NewApiKey {
    ApiKey info;
    QString key;
};

// One line of the audit log: an admin or API call that changes state.
struct AuditEntry {
    QDateTime time;
    QString who;     // the key's name, or "admin" / "admin-readonly" for the admin tokens
    QString from;    // the caller's address
    QString door;    // "http", "text", "admin"
    QString command;
    QString args;    // a short summary of the arguments: never a secret, a message only by its first bytes
    int status = 200;
    QString error;   // the error's message when status is not 2xx

    bool ok() const { return status >= 200 && status < 300; }
};

// What getAuditLog is asked for: every condition given must hold; newest first, `limit` at most.
struct AuditQuery {
    QString who;      // exact
    QString command;  // exact
    QString text;     // anywhere in who, from, command, args or error, case-insensitive
    QDateTime since;  // invalid: no bound
    QDateTime until;
    int limit = 100;

    bool matches(const AuditEntry &entry) const;
};

QJsonObject toJson(const ApiKey &key);
QJsonObject toJson(const NewApiKey &key);       // {"key":"…","name":…,"scope":…,"created":…}
QJsonObject apiKeysReply(const QList<ApiKey> &keys); // {"keys":[…]}
QJsonObject toJson(const AuditEntry &entry);    // one line of the audit log, and an entry of getAuditLog
QJsonObject auditLogReply(const QList<AuditEntry> &entries); // {"entries":[…]}
QJsonObject toJson(const AuditQuery &query);    // getAuditLog's arguments

std::variant<QList<ApiKey>, QString> apiKeysOf(const QJsonObject &replyBody);
std::variant<NewApiKey, QString> newApiKeyOf(const QJsonObject &replyBody);
std::variant<AuditEntry, QString> auditEntryFromJson(const QJsonObject &object);
std::variant<QList<AuditEntry>, QString> auditLogOf(const QJsonObject &replyBody);
std::variant<AuditQuery, QString> auditQueryFromJson(const QJsonObject &args);

Command createApiKey(const QString &name, const QString &scope);
Command revokeApiKey(const QString &name);
Command listApiKeys();
Command getAuditLog(const AuditQuery &query);

} // namespace Herald::Admin
