#include "gateway/writebatch.h"

#include "gateway/session.h"

#include <algorithm>

namespace Herald {

namespace {
constexpr qsizetype kKeptJoinedBytes = 1024 * 1024; // a larger join (one client's huge backlog) is not kept
constexpr size_t kKeptPieces = 64 * 1024;           // nor the vectors of a burst larger than this (512 KiB)
} // namespace

WriteBatch::WriteBatch(QObject *parent) : QObject(parent) {}

void WriteBatch::hold(Session *session, Held &held, const QByteArray &frame)
{
    // A broadcast holds the same frame for each recipient in turn: it is kept once. Holding it keeps
    // its storage alive, so a matching pointer really is the same frame.
    if (m_frames.empty() || m_frames.back().constData() != frame.constData() || m_frames.back().size() != frame.size())
        m_frames.push_back(frame);
    const auto piece = qint32(m_pieces.size());
    m_pieces.push_back({qint32(m_frames.size()) - 1, -1});
    if (held.first < 0) {
        held.first = piece;
        schedule(session);
    } else {
        m_pieces[size_t(held.last)].next = piece;
    }
    held.last = piece;
    held.bytes += frame.size();
}

void WriteBatch::schedule(Session *session)
{
    m_sessions.push_back(session);
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &WriteBatch::flush, Qt::QueuedConnection);
}

QByteArrayView WriteBatch::take(Held &held)
{
    if (held.first < 0)
        return {};
    const Piece &first = m_pieces[size_t(held.first)];
    QByteArrayView bytes = m_frames[size_t(first.frame)];
    if (first.next >= 0) {
        m_joined.resize(0); // keeps the capacity
        m_joined.reserve(held.bytes);
        for (qint32 i = held.first; i >= 0; i = m_pieces[size_t(i)].next)
            m_joined.append(QByteArrayView(m_frames[size_t(m_pieces[size_t(i)].frame)]));
        bytes = m_joined;
    }
    held = Held();
    return bytes;
}

void WriteBatch::remove(Session *session)
{
    m_sessions.erase(std::remove(m_sessions.begin(), m_sessions.end(), session), m_sessions.end());
}

void WriteBatch::flush()
{
    m_scheduled = false;
    m_writing.swap(m_sessions); // both keep their capacity from pass to pass
    for (Session *session : m_writing)
        session->flushHeld(); // writing never deletes a session: that happens from the event loop
    m_writing.clear();
    if (!m_sessions.empty())
        return; // held while writing (none of today's paths): their pieces stay for the next flush
    m_frames.clear(); // the frames' storage goes back; the vectors keep their capacity, up to a bound
    m_pieces.clear();
    if (m_pieces.capacity() > kKeptPieces) {
        m_pieces.shrink_to_fit();
        m_frames.shrink_to_fit();
        m_sessions.shrink_to_fit();
        m_writing.shrink_to_fit();
    }
    if (m_joined.capacity() > kKeptJoinedBytes)
        m_joined = QByteArray();
}

} // namespace Herald
