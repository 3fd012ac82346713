#include "commands/commandtable.h"

#include "commands/clientcommands.h"
#include "commands/devicecommands.h"
#include "commands/groupcommands.h"
#include "commands/keycommands.h"
#include "commands/robotcommands.h"
#include "commands/servercommands.h"
#include "commands/uidcommands.h"

#include <QHash>

namespace Herald {

bool allows(Scope scope, Need need)
{
    switch (scope) {
    case Scope::Full: return true;
    case Scope::Read: return need == Need::Query;
    case Scope::Push: return need == Need::Send;
    }
    return false;
}

namespace CommandTable {

namespace {
constexpr Effect Reads = Effect::Reads;
constexpr Effect Changes = Effect::Changes;
constexpr Need Query = Need::Query;
constexpr Need Send = Need::Send;
constexpr Need Manage = Need::Manage;
constexpr Doors EveryDoor = Doors(Door::Http) | Door::Text | Door::Admin;
constexpr Doors AdminOnly = Door::Admin; // the console's own
} // namespace

// Every command, once. To add one, see docs/architecture.md.
const QList<CommandSpec> &all()
{
    static const QList<CommandSpec> table = {
        {"sendToAll", Changes, Send, EveryDoor, &ClientCommands::sendToAll},
        {"sendToClient", Changes, Send, EveryDoor, &ClientCommands::sendToClient},
        {"sendToUid", Changes, Send, EveryDoor, &UidCommands::sendToUid},
        {"sendToGroup", Changes, Send, EveryDoor, &GroupCommands::sendToGroup},
        {"bindUid", Changes, Send, EveryDoor, &UidCommands::bindUid},
        {"unbindUid", Changes, Send, EveryDoor, &UidCommands::unbindUid},
        {"joinGroup", Changes, Send, EveryDoor, &GroupCommands::joinGroup},
        {"leaveGroup", Changes, Send, EveryDoor, &GroupCommands::leaveGroup},
        {"ungroup", Changes, Send, EveryDoor, &GroupCommands::ungroup},
        {"isOnline", Reads, Query, EveryDoor, &ClientCommands::isOnline},
        {"isUidOnline", Reads, Query, EveryDoor, &UidCommands::isUidOnline},
        {"getAllClientIdCount", Reads, Query, EveryDoor, &ServerCommands::getAllClientIdCount},
        {"getAllClientIdList", Reads, Query, EveryDoor, &ServerCommands::getAllClientIdList},
        {"getAllUidCount", Reads, Query, EveryDoor, &ServerCommands::getAllUidCount},
        {"getAllUidList", Reads, Query, EveryDoor, &ServerCommands::getAllUidList},
        {"getAllGroupCount", Reads, Query, EveryDoor, &ServerCommands::getAllGroupCount},
        {"getAllGroupIdList", Reads, Query, EveryDoor, &ServerCommands::getAllGroupIdList},
        {"getClientIdListByGroup", Reads, Query, EveryDoor, &GroupCommands::getClientIdListByGroup},
        {"getClientIdCountByGroup", Reads, Query, EveryDoor, &GroupCommands::getClientIdCountByGroup},
        {"getUidListByGroup", Reads, Query, EveryDoor, &GroupCommands::getUidListByGroup},
        {"getUidCountByGroup", Reads, Query, EveryDoor, &GroupCommands::getUidCountByGroup},
        {"getHistory", Reads, Query, EveryDoor, nullptr, &GroupCommands::getHistory},
        {"getClientIdByUid", Reads, Query, EveryDoor, &UidCommands::getClientIdByUid},
        {"getUidByClientId", Reads, Query, EveryDoor, &UidCommands::getUidByClientId},
        {"getSession", Reads, Query, EveryDoor, &UidCommands::getSession},
        {"setSession", Changes, Send, EveryDoor, &UidCommands::setSession},
        {"updateSession", Changes, Send, EveryDoor, &UidCommands::updateSession},
        {"closeClient", Changes, Send, EveryDoor, &ClientCommands::closeClient},
        {"registerDevice", Changes, Send, EveryDoor, &DeviceCommands::registerDevice},
        {"unregisterDevice", Changes, Send, EveryDoor, &DeviceCommands::unregisterDevice},
        {"listDevices", Reads, Query, EveryDoor, &DeviceCommands::listDevices},
        {"getDeviceCount", Reads, Query, EveryDoor, &DeviceCommands::getDeviceCount},
        {"pushToUid", Changes, Send, EveryDoor, &DeviceCommands::pushToUid},
        {"pushToTokens", Changes, Send, EveryDoor, &DeviceCommands::pushToTokens},
        {"pushToAll", Changes, Send, EveryDoor, &DeviceCommands::pushToAll},
        {"getApnsStatus", Reads, Query, EveryDoor, &DeviceCommands::getApnsStatus},
        {"createApiKey", Changes, Manage, EveryDoor, &KeyCommands::createApiKey},
        {"listApiKeys", Reads, Manage, EveryDoor, &KeyCommands::listApiKeys},
        {"revokeApiKey", Changes, Manage, EveryDoor, &KeyCommands::revokeApiKey},
        {"getAuditLog", Reads, Manage, EveryDoor, &KeyCommands::getAuditLog},
        {"sendToRobot", Changes, Send, EveryDoor, &RobotCommands::sendToRobot},
        {"listRobots", Reads, Query, EveryDoor, &RobotCommands::listRobots},
        {"listClients", Reads, Query, AdminOnly, &ServerCommands::listClients},
    };
    return table;
}

const CommandSpec *find(const QString &name)
{
    static const QHash<QString, const CommandSpec *> index = [] {
        QHash<QString, const CommandSpec *> out;
        for (const CommandSpec &spec : all())
            out.insert(QLatin1String(spec.name), &spec);
        return out;
    }();
    return index.value(name);
}

} // namespace CommandTable

} // namespace Herald
