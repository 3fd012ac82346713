#include "net/adminclient.h"

#include "protocol/errorcodes.h"

#include <QNetworkRequest>
#include <QSslConfiguration>

namespace Herald::Console {

namespace {
constexpr int kPingMs = 2000;

// A command that never reached the server, or whose answer was lost with the connection.
Admin::Result localFailure(qint64 id, const QString &why)
{
    return {QJsonValue(double(id)), 0, Admin::errorBody(0, why)};
}
// A callback that reads a command's answer with `read` (a shared/protocol reader) and hands `done` the
// typed value, or the error: the server's, or what is wrong with its answer.
template <typename T>
AdminClient::Callback reading(std::variant<T, QString> (*read)(const QJsonObject &),
                              std::function<void(const T &, const QString &)> done)
{
    return [read, done](const Admin::Result &r) {
        if (!done)
            return;
        if (!r.ok()) {
            done({}, r.errorMessage());
            return;
        }
        const std::variant<T, QString> value = read(r.body);
        if (const auto *error = std::get_if<QString>(&value))
            done({}, AdminClient::tr("unexpected answer from the server: %1").arg(*error));
        else
            done(std::get<T>(value), {});
    };
}
} // namespace

QString stateText(AdminClient::State state)
{
    switch (state) {
    case AdminClient::State::Disconnected:
        return AdminClient::tr("Disconnected");
    case AdminClient::State::Connecting:
        return AdminClient::tr("Connecting…");
    case AdminClient::State::Connected:
        return AdminClient::tr("Connected");
    case AdminClient::State::WaitingToReconnect:
        return AdminClient::tr("Reconnecting…");
    }
    return {};
}

AdminClient::AdminClient(QObject *parent) : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &AdminClient::connectSocket);
    m_pingTimer.setInterval(kPingMs);
    connect(&m_pingTimer, &QTimer::timeout, this, &AdminClient::sendPing);
    m_clock.start();

    connect(&m_socket, &QWebSocket::connected, this, &AdminClient::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &AdminClient::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &AdminClient::onText);
    connect(&m_socket, &QWebSocket::sslErrors, this, &AdminClient::onSslErrors);
}

AdminClient::~AdminClient()
{
    m_socket.disconnect(this);
}

void AdminClient::setReconnectDelays(int firstMs, int maxMs)
{
    m_firstDelayMs = firstMs;
    m_maxDelayMs = maxMs;
    m_delayMs = firstMs;
}

void AdminClient::open(const Target &target)
{
    close();
    m_target = target;
    m_wantOpen = true;
    m_stopRetrying = false;
    m_delayMs = m_firstDelayMs;
    connectSocket();
}

void AdminClient::close()
{
    m_wantOpen = false;
    m_reconnectTimer.stop();
    m_pingTimer.stop();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.close();
    setState(State::Disconnected);
}

void AdminClient::connectSocket()
{
    setState(State::Connecting);
    m_welcomed = false;
    QNetworkRequest request(m_target.url);
    request.setRawHeader("Authorization", "Bearer " + m_target.token.toUtf8());
    if (m_target.url.scheme() == u"wss") {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_target.caFile.isEmpty() && !ssl.addCaCertificates(m_target.caFile)) {
            m_stopRetrying = true;
            fail(Failure::Certificate, tr("cannot read CA certificates from %1").arg(m_target.caFile));
            setState(State::Disconnected);
            return;
        }
        m_socket.setSslConfiguration(ssl);
    }
    m_socket.open(request);
}

void AdminClient::onConnected()
{
    m_pingTimer.start();
}

void AdminClient::onDisconnected()
{
    m_pingTimer.stop();
    failPending(tr("connection closed"));
    if (!m_wantOpen) { // closed on purpose (close(), or open() moving to another server): nothing failed
        m_welcomed = false;
        setState(State::Disconnected);
        return;
    }
    const bool welcomed = std::exchange(m_welcomed, false);
    const bool retrying = m_autoReconnect && !m_stopRetrying;
    // The state first: whoever hears of the failure knows whether another attempt follows.
    if (retrying)
        scheduleReconnect();
    else
        setState(State::Disconnected);
    if (m_stopRetrying) // the reason was given when it was decided
        return;
    if (welcomed)
        fail(Failure::ConnectionLost, m_socket.closeReason().isEmpty()
                                          ? tr("connection to the server lost")
                                          : tr("the server closed the connection: %1").arg(m_socket.closeReason()));
    else
        fail(Failure::Unreachable, tr("cannot reach %1: %2").arg(m_target.url.toDisplayString(), m_socket.errorString()));
}

void AdminClient::scheduleReconnect()
{
    setState(State::WaitingToReconnect);
    m_reconnectTimer.start(m_delayMs);
    m_delayMs = qMin(m_delayMs * 2, m_maxDelayMs);
}

void AdminClient::onSslErrors(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &e : errors)
        texts.append(e.errorString());
    // Never ignored: the socket aborts, and retrying cannot fix a certificate.
    m_stopRetrying = true;
    fail(Failure::Certificate, tr("certificate problem with %1: %2").arg(m_target.url.host(), texts.join(QStringLiteral("; "))));
}

void AdminClient::onText(const QString &text)
{
    handle(Admin::decode(text.toUtf8()));
}

