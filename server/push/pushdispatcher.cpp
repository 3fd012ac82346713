#include "push/pushdispatcher.h"

#include "store/deviceregistry.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>

namespace Herald {

namespace {
const Push::Outcome kOutcomes[] = {Push::Outcome::Delivered, Push::Outcome::RetryLater, Push::Outcome::TokenDead,
                                   Push::Outcome::BadRequest, Push::Outcome::CredentialsWrong};

// Enough of a token to tell devices apart in a log line.
QString shortToken(const QString &token)
{
    return token.size() > 16 ? token.left(8) + QStringLiteral("…") + token.right(4) : token;
}
} // namespace

PushDispatcher::PushDispatcher(Providers providers, DeviceRegistry &devices, Metrics &metrics, QObject *parent)
    : QObject(parent), m_providers(std::move(providers)), m_devices(devices), m_metrics(metrics)
{
    for (auto &[name, provider] : m_providers) {
        for (Push::Outcome o : kOutcomes) // every outcome shows in /metrics from the start
            m_metrics.pushResults.insert(name + u'|' + Push::outcomeName(o), 0);
        m_metrics.pushDeactivated.insert(name, 0);
        const QString providerName = name;
        connect(provider.get(), &Push::Provider::finished, this,
                [this, providerName](quint64 id, const Push::Answer &a) { onFinished(providerName, id, a); });
    }
}

PushDispatcher::~PushDispatcher()
{
    for (auto &[name, provider] : m_providers)
        provider->disconnect(this);
}

QStringList PushDispatcher::providers() const
{
    QStringList out;
    for (const auto &[name, provider] : m_providers)
        out.append(name);
    return out;
}

bool PushDispatcher::has(const QString &provider) const
{
    return m_providers.count(provider) != 0;
}

std::optional<QList<PushTarget>> PushDispatcher::targetsOfUid(const QString &uid, const Push::Message &message,
                                                              int *unconfigured, QString *error) const
{
    const std::optional<QList<Device>> devices = m_devices.devicesOf(uid, error);
    if (!devices)
        return std::nullopt;
    *unconfigured = 0;
    QList<PushTarget> out;
    for (const Device &d : *devices) {
        if (!d.active || d.provider == u"apns")
            continue;
        if (!has(d.provider)) {
            ++*unconfigured;
            continue;
        }
        PushTarget t{d.provider, message, uid, d.topic};
        t.message.token = d.token;
        out.append(t);
    }
    return out;
}

std::optional<QList<PushTarget>> PushDispatcher::targetsOfTokens(const QList<QPair<QString, QString>> &tokens,
                                                                 const Push::Message &message, QString *error) const
{
    QList<PushTarget> out;
    for (const auto &[provider, token] : tokens) {
        const std::optional<QList<Device>> known = m_devices.devicesWithToken(provider, token, error);
        if (!known)
            return std::nullopt;
        PushTarget t{provider, message, {}, {}};
        t.message.token = token;
        if (!known->isEmpty()) {
            t.uid = known->first().uid;
            t.topic = known->first().topic;
        }
        out.append(t);
    }
    return out;
}

std::optional<QList<PushTarget>> PushDispatcher::targetsOfAll(const Push::Message &message, QString *error) const
{
    constexpr int kPage = 1000;
    QList<PushTarget> out;
    for (const auto &[provider, client] : m_providers) {
        QString after;
        for (;;) {
            const std::optional<QList<Device>> page = m_devices.activePage(provider, after, kPage, error);
            if (!page)
                return std::nullopt;
            for (const Device &d : *page) {
                PushTarget t{provider, message, d.uid, d.topic};
                t.message.token = d.token;
                out.append(t);
            }
            if (page->size() < kPage)
                break;
            after = page->last().token;
        }
    }
    return out;
}

QMap<QString, int> PushDispatcher::send(const QList<PushTarget> &targets)
{
    QMap<QString, int> sent;
    if (m_stopped)
        return sent;
    for (const PushTarget &t : targets) {
        const auto provider = m_providers.find(t.provider);
        if (provider == m_providers.end())
            continue;
        m_inFlight[t.provider].insert(provider->second->send(t.message), t);
        ++sent[t.provider];
    }
    return sent;
}

void PushDispatcher::onFinished(const QString &provider, quint64 id, const Push::Answer &answer)
{
    const PushTarget target = m_inFlight[provider].take(id);
    if (target.provider.isEmpty())
        return;
    ++m_metrics.pushResults[provider + u'|' + Push::outcomeName(answer.outcome)];
    if (!answer.delivered())
        qCInfo(lcPush).noquote() << QStringLiteral("%1 push to %2 of uid %3: %4")
                                        .arg(provider, shortToken(target.message.token), target.uid, answer.summary());
    if (answer.outcome == Push::Outcome::TokenDead)
        deactivate(target, answer);
    if (m_draining && isIdle()) {
        m_draining = false;
        Q_EMIT drained();
    }
}

void PushDispatcher::drain()
{
    m_draining = !isIdle();
    if (m_draining)
        qCInfo(lcPush).noquote() << QStringLiteral("stopping: waiting for %1 push messages (%2) until shutdown-grace")
                                        .arg(inFlight())
                                        .arg(providers().join(QStringLiteral(", ")));
}

QList<QJsonObject> PushDispatcher::unsent() const
{
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QList<QJsonObject> lines;
    for (const auto &pending : m_inFlight) {
        for (const PushTarget &t : pending)
            lines.append({{QLatin1String("time"), now},
                          {QLatin1String("provider"), t.provider},
                          {QLatin1String("uid"), t.uid},
                          {QLatin1String("token"), t.message.token},
                          {QLatin1String("topic"), t.topic},
                          {QLatin1String("title"), t.message.title},
                          {QLatin1String("body"), t.message.body},
                          {QLatin1String("data"), t.message.data}});
    }
    return lines;
}

void PushDispatcher::deactivate(const PushTarget &target, const Push::Answer &answer)
{
    QString error;
    if (!m_devices.deactivate(target.provider, target.message.token, target.topic, answer.reason, &error)) {
        qCWarning(lcPush).noquote() << QStringLiteral("cannot deactivate a dead %1 token: device registry: %2")
                                           .arg(target.provider, error);
        return;
    }
    ++m_metrics.pushDeactivated[target.provider];
    qCInfo(lcPush).noquote() << QStringLiteral("%1 device %2 of uid %3 deactivated: %1 says %4")
                                    .arg(target.provider, shortToken(target.message.token), target.uid, answer.reason);
}

void PushDispatcher::cancelAll()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_draining = false;
    if (const int open = inFlight(); open > 0)
        qCInfo(lcPush) << "cancelling" << open << "push messages in flight";
    for (auto &[name, provider] : m_providers)
        provider->cancelAll();
}

int PushDispatcher::inFlight() const
{
    int n = 0;
    for (const auto &pending : m_inFlight)
        n += int(pending.size());
    return n;
}

} // namespace Herald
