#pragma once

#include <QString>

#include <optional>

namespace Herald {

// Where the device registry lives when it is not the node's own SQLite: mysql://user@host[:port]/dbname
// (or mariadb://). The password is never part of it (database-password-file holds it).
struct DatabaseUrl {
    QString host;
    int port = 3306;
    QString user;
    QString name;

    // nullopt with *error saying what is wrong; a password in the URL is refused.
    static std::optional<DatabaseUrl> parse(const QString &url, QString *error);
    // mysql://user@host:port/dbname: nothing secret in it, fit for logs.
    QString toString() const;
};

} // namespace Herald
