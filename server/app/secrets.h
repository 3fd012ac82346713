#pragma once

#include <QString>

#include <optional>

namespace Herald {

// A secret kept in a file of the data directory, readable by its owner only (0600).
struct StoredSecret {
    QString value;
    bool created = false; // generated just now: not in its file yet (saveSecret), to be shown once
};

// Reads <dir>/<fileName> (warning when other users may read it), or generates a random secret when there is
// no such file, without writing it; nullopt with *error when the file cannot be read or is too short.
std::optional<StoredSecret> readOrGenerateSecret(const QString &dir, const QString &fileName, QString *error);
// Writes a generated secret into <dir>/<fileName>, created 0600; false with *error if it cannot (or the file exists).
bool saveSecret(const QString &dir, const QString &fileName, const QString &value, QString *error);

// A password file's first line (a trailing newline is not part of the password); nullopt with *error naming
// the key that names the file when it cannot be read.
std::optional<QByteArray> readPasswordFile(const QString &key, const QString &path, QString *error);

// Warns when users other than the owner may use path (the data directory, a secret, the database), naming the
// chmod that closes it. Changes nothing: the mode is the operator's.
void warnIfShared(const QString &path);

} // namespace Herald
