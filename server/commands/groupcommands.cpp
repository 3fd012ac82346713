#include "commands/groupcommands.h"

#include "commands/robotcommands.h"
#include "history/roomhistory.h"

#include <QJsonArray>

namespace Herald::GroupCommands {

CommandResult sendToGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    HERALD_ARG(text, a.message());
    HERALD_ARG(exclude, a.idList("exclude"));
    HERALD_ARG(sender, a.optionalId("sender"));
    HERALD_ARG(robots, RobotCommands::mirrorTargets(c, a, text));
    RobotCommands::mirror(c, robots, text);
    const QString from = sender.isEmpty() ? QStringLiteral("api") : sender;
    return CommandResult::success({{QLatin1String("delivered"), c.hub.sendToGroup(group, text, exclude, from)}});
}

CommandResult joinGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(group, a.id("group"));
    return fromHubStatus(c.clients().joinGroup(id, group), id);
}

CommandResult leaveGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(id, a.id("client_id"));
    HERALD_ARG(group, a.id("group"));
    return fromHubStatus(c.clients().leaveGroup(id, group), id);
}

CommandResult ungroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return CommandResult::success({{QLatin1String("removed"), c.clients().ungroup(group)}});
}

CommandResult getClientIdListByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return CommandResult::success({{QLatin1String("client_ids"), QJsonArray::fromStringList(c.clients().clientIdsInGroup(group))}});
}

CommandResult getClientIdCountByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return countOf(c.clients().groupSize(group));
}

CommandResult getUidListByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return CommandResult::success({{QLatin1String("uids"), QJsonArray::fromStringList(c.clients().uidsInGroup(group))}});
}

CommandResult getUidCountByGroup(const CommandContext &c, const Args &a)
{
    HERALD_ARG(group, a.id("group"));
    return countOf(int(c.clients().uidsInGroup(group).size()));
}

CommandResult getHistory(const CommandContext &c, const Args &a)
{
    constexpr qint64 kMaxLimit = 1000;
    HERALD_ARG(group, a.id("group"));
    HERALD_ARG(since, a.optionalInteger("since", 0, 0, qint64(1) << 53));
    HERALD_ARG(limit, a.optionalInteger("limit", 100, 1, kMaxLimit));
    if (c.hub.historyShared(group)) {
        return CommandResult::failure(501, ApiError::HistoryInRedis,
                                      QStringLiteral("group \"%1\" keeps its history in the cluster's Redis, which getHistory "
                                                     "does not read yet: read the list herald:hist:%1:log there")
                                          .arg(group.left(64)));
    }
    RoomHistory *history = c.hub.history();
    QJsonObject out{{QLatin1String("group"), group}};
    QJsonArray messages;
    const bool on = history && history->covers(group);
    out.insert(QLatin1String("history"), on);
    if (on) {
        const std::optional<Chat::Position> at = history->position(group);
        out.insert(QLatin1String("epoch"), at ? at->epoch : QString());
        out.insert(QLatin1String("offset"), at ? qint64(at->offset) : 0);
        for (const RoomHistory::Entry &e : history->since(group, quint64(since), int(limit))) {
            messages.append(QJsonObject{{QLatin1String("offset"), qint64(e.offset)},
                                        {QLatin1String("time"), e.at},
                                        {QLatin1String("message"), QString::fromUtf8(e.text)}});
        }
    }
    out.insert(QLatin1String("messages"), messages);
    return CommandResult::success(out);
}

} // namespace Herald::GroupCommands