void AdminClient::handle(const Admin::Message &message)
{
    if (const auto *hello = std::get_if<Admin::Hello>(&message)) {
        m_hello = *hello;
        m_welcomed = true;
        m_delayMs = m_firstDelayMs;
        setState(State::Connected);
        Q_EMIT helloReceived(m_hello);
        for (const QString &room : std::as_const(m_tailed))
            m_socket.sendTextMessage(QString::fromUtf8(Admin::encodeSubscribe(QJsonValue(), room, true)));
    } else if (const auto *snapshot = std::get_if<Admin::Snapshot>(&message)) {
        m_server = snapshot->server;
        Q_EMIT snapshotReceived(*snapshot);
    } else if (const auto *events = std::get_if<Admin::Events>(&message)) {
        Q_EMIT eventsReceived(events->events);
        for (const Admin::Event &e : events->events) {
            if (e.kind == Admin::EventKind::Apns)
                Q_EMIT apnsResultReceived({QString::number(e.pushId), e.token, Apns::fromAdmin(e.result)});
        }
    } else if (const auto *stats = std::get_if<Admin::StatsUpdate>(&message)) {
        Q_EMIT statsReceived(stats->stats);
    } else if (const auto *traffic = std::get_if<Admin::Traffic>(&message)) {
        Q_EMIT trafficReceived(traffic->messages, traffic->dropped);
    } else if (const auto *nodes = std::get_if<Admin::Nodes>(&message)) {
        Q_EMIT nodesReceived(nodes->nodes);
    } else if (const auto *result = std::get_if<Admin::Result>(&message)) {
        if (result->id.isDouble()) {
            const qint64 id = qint64(result->id.toDouble());
            const Callback done = m_pending.take(id);
            if (done)
                done(*result);
            Q_EMIT commandFinished(id, *result);
        }
    } else if (const auto *pong = std::get_if<Admin::Pong>(&message)) {
        m_latencyMs = int(m_clock.elapsed() - qint64(pong->id.toDouble()));
        Q_EMIT latencyChanged(m_latencyMs);
    } else if (const auto *error = std::get_if<Admin::ServerError>(&message)) {
        if (!m_welcomed && error->code == int(ApiError::Unauthorized)) {
            m_stopRetrying = true;
            fail(Failure::WrongToken, tr("the server refused the token (%1)").arg(error->message));
        } else {
            fail(Failure::Protocol, error->message);
        }
    } else if (const auto *bad = std::get_if<Admin::DecodeError>(&message)) {
        fail(Failure::Protocol, tr("unexpected message from the server: %1").arg(bad->message));
    }
}

qint64 AdminClient::command(Admin::Command command, Callback done)
{
    const qint64 id = m_nextId++;
    if (m_state != State::Connected) {
        const Admin::Result result = localFailure(id, tr("not connected"));
        QMetaObject::invokeMethod(this, [this, id, result, done] {
            if (done)
                done(result);
            Q_EMIT commandFinished(id, result);
        }, Qt::QueuedConnection);
        return id;
    }
    m_pending.insert(id, std::move(done));
    command.id = QJsonValue(double(id));
    m_socket.sendTextMessage(QString::fromUtf8(Admin::encode(command)));
    return id;
}

qint64 AdminClient::command(const QString &cmd, const QJsonObject &args, Callback done)
{
    return command(Admin::Command{QJsonValue(QJsonValue::Undefined), cmd, args, {}}, std::move(done));
}

qint64 AdminClient::push(const ServerPush &push, PushCallback done)
{
    return command(Admin::push(pushRequest(push)), [done](const Admin::Result &r) {
        if (done)
            done(r.ok() ? Admin::pushIdsOf(r.body) : QStringList(), r.ok() ? QString() : r.errorMessage());
    });
}

qint64 AdminClient::listDevices(const QString &uid, DevicesCallback done)
{
    return command(Admin::listDevices(uid), reading<QList<Admin::Device>>(&Admin::devicesOf, std::move(done)));
}

qint64 AdminClient::listApiKeys(KeysCallback done)
{
    return command(Admin::listApiKeys(), reading<QList<Admin::ApiKey>>(&Admin::apiKeysOf, std::move(done)));
}

qint64 AdminClient::createApiKey(const QString &name, const QString &scope, NewKeyCallback done)
{
    return command(Admin::createApiKey(name, scope), reading<Admin::NewApiKey>(&Admin::newApiKeyOf, std::move(done)));
}

qint64 AdminClient::auditLog(const Admin::AuditQuery &query, AuditCallback done)
{
    return command(Admin::getAuditLog(query), reading<QList<Admin::AuditEntry>>(&Admin::auditLogOf, std::move(done)));
}

void AdminClient::subscribe(const QString &room)
{
    m_tailed.insert(room);
    if (m_state == State::Connected)
        m_socket.sendTextMessage(QString::fromUtf8(Admin::encodeSubscribe(QJsonValue(), room, true)));
}

void AdminClient::unsubscribe(const QString &room)
{
    m_tailed.remove(room);
    if (m_state == State::Connected)
        m_socket.sendTextMessage(QString::fromUtf8(Admin::encodeSubscribe(QJsonValue(), room, false)));
}

void AdminClient::sendPing()
{
    if (m_welcomed)
        m_socket.sendTextMessage(QString::fromUtf8(Admin::encodePing(QJsonValue(double(m_clock.elapsed())))));
}

void AdminClient::failPending(const QString &why)
{
    const QHash<qint64, Callback> pending = std::exchange(m_pending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const Admin::Result result = localFailure(it.key(), why);
        if (it.value())
            it.value()(result);
        Q_EMIT commandFinished(it.key(), result);
    }
}

void AdminClient::fail(Failure failure, const QString &message)
{
    Q_EMIT errorOccurred(failure, message);
}

void AdminClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace Herald::Console
