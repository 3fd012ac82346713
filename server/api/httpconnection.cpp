#include "api/httpconnection.h"

#include "api/connectiontimeouts.h"

#include <QTcpSocket>

namespace Herald {

HttpConnection::HttpConnection(QTcpSocket *socket, const DoorLimits &limits)
    : QObject(socket), m_socket(socket), m_timeouts(new ConnectionTimeouts(limits, this))
{
}

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket->findChild<HttpConnection *>(QString(), Qt::FindDirectChildrenOnly);
}

quint64 HttpConnection::holdPlace()
{
    m_answers.emplace_back(++m_lastPlace, Write());
    return m_lastPlace;
}

void HttpConnection::answer(quint64 place, Write write)
{
    if (place == 0) {
        if (m_answers.empty()) {
            write();
            return;
        }
        m_answers.emplace_back(0, std::move(write));
        return;
    }
    for (auto &[held, waiting] : m_answers) {
        if (held == place)
            waiting = std::move(write);
    }
    // Out go the answers now at the head of the line; one may close the connection.
    while (!m_answers.empty() && m_answers.front().second) {
        const Write next = std::move(m_answers.front().second);
        m_answers.pop_front();
        if (m_socket->state() != QAbstractSocket::ConnectedState) {
            m_answers.clear();
            return;
        }
        next();
    }
}

qint64 HttpConnection::received()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available > m_unread) // a readyRead that QtHttpServer repeats for pipelined requests brings nothing new
        m_received += m_socket->peek(available).sliced(m_unread);
    // QtHttpServer now reads all of it, unless a request ends within it: then takeRequest() says how much
    // is left.
    m_unread = 0;
    return m_received.size() - m_start;
}

QByteArray HttpConnection::takeRequest()
{
    const qint64 left = qMin<qint64>(m_socket->bytesAvailable(), m_received.size() - m_start); // seen already
    qsizetype start = m_start;
    const qsizetype end = m_received.size() - left;
    while (start < end && (m_received[start] == '\r' || m_received[start] == '\n'))
        ++start;
    const QByteArray request = m_received.sliced(start, end - start);
    m_start = end;
    m_unread = left;
    if (m_start > m_received.size() / 2) { // pipelined requests cost a copy of what is left now and then, not each
        m_received.remove(0, m_start);
        m_start = 0;
    }
    return request;
}

} // namespace Herald
