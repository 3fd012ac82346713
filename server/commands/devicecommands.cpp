#include "commands/devicecommands.h"

#include "apns/notification.h"
#include "commands/apnsargs.h"
#include "protocol/adminapns.h"
#include "protocol/rawjson.h"
#include "push/apnsdispatcher.h"
#include "push/apnsprovider.h"
#include "push/pushdispatcher.h"
#include "store/deviceregistry.h"

#include <QJsonArray>

#include <variant>

namespace Herald::DeviceCommands {

namespace {

// A registered device as the API shows it: the admin protocol's device (one encoder for both).
QJsonObject deviceToJson(const Device &d)
{
    return Admin::toJson(Admin::Device{d.token, d.uid, d.platform, d.topic, d.environment, d.appVersion, d.createdAt,
                                       d.lastSeen, d.active, d.deactivatedReason, d.provider});
}

// An optional text argument that must pass `check` (empty: `fallback`).
std::variant<QString, Fail> checkedText(const Args &a, const char *key, const QString &fallback,
                                        QString (*check)(const QString &))
{
    HERALD_ARG(given, a.optionalId(key));
    const QString value = given.isEmpty() ? fallback : given;
    if (value.isEmpty())
        return Args::missing(key);
    const QString problem = check(value);
    if (!problem.isEmpty())
        return Fail::failure(400, ApiError::WrongFieldType, QStringLiteral("argument \"%1\": %2").arg(QLatin1String(key), problem));
    return value;
}

// The `provider` argument: empty when absent (`fallback` then), else one the registry knows.
std::variant<QString, Fail> providerArg(const Args &a, const QString &fallback)
{
    HERALD_ARG(given, a.optionalId("provider"));
    if (given.isEmpty())
        return fallback;
    if (!DeviceRegistry::isProvider(given))
        return Fail::failure(400, ApiError::UnknownProvider,
                             QStringLiteral("argument \"provider\": unknown provider \"%1\"; it is one of %2")
                                 .arg(given, DeviceRegistry::providers().join(QStringLiteral(", "))));
    return given;
}

// The `token` argument, checked for the provider (APNs' hex in lower case).
std::variant<QString, Fail> tokenArg(const Args &a, const QString &provider)
{
    HERALD_ARG(token, a.optionalId("token"));
    if (token.isEmpty())
        return Args::missing("token");
    if (const QString problem = DeviceRegistry::checkToken(provider, token); !problem.isEmpty())
        return Fail::failure(400, ApiError::WrongFieldType, QStringLiteral("argument \"token\": %1").arg(problem));
    return provider == u"apns" ? token.toLower() : token;
}

QString apnsNotConfigured()
{
    return QStringLiteral("APNs is not configured on this server: set apns-p8 (with apns-key-id and apns-team-id), "
                          "apns-p12, or apns-cert and apns-key (docs/configuration.md)");
}

Fail notConfigured()
{
    return Fail::failure(503, ApiError::ApnsNotConfigured, apnsNotConfigured());
}

Fail invalid(const QStringList &problems)
{
    return Fail::failure(400, ApiError::InvalidNotification, QStringLiteral("apns: %1").arg(problems.join(QStringLiteral("; "))));
}

// The `apns` argument as a notification prototype, or the failure to answer.
std::variant<Apns::Notification, Fail> prototype(const Args &a)
{
    HERALD_ARG(apns, a.object("apns"));
    QStringList problems;
    const QByteArray raw = a.raw().isEmpty() ? QByteArray() : Json::memberText(a.raw(), QLatin1String("apns"));
    const std::optional<Apns::Notification> n = parseApnsArgs(apns, raw, &problems);
    if (!n)
        return invalid(problems);
    return *n;
}

// The number sent, by provider, as a JSON object.
QJsonObject countsOf(const QMap<QString, int> &sent)
{
    QJsonObject out;
    for (auto it = sent.cbegin(); it != sent.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

// The `tokens` argument of pushToTokens: plain strings (APNs tokens) or {"token","provider"} objects, as
// (provider, token) pairs, each token checked for its provider and the provider configured here.
std::variant<QList<QPair<QString, QString>>, Fail> tokensArg(const Args &a, const CommandContext &c)
{
    const QJsonValue list = a.json().value(QLatin1String("tokens"));
    if (list.isUndefined() || list.isNull())
        return Args::missing("tokens");
    const char *what = "a non-empty array of device tokens, or of {\"token\",\"provider\"} objects";
    if (!list.isArray() || list.toArray().isEmpty())
        return Args::wrongType("tokens", what);
    QList<QPair<QString, QString>> out;
    for (const QJsonValue &t : list.toArray()) {
        QString provider = QStringLiteral("apns");
        QString token = t.toString();
        if (t.isObject()) {
            const QJsonValue p = t.toObject().value(QLatin1String("provider"));
            const QJsonValue v = t.toObject().value(QLatin1String("token"));
            if (!v.isString() || !(p.isString() || p.isUndefined()))
                return Args::wrongType("tokens", what);
            provider = p.isUndefined() ? provider : p.toString();
            token = v.toString();
        } else if (!t.isString()) {
            return Args::wrongType("tokens", what);
        }
        if (!DeviceRegistry::isProvider(provider))
            return Fail::failure(400, ApiError::UnknownProvider,
                                 QStringLiteral("argument \"tokens\": unknown provider \"%1\"; it is one of %2")
                                     .arg(provider, DeviceRegistry::providers().join(QStringLiteral(", "))));
        const bool configured = provider == u"apns" ? c.apns != nullptr : c.push && c.push->has(provider);
        if (!configured)
            return Fail::failure(503, ApiError::ApnsNotConfigured,
                                 QStringLiteral("argument \"tokens\": provider %1 is not configured on this server "
                                                "(docs/configuration.md, docs/push-providers.md)").arg(provider));
        if (provider != u"apns") {
            if (const QString problem = DeviceRegistry::checkToken(provider, token); !problem.isEmpty())
                return Fail::failure(400, ApiError::WrongFieldType, QStringLiteral("argument \"tokens\": %1").arg(problem));
        }
        out.append({provider, token});
    }
    return out;
}

QJsonObject queued(quint64 pushId, qsizetype count)
{
    return {{QLatin1String("push_id"), qint64(pushId)}, {QLatin1String("queued"), qint64(count)}};
}

} // namespace

CommandResult registerDevice(const CommandContext &c, const Args &a)
{
    Device d;
    HERALD_ARG(uid, a.id("uid"));
    HERALD_ARG(provider, providerArg(a, QStringLiteral("apns")));
    HERALD_ARG(token, tokenArg(a, provider));
    const bool apple = provider == u"apns";
    HERALD_ARG(platform, apple ? checkedText(a, "platform", QStringLiteral("ios"), &DeviceRegistry::checkPlatform)
                               : checkedText(a, "platform", QStringLiteral("android"), &DeviceRegistry::checkOtherPlatform));
    HERALD_ARG(environment, checkedText(a, "environment", QStringLiteral("production"), &DeviceRegistry::checkEnvironment));
    HERALD_ARG(topic, a.optionalId("topic"));
    HERALD_ARG(version, a.optionalId("app_version"));
    d.uid = uid;
    d.provider = provider;
    d.token = token;
    d.platform = platform;
    d.environment = environment;
    d.topic = topic;
    d.appVersion = version;
    bool created = false;
    QString error;
    if (!c.devices.registerDevice(d, &created, &error))
        return storeFailure(c, error);
    return CommandResult::success({{QLatin1String("created"), created}});
}

CommandResult unregisterDevice(const CommandContext &c, const Args &a)
{
    HERALD_ARG(provider, providerArg(a, QStringLiteral("apns")));
    HERALD_ARG(token, tokenArg(a, provider));
    HERALD_ARG(topic, a.optionalId("topic"));
    QString error;
    const std::optional<int> removed = c.devices.unregisterDevice(provider, token, topic, &error);
    return removed ? CommandResult::success({{QLatin1String("removed"), *removed}}) : storeFailure(c, error);
}

CommandResult listDevices(const CommandContext &c, const Args &a)
{
    HERALD_ARG(uid, a.id("uid"));
    QString error;
    const std::optional<QList<Device>> list = c.devices.devicesOf(uid, &error);
    if (!list)
        return storeFailure(c, error);
    QJsonArray out;
    for (const Device &d : *list)
        out.append(deviceToJson(d));
    return CommandResult::success({{QLatin1String("devices"), out}});
}

CommandResult getDeviceCount(const CommandContext &c, const Args &)
{
    QString error;
    const std::optional<int> n = c.devices.activeCount(&error);
    return n ? countOf(*n) : storeFailure(c, error);
}

CommandResult pushToUid(const CommandContext &c, const Args &a)
{
    if (!c.apns && !c.push)
        return notConfigured();
    HERALD_ARG(uid, a.id("uid"));
    HERALD_ARG(text, a.optionalMessage("message"));
    HERALD_ARG(exclude, a.idList("exclude"));
    HERALD_ARG(always, a.optionalBool("always", false));
    HERALD_ARG(proto, prototype(a));
    QString error;
    std::optional<QList<ApnsTarget>> targets = QList<ApnsTarget>();
    if (c.apns)
        targets = c.apns->targetsOfUid(uid, proto, &error);
    if (!targets)
        return storeFailure(c, error);
    if (const QStringList problems = ApnsDispatcher::problems(*targets); !problems.isEmpty())
        return invalid(problems);
    // The uid's devices at the other providers get what the notification says.
    int unconfigured = 0;
    std::optional<QList<PushTarget>> others = QList<PushTarget>();
    if (c.push)
        others = c.push->targetsOfUid(uid, Push::ApnsProvider::messageOf(proto), &unconfigured, &error);
    if (!others)
        return storeFailure(c, error);
    // Nothing is sent before everything is known to be fine; then the WebSocket delivery, as sendToUid.
    const bool online = c.clients().isUidOnline(uid); // on any node of the cluster
    const bool toPush = always || !online;
    const int delivered = text.isEmpty() ? 0 : c.hub.sendToUid(uid, text, exclude);
    const QJsonObject skipped{{QLatin1String("push_id"), QJsonValue()}, {QLatin1String("queued"), 0},
                              {QLatin1String("skipped"), QLatin1String("online")}};
    QJsonObject result{{QLatin1String("delivered"), delivered}, {QLatin1String("online"), online}};
    if (c.apns)
        result.insert(QLatin1String("apns"), toPush ? queued(c.apns->send(*targets), targets->size()) : skipped);
    if (c.push) {
        QJsonObject push{{QLatin1String("queued"), toPush ? countsOf(c.push->send(*others)) : QJsonObject()}, {QLatin1String("unconfigured"), unconfigured}};
        if (!toPush)
            push.insert(QLatin1String("skipped"), QLatin1String("online"));
        result.insert(QLatin1String("push"), push);
    }
    return CommandResult::success(result);
}

CommandResult pushToTokens(const CommandContext &c, const Args &a)
{
    if (!c.apns && !c.push)
        return notConfigured();
    HERALD_ARG(tokens, tokensArg(a, c));
    HERALD_ARG(topic, a.optionalId("topic"));
    HERALD_ARG(envName, a.optionalId("environment"));
    HERALD_ARG(proto, prototype(a));
    QStringList apple;
    QList<QPair<QString, QString>> others;
    for (const auto &t : tokens) {
        if (t.first == u"apns")
            apple.append(t.second);
        else
            others.append(t);
    }
    QJsonObject result;
    QList<ApnsTarget> targets;
    if (!apple.isEmpty()) {
        Apns::Environment environment = c.apns->settings().defaultEnvironment;
        if (!envName.isEmpty()) {
            const std::optional<Apns::Environment> e = Apns::environmentFromName(envName);
            if (!e)
                return Fail::failure(400, ApiError::WrongFieldType,
                                     QStringLiteral("argument \"environment\" is \"production\" or \"sandbox\""));
            environment = *e;
        }
        targets = c.apns->targetsOfTokens(apple, topic, environment, proto);
        if (const QStringList problems = ApnsDispatcher::problems(targets); !problems.isEmpty())
            return invalid(problems);
    }
    QString error;
    std::optional<QList<PushTarget>> pushTargets = QList<PushTarget>();
    if (!others.isEmpty())
        pushTargets = c.push->targetsOfTokens(others, Push::ApnsProvider::messageOf(proto), &error);
    if (!pushTargets)
        return storeFailure(c, error);
    // Nothing is sent before every token is known to be fine.
    if (!apple.isEmpty())
        result.insert(QLatin1String("apns"), queued(c.apns->send(targets), targets.size()));
    if (!others.isEmpty())
        result.insert(QLatin1String("push"), QJsonObject{{QLatin1String("queued"), countsOf(c.push->send(*pushTargets))}});
    return CommandResult::success(result);
}

CommandResult pushToAll(const CommandContext &c, const Args &a)
{
    if (!c.apns && !c.push)
        return notConfigured();
    HERALD_ARG(proto, prototype(a));
    if (c.apns) {
        if (const QStringList problems = c.apns->problemsForAll(proto); !problems.isEmpty())
            return invalid(problems);
    }
    QString error;
    std::optional<QList<PushTarget>> others = QList<PushTarget>();
    if (c.push)
        others = c.push->targetsOfAll(Push::ApnsProvider::messageOf(proto), &error);
    if (!others)
        return storeFailure(c, error);
    QJsonObject result;
    if (c.apns) {
        int total = 0;
        const std::optional<quint64> id = c.apns->pushToAll(proto, &total, &error);
        if (!id)
            return storeFailure(c, error);
        result.insert(QLatin1String("push_id"), qint64(*id));
        result.insert(QLatin1String("total"), total);
    }
    if (c.push)
        result.insert(QLatin1String("push"), QJsonObject{{QLatin1String("queued"), countsOf(c.push->send(*others))}});
    return CommandResult::success(result);
}

CommandResult getApnsStatus(const CommandContext &c, const Args &)
{
    if (!c.apns)
        return CommandResult::success({{QLatin1String("enabled"), false}, {QLatin1String("reason"), apnsNotConfigured()}});
    return CommandResult::success(c.apns->status());
}

} // namespace Herald::DeviceCommands
