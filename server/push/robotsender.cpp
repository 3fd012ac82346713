#include "push/robotsender.h"

#include "util/logging.h"
#include "util/metrics.h"

#include <QDateTime>
#include <QJsonObject>

#include <algorithm>

namespace Herald {

RobotSender::RobotSender(RobotSettings settings, Metrics &metrics, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_metrics(metrics),
      m_client(Push::makeRobotClient(m_settings.kind, m_settings.options))
{
    m_clock.start();
    m_wait.setSingleShot(true);
    connect(&m_wait, &QTimer::timeout, this, &RobotSender::pump);
    connect(m_client.get(), &Push::RobotClient::finished, this, [this](quint64, const Push::RobotAnswer &a) { onFinished(a); });
    updateGauge();
}

RobotSender::~RobotSender() = default;

QList<Push::RobotRate> RobotSender::rates() const
{
    return m_settings.rates.isEmpty() ? m_client->rates() : m_settings.rates;
}

QString RobotSender::problem(const Push::RobotMessage &message) const
{
    return m_client->problem(message);
}

void RobotSender::send(const Push::RobotMessage &message)
{
    if (int(m_queue.size()) >= m_settings.queueLimit) {
        lost(QStringLiteral("dropped"), 1,
             QStringLiteral("%1 messages wait already (the robot's rate is far below what is sent to it)").arg(m_queue.size()));
        return;
    }
    m_queue.push_back({message, 1});
    updateGauge();
    pump();
}

// Milliseconds until one more request fits every rate (0: now).
qint64 RobotSender::msUntilRoom() const
{
    const qint64 now = m_clock.elapsed();
    qint64 wait = std::max<qint64>(0, m_holdUntil - now);
    for (const Push::RobotRate &rate : rates()) {
        const auto inWindow = std::count_if(m_sent.begin(), m_sent.end(), [&](qint64 t) { return t > now - rate.windowMs; });
        if (inWindow >= rate.messages) // the oldest of the last `messages` leaves the window first
            wait = std::max(wait, m_sent[m_sent.size() - rate.messages] + rate.windowMs - now + 1);
    }
    return wait;
}

void RobotSender::pump()
{
    if (m_inFlight || m_queue.empty())
        return;
    if (const qint64 wait = msUntilRoom(); wait > 0) {
        if (!m_wait.isActive())
            m_wait.start(int(wait));
        return;
    }
    m_inFlight = takeMerged(m_queue, {[this](Push::RobotMessage::Kind k) { return m_client->maxTextBytes(k); },
                                      [this](const Push::RobotMessage &m) { return m_client->problem(m); }});
    updateGauge();
    m_client->send(m_inFlight->message);
}

qint64 RobotSender::longestWindow() const
{
    qint64 longest = 0;
    for (const Push::RobotRate &rate : rates())
        longest = std::max<qint64>(longest, rate.windowMs);
    return longest;
}

void RobotSender::onFinished(const Push::RobotAnswer &a)
{
    QueuedRobotMessage done = std::move(*m_inFlight);
    m_inFlight.reset();
    // Counted from the answer: the service counted the request somewhere between sending and answering.
    m_sent.push_back(m_clock.elapsed());
    while (!m_sent.empty() && m_sent.front() <= m_clock.elapsed() - longestWindow())
        m_sent.pop_front();
    switch (a.result) {
    case Push::RobotResult::Sent:
        m_metrics.robotMessages[m_settings.name + QLatin1String("|sent")] += quint64(done.count);
        if (done.count > 1)
            m_metrics.robotMerged[m_settings.name] += quint64(done.count);
        break;
    case Push::RobotResult::RateLimited: {
        ++m_metrics.robotRateLimited[m_settings.name];
        const qint64 longest = longestWindow();
        m_holdUntil = m_clock.elapsed() + longest;
        qCWarning(lcRobot).noquote() << QStringLiteral("robot %1 is over its rate (%2): its messages wait %3 s and go merged")
                                           .arg(m_settings.name, a.explanation).arg(longest / 1000.0);
        m_queue.push_front(std::move(done));
        updateGauge();
        break;
    }
    default:
        lost(Push::robotResultName(a.result), done.count, a.explanation);
        break;
    }
    pump();
    if (isIdle())
        Q_EMIT idle();
}

QList<QJsonObject> RobotSender::unsent() const
{
    static const char *const kKinds[] = {"text", "markdown", "link"};
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QList<QJsonObject> lines;
    const auto add = [&](const QueuedRobotMessage &q) {
        lines.append({{QLatin1String("time"), now},
                      {QLatin1String("robot"), m_settings.name},
                      {QLatin1String("kind"), Push::robotKindName(m_settings.kind)},
                      {QLatin1String("message_kind"), QLatin1String(kKinds[int(q.message.kind)])},
                      {QLatin1String("title"), q.message.title},
                      {QLatin1String("text"), q.message.text},
                      {QLatin1String("messages"), q.count}});
    };
    if (m_inFlight)
        add(*m_inFlight);
    for (const QueuedRobotMessage &q : m_queue)
        add(q);
    return lines;
}

void RobotSender::lost(const QString &result, int count, const QString &why)
{
    m_metrics.robotMessages[m_settings.name + QLatin1Char('|') + result] += quint64(count);
    qCWarning(lcRobot).noquote() << QStringLiteral("robot %1: %2 message(s) not sent (%3): %4").arg(m_settings.name).arg(count).arg(result, why);
    Admin::Event e;
    e.kind = Admin::EventKind::Robot;
    e.time = QDateTime::currentDateTimeUtc();
    e.name = m_settings.name;
    e.robotResult = result;
    e.messages = count;
    e.reason = why;
    Q_EMIT adminEvent(e);
}

void RobotSender::updateGauge()
{
    m_metrics.robotQueued[m_settings.name] = quint64(m_queue.size());
}

} // namespace Herald
