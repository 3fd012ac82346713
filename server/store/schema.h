#pragma once

#include <QString>

class QSqlDatabase;

namespace Herald {

// The device registry's schema, versioned (docs/operations.md lists the versions). The version a database
// is at is the highest row of its schema_version table; each migration past it runs once, in order, in a
// transaction on SQLite (MariaDB/MySQL commit each table change themselves, so a migration there holds a
// named lock instead, that two nodes starting together do not both run it). A database the first
// registries made, without schema_version, is recognised by its devices table.
namespace Schema {

// The version this build brings databases to.
int latestVersion();
// Brings the open database up to latestVersion(); false with *error naming the migration that failed.
bool migrate(QSqlDatabase &db, QString *error);
// The database's version now (0: nothing yet), or -1 with *error.
int currentVersion(QSqlDatabase &db, QString *error);

} // namespace Schema

} // namespace Herald
