#pragma once

// The device and APNs commands (docs/api.md): the device registry (registerDevice, unregisterDevice,
// listDevices, getDeviceCount) and Apple push notifications (pushToUid, pushToTokens, pushToAll,
// getApnsStatus). Without APNs credentials (CommandContext::apns null) the push commands say so.

#include "commands/command.h"

namespace Herald::DeviceCommands {

CommandResult registerDevice(const CommandContext &c, const Args &a);
CommandResult unregisterDevice(const CommandContext &c, const Args &a);
CommandResult listDevices(const CommandContext &c, const Args &a);
CommandResult getDeviceCount(const CommandContext &c, const Args &a);

CommandResult pushToUid(const CommandContext &c, const Args &a);
CommandResult pushToTokens(const CommandContext &c, const Args &a);
CommandResult pushToAll(const CommandContext &c, const Args &a);
CommandResult getApnsStatus(const CommandContext &c, const Args &a);

} // namespace Herald::DeviceCommands
