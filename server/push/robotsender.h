#pragma once

// One configured group-chat robot: its client, its queue and its rate. Messages go one at a time, in
// order; when the robot's rate leaves no room, they wait, and what waits goes merged into one message
// when room comes (robotmerge.h). A rate-limit answer puts the message back and holds the robot for a
// window. Nothing is dropped silently: a message refused, unreachable, or over the queue's bound is
// counted (herald_robot_messages_total), logged and shown to the console as a "robot" event.

#include "protocol/adminprotocol.h"
#include "push/robot.h"
#include "push/robotmerge.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

namespace Herald {

struct Metrics;

struct RobotSettings {
    QString name;
    Push::RobotKind kind = Push::RobotKind::DingTalk;
    Push::RobotOptions options;
    QList<Push::RobotRate> rates; // empty: the kind's documented rates
    int queueLimit = 1000;
};

class RobotSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RobotSender)

public:
    RobotSender(RobotSettings settings, Metrics &metrics, QObject *parent = nullptr);
    ~RobotSender() override;

    QString name() const { return m_settings.name; }
    Push::RobotKind kind() const { return m_settings.kind; }
    QList<Push::RobotRate> rates() const;
    int queued() const { return int(m_queue.size()); }
    // What the robot would refuse in the message (empty: it can go).
    QString problem(const Push::RobotMessage &message) const;
    // Queues the message; counted lost when the queue is at its bound.
    void send(const Push::RobotMessage &message);
    bool isIdle() const { return m_queue.empty() && !m_inFlight; }
    // What waits or is in flight, a line each for unsent-pushes.jsonl: time, robot, kind, message_kind,
    // title, text, messages (how many it stands for, once merged).
    QList<QJsonObject> unsent() const;

Q_SIGNALS:
    void adminEvent(const Herald::Admin::Event &event);
    void idle(); // the last message waiting was answered

private:
    void pump();
    qint64 msUntilRoom() const;
    qint64 longestWindow() const;
    void onFinished(const Push::RobotAnswer &answer);
    void lost(const QString &result, int count, const QString &why);
    void updateGauge();

    RobotSettings m_settings;
    Metrics &m_metrics;
    std::unique_ptr<Push::RobotClient> m_client;
    std::deque<QueuedRobotMessage> m_queue;
    std::deque<qint64> m_sent; // when each request was answered (ms on m_clock), within the longest window
    std::optional<QueuedRobotMessage> m_inFlight;
    qint64 m_holdUntil = 0;    // after a rate-limit answer
    QElapsedTimer m_clock;
    QTimer m_wait;
};

} // namespace Herald
