#include "commands/robotcommands.h"

#include "push/robots.h"

#include <QJsonArray>

namespace Herald::RobotCommands {

namespace {

std::variant<RobotSender *, Fail> robotNamed(const CommandContext &c, const QString &name)
{
    if (RobotSender *r = c.robots ? c.robots->find(name) : nullptr)
        return r;
    const QStringList names = c.robots ? c.robots->names() : QStringList();
    return CommandResult::failure(404, ApiError::NoSuchRobot,
                                  QStringLiteral("no robot named \"%1\" (configured: %2)")
                                      .arg(name.left(64), names.isEmpty() ? QStringLiteral("none") : names.join(QLatin1String(", "))));
}

std::optional<Fail> refused(const RobotSender &robot, const Push::RobotMessage &m)
{
    if (const QString p = robot.problem(m); !p.isEmpty())
        return CommandResult::failure(400, ApiError::InvalidRobotMessage, QStringLiteral("robot %1: %2").arg(robot.name(), p));
    return std::nullopt;
}

Push::RobotMessage textMessage(const QByteArray &text)
{
    Push::RobotMessage m;
    m.text = QString::fromUtf8(text);
    return m;
}

} // namespace

CommandResult sendToRobot(const CommandContext &c, const Args &a)
{
    HERALD_ARG(name, a.id("robot"));
    HERALD_ARG(robot, robotNamed(c, name));
    Push::RobotMessage m;
    const QJsonObject &o = a.json();
    if (o.contains(QLatin1String("markdown"))) {
        HERALD_ARG(markdown, a.id("markdown"));
        HERALD_ARG(title, a.id("title"));
        m.kind = Push::RobotMessage::Kind::Markdown;
        m.text = markdown;
        m.title = title;
    } else {
        HERALD_ARG(text, a.id("text"));
        m.text = text;
    }
    HERALD_ARG(mobiles, a.idList("at_mobiles"));
    HERALD_ARG(atAll, a.optionalBool("at_all", false));
    m.atMobiles = mobiles;
    m.atAll = atAll;
    if (const std::optional<Fail> f = refused(*robot, m))
        return *f;
    robot->send(m);
    return CommandResult::success({{QLatin1String("robot"), robot->name()}, {QLatin1String("queued"), robot->queued()}});
}

CommandResult listRobots(const CommandContext &c, const Args &)
{
    return CommandResult::success({{QLatin1String("robots"), c.robots ? c.robots->list() : QJsonArray()}});
}

std::variant<QStringList, Fail> mirrorTargets(const CommandContext &c, const Args &a, const QByteArray &text)
{
    HERALD_ARG(names, a.idList("robots"));
    for (const QString &name : names) {
        HERALD_ARG(robot, robotNamed(c, name));
        if (const std::optional<Fail> f = refused(*robot, textMessage(text)))
            return *f;
    }
    return names;
}

void mirror(const CommandContext &c, const QStringList &robots, const QByteArray &text)
{
    for (const QString &name : robots)
        c.robots->find(name)->send(textMessage(text));
}

} // namespace Herald::RobotCommands
