#pragma once

// How queued robot messages become one when a robot's rate leaves room for fewer messages than are
// waiting: in order, texts joined by a blank line, @-mentions united, as many as one message of the
// robot's kind carries. Pure: no network, no clock.

#include "push/robot.h"

#include <deque>
#include <functional>

namespace Herald {

struct QueuedRobotMessage {
    Push::RobotMessage message;
    int count = 1; // the messages it stands for (more than one once merged)
};

struct RobotMergeLimits {
    std::function<qsizetype(Push::RobotMessage::Kind)> maxTextBytes;
    std::function<QString(const Push::RobotMessage &)> problem; // what the robot would refuse
};

// The two as one message: the kind markdown if either is, the first title kept (a later one becomes a
// bold line before its text), the texts joined by a blank line, @-mentions united.
Push::RobotMessage mergeRobotMessages(const Push::RobotMessage &first, const Push::RobotMessage &next);

// Takes the queue's first message and merges into it each following one while the result stays one
// message the robot takes; links go alone. The queue must not be empty.
QueuedRobotMessage takeMerged(std::deque<QueuedRobotMessage> &queue, const RobotMergeLimits &limits);

} // namespace Herald
