#include "push/apnsdispatcher.h"

#include "store/deviceregistry.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>

namespace Herald {

namespace {
constexpr int kProgressMs = 500;         // apns_progress of a push to everyone, at most this often
constexpr int kMaxResultEventsPerSec = 100; // per-result events of pushes to everyone (failures only)

const Apns::Outcome kOutcomes[] = {Apns::Outcome::Delivered, Apns::Outcome::RetryLater, Apns::Outcome::DeviceTokenDead,
                                   Apns::Outcome::NotificationRejected, Apns::Outcome::ConfigurationWrong};

int index(Apns::Environment e)
{
    return e == Apns::Environment::Sandbox ? 0 : 1;
}

// Enough of a token to tell devices apart in a log line.
QString shortToken(const QString &token)
{
    return token.size() > 16 ? token.left(8) + QStringLiteral("…") + token.right(4) : token;
}
} // namespace

ApnsDispatcher::ApnsDispatcher(ApnsSettings settings, DeviceRegistry &devices, Metrics &metrics,
                               QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_devices(devices), m_metrics(metrics)
{
    for (Apns::Outcome o : kOutcomes) { // every outcome shows in /metrics from the start
        m_metrics.apnsResults.insert(Apns::outcomeName(o), 0);
        m_metrics.pushResults.insert(QStringLiteral("apns|") + Apns::outcomeName(o), 0);
    }
    m_metrics.pushDeactivated.insert(QStringLiteral("apns"), 0);
    m_progressTimer.setInterval(kProgressMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &ApnsDispatcher::onProgressTimer);
    m_eventWindow.start();
}

ApnsDispatcher::~ApnsDispatcher()
{
    for (auto &c : m_clients) {
        if (c)
            c->disconnect(this);
    }
}

QString ApnsDispatcher::topicFor(const QString &requested, const QString &deviceTopic) const
{
    if (!requested.isEmpty())
        return requested;
    return deviceTopic.isEmpty() ? m_settings.defaultTopic : deviceTopic;
}

std::optional<QList<ApnsTarget>> ApnsDispatcher::targetsOfUid(const QString &uid, const Apns::Notification &prototype,
                                                              QString *error) const
{
    const std::optional<QList<Device>> devices = m_devices.devicesOf(uid, error);
    if (!devices)
        return std::nullopt;
    QList<ApnsTarget> out;
    for (const Device &d : *devices) {
        if (!d.active || d.provider != u"apns") // the others' go through the PushDispatcher
            continue;
        ApnsTarget t;
        t.notification = prototype;
        t.notification.deviceToken = d.token;
        t.notification.topic = topicFor(prototype.topic, d.topic);
        t.environment = Apns::environmentFromName(d.environment).value_or(Apns::Environment::Production);
        t.uid = uid;
        out.append(t);
    }
    return out;
}

QList<ApnsTarget> ApnsDispatcher::targetsOfTokens(const QStringList &tokens, const QString &topic,
                                                  Apns::Environment environment,
                                                  const Apns::Notification &prototype) const
{
    QList<ApnsTarget> out;
    for (const QString &token : tokens) {
        ApnsTarget t;
        t.notification = prototype;
        t.notification.deviceToken = token.toLower();
        t.notification.topic = topicFor(topic.isEmpty() ? prototype.topic : topic, {});
        t.environment = environment;
        out.append(t);
    }
    return out;
}

QStringList ApnsDispatcher::problems(const QList<ApnsTarget> &targets)
{
    QStringList out;
    for (const ApnsTarget &t : targets) {
        for (const QString &p : Apns::validate(t.notification)) {
            if (!out.contains(p))
                out.append(p);
        }
    }
    return out;
}

QStringList ApnsDispatcher::problemsForAll(const Apns::Notification &prototype) const
{
    Apns::Notification n = prototype;
    n.deviceToken = QString(64, u'0');
    n.topic = topicFor(prototype.topic, {});
    if (n.topic.isEmpty()) // devices registered with a topic may still get it; the others fail one by one
        n.topic = QStringLiteral("topic") + Apns::topicSuffix(n.pushType);
    return Apns::validate(n);
}

Apns::ApnsClient &ApnsDispatcher::client(Apns::Environment environment)
{
    std::unique_ptr<Apns::ApnsClient> &c = m_clients[index(environment)];
    if (!c) {
        Apns::ClientOptions options;
        options.maxConcurrentStreams = m_settings.concurrency;
        options.deadlineMs = m_settings.timeoutMs; // each notification's, every retry included
        c = std::make_unique<Apns::ApnsClient>(m_settings.credentials, m_settings.endpoint(environment), options);
        const QString url = c->endpoint().url();
        connect(c.get(), &Apns::ApnsClient::finished, this,
                [this, environment](quint64 id, const Apns::Result &r) { onFinished(environment, id, r); });
        connect(c.get(), &Apns::ApnsClient::connected, this,
                [url] { qCInfo(lcPush).noquote() << "connected to APNs at" << url; });
        connect(c.get(), &Apns::ApnsClient::disconnected, this, [url](const QString &reason) {
            qCInfo(lcPush).noquote() << "APNs connection to" << url << "closed:" << reason;
        });
    }
    return *c;
}

quint64 ApnsDispatcher::send(const QList<ApnsTarget> &targets)
{
    const quint64 id = m_nextPushId++;
    if (targets.isEmpty() || m_stopped)
        return id;
    Push &p = m_pushes[id];
    p.id = id;
    p.total = p.created = int(targets.size());
    for (const ApnsTarget &t : targets)
        m_queue.push_back({id, t});
    schedulePump();
    updateGauges();
    return id;
}

std::optional<quint64> ApnsDispatcher::pushToAll(const Apns::Notification &prototype, int *total, QString *error)
{
    const std::optional<int> count = m_devices.activeCount(error);
    if (!count)
        return std::nullopt;
    const quint64 id = m_nextPushId++;
    *total = *count;
    Push p;
    p.id = id;
    p.everyone = true;
    p.total = *count;
    p.paged = false;
    p.prototype = prototype;
    if (m_stopped)
        return id;
    m_pushes.insert(id, p);
    m_everyone.push_back(id);
    qCInfo(lcPush).noquote() << QStringLiteral("push %1 to every device (%2 active) started").arg(id).arg(*count);
    emitProgress(m_pushes[id]);
    m_progressTimer.start();
    schedulePump();
    return id;
}

void ApnsDispatcher::schedulePump()
{
    if (m_pumpScheduled || m_stopped)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, &ApnsDispatcher::pump);
}

void ApnsDispatcher::pump()
{
    m_pumpScheduled = false;
    while (!m_stopped && inFlight() < m_settings.concurrency) {
        if (!m_queue.empty()) {
            Item item = std::move(m_queue.front());
            m_queue.pop_front();
            dispatch(std::move(item));
        } else if (!m_page.empty() || refill()) {
            Item item = std::move(m_page.front());
            m_page.pop_front();
            dispatch(std::move(item));
        } else {
            break;
        }
    }
    updateGauges();
}

bool ApnsDispatcher::refill()
{
    const int pageSize = qBound(100, m_settings.concurrency, 1000);
    while (!m_everyone.empty()) {
        auto it = m_pushes.find(m_everyone.front());
        if (it == m_pushes.end()) {
            m_everyone.pop_front();
            continue;
        }
        Push &p = *it;
        QString error;
        const std::optional<QList<Device>> page = m_devices.activePage(QStringLiteral("apns"), p.afterToken, pageSize, &error);
        if (!page)
            qCWarning(lcPush).noquote() << QStringLiteral("push %1 to every device stopped after %2: device registry: %3")
                                               .arg(p.id).arg(p.created).arg(error);
        if (!page || page->isEmpty()) {
            p.paged = true;
            p.total = p.created;
            p.changed = true;
            m_everyone.pop_front();
            if (p.done()) {
                emitProgress(p);
                m_pushes.erase(it);
            }
            continue;
        }
        for (const Device &d : *page) {
            ApnsTarget t;
            t.notification = p.prototype;
            t.notification.deviceToken = d.token;
            t.notification.topic = topicFor(p.prototype.topic, d.topic);
            t.environment = Apns::environmentFromName(d.environment).value_or(Apns::Environment::Production);
            t.uid = d.uid;
            m_page.push_back({p.id, t});
        }
        p.afterToken = page->last().token;
        p.created += int(page->size());
        p.total = qMax(p.total, p.created);
        return true;
    }
    return false;
}

void ApnsDispatcher::dispatch(Item item)
{
    const Apns::Environment env = item.target.environment;
    const quint64 id = client(env).send(item.target.notification);
    auto push = m_pushes.find(item.pushId);
    if (push != m_pushes.end()) {
        ++push->sent;
        push->changed = true;
    }
    m_inFlight[index(env)].insert(id, std::move(item));
}

void ApnsDispatcher::onFinished(Apns::Environment environment, quint64 id, const Apns::Result &result)
{
    auto found = m_inFlight[index(environment)].find(id);
    if (found == m_inFlight[index(environment)].end())
        return;
    const Item item = std::move(*found);
    m_inFlight[index(environment)].erase(found);
    ++m_metrics.apnsResults[Apns::outcomeName(result.outcome)];
    ++m_metrics.pushResults[QStringLiteral("apns|") + Apns::outcomeName(result.outcome)];
    if (!result.delivered())
        qCInfo(lcPush).noquote() << QStringLiteral("push %1 to %2 (%3): %4")
                                        .arg(item.pushId).arg(shortToken(item.target.notification.deviceToken),
                                                              Apns::environmentName(environment), result.summary());
    deactivateIfDead(item.target, result);

    auto push = m_pushes.find(item.pushId);
    if (push != m_pushes.end()) {
        if (result.delivered())
            ++push->delivered;
        else if (result.outcome == Apns::Outcome::DeviceTokenDead)
            ++push->dead;
        else
            ++push->failed;
        push->changed = true;
        emitResult(*push, item.target, result);
        if (push->done()) {
            emitProgress(*push);
            m_pushes.erase(push);
        }
    }
    schedulePump();
    updateGauges();
    checkDrained();
}

void ApnsDispatcher::deactivateIfDead(const ApnsTarget &target, const Apns::Result &result)
{
    if (result.outcome != Apns::Outcome::DeviceTokenDead)
        return;
    QString error;
    const std::optional<QList<Device>> rows = m_devices.devicesWithToken(QStringLiteral("apns"), target.notification.deviceToken, &error);
    if (!rows) {
        qCWarning(lcPush).noquote() << "cannot deactivate a dead device token: device registry:" << error;
        return;
    }
    // Only the registrations this answer is about: the same topic, and for BadDeviceToken the device's
    // own environment (a sandbox token sent to production is not dead, it was sent to the wrong place).
    const bool environmentMatters = result.reason == u"BadDeviceToken";
    for (const Device &d : *rows) {
        if (!d.active || topicFor({}, d.topic) != target.notification.topic)
            continue;
        if (environmentMatters && d.environment != Apns::environmentName(target.environment))
            continue;
        if (!m_devices.deactivate(d.provider, d.token, d.topic, result.reason, &error)) {
            qCWarning(lcPush).noquote() << "cannot deactivate a dead device token: device registry:" << error;
            continue;
        }
        ++m_metrics.apnsDeactivated;
        ++m_metrics.pushDeactivated[QStringLiteral("apns")];
        qCInfo(lcPush).noquote() << QStringLiteral("device %1 of uid %2 deactivated: APNs says %3")
                                        .arg(shortToken(d.token), d.uid, result.reason);
    }
}

void ApnsDispatcher::emitResult(const Push &push, const ApnsTarget &target, const Apns::Result &result)
{
    if (push.everyone) { // a million results would drown the console: progress counts them, failures show
        if (result.delivered())
            return;
        if (m_eventWindow.elapsed() >= 1000) {
            m_eventWindow.restart();
            m_eventsInWindow = 0;
        }
        if (++m_eventsInWindow > kMaxResultEventsPerSec) {
            ++m_eventsDropped;
            return;
        }
    }
    Admin::Event e;
    e.kind = Admin::EventKind::Apns;
    e.pushId = qint64(push.id);
    e.uid = target.uid;
    e.token = target.notification.deviceToken;
    e.topic = target.notification.topic;
    e.environment = Apns::environmentName(target.environment);
    e.result = Apns::toAdmin(result);
    Q_EMIT adminEvent(e);
}

void ApnsDispatcher::emitProgress(Push &p)
{
    p.changed = false;
    Admin::Event e;
    e.kind = Admin::EventKind::ApnsProgress;
    e.pushId = qint64(p.id);
    e.progress = {p.everyone, p.total, p.sent, p.delivered, p.failed, p.dead, p.done()};
    Q_EMIT adminEvent(e);
    if (p.everyone && p.done())
        qCInfo(lcPush).noquote() << QStringLiteral("push %1 to every device done: %2 sent, %3 delivered, %4 failed, %5 dead")
                                        .arg(p.id).arg(p.sent).arg(p.delivered).arg(p.failed).arg(p.dead);
}

void ApnsDispatcher::onProgressTimer()
{
    bool any = false;
    for (Push &p : m_pushes) {
        if (!p.everyone)
            continue;
        any = true;
        if (p.changed)
            emitProgress(p);
    }
    if (!any)
        m_progressTimer.stop();
}

void ApnsDispatcher::drain()
{
    m_draining = true;
    if (!isIdle())
        qCInfo(lcPush) << "stopping: waiting for" << inFlight() << "APNs notifications in flight and" << queued()
                       << "queued (shutdown-grace)";
    checkDrained();
}

void ApnsDispatcher::checkDrained()
{
    if (m_draining && isIdle()) {
        m_draining = false;
        Q_EMIT drained();
    }
}

QList<QJsonObject> ApnsDispatcher::unsent() const
{
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QList<QJsonObject> lines;
    const auto add = [&](const Item &item) {
        const Apns::Notification &n = item.target.notification;
        lines.append({{QLatin1String("time"), now},
                      {QLatin1String("provider"), QStringLiteral("apns")},
                      {QLatin1String("push_id"), qint64(item.pushId)},
                      {QLatin1String("uid"), item.target.uid},
                      {QLatin1String("token"), n.deviceToken},
                      {QLatin1String("topic"), n.topic},
                      {QLatin1String("environment"), Apns::environmentName(item.target.environment)},
                      {QLatin1String("payload"), QString::fromUtf8(n.payload)}});
    };
    for (const auto &inFlight : m_inFlight) {
        for (const Item &item : inFlight)
            add(item);
    }
    for (const Item &item : m_queue)
        add(item);
    for (const Item &item : m_page)
        add(item);
    for (const quint64 id : m_everyone) {
        const auto p = m_pushes.constFind(id);
        if (p == m_pushes.cend())
            continue;
        lines.append({{QLatin1String("time"), now},
                      {QLatin1String("provider"), QStringLiteral("apns")},
                      {QLatin1String("push_id"), qint64(id)},
                      {QLatin1String("everyone"), true},
                      {QLatin1String("after_token"), p->afterToken},
                      {QLatin1String("devices_not_reached"), qMax(0, p->total - p->created)},
                      {QLatin1String("payload"), QString::fromUtf8(p->prototype.payload)}});
    }
    return lines;
}

void ApnsDispatcher::cancelAll()
{
    if (m_stopped)
        return;
    m_stopped = true;
    const int waiting = queued();
    m_queue.clear();
    m_page.clear();
    m_everyone.clear();
    for (Push &p : m_pushes) { // what was made but never sent will not finish: count it as failed
        p.paged = true;
        p.failed += p.created - p.sent;
        p.total = p.created;
    }
    const int open = inFlight();
    if (waiting + open > 0)
        qCInfo(lcPush) << "cancelling" << open << "APNs notifications in flight and" << waiting << "waiting";
    for (auto &c : m_clients) {
        if (c)
            c->cancelAll();
    }
    m_progressTimer.stop();
    updateGauges();
}

int ApnsDispatcher::inFlight() const
{
    return int(m_inFlight[0].size() + m_inFlight[1].size());
}

int ApnsDispatcher::queued() const
{
    qsizetype n = qsizetype(m_queue.size() + m_page.size());
    for (const quint64 id : m_everyone) {
        const auto it = m_pushes.constFind(id);
        if (it != m_pushes.cend())
            n += qMax(0, it->total - it->created);
    }
    return int(n);
}

void ApnsDispatcher::updateGauges()
{
    m_metrics.apnsInFlight = quint64(inFlight());
    m_metrics.apnsQueued = quint64(queued());
}

QJsonObject ApnsDispatcher::status() const
{
    Admin::ApnsStatus s;
    s.enabled = true;
    s.auth = m_settings.credentials.kind == Apns::Credentials::Kind::Token ? QStringLiteral("token")
                                                                          : QStringLiteral("certificate");
    s.summary = m_settings.credentials.summary();
    s.topic = m_settings.defaultTopic;
    s.environment = Apns::environmentName(m_settings.defaultEnvironment);
    for (Apns::Environment e : {Apns::Environment::Production, Apns::Environment::Sandbox}) {
        const Apns::ApnsClient *c = m_clients[index(e)].get();
        s.endpoints.append(
            Admin::ApnsStatus::Endpoint{Apns::environmentName(e), m_settings.endpoint(e).url(), c && c->isConnected()});
    }
    s.concurrency = m_settings.concurrency;
    for (Apns::Outcome o : kOutcomes)
        s.counters.insert(Apns::outcomeName(o), qint64(m_metrics.apnsResults.value(Apns::outcomeName(o))));
    s.deactivated = qint64(m_metrics.apnsDeactivated);
    s.inFlight = inFlight();
    s.queued = queued();
    for (const Push &p : m_pushes)
        s.pushes.append(
            Admin::ApnsStatus::Push{qint64(p.id), {p.everyone, p.total, p.sent, p.delivered, p.failed, p.dead, false}});
    s.eventsDropped = qint64(m_eventsDropped);
    return Admin::toJson(s);
}

} // namespace Herald
