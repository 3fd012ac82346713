#pragma once

#include "api/doorlimits.h"

#include <QByteArray>
#include <QObject>

#include <deque>
#include <functional>
#include <utility>

class QTcpSocket;

namespace Herald {

class ConnectionTimeouts;

// What the HTTP API keeps of one connection, a child of its socket: the bytes of the request being
// received, seen on each readyRead before QtHttpServer reads them (so that the API can check the
// request's size as it grows, and its request line and chunked body once it is whole), whether the
// connection closes after the answer, the answers waiting for one that comes later, and its clocks.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    HttpConnection(QTcpSocket *socket, const DoorLimits &limits);
    static HttpConnection *of(QTcpSocket *socket);

    // Before QtHttpServer reads: takes in the bytes that arrived; returns the size of the request so far
    // (with the requests pipelined after it).
    qint64 received();
    // When QtHttpServer has read a request whole: its bytes, as received (leading empty lines dropped).
    QByteArray takeRequest();

    // Answers go out in the order of their requests (HTTP/1.1 pipelining): a place held for an answer
    // that comes later holds back the answers after it. `write` writes one answer to the socket.
    using Write = std::function<void()>;
    quint64 holdPlace();
    void answer(quint64 place, Write write); // place 0: the next in line, written now if nothing is held
    bool holdsAnswers() const { return !m_answers.empty(); }

    ConnectionTimeouts &timeouts() { return *m_timeouts; }
    bool closesAfterAnswer() const { return m_closesAfterAnswer; }
    void setClosesAfterAnswer(bool closes) { m_closesAfterAnswer = closes; }

private:
    QTcpSocket *m_socket;
    QByteArray m_received; // what arrived, from m_start on: the request being received and any after it
    qsizetype m_start = 0;
    qint64 m_unread = 0;   // bytes at the end of m_received that QtHttpServer has not read yet
    ConnectionTimeouts *m_timeouts;
    bool m_closesAfterAnswer = false;
    std::deque<std::pair<quint64, Write>> m_answers; // held places, and the answers waiting behind them
    quint64 m_lastPlace = 0;
};

} // namespace Herald
