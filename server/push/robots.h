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
    // The server stops: the queues go on at their robots' rates; drained() once every one is empty.
    void drain();
    bool isIdle() const;
    // Every robot's waiting messages, a line each (RobotSender::unsent).
    QList<QJsonObject> unsent() const;

Q_SIGNALS:
    void adminEvent(const Herald::Admin::Event &event);
    void drained();

private:
    QMap<QString, RobotSender *> m_senders;
    bool m_draining = false;
};

} // namespace Herald
