#pragma once

#include <QString>

#include <optional>

namespace Herald {

// A secret kept in a file of the data directory, readable by its owner only (0600).
struct StoredSecret {
    QString value;
    bool created = false; // generated just now: print it once
};

// Reads <dir>/<fileName>, or generates a random secret into it; nullopt with *error on failure.
std::optional<StoredSecret> loadOrCreateSecret(const QString &dir, const QString &fileName, QString *error);

} // namespace Herald
