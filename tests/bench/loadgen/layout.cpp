#include "layout.h"

#include "options.h"

#include <algorithm>
#include <cmath>

namespace Loadgen {

Layout Layout::build(const Options &o, int clients, int rooms)
{
    Layout l;
    l.rooms = std::max(1, rooms);
    l.publishersPerRoom = o.via == "say" ? o.publishersPerRoom : 1;
    l.healthyPerRoom.assign(size_t(l.rooms), 0);
    l.perNode.assign(std::max<size_t>(1, o.targets.size()), 0);
    l.sourceAddresses = o.sourceAddresses >= 0 ? o.sourceAddresses : (clients > 20000 ? (clients + 9999) / 10000 : 0);
    const int slowEvery = o.slowFraction > 0 ? std::max(2, int(std::lround(1.0 / o.slowFraction))) : 0;
    l.clients.resize(size_t(clients));
    for (int i = 0; i < clients; ++i) {
        ClientSpec &c = l.clients[size_t(i)];
        c.index = uint32_t(i);
        c.room = uint32_t(i % l.rooms);
        const int rank = i / l.rooms; // position in the room
        if (o.via == "say" && rank < l.publishersPerRoom)
            c.slot = rank;
        c.slow = slowEvery && c.slot < 0 && i % slowEvery == slowEvery - 1;
        c.node = uint32_t(rank) % uint32_t(l.perNode.size());
        ++l.perNode[c.node];
        if (l.sourceAddresses > 0)
            c.sourceAddr = (127u << 24) | uint32_t(1 + i % l.sourceAddresses);
        if (!c.slow)
            ++l.healthyPerRoom[c.room];
    }
    return l;
}

} // namespace Loadgen
