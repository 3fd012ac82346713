#include "commands/commandtable.h"

#include "commands/clientcommands.h"
#include "commands/devicecommands.h"
#include "commands/groupcommands.h"
#include "commands/servercommands.h"
#include "commands/uidcommands.h"

#include <QHash>

namespace Herald::CommandTable {

namespace {
constexpr Effect Reads = Effect::Reads;
constexpr Effect Changes = Effect::Changes;
constexpr Doors EveryDoor = Doors(Door::Http) | Door::Text | Door::Admin;
constexpr Doors AdminOnly = Door::Admin; // the console's own
} // namespace

// Every command, once. To add one, see docs/architecture.md.
const QList<CommandSpec> &all()
{
    static const QList<CommandSpec> table = {
        {"sendToAll", Changes, EveryDoor, &ClientCommands::sendToAll},
        {"sendToClient", Changes, EveryDoor, &ClientCommands::sendToClient},
        {"sendToUid", Changes, EveryDoor, &UidCommands::sendToUid},
        {"sendToGroup", Changes, EveryDoor, &GroupCommands::sendToGroup},
        {"bindUid", Changes, EveryDoor, &UidCommands::bindUid},
        {"unbindUid", Changes, EveryDoor, &UidCommands::unbindUid},
        {"joinGroup", Changes, EveryDoor, &GroupCommands::joinGroup},
        {"leaveGroup", Changes, EveryDoor, &GroupCommands::leaveGroup},
        {"ungroup", Changes, EveryDoor, &GroupCommands::ungroup},
        {"isOnline", Reads, EveryDoor, &ClientCommands::isOnline},
        {"isUidOnline", Reads, EveryDoor, &UidCommands::isUidOnline},
        {"getAllClientIdCount", Reads, EveryDoor, &ServerCommands::getAllClientIdCount},
        {"getAllClientIdList", Reads, EveryDoor, &ServerCommands::getAllClientIdList},
        {"getAllUidCount", Reads, EveryDoor, &ServerCommands::getAllUidCount},
        {"getAllUidList", Reads, EveryDoor, &ServerCommands::getAllUidList},
        {"getAllGroupCount", Reads, EveryDoor, &ServerCommands::getAllGroupCount},
        {"getAllGroupIdList", Reads, EveryDoor, &ServerCommands::getAllGroupIdList},
        {"getClientIdListByGroup", Reads, EveryDoor, &GroupCommands::getClientIdListByGroup},
        {"getClientIdCountByGroup", Reads, EveryDoor, &GroupCommands::getClientIdCountByGroup},
        {"getUidListByGroup", Reads, EveryDoor, &GroupCommands::getUidListByGroup},
        {"getUidCountByGroup", Reads, EveryDoor, &GroupCommands::getUidCountByGroup},
        {"getClientIdByUid", Reads, EveryDoor, &UidCommands::getClientIdByUid},
        {"getUidByClientId", Reads, EveryDoor, &UidCommands::getUidByClientId},
        {"getSession", Reads, EveryDoor, &UidCommands::getSession},
        {"setSession", Changes, EveryDoor, &UidCommands::setSession},
        {"updateSession", Changes, EveryDoor, &UidCommands::updateSession},
        {"closeClient", Changes, EveryDoor, &ClientCommands::closeClient},
        {"registerDevice", Changes, EveryDoor, &DeviceCommands::registerDevice},
        {"unregisterDevice", Changes, EveryDoor, &DeviceCommands::unregisterDevice},
        {"listDevices", Reads, EveryDoor, &DeviceCommands::listDevices},
        {"getDeviceCount", Reads, EveryDoor, &DeviceCommands::getDeviceCount},
        {"pushToUid", Changes, EveryDoor, &DeviceCommands::pushToUid},
        {"pushToTokens", Changes, EveryDoor, &DeviceCommands::pushToTokens},
        {"pushToAll", Changes, EveryDoor, &DeviceCommands::pushToAll},
        {"getApnsStatus", Reads, EveryDoor, &DeviceCommands::getApnsStatus},
        {"listClients", Reads, AdminOnly, &ServerCommands::listClients},
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

} // namespace Herald::CommandTable
