#pragma once

#include "util/dampedlog.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

namespace Herald {

class AcceptGuard;

// A listening TCP socket that hands on each accepted descriptor instead of making a QTcpSocket of it,
// and keeps accepting sanely when the process runs out of descriptors (AcceptGuard).
class TcpListener : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpListener)

public:
    // `name` says which port in the log ("text port").
    TcpListener(const QString &name, DampedLog::Category category, QObject *parent = nullptr);
    ~TcpListener() override;

    void setListenBacklogSize(int size) { m_server.setListenBacklogSize(size); }
    bool listen(const QHostAddress &address, quint16 port);
    void close() { m_server.close(); }
    bool isListening() const { return m_server.isListening(); }
    quint16 serverPort() const { return m_server.serverPort(); }
    QHostAddress serverAddress() const { return m_server.serverAddress(); }
    QString errorString() const { return m_server.errorString(); }

Q_SIGNALS:
    void accepted(qintptr descriptor); // the receiver owns the descriptor

private:
    QString m_name;
    DampedLog::Category m_category;
    QTcpServer m_server;
    AcceptGuard *m_guard = nullptr; // a child of m_server once listening
};

} // namespace Herald
