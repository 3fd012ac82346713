#pragma once

// The configured group-chat robots by name ([robot.NAME] sections), each with its sender.

#include "push/robotsender.h"

#include <QJsonArray>
#include <QMap>
#include <QObject>

namespace Herald {

class Robots final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Robots)

public:
    Robots(const QList<RobotSettings> &settings, Metrics &metrics, QObject *parent = nullptr);
    ~Robots() override;

    RobotSender *find(const QString &name) const { return m_senders.value(name); }
    QStringList names() const { return m_senders.keys(); }
    // [{"name","kind","rates":[{"messages","window_ms"}],"queued"}], by name.
    QJsonArray list() const;

Q_SIGNALS:
    void adminEvent(const Herald::Admin::Event &event);

private:
    QMap<QString, RobotSender *> m_senders;
};

} // namespace Herald
