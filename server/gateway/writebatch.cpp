#include "gateway/writebatch.h"

#include <QTcpSocket>

namespace Herald {

void WriteBatch::add(QTcpSocket *socket)
{
    m_sockets.append(socket);
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(this, &WriteBatch::flush, Qt::QueuedConnection);
    }
}

void WriteBatch::flush()
{
    m_scheduled = false;
    const QList<QPointer<QTcpSocket>> sockets = std::exchange(m_sockets, {});
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (socket && socket->bytesToWrite() > 0)
            socket->flush(); // what the kernel does not take now goes out through the write notifier
    }
}

} // namespace Herald
