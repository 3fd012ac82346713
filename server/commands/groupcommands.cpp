#include "commands/groupcommands.h"

#include "commands/robotcommands.h"
#include "cluster/redishistory.h"
#include "history/historyanswer.h"
#include "history/roomhistory.h"

#include <QJsonArray>

#include <limits>

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

namespace {
struct HistoryQuery {
    QString group;
    quint64 since = 0;
    int limit = 0;
};

std::variant<HistoryQuery, Fail> historyQuery(const Args &a)
{
    constexpr qint64 kMaxLimit = 1000;
    HERALD_ARG(group, a.id("group"));
    HERALD_ARG(since, a.optionalInteger("since", 0, 0, qint64(1) << 53));
    HERALD_ARG(limit, a.optionalInteger("limit", 100, 1, kMaxLimit));
    return HistoryQuery{group, quint64(since), int(limit)};
}
} // namespace

void getHistory(const CommandContext &c, const Args &a, const Commands::Answer &answer)
{
    const std::variant<HistoryQuery, Fail> query = historyQuery(a);
    if (const auto *bad = std::get_if<Fail>(&query)) {
        answer(*bad);
        return;
    }
    const auto &[group, since, limit] = std::get<HistoryQuery>(query);
    if (c.hub.historyShared(group) && c.sharedHistory) {
        c.sharedHistory->read(group, [answer, group, since, limit](const std::optional<StoredHistory> &stored) {
            if (!stored) {
                answer(CommandResult::failure(503, ApiError::HistoryUnavailable,
                                              QStringLiteral("the history of group \"%1\" is in the cluster's Redis, which "
                                                             "cannot be reached now: ask again once it is back")
                                                  .arg(group.left(64))));
                return;
            }
            answer(CommandResult::success(historyAnswer(group, stored, since, limit)));
        });
        return;
    }
    RoomHistory *history = c.hub.history();
    std::optional<StoredHistory> stored;
    if (history && history->covers(group)) {
        const std::optional<Chat::Position> at = history->position(group);
        stored = StoredHistory{at ? at->epoch : QString(), history->since(group, 0, std::numeric_limits<int>::max())};
    }
    answer(CommandResult::success(historyAnswer(group, stored, since, limit)));
}

} // namespace Herald::GroupCommands
