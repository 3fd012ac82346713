#include "cluster/redisaddress.h"

#include <QUrl>

namespace Herald {

std::optional<RedisAddress> RedisAddress::parse(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const auto bad = [error](const QString &why) {
        *error = why + QStringLiteral(": expected redis://[user:password@]host:port[/db]");
        return std::optional<RedisAddress>();
    };
    if (!url.isValid() || url.scheme() != u"redis")
        return bad(QStringLiteral("not a redis:// URL"));
    if (url.host().isEmpty())
        return bad(QStringLiteral("no host"));
    if (url.hasQuery() || url.hasFragment())
        return bad(QStringLiteral("no query or fragment is understood"));
    RedisAddress a;
    a.host = url.host();
    a.port = url.port(6379);
    a.user = url.userName();
    a.password = url.password();
    const QString path = url.path();
    if (!path.isEmpty() && path != u"/") {
        bool ok = false;
        a.db = path.mid(1).toInt(&ok);
        if (!ok || a.db < 0)
            return bad(QStringLiteral("the database is a number, 0 or more"));
    }
    return a;
}

QString RedisAddress::display() const
{
    const QString host = this->host.contains(QLatin1Char(':')) ? QLatin1Char('[') + this->host + QLatin1Char(']') : this->host;
    return QStringLiteral("%1:%2/%3").arg(host).arg(port).arg(db);
}

} // namespace Herald
