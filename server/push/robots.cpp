#include "push/robots.h"

#include <QJsonObject>

namespace Herald {

Robots::Robots(const QList<RobotSettings> &settings, Metrics &metrics, QObject *parent) : QObject(parent)
{
    for (const RobotSettings &s : settings) {
        auto *sender = new RobotSender(s, metrics, this);
        connect(sender, &RobotSender::adminEvent, this, &Robots::adminEvent);
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

} // namespace Herald
