#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace Herald {

// The writes of one event-loop pass, flushed together as the next pass begins: each socket written to
// gets one send() for all its messages of the pass (a broadcast burst coalesces), and its write
// notifier is switched on and off within the same pass, so the event dispatcher never has to watch it.
// Without this, Qt flushes through the write notifier: one more pass, and an epoll change each way.
class WriteBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WriteBatch)

public:
    explicit WriteBatch(QObject *parent = nullptr) : QObject(parent) {}

    // `socket` had nothing waiting and was just written to: flush it with the others. (With data
    // waiting it is listed already, or waits for the kernel through its write notifier.)
    void add(QTcpSocket *socket);

private:
    void flush();

    QList<QPointer<QTcpSocket>> m_sockets;
    bool m_scheduled = false;
};

} // namespace Herald
