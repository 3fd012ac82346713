#include "protocol/adminapns.h"

#include "protocol/adminfields.h"

#include <QJsonArray>

#include <tuple>

namespace Herald::Admin {

using Detail::Fields;

namespace {

QJsonObject toJson(const ApnsHeaders &h)
{
    QJsonObject o{{QLatin1String("payload"), h.payload},
                  {QLatin1String("push_type"), h.pushType},
                  {QLatin1String("priority"), h.priority}};
    if (h.expiration)
        o.insert(QLatin1String("expiration"), double(*h.expiration));
    if (!h.collapseId.isEmpty())
        o.insert(QLatin1String("collapse_id"), h.collapseId);
    if (!h.apnsId.isEmpty())
        o.insert(QLatin1String("apns_id"), h.apnsId);
    return o;
}

ApnsHeaders headersFrom(Fields &f)
{
    ApnsHeaders h;
    h.payload = f.object("payload", true);
    h.pushType = f.string("push_type");
    if (h.pushType.isEmpty())
        h.pushType = ApnsHeaders().pushType;
    if (!f.value("priority").isUndefined())
        h.priority = int(f.integer("priority"));
    if (!f.value("expiration").isUndefined())
        h.expiration = f.integer("expiration");
    h.collapseId = f.string("collapse_id");
    h.apnsId = f.string("apns_id");
    return h;
}

// A time as ISO 8601 text or as milliseconds since the epoch.
QDateTime timeFrom(Fields &f, const char *key)
{
    if (f.value(key).isDouble())
        return QDateTime::fromMSecsSinceEpoch(f.integer(key), Qt::UTC);
    return f.time(key);
}

Device deviceFrom(Fields &f)
{
    Device d;
    d.token = f.string("token");
    d.uid = f.text("uid");
    d.platform = f.string("platform");
    d.topic = f.string("topic");
    d.environment = f.string("environment");
    d.appVersion = f.text("app_version");
    d.createdAt = timeFrom(f, "created_at");
    d.lastSeen = timeFrom(f, "last_seen");
    d.active = f.boolean("active", true);
    d.deactivatedReason = f.string("deactivated_reason");
    if (const QString provider = f.string("provider"); !provider.isEmpty())
        d.provider = provider;
    return d;
}

ApnsStatus::Endpoint endpointFrom(Fields &f)
{
    return {f.string("environment"), f.string("url"), f.boolean("connected")};
}

ApnsStatus::Push pushStatusFrom(Fields &f)
{
    ApnsStatus::Push p;
    p.pushId = f.integer("push_id", true);
    p.progress.everyone = f.boolean("everyone");
    p.progress.total = int(f.integer("total"));
    p.progress.sent = int(f.integer("sent"));
    p.progress.delivered = int(f.integer("delivered"));
    p.progress.failed = int(f.integer("failed"));
    p.progress.dead = int(f.integer("dead"));
    return p;
}

QJsonObject reply(QJsonObject fields)
{
    fields.insert(QLatin1String("ok"), true);
    return fields;
}

QJsonObject toJson(const PushQueued &q)
{
    QJsonObject o{{QLatin1String("push_id"), q.pushId ? QJsonValue(*q.pushId) : QJsonValue()},
                  {QLatin1String("queued"), q.queued}};
    if (!q.skipped.isEmpty())
        o.insert(QLatin1String("skipped"), q.skipped);
    return o;
}

PushQueued queuedFrom(Fields &f)
{
    PushQueued q;
    if (!f.value("push_id").isUndefined() && !f.value("push_id").isNull())
        q.pushId = f.integer("push_id");
    q.queued = f.integer("queued");
    q.skipped = f.string("skipped");
    return q;
}

ApnsStatus statusFrom(Fields &f)
{
    ApnsStatus s;
    if (f.value("enabled").isUndefined())
        f.fail(QStringLiteral("missing field \"enabled\""));
    s.enabled = f.boolean("enabled");
    if (!s.enabled) {
        s.reason = f.string("reason");
    } else {
        s.auth = f.string("auth");
        s.summary = f.string("summary");
        s.topic = f.string("topic");
        s.environment = f.string("environment");
        s.endpoints = f.list<ApnsStatus::Endpoint>("endpoints", endpointFrom);
        s.concurrency = int(f.integer("concurrency"));
        const QJsonObject counters = f.object("counters");
        for (auto it = counters.begin(); it != counters.end(); ++it) {
            if (!it.value().isDouble()) {
                f.fail(QStringLiteral("counters: field \"%1\" must be a number").arg(it.key().left(64)));
                break;
            }
            s.counters.insert(it.key(), qint64(it.value().toDouble()));
        }
        s.deactivated = f.integer("deactivated");
        s.inFlight = int(f.integer("in_flight"));
        s.queued = int(f.integer("queued"));
        s.pushes = f.list<ApnsStatus::Push>("pushes", pushStatusFrom);
        s.eventsDropped = f.integer("events_dropped");
    }
    return s;
}

auto tied(const ApnsStatus &s)
{
    return std::tie(s.enabled, s.reason, s.auth, s.summary, s.topic, s.environment, s.endpoints, s.concurrency, s.counters,
                    s.deactivated, s.inFlight, s.queued, s.pushes, s.eventsDropped);
}

auto tied(const ApnsResult &r)
{
    return std::tie(r.status, r.reason, r.explanation, r.apnsId, r.uniqueId, r.timestampMs, r.latencyMs, r.attempts,
                    r.outcome);
}

auto tied(const Device &d)
{
    return std::tie(d.token, d.uid, d.platform, d.topic, d.environment, d.appVersion, d.createdAt, d.lastSeen, d.active,
                    d.deactivatedReason, d.provider);
}

char *jsonText(const QJsonObject &o)
{
    return qstrdup(Detail::compact(o).constData());
}

} // namespace

QJsonObject toJson(const ApnsResult &r)
{
    QJsonObject o{{QLatin1String("status"), r.status},
                  {QLatin1String("reason"), r.reason},
                  {QLatin1String("explanation"), r.explanation},
                  {QLatin1String("apns_id"), r.apnsId},
                  {QLatin1String("latency_ms"), r.latencyMs},
                  {QLatin1String("attempts"), r.attempts},
                  {QLatin1String("outcome"), r.outcome}};
    if (!r.uniqueId.isEmpty())
        o.insert(QLatin1String("unique_id"), r.uniqueId);
    if (r.timestampMs)
        o.insert(QLatin1String("timestamp"), *r.timestampMs);
    return o;
}

namespace Detail {

ApnsResult apnsResultFrom(Fields &f)
{
    ApnsResult r;
    r.status = int(f.integer("status", true));
    r.reason = f.string("reason");
    r.explanation = f.string("explanation");
    r.apnsId = f.string("apns_id");
    r.uniqueId = f.string("unique_id");
    if (!f.value("timestamp").isUndefined() && !f.value("timestamp").isNull())
        r.timestampMs = f.integer("timestamp");
    r.latencyMs = f.number("latency_ms");
    r.attempts = int(f.integer("attempts"));
    r.outcome = f.string("outcome");
    return r;
}

} // namespace Detail

QString commandOf(const PushRequest &push)
{
    return push.kind == PushRequest::Kind::Uid ? QStringLiteral("pushToUid") : QStringLiteral("pushToTokens");
}

QJsonObject toJson(const PushRequest &push)
{
    if (push.kind == PushRequest::Kind::Uid)
        return {{QLatin1String("uid"), push.uid},
                {QLatin1String("apns"), toJson(push.apns)},
                {QLatin1String("always"), true}};
    QJsonObject args{{QLatin1String("tokens"), QJsonArray::fromStringList(push.tokens)},
                     {QLatin1String("apns"), toJson(push.apns)}};
    if (!push.topic.isEmpty())
        args.insert(QLatin1String("topic"), push.topic);
    if (!push.environment.isEmpty())
        args.insert(QLatin1String("environment"), push.environment);
    return args;
}

std::variant<PushRequest, QString> pushRequestFromJson(const QString &command, const QJsonObject &args)
{
    QString error;
    Fields f(args, command + QStringLiteral(": "), &error);
    PushRequest push;
    if (command == u"pushToUid") {
        push.kind = PushRequest::Kind::Uid;
        push.uid = f.text("uid", true);
    } else if (command == u"pushToTokens") {
        push.tokens = f.strings("tokens");
        if (push.tokens.isEmpty())
            f.fail(QStringLiteral("missing field \"tokens\""));
        push.topic = f.string("topic");
        push.environment = f.string("environment");
    } else {
        return QStringLiteral("\"%1\" is not a push command").arg(command.left(64));
    }
    Fields apns = f.nested("apns", true);
    push.apns = headersFrom(apns);
    if (!error.isEmpty())
        return error;
    return push;
}

QJsonObject toJson(const Device &d)
{
    return {{QLatin1String("provider"), d.provider},
            {QLatin1String("token"), d.token},
            {QLatin1String("uid"), d.uid},
            {QLatin1String("platform"), d.platform},
            {QLatin1String("topic"), d.topic},
            {QLatin1String("environment"), d.environment},
            {QLatin1String("app_version"), d.appVersion},
            {QLatin1String("created_at"), Detail::timeText(d.createdAt)},
            {QLatin1String("last_seen"), Detail::timeText(d.lastSeen)},
            {QLatin1String("active"), d.active},
            {QLatin1String("deactivated_reason"), d.deactivatedReason.isEmpty() ? QJsonValue() : QJsonValue(d.deactivatedReason)}};
}

QJsonObject devicesReply(const QList<Device> &devices)
{
    QJsonArray list;
    for (const Device &d : devices)
        list.append(toJson(d));
    return reply({{QLatin1String("devices"), list}});
}

std::variant<QList<Device>, QString> devicesOf(const QJsonObject &replyBody)
{
    return Detail::readObject<QList<Device>>(replyBody, QStringLiteral("listDevices"), [](Fields &f) {
        QList<Device> devices = f.list<Device>("devices", deviceFrom, true);
        devices.removeIf([](const Device &d) { return d.token.isEmpty(); });
        return devices;
    });
}

QStringList pushIdsOf(const QJsonObject &reply)
{
    const QJsonObject body = reply.contains(QLatin1String("apns")) ? reply.value(QLatin1String("apns")).toObject() : reply;
    const auto idOf = [](const QJsonValue &v) { return v.toVariant().toString(); };
    QStringList ids;
    ids.append(idOf(body.value(QLatin1String("push_id"))));
    for (const QJsonValue &v : body.value(QLatin1String("push_ids")).toArray())
        ids.append(idOf(v));
    for (const QJsonValue &v : body.value(QLatin1String("pushes")).toArray())
        ids.append(idOf(v.toObject().value(QLatin1String("push_id"))));
    ids.removeAll(QString());
    ids.removeDuplicates();
    return ids;
}

QJsonObject toJson(const ApnsStatus &s)
{
    if (!s.enabled)
        return reply({{QLatin1String("enabled"), false}, {QLatin1String("reason"), s.reason}});
    QJsonArray endpoints;
    for (const ApnsStatus::Endpoint &e : s.endpoints)
        endpoints.append(QJsonObject{{QLatin1String("environment"), e.environment},
                                     {QLatin1String("url"), e.url},
                                     {QLatin1String("connected"), e.connected}});
    QJsonObject counters;
    for (auto it = s.counters.cbegin(); it != s.counters.cend(); ++it)
        counters.insert(it.key(), it.value());
    QJsonArray pushes;
    for (const ApnsStatus::Push &p : s.pushes)
        pushes.append(QJsonObject{{QLatin1String("push_id"), p.pushId},
                                  {QLatin1String("everyone"), p.progress.everyone},
                                  {QLatin1String("total"), p.progress.total},
                                  {QLatin1String("sent"), p.progress.sent},
                                  {QLatin1String("delivered"), p.progress.delivered},
                                  {QLatin1String("failed"), p.progress.failed},
                                  {QLatin1String("dead"), p.progress.dead}});
    return reply({{QLatin1String("enabled"), true},
                  {QLatin1String("auth"), s.auth},
                  {QLatin1String("summary"), s.summary},
                  {QLatin1String("topic"), s.topic},
                  {QLatin1String("environment"), s.environment},
                  {QLatin1String("endpoints"), endpoints},
                  {QLatin1String("concurrency"), s.concurrency},
                  {QLatin1String("counters"), counters},
                  {QLatin1String("deactivated"), s.deactivated},
                  {QLatin1String("in_flight"), s.inFlight},
                  {QLatin1String("queued"), s.queued},
                  {QLatin1String("pushes"), pushes},
                  {QLatin1String("events_dropped"), s.eventsDropped}});
}

std::variant<ApnsStatus, QString> apnsStatusOf(const QJsonObject &replyBody)
{
    return Detail::readObject<ApnsStatus>(replyBody, QStringLiteral("getApnsStatus"), statusFrom);
}

QJsonObject toJson(const PushToTokensReply &r)
{
    return reply({{QLatin1String("apns"), toJson(r.apns)}});
}

QJsonObject toJson(const PushToUidReply &r)
{
    return reply({{QLatin1String("delivered"), r.delivered},
                  {QLatin1String("online"), r.online},
                  {QLatin1String("apns"), toJson(r.apns)}});
}

QJsonObject toJson(const PushToAllReply &r)
{
    return reply({{QLatin1String("push_id"), r.pushId}, {QLatin1String("total"), r.total}});
}

std::variant<PushToTokensReply, QString> pushToTokensReplyOf(const QJsonObject &body)
{
    return Detail::readObject<PushToTokensReply>(body, QStringLiteral("pushToTokens"), [](Fields &f) {
        Fields apns = f.nested("apns", true);
        return PushToTokensReply{queuedFrom(apns)};
    });
}

std::variant<PushToUidReply, QString> pushToUidReplyOf(const QJsonObject &body)
{
    return Detail::readObject<PushToUidReply>(body, QStringLiteral("pushToUid"), [](Fields &f) {
        PushToUidReply r;
        r.delivered = int(f.integer("delivered", true));
        r.online = f.boolean("online");
        Fields apns = f.nested("apns", true);
        r.apns = queuedFrom(apns);
        return r;
    });
}

std::variant<PushToAllReply, QString> pushToAllReplyOf(const QJsonObject &body)
{
    return Detail::readObject<PushToAllReply>(body, QStringLiteral("pushToAll"), [](Fields &f) {
        const qint64 pushId = f.integer("push_id", true);
        return PushToAllReply{pushId, int(f.integer("total"))};
    });
}

bool operator==(const PushQueued &a, const PushQueued &b)
{
    return a.pushId == b.pushId && a.queued == b.queued && a.skipped == b.skipped;
}

bool operator==(const PushToTokensReply &a, const PushToTokensReply &b)
{
    return a.apns == b.apns;
}

bool operator==(const PushToUidReply &a, const PushToUidReply &b)
{
    return a.delivered == b.delivered && a.online == b.online && a.apns == b.apns;
}

bool operator==(const PushToAllReply &a, const PushToAllReply &b)
{
    return a.pushId == b.pushId && a.total == b.total;
}

bool operator==(const ApnsResult &a, const ApnsResult &b)
{
    return tied(a) == tied(b);
}

bool operator==(const PushProgress &a, const PushProgress &b)
{
    return std::tie(a.everyone, a.total, a.sent, a.delivered, a.failed, a.dead, a.done)
        == std::tie(b.everyone, b.total, b.sent, b.delivered, b.failed, b.dead, b.done);
}

bool operator==(const ApnsHeaders &a, const ApnsHeaders &b)
{
    return std::tie(a.payload, a.pushType, a.priority, a.expiration, a.collapseId, a.apnsId)
        == std::tie(b.payload, b.pushType, b.priority, b.expiration, b.collapseId, b.apnsId);
}

bool operator==(const PushRequest &a, const PushRequest &b)
{
    return std::tie(a.kind, a.tokens, a.uid, a.topic, a.environment, a.apns)
        == std::tie(b.kind, b.tokens, b.uid, b.topic, b.environment, b.apns);
}

bool operator==(const Device &a, const Device &b)
{
    return tied(a) == tied(b);
}

bool operator==(const ApnsStatus::Endpoint &a, const ApnsStatus::Endpoint &b)
{
    return a.environment == b.environment && a.url == b.url && a.connected == b.connected;
}

bool operator==(const ApnsStatus::Push &a, const ApnsStatus::Push &b)
{
    return a.pushId == b.pushId && a.progress == b.progress;
}

bool operator==(const ApnsStatus &a, const ApnsStatus &b)
{
    return tied(a) == tied(b);
}

char *toString(const ApnsStatus &m)
{
    return jsonText(toJson(m));
}

char *toString(const PushRequest &m)
{
    return qstrdup((commandOf(m) + QLatin1Char(' ') + QString::fromUtf8(Detail::compact(toJson(m)))).toUtf8().constData());
}

char *toString(const Device &m)
{
    return jsonText(toJson(m));
}

} // namespace Herald::Admin
