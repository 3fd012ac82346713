#pragma once

#include <QString>

#include <optional>

namespace Herald {

// A secret kept in a file of the data directory, readable by its owner only (0600).
struct StoredSecret {
    QString value;
    bool created = false; // generated just now: print it once
};

// Reads <dir>/<fileName> (warning when other users may read it), or generates a random secret into it; nullopt with *error on failure.
std::optional<StoredSecret> loadOrCreateSecret(const QString &dir, const QString &fileName, QString *error);

// Warns when users other than the owner may use path (the data directory, a secret, the database), naming the
// chmod that closes it. Changes nothing: the mode is the operator's.
void warnIfShared(const QString &path);

} // namespace Herald
