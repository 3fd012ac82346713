#pragma once

#include "api/auththrottle.h"
#include "api/doorlimits.h"
#include "api/serverinfo.h"
#include "api/staticfiles.h"
#include "util/dampedlog.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QSslConfiguration>

#include <chrono>
#include <memory>
#include <optional>

namespace Herald {

class AdminChannel;
class ApiKeyStore;
class Cluster;
class Commands;
class Hub;
struct CommandResult;
struct KeyHolder;
struct Metrics;

struct HttpApiSettings {
    bool legacyPublishNeedsKey = true;
    qint64 maxRequestSize = 1024 * 1024;
    DoorLimits limits;
    std::optional<QSslConfiguration> tls; // https:// and wss://…/admin for new connections; none: plain
    QString webRoot; // the files served at / (GET and HEAD); empty: none
};

// The backend HTTP API on QtHttpServer: POST /api/<command> (JSON in, JSON out), web-msg-sender's
// form call (type=publish&to=&content=) on any other path, GET /healthz, GET /metrics, the
// WebSocket upgrade to /admin handed to the admin channel, and with web-root the files under it for
// every other GET and HEAD that is not a form call. docs/api.md is its spec.
class HttpApi final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpApi)

public:
    // `cluster`: this node's part of a cluster, if any (its state shows in /healthz).
    HttpApi(Commands &commands, ApiKeyStore &keys, Hub &hub, Metrics &metrics, AdminChannel &admin,
            const ServerInfo &info, const Cluster *cluster = nullptr, QObject *parent = nullptr);
    ~HttpApi() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;
    void close();
    void setSettings(const HttpApiSettings &settings);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    class Listener;
    void adopt(QTcpSocket *socket);
    void received(QTcpSocket *socket);
    // The holder of the key the request carries (Authorization: Bearer, X-Api-Key, or the form call's key).
    std::optional<KeyHolder> authorized(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &formKey = {});
    void refuseUnauthorized(const QHttpServerRequest &request, QTcpSocket *socket, const QString &what,
                            const QByteArray &body, const QByteArray &mimeType);
    void command(const QString &name, const QHttpServerRequest &request, QTcpSocket *socket);
    void legacyPublish(const QHttpServerRequest &request, QTcpSocket *socket);
    // What an answer needs of its request, taken while QtHttpServer still has the request: the answer
    // may go out later (a command answering later, or one held behind it on a pipelined connection).
    struct Answering {
        std::shared_ptr<QHttpServerResponder> responder;
        bool head = false;   // a HEAD: the headers alone
        bool closes = false; // the connection closes after this answer
        QString from;        // the client's address, for the log
    };
    Answering answering(const QHttpServerRequest &request, QTcpSocket *socket);
    void reply(const QHttpServerRequest &request, QTcpSocket *socket, const CommandResult &result, const QString &what);
    // place: the one held for it on its connection (HttpConnection), 0: the next in line.
    void reply(const Answering &to, QTcpSocket *socket, const CommandResult &result, const QString &what, quint64 place);
    void serveFile(const QHttpServerRequest &request, QTcpSocket *socket);
    void write(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &body, const QByteArray &mimeType,
               int status);
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    void respond(const QHttpServerRequest &request, QTcpSocket *socket, int status, Headers headers, const QByteArray &body);
    void respond(const Answering &to, QTcpSocket *socket, int status, Headers headers, const QByteArray &body, quint64 place);
    void logError(const QHttpServerRequest &request, int status, const QString &what, const QString &message);
    void logError(const QString &from, int status, const QString &what, const QString &message);
    void detach(QTcpSocket *socket);
    void closeWith(QTcpSocket *socket, const QByteArray &response);
    void drop(QTcpSocket *socket, const char *reason, const QString &why);

    Commands &m_commands;
    ApiKeyStore &m_keys;
    Hub &m_hub;
    Metrics &m_metrics;
    AdminChannel &m_admin;
    const ServerInfo &m_info;
    const Cluster *m_cluster;
    HttpApiSettings m_settings;
    StaticFiles m_files;
    Listener *m_listener = nullptr;
    AuthThrottle m_throttle;
    DampedLog m_errors; // every error answer, a few lines a second at most
};

} // namespace Herald
