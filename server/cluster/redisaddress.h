#pragma once

#include <QString>

#include <optional>

namespace Herald {

// Where the cluster's Redis is: redis://[user:password@]host:port[/db] (the `redis` setting). The password
// is better kept in redis-password-file, out of the config.
struct RedisAddress {
    QString host;
    int port = 6379;
    QString user;     // empty: AUTH with the password alone (Redis before 6, or the default user)
    QString password; // empty: no AUTH
    int db = 0;

    // nullopt, with why in *error, for anything but a redis:// URL with a host.
    static std::optional<RedisAddress> parse(const QString &url, QString *error);
    QString display() const; // host:port/db, never the password
};

} // namespace Herald
