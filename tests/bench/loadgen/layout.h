#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace Loadgen {

struct Options;

// One client of the run: which room it logs into, whether it publishes, whether it stops reading.
struct ClientSpec {
    uint32_t index = 0;
    uint32_t room = 0;
    int32_t slot = -1;        // publisher slot in its room (--via say), -1: does not publish
    bool slow = false;        // stops reading after its login answer
    bool churn = false;       // a short-lived client of the churn room
    uint32_t sourceAddr = 0;  // host-order 127.0.0.x to bind() before connect(); 0: none
    uint32_t node = 0;        // which of Options::targets it connects to
};

// Who is where, shared read-only by every thread.
struct Layout {
    std::vector<ClientSpec> clients;
    int rooms = 1;
    int publishersPerRoom = 1;  // sequence slots 0..K-1 are room publishers, slot K the uid publisher
    std::vector<uint32_t> healthyPerRoom; // members that read (the deliveries a room publish makes)
    int sourceAddresses = 0;
    std::vector<uint32_t> perNode;        // clients connecting to each of Options::targets

    uint32_t slots() const { return uint32_t(publishersPerRoom) + 1; }
    uint32_t uidSlot() const { return uint32_t(publishersPerRoom); }
    static std::string roomName(uint32_t room) { return "r" + std::to_string(room); }
    static std::string clientName(uint32_t index) { return "c" + std::to_string(index); }
    static std::string uidOf(uint32_t index) { return "u" + std::to_string(index); }
    static const char *churnRoom() { return "churn"; }

    // clients spread round-robin over rooms, and each room's members round-robin over the nodes (so that
    // every room spans every node); the first K of each room publish (--via say; one virtual API
    // publisher per room otherwise); every 1/slowFraction-th non-publisher is slow.
    static Layout build(const Options &options, int clients, int rooms);
};

} // namespace Loadgen
