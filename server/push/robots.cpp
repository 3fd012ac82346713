#include "push/robots.h"

#include "util/logging.h"

#include <QJsonObject>

#include <algorithm>

namespace Herald {

Robots::Robots(const QList<RobotSettings> &settings, Metrics &metrics, QObject *parent) : QObject(parent)
{
    for (const RobotSettings &s : settings) {
        auto *sender = new RobotSender(s, metrics, this);
        connect(sender, &RobotSender::adminEvent, this, &Robots::adminEvent);
        connect(sender, &RobotSender::idle, this, [this] {
            if (m_draining && isIdle()) {
                m_draining = false;
                Q_EMIT drained();
            }
        });
        m_senders.insert(s.name, sender);
    }
}

Robots::~Robots() = default;

QJsonArray Robots::list() const
{
    QJsonArray out;
    for (const RobotSender *s : m_senders) {
        QJsonArray rates;
        for (const Push::RobotRate &r : s->rates())
            rates.append(QJsonObject{{QLatin1String("messages"), r.messages}, {QLatin1String("window_ms"), r.windowMs}});
        out.append(QJsonObject{{QLatin1String("name"), s->name()},
                               {QLatin1String("kind"), Push::robotKindName(s->kind())},
                               {QLatin1String("rates"), rates},
                               {QLatin1String("queued"), s->queued()}});
    }
    return out;
}

void Robots::drain()
{
    m_draining = !isIdle();
    if (m_draining)
        qCInfo(lcRobot).noquote() << QStringLiteral("stopping: waiting for %1 robot messages until shutdown-grace").arg(unsent().size());
}

bool Robots::isIdle() const
{
    return std::all_of(m_senders.begin(), m_senders.end(), [](const RobotSender *s) { return s->isIdle(); });
}

QList<QJsonObject> Robots::unsent() const
{
    QList<QJsonObject> lines;
    for (const RobotSender *s : m_senders)
        lines += s->unsent();
    return lines;
}

} // namespace Herald
