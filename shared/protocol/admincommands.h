#pragma once

// The commands the console sends over the admin channel (the HTTP API's, docs/api.md), built once here
// as Command values, and the parts of their replies it reads. Their arguments and result bodies stay
// open JSON objects inside Command and Result; nothing outside shared/protocol/ writes or reads their
// fields.

#include "protocol/adminprotocol.h"

#include <optional>

namespace Herald::Admin {

// Each returns a Command without an id: whoever sends it numbers it.
Command closeClient(const QString &clientId, const QString &reason, const QString &finalMessage = {});
Command joinGroup(const QString &clientId, const QString &group);
Command leaveGroup(const QString &clientId, const QString &group);
Command bindUid(const QString &clientId, const QString &uid);
Command unbindUid(const QString &clientId);
Command ungroup(const QString &group);
Command sendToClient(const QString &clientId, const QString &message);
Command sendToAll(const QString &message, const QStringList &exclude);
Command sendToGroup(const QString &group, const QString &message, const QStringList &exclude, const QString &sender);
Command sendToUid(const QString &uid, const QString &message, const QStringList &exclude);
Command getSession(const QString &clientId);
Command setSession(const QString &clientId, const QJsonObject &session);
Command listClients();
Command listDevices(const QString &uid);
Command push(const PushRequest &push);
Command listRobots();
// A send… command that also mirrors its message to these group-chat robots (unchanged when none).
Command mirroredToRobots(Command command, const QStringList &robots);

// What a send… command answered: {"delivered":N} (sendToUid adds "online").
struct Delivery {
    int delivered = 0;
    std::optional<bool> online;
};
Delivery deliveryOf(const Result &result);
// getSession's session ({} when it has none).
QJsonObject sessionOf(const Result &result);
// listRobots' robot names, in its order.
QStringList robotNamesOf(const Result &result);

} // namespace Herald::Admin
