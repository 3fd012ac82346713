#pragma once

#include "api/serverinfo.h"

#include <QAbstractHttpServer>
#include <QHostAddress>

namespace Herald {

class AdminChannel;
class Commands;
class Hub;
struct CommandResult;
struct Metrics;

struct HttpApiSettings {
    QString apiKey;
    bool legacyPublishNeedsKey = true;
    qint64 maxRequestSize = 1024 * 1024;
};

// The backend HTTP API on QtHttpServer: POST /api/<command> (JSON in, JSON out), web-msg-sender's
// form call (type=publish&to=&content=) on any other path, GET /healthz, GET /metrics, and the
// WebSocket upgrade to /admin handed to the admin channel. docs/api.md is its spec.
class HttpApi final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpApi)

public:
    HttpApi(Commands &commands, Hub &hub, Metrics &metrics, AdminChannel &admin, const ServerInfo &info,
            QObject *parent = nullptr);
    ~HttpApi() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;
    void close();
    void setSettings(const HttpApiSettings &settings) { m_settings = settings; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    class Listener;
    bool authorized(const QHttpServerRequest &request, const QByteArray &formKey = {}) const;
    void command(const QString &name, const QHttpServerRequest &request, QTcpSocket *socket);
    void legacyPublish(const QHttpServerRequest &request, QTcpSocket *socket);
    void reply(const QHttpServerRequest &request, QTcpSocket *socket, const CommandResult &result);
    void guardRequestSize(QTcpSocket *socket);

    Commands &m_commands;
    Hub &m_hub;
    Metrics &m_metrics;
    AdminChannel &m_admin;
    const ServerInfo &m_info;
    HttpApiSettings m_settings;
    Listener *m_listener = nullptr;
};

} // namespace Herald
