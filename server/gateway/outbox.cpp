#include "gateway/outbox.h"

namespace Herald {

namespace {

constexpr size_t kSmallCapacity = 64; // entries any list may keep: not worth freeing

template <typename T>
void recycleList(std::vector<T> &list)
{
    const size_t used = list.size();
    list.clear();
    if (list.capacity() > kSmallCapacity && used < list.capacity() / 4) {
        list.shrink_to_fit();
        list.reserve(used);
    }
}

} // namespace

void Outbox::send(Session *session, const QByteArray &text)
{
    // A broadcast hands every recipient the same bytes: they are kept (and framed) once per outbox.
    if (texts.empty() || texts.back().constData() != text.constData() || texts.back().size() != text.size())
        texts.push_back(text);
    steps.push_back({Op::Send, session, qsizetype(texts.size()) - 1});
}

void Outbox::close(Session *session, int code, const QString &reason, const QString &kind)
{
    closes.push_back({code, reason, kind});
    steps.push_back({Op::Close, session, qsizetype(closes.size()) - 1});
}

void Outbox::recycle()
{
    recycleList(steps);
    recycleList(texts);
    recycleList(closes);
}

Outbox OutboxPool::take()
{
    std::lock_guard lock(m_mutex);
    if (m_kept.empty())
        return {};
    Outbox outbox = std::move(m_kept.back());
    m_kept.pop_back();
    return outbox;
}

void OutboxPool::giveBack(Outbox &&outbox)
{
    outbox.recycle(); // outside the lock: it frees the pass's texts
    std::lock_guard lock(m_mutex);
    if (m_kept.size() < kKept)
        m_kept.push_back(std::move(outbox));
}

void OutboxPool::clear()
{
    std::vector<Outbox> kept;
    {
        std::lock_guard lock(m_mutex);
        kept.swap(m_kept);
    }
}

} // namespace Herald
