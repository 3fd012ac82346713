#include "gateway/heartbeatwheel.h"

#include "gateway/session.h"

#include <algorithm>

namespace Herald {

HeartbeatWheel::HeartbeatWheel(int slotCount) : m_slots(size_t(std::max(1, slotCount))) {}

void HeartbeatWheel::resize(int slotCount)
{
    const std::vector<Session *> sessions = all();
    m_slots.assign(size_t(std::max(1, slotCount)), {});
    m_nextPlace = m_nextVisit = m_size = 0;
    for (Session *s : sessions)
        add(s);
}

void HeartbeatWheel::add(Session *session)
{
    std::vector<Session *> &slot = m_slots[size_t(m_nextPlace)];
    session->wheelPlace() = {m_nextPlace, qint32(slot.size())};
    slot.push_back(session);
    m_nextPlace = (m_nextPlace + 1) % int(m_slots.size());
    ++m_size;
}

void HeartbeatWheel::remove(Session *session)
{
    if (!contains(session))
        return;
    Session::WheelPlace &place = session->wheelPlace();
    std::vector<Session *> &slot = m_slots[size_t(place.slot)];
    Session *last = slot.back(); // the last of the slot takes the place of the one leaving
    slot[size_t(place.index)] = last;
    last->wheelPlace().index = place.index;
    slot.pop_back();
    place = {};
    --m_size;
}

bool HeartbeatWheel::contains(Session *session) const
{
    const Session::WheelPlace &place = session->wheelPlace();
    return place.slot >= 0 && place.slot < int(m_slots.size()) && place.index >= 0
           && size_t(place.index) < m_slots[size_t(place.slot)].size()
           && m_slots[size_t(place.slot)][size_t(place.index)] == session;
}

std::vector<Session *> HeartbeatWheel::advance()
{
    std::vector<Session *> visit = m_slots[size_t(m_nextVisit)];
    m_nextVisit = (m_nextVisit + 1) % int(m_slots.size());
    return visit;
}

std::vector<Session *> HeartbeatWheel::all() const
{
    std::vector<Session *> out;
    out.reserve(size_t(m_size));
    for (const std::vector<Session *> &slot : m_slots)
        out.insert(out.end(), slot.begin(), slot.end());
    return out;
}

} // namespace Herald
