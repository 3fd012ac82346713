#include "commands/servercommands.h"

#include "chat/chatsession.h"
#include "cluster/clusterdirectory.h"
#include "protocol/adminprotocol.h"

#include <QJsonArray>

namespace Herald {

Admin::ClientInfo clientInfo(const ClientRecord &r)
{
    Admin::ClientInfo c;
    c.id = r.id;
    c.name = Chat::clientName(r);
    c.uid = r.uid;
    c.rooms = r.groups;
    c.rooms.sort();
    c.address = r.address.toString();
    c.port = r.port;
    c.connectedAt = r.connectedAt;
    c.messagesIn = qint64(r.messagesIn);
    c.bytesIn = qint64(r.bytesIn);
    c.messagesOut = qint64(r.messagesOut);
    c.bytesOut = qint64(r.bytesOut);
    return c;
}

namespace ServerCommands {

QList<Admin::ClientInfo> clientList(const ClusterView &view)
{
    QList<Admin::ClientInfo> clients;
    for (const ClientRecord &r : view.clientRecords())
        clients.append(clientInfo(r));
    return clients;
}

CommandResult getAllClientIdCount(const CommandContext &c, const Args &)
{
    return countOf(c.clients().clientCount());
}

CommandResult getAllClientIdList(const CommandContext &c, const Args &)
{
    return CommandResult::success({{QLatin1String("client_ids"), QJsonArray::fromStringList(c.clients().clientIds())}});
}

CommandResult getAllUidCount(const CommandContext &c, const Args &)
{
    return countOf(c.clients().uidCount());
}

CommandResult getAllUidList(const CommandContext &c, const Args &)
{
    return CommandResult::success({{QLatin1String("uids"), QJsonArray::fromStringList(c.clients().uids())}});
}

CommandResult getAllGroupCount(const CommandContext &c, const Args &)
{
    return countOf(c.clients().groupCount());
}

CommandResult getAllGroupIdList(const CommandContext &c, const Args &)
{
    return CommandResult::success({{QLatin1String("groups"), QJsonArray::fromStringList(c.clients().groups())}});
}

CommandResult listClients(const CommandContext &c, const Args &)
{
    return {200, Admin::clientsReply(clientList(c.clients()))};
}

} // namespace ServerCommands

} // namespace Herald
