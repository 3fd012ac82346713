#include "store/databaseurl.h"

#include <QUrl>

namespace Herald {

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"mysql" && scheme != u"mariadb")) {
        *error = QStringLiteral("expected mysql://user@host:port/dbname (or mariadb://), or nothing for SQLite in the data directory");
        return std::nullopt;
    }
    if (!url.password().isEmpty()) {
        *error = QStringLiteral("the URL holds a password, which logs and process lists would show: remove it from the URL "
                                "and put it in a file named by database-password-file");
        return std::nullopt;
    }
    DatabaseUrl out;
    out.host = url.host();
    out.port = url.port(3306);
    out.user = url.userName();
    out.name = url.path().mid(1);
    if (out.host.isEmpty() || out.user.isEmpty() || out.name.isEmpty() || out.name.contains(u'/') || url.hasQuery()
        || url.hasFragment()) {
        *error = QStringLiteral("expected mysql://user@host:port/dbname: a user, a host and a database name, nothing more");
        return std::nullopt;
    }
    return out;
}

QString DatabaseUrl::toString() const
{
    return QStringLiteral("mysql://%1@%2:%3/%4").arg(user, host).arg(port).arg(name);
}

} // namespace Herald
