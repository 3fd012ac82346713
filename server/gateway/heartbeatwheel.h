#pragma once

#include <vector>

namespace Herald {

class Session;

// The sessions of one gateway thread, spread over the slots of a wheel: each tick of the heartbeat
// visits one slot, so a thread pings 1/slots of its clients at a time instead of all of them in one
// pass (a stall every interval), and each client is still visited once an interval. Sessions are
// placed in turn, so the slots stay even; a session knows its place, so taking it out costs no search.
class HeartbeatWheel
{
public:
    explicit HeartbeatWheel(int slotCount = 1);

    // Spreads the sessions over a new number of slots (a reload of the interval).
    void resize(int slotCount);
    int slotCount() const { return int(m_slots.size()); }
    void add(Session *session);
    void remove(Session *session);
    bool contains(Session *session) const;
    int size() const { return m_size; }
    // The sessions of the next slot (a copy: visiting one may take sessions out).
    std::vector<Session *> advance();
    // Every session, in no particular order.
    std::vector<Session *> all() const;

private:
    std::vector<std::vector<Session *>> m_slots;
    int m_nextPlace = 0; // the slot the next session goes to
    int m_nextVisit = 0; // the slot the next tick visits
    int m_size = 0;
};

} // namespace Herald
