#pragma once

#include "util/tcplistener.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

class QTcpSocket;

namespace Herald {

class Commands;
struct Metrics;

// The inner text port: one JSON command per line, one JSON reply per line, the same commands and
// replies as the HTTP API. The first command of a connection is {"cmd":"auth","key":"..."}.
class TextPort final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextPort)

public:
    TextPort(Commands &commands, Metrics &metrics, QObject *parent = nullptr);
    ~TextPort() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_listener.serverPort(); }
    void close();
    void setApiKey(const QString &key) { m_apiKey = key; }
    void setMaxLineSize(qint64 bytes) { m_maxLine = bytes; }

private:
    struct Connection {
        QByteArray buffer;
        bool authenticated = false;
    };
    void accept(qintptr descriptor);
    void readLines(QTcpSocket *socket);
    QByteArray handleLine(Connection &connection, const QByteArray &line, QTcpSocket *socket);

    Commands &m_commands;
    Metrics &m_metrics;
    TcpListener m_listener;
    QString m_apiKey;
    qint64 m_maxLine = 1024 * 1024;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace Herald
