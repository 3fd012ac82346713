#pragma once

// What the server holds as a whole (docs/api.md): every client id, uid and group and how many, and
// the admin channel's listClients (docs/admin-protocol.md): every client with its counters, as the
// console shows it.

#include "commands/command.h"
#include "protocol/adminprotocol.h"

#include <QList>

namespace Herald {

class ClusterDirectory;
struct ClientRecord;

// A client as the admin channel shows it (the snapshot, listClients, the connect event).
Admin::ClientInfo clientInfo(const ClientRecord &record);

namespace ServerCommands {

// Every client, as clientInfo shows it.
QList<Admin::ClientInfo> clientList(const ClusterView &view); // every client of the cluster

CommandResult getAllClientIdCount(const CommandContext &c, const Args &a);
CommandResult getAllClientIdList(const CommandContext &c, const Args &a);
CommandResult getAllUidCount(const CommandContext &c, const Args &a);
CommandResult getAllUidList(const CommandContext &c, const Args &a);
CommandResult getAllGroupCount(const CommandContext &c, const Args &a);
CommandResult getAllGroupIdList(const CommandContext &c, const Args &a);
CommandResult listClients(const CommandContext &c, const Args &a);

} // namespace ServerCommands

} // namespace Herald
