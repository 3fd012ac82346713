#pragma once

#include "util/scope.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Herald {

// One API key as the store keeps it: its SHA-256, never the key.
struct ApiKeyRecord {
    QString name;
    Scope scope = Scope::Full;
    QByteArray hash;    // SHA-256 of the key
    QDateTime created;  // invalid for the default key
    QDateTime lastUsed; // invalid: not used since it was created
};

// A key that matched: who is calling, and what it may do.
struct KeyHolder {
    QString name;
    Scope scope;
};

// The API keys, named and scoped, in the table api_keys of the node's database (herald.db), hashed:
// a key is 256 random bits, so its SHA-256 is enough (docs/security.md says why no slow hash is needed).
// The key of api.key (or api-key) is one more full key named "default", kept in memory only: it is
// not in the table, and cannot be revoked by a command. Created and revoked keys take effect at once;
// the last use of a key is written to the table at most once a minute.
class ApiKeyStore final
{
public:
    static constexpr const char *kDefaultName = "default";

    // Uses an open Qt Sql connection (by name).
    explicit ApiKeyStore(QString connectionName);
    // Creates the table on first use and loads the keys; false with *error.
    bool prepare(QString *error);

    // The default key (api.key), a full key; empty: none.
    void setDefaultKey(const QString &key);

    // The holder of `presented`, compared with every key's hash in constant time; none when it is no key.
    std::optional<KeyHolder> match(QByteArrayView presented);

    // A new key named `name` (letters, digits, "-", "_", ".", 1 to 64): the key, to be shown once.
    // nullopt with *error when the name is taken or invalid, or the store fails.
    std::optional<QString> create(const QString &name, Scope scope, QString *error);
    // Removes the key named `name`: false with *error when there is none, it is the default key, or the
    // store fails.
    bool revoke(const QString &name, QString *error);
    QList<ApiKeyRecord> list() const; // the default key first, then by name
    bool contains(const QString &name) const; // a key of that name is valid now

    static QString checkName(const QString &name); // empty when it is a valid name

private:
    void noteUse(ApiKeyRecord &record);

    QString m_connection;
    std::optional<ApiKeyRecord> m_default;
    QList<ApiKeyRecord> m_keys; // by name
};

} // namespace Herald
