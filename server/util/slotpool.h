#pragma once

#include <QtGlobal>

#include <new>
#include <utility>
#include <vector>

namespace Herald {

// Objects of one type that live long (a gateway thread's sessions, the hub's client records), packed
// in blocks of their own: made one by one with `new` during a connection storm, each would land between the storm's
// transient blocks, and once those are freed every half-empty page stays resident for its one
// session. Slots are reused; the blocks go back only with the pool (it holds what the most objects
// at once needed). Not thread-safe: one pool per thread. Every object must be destroyed before the
// pool is.
template<typename T>
class SlotPool
{
    Q_DISABLE_COPY_MOVE(SlotPool)

public:
    SlotPool() = default;
    ~SlotPool()
    {
        for (void *block : m_blocks)
            ::operator delete(block);
    }

    template<typename... Args>
    T *create(Args &&...args)
    {
        if (!m_free)
            grow();
        Slot *slot = std::exchange(m_free, m_free->next);
        return new (slot->bytes) T(std::forward<Args>(args)...);
    }

    void destroy(T *object)
    {
        if (!object)
            return;
        object->~T();
        auto *slot = reinterpret_cast<Slot *>(object);
        slot->next = m_free;
        m_free = slot;
    }

private:
    union Slot {
        Slot *next;
        alignas(T) unsigned char bytes[sizeof(T)];
    };
    static constexpr size_t kBlockBytes = 64 * 1024;
    static constexpr size_t kSlotsPerBlock = kBlockBytes / sizeof(Slot) > 0 ? kBlockBytes / sizeof(Slot) : 1;

    void grow()
    {
        auto *block = static_cast<Slot *>(::operator new(kSlotsPerBlock * sizeof(Slot)));
        m_blocks.push_back(block);
        for (size_t i = kSlotsPerBlock; i-- > 0;) {
            block[i].next = m_free;
            m_free = &block[i];
        }
    }

    std::vector<void *> m_blocks;
    Slot *m_free = nullptr;
};

} // namespace Herald
