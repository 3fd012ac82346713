#include "push/robotmerge.h"

namespace Herald {

using Push::RobotMessage;

RobotMessage mergeRobotMessages(const RobotMessage &first, const RobotMessage &next)
{
    RobotMessage out = first;
    QString part = next.text;
    if (next.kind == RobotMessage::Kind::Markdown) {
        out.kind = RobotMessage::Kind::Markdown;
        if (out.title.isEmpty())
            out.title = next.title;
        else
            part = QStringLiteral("**%1**\n%2").arg(next.title, next.text);
    }
    out.text += QStringLiteral("\n\n") + part;
    out.atAll = out.atAll || next.atAll;
    for (const QString &mobile : next.atMobiles) {
        if (!out.atMobiles.contains(mobile))
            out.atMobiles.append(mobile);
    }
    return out;
}

QueuedRobotMessage takeMerged(std::deque<QueuedRobotMessage> &queue, const RobotMergeLimits &limits)
{
    QueuedRobotMessage out = std::move(queue.front());
    queue.pop_front();
    if (out.message.kind == RobotMessage::Kind::Link)
        return out;
    while (!queue.empty() && queue.front().message.kind != RobotMessage::Kind::Link) {
        const RobotMessage merged = mergeRobotMessages(out.message, queue.front().message);
        if (merged.text.toUtf8().size() > limits.maxTextBytes(merged.kind) || !limits.problem(merged).isEmpty())
            break;
        out.message = merged;
        out.count += queue.front().count;
        queue.pop_front();
    }
    return out;
}

} // namespace Herald
