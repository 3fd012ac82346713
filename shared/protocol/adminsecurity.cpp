#include "protocol/adminsecurity.h"

#include "protocol/adminfields.h"

#include <QJsonArray>

namespace Herald::Admin {

using Detail::Fields;

namespace {

Command command(const char *name, const QJsonObject &args = {})
{
    return Command{QJsonValue(QJsonValue::Undefined), QLatin1String(name), args, {}};
}

void insertTime(QJsonObject &o, const char *key, const QDateTime &time)
{
    o.insert(QLatin1String(key), time.isValid() ? QJsonValue(Detail::timeText(time)) : QJsonValue());
}

ApiKey apiKeyFrom(Fields &f)
{
    return {f.string("name", true), f.string("scope", true), f.time("created"), f.time("last_used")};
}

NewApiKey newApiKeyFrom(Fields &f)
{
    return {apiKeyFrom(f), f.string("key", true)};
}

AuditEntry auditEntryFrom(Fields &f)
{
    AuditEntry e;
    e.time = f.time("time");
    e.who = f.string("who", true);
    e.from = f.string("from");
    e.door = f.string("door");
    e.command = f.string("command", true);
    e.args = f.string("args");
    e.status = int(f.integer("status", true));
    e.error = f.string("error");
    return e;
}

QList<AuditEntry> auditEntriesFrom(Fields &f)
{
    return f.list<AuditEntry>("entries", auditEntryFrom, true);
}

AuditQuery auditQueryFrom(Fields &f)
{
    AuditQuery q;
    q.who = f.string("who");
    q.command = f.string("command");
    q.text = f.string("text");
    q.since = f.time("since");
    q.until = f.time("until");
    if (!f.value("limit").isUndefined())
        q.limit = int(qBound(qint64(0), f.integer("limit"), qint64(1) << 20));
    return q;
}

QList<ApiKey> apiKeysFrom(Fields &f)
{
    return f.list<ApiKey>("keys", apiKeyFrom, true);
}

} // namespace

bool AuditQuery::matches(const AuditEntry &e) const
{
    if (!who.isEmpty() && e.who != who)
        return false;
    if (!command.isEmpty() && e.command != command)
        return false;
    if ((since.isValid() && e.time < since) || (until.isValid() && e.time > until))
        return false;
    if (text.isEmpty())
        return true;
    for (const QString *field : {&e.who, &e.from, &e.command, &e.args, &e.error}) {
        if (field->contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QJsonObject toJson(const ApiKey &key)
{
    QJsonObject o{{QLatin1String("name"), key.name}, {QLatin1String("scope"), key.scope}};
    insertTime(o, "created", key.created);
    insertTime(o, "last_used", key.lastUsed);
    return o;
}

QJsonObject toJson(const NewApiKey &key)
{
    QJsonObject o = toJson(key.info);
    o.insert(QLatin1String("key"), key.key);
    return o;
}

QJsonObject apiKeysReply(const QList<ApiKey> &keys)
{
    QJsonArray list;
    for (const ApiKey &k : keys)
        list.append(toJson(k));
    return {{QLatin1String("keys"), list}};
}

QJsonObject toJson(const AuditEntry &e)
{
    QJsonObject o{{QLatin1String("time"), Detail::timeText(e.time)},
                  {QLatin1String("who"), e.who},
                  {QLatin1String("from"), e.from},
                  {QLatin1String("door"), e.door},
                  {QLatin1String("command"), e.command},
                  {QLatin1String("args"), e.args},
                  {QLatin1String("status"), e.status}};
    if (!e.error.isEmpty())
        o.insert(QLatin1String("error"), e.error);
    return o;
}

QJsonObject auditLogReply(const QList<AuditEntry> &entries)
{
    QJsonArray list;
    for (const AuditEntry &e : entries)
        list.append(toJson(e));
    return {{QLatin1String("entries"), list}};
}

QJsonObject toJson(const AuditQuery &q)
{
    QJsonObject o{{QLatin1String("limit"), q.limit}};
    const auto text = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    text("who", q.who);
    text("command", q.command);
    text("text", q.text);
    text("since", Detail::timeText(q.since));
    text("until", Detail::timeText(q.until));
    return o;
}

std::variant<QList<ApiKey>, QString> apiKeysOf(const QJsonObject &replyBody)
{
    return Detail::readObject<QList<ApiKey>>(replyBody, QStringLiteral("listApiKeys"), apiKeysFrom);
}

std::variant<NewApiKey, QString> newApiKeyOf(const QJsonObject &replyBody)
{
    return Detail::readObject<NewApiKey>(replyBody, QStringLiteral("createApiKey"), newApiKeyFrom);
}

std::variant<AuditEntry, QString> auditEntryFromJson(const QJsonObject &object)
{
    return Detail::readObject<AuditEntry>(object, QStringLiteral("audit entry"), auditEntryFrom);
}

std::variant<QList<AuditEntry>, QString> auditLogOf(const QJsonObject &replyBody)
{
    return Detail::readObject<QList<AuditEntry>>(replyBody, QStringLiteral("getAuditLog"), auditEntriesFrom);
}

std::variant<AuditQuery, QString> auditQueryFromJson(const QJsonObject &args)
{
    return Detail::readObject<AuditQuery>(args, QStringLiteral("getAuditLog"), auditQueryFrom);
}

Command createApiKey(const QString &name, const QString &scope)
{
    return command("createApiKey", {{QLatin1String("name"), name}, {QLatin1String("scope"), scope}});
}

Command revokeApiKey(const QString &name)
{
    return command("revokeApiKey", {{QLatin1String("name"), name}});
}

Command listApiKeys()
{
    return command("listApiKeys");
}

Command getAuditLog(const AuditQuery &query)
{
    return command("getAuditLog", toJson(query));
}

} // namespace Herald::Admin
