#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

class QJsonValue;
class QTcpSocket;

namespace Herald {

class Commands;
struct Metrics;

// The inner text port: one JSON command per line, one JSON reply per line, the same commands and
// replies as the HTTP API. The first command of a connection is {"cmd":"auth","key":"..."}. With
// legacy push on, it also takes the Workerman push demo's lines (a uid, no cmd) without the key.
class TextPort final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextPort)

public:
    TextPort(Commands &commands, Metrics &metrics, QObject *parent = nullptr);
    ~TextPort() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_server.serverPort(); }
    void close();
    void setApiKey(const QString &key) { m_apiKey = key; }
    void setMaxLineSize(qint64 bytes) { m_maxLine = bytes; }
    void setLegacyPush(bool on) { m_legacyPush = on; }

private:
    struct Connection {
        QByteArray buffer;
        bool authenticated = false;
    };
    void accept();
    void readLines(QTcpSocket *socket);
    QByteArray handleLine(Connection &connection, const QByteArray &line, QTcpSocket *socket);
    QByteArray legacyPush(const QJsonValue &uid, const QByteArray &text, QTcpSocket *socket);

    Commands &m_commands;
    Metrics &m_metrics;
    QTcpServer m_server;
    QString m_apiKey;
    qint64 m_maxLine = 1024 * 1024;
    bool m_legacyPush = false;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace Herald
