#pragma once

#include "hub/clientrecord.h"

#include <QLatin1String>

// Where workerman-chat keeps a client's state: in the client's session map, under the keys GatewayWorker's
// chat uses, so that a backend reading a session sees what it would see with GatewayWorker.
namespace Herald::Chat {

inline constexpr QLatin1String kNameKey("client_name"); // escaped, as the room sees it
inline constexpr QLatin1String kRoomKey("room_id");

// The name the client logged in with; empty before it logged in.
inline QString clientName(const ClientRecord &record)
{
    return record.session.string(kNameKey);
}

// The room the client is in; empty before it logged in.
inline QString roomOf(const ClientRecord &record)
{
    return record.session.string(kRoomKey);
}

} // namespace Herald::Chat
