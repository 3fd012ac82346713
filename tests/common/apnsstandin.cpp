#include "apnsstandin.h"

#include "apnsstandinauth.h"
#include "apnsstandinchecks.h"
#include "apnsstandinconnection.h"

#include <QDateTime>
#include <QFile>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QUuid>

#include <chrono>

namespace HeraldTest {

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

QByteArray deviceTokenOf(const ApnsStandInStream &stream)
{
    static const QByteArray prefix = QByteArrayLiteral("/3/device/");
    for (const auto &[name, value] : stream.headers) {
        if (name == ":path")
            return value.startsWith(prefix) ? value.mid(prefix.size()).toLower() : QByteArray();
    }
    return {};
}

QList<ApnsTokenVerifier::Key> verifierKeys(const ApnsStandIn::Config &config)
{
    QList<ApnsTokenVerifier::Key> keys;
    for (const ApnsStandIn::SigningKey &k : config.signingKeys) {
        const bool here = config.environment == ApnsStandIn::Environment::Sandbox ? k.sandbox : k.production;
        keys.append({k.keyId, k.teamId, k.publicKeyPem, k.topics, here});
    }
    return keys;
}

// What Apple's front end answers when something behind it fails: an HTML page, not the JSON APNs documents.
const QByteArray kHtml500 = QByteArrayLiteral("<html><head><title>500 Internal Server Error</title></head>"
                                              "<body><h1>Internal Server Error</h1></body></html>");

} // namespace

QByteArray ApnsRequestRecord::header(const QByteArray &name) const
{
    for (const auto &[n, v] : headers) {
        if (n == name)
            return v;
    }
    return {};
}

ApnsStandIn::Config ApnsStandIn::configFor(Environment environment, const QString &certificateFile, const QString &keyFile,
                                           const SigningKey &key)
{
    Config config;
    config.certificate = QSslCertificate(readFile(certificateFile));
    config.privateKey = QSslKey(readFile(keyFile), QSsl::Ec);
    config.environment = environment;
    config.signingKeys.append(key);
    return config;
}

ApnsStandIn::SigningKey ApnsStandIn::signingKey(const QString &keyId, const QString &teamId, const QString &publicKeyFile,
                                                const QStringList &topics)
{
    SigningKey key;
    key.keyId = keyId.toLatin1();
    key.teamId = teamId.toLatin1();
    key.publicKeyPem = readFile(publicKeyFile);
    key.topics = topics;
    return key;
}

ApnsStandIn::ApnsStandIn(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_tokens(std::make_unique<ApnsTokenVerifier>(verifierKeys(m_config)))
    , m_checker(std::make_unique<ApnsRequestChecker>(m_config.environment, *m_tokens))
    , m_startNs(monotonicNs())
{
    qRegisterMetaType<HeraldTest::ApnsRequestRecord>();
    if (!m_config.clientCaCertificates.isEmpty())
        m_clientCa = std::make_unique<ApnsClientCertificateVerifier>(m_config.clientCaCertificates);
}

ApnsStandIn::~ApnsStandIn()
{
    // Connections are children; their sockets must not call back into a half-destroyed stand-in.
    for (ApnsStandInConnection *c : std::as_const(m_connections))
        c->disconnect(this);
    qDeleteAll(m_connections);
    m_connections.clear();
}

bool ApnsStandIn::listen(quint16 port)
{
    if (!m_tokens->keyProblem().isEmpty()) {
        m_error = m_tokens->keyProblem();
        return false;
    }
    if (m_config.certificate.isNull() || m_config.privateKey.isNull()) {
        m_error = QStringLiteral("the stand-in needs a server certificate and its private key");
        return false;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(m_config.certificate);
    tls.setPrivateKey(m_config.privateKey);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setAllowedNextProtocols({QByteArrayLiteral("h2")});
    if (m_clientCa) {
        tls.setCaCertificates(m_config.clientCaCertificates);
        tls.setPeerVerifyMode(m_config.requireClientCertificate ? QSslSocket::VerifyPeer : QSslSocket::QueryPeer);
    } else {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    m_server = new QSslServer(this);
    m_server->setSslConfiguration(tls);
    m_server->setHandshakeTimeout(10000);
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *tcp = m_server->nextPendingConnection()) {
            auto *socket = qobject_cast<QSslSocket *>(tcp);
            if (socket->isEncrypted())
                onEncrypted(socket);
            else
                connect(socket, &QSslSocket::encrypted, this, [this, socket] { onEncrypted(socket); });
        }
    });
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 ApnsStandIn::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

void ApnsStandIn::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 ApnsStandIn::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 ApnsStandIn::elapsedNs() const
{
    return monotonicNs() - m_startNs;
}

void ApnsStandIn::registerToken(const QByteArray &token, const QString &topic)
{
    m_checker->registerToken(token, topic);
}

void ApnsStandIn::markUnregistered(const QByteArray &token, qint64 timestampMs)
{
    m_checker->markUnregistered(token, timestampMs);
}

void ApnsStandIn::markExpired(const QByteArray &token)
{
    m_checker->markExpired(token, now());
}

void ApnsStandIn::addFault(const ApnsFault &fault)
{
    ApnsFault f = fault;
    f.deviceToken = f.deviceToken.toLower();
    m_faults.append(f);
}

void ApnsStandIn::respond(int status, const QByteArray &reason, int count)
{
    ApnsFault f;
    f.status = status;
    f.reason = reason;
    f.count = count;
    addFault(f);
}

void ApnsStandIn::goAway(const QByteArray &data, quint32 errorCode, int answerFirst)
{
    ApnsFault f;
    f.kind = ApnsFault::Kind::GoAway;
    f.goAwayData = data;
    f.goAwayErrorCode = errorCode;
    f.answerFirst = answerFirst;
    addFault(f);
}

void ApnsStandIn::status500NonJson(int count)
{
    ApnsFault f;
    f.kind = ApnsFault::Kind::Status500NonJson;
    f.count = count;
    addFault(f);
}

void ApnsStandIn::tooManyRequests(int count)
{
    respond(429, QByteArrayLiteral("TooManyRequests"), count);
}

void ApnsStandIn::hang(int count)
{
    ApnsFault f;
    f.kind = ApnsFault::Kind::Hang;
    f.count = count;
    addFault(f);
}

void ApnsStandIn::dropConnection()
{
    ApnsFault f;
    f.kind = ApnsFault::Kind::DropConnection;
    addFault(f);
}

void ApnsStandIn::goAwayAll(const QByteArray &data)
{
    for (ApnsStandInConnection *c : std::as_const(m_connections))
        c->goAway(data, NGHTTP2_NO_ERROR);
}

void ApnsStandIn::onEncrypted(QSslSocket *socket)
{
    ApnsConnectionAuth auth;
    if (socket->sslConfiguration().nextNegotiatedProtocol() != "h2") {
        socket->abort(); // Apple speaks HTTP/2 only
        return;
    }
    const QSslCertificate peer = socket->peerCertificate();
    if (!peer.isNull() && m_clientCa) {
        // Apple ends the handshake on a certificate it does not trust; with QueryPeer Qt left it to us.
        if (!m_clientCa->verify(socket->peerCertificateChain()).isEmpty()) {
            socket->abort();
            return;
        }
        auth.hasCertificate = true;
        auth.certificate = ApnsCertificateInfo::fromCertificate(peer);
    }
    const quint32 full = m_config.maxConcurrentStreams;
    // Token authentication: one stream until the first token was accepted (Apple's documented behaviour).
    const quint32 initial = m_config.oneStreamUntilAuthenticated && !auth.hasCertificate ? 1 : full;
    auto *connection = new ApnsStandInConnection(this, socket, m_connectionsAccepted++, std::move(auth));
    connection->setParent(this);
    m_connections.append(connection);
    connect(connection, &ApnsStandInConnection::closed, this, [this, connection] { onDisconnected(connection); },
            Qt::QueuedConnection);
    if (!connection->start(initial, full, m_config.idleTimeoutMs)) {
        socket->abort();
        return;
    }
    emit connectionCountChanged(int(m_connections.size()));
    if (!m_goAwayOnConnect.isEmpty())
        connection->goAway(m_goAwayOnConnect, NGHTTP2_NO_ERROR);
}

void ApnsStandIn::onDisconnected(ApnsStandInConnection *connection)
{
    if (!m_connections.removeOne(connection))
        return;
    connection->deleteLater();
    emit connectionCountChanged(int(m_connections.size()));
}

void ApnsStandIn::streamsOpen(int open)
{
    m_maxConcurrentStreams = qMax(m_maxConcurrentStreams, open); // on one connection
}

void ApnsStandIn::handleRequest(ApnsStandInConnection *connection, ApnsStandInStream *stream)
{
    ++m_requestCount;
    ApnsRequestRecord r;
    r.headers = stream->headers;
    r.method = r.header(QByteArrayLiteral(":method"));
    r.path = r.header(QByteArrayLiteral(":path"));
    r.body = stream->body;
    r.connectionIndex = connection->index();
    r.streamId = stream->id;
    r.arrivalMs = stream->arrivalMs;
    r.arrivalNs = stream->arrivalNs;
    if (connection->auth().hasCertificate)
        r.certificateTopics = connection->auth().certificate.topics;

    if (connection->goingAway() || m_refuseEveryStream) { // not processed: the client may send it again
        connection->refuse(stream);
        record(std::move(r));
        return;
    }
    if (applyFault(connection, stream, r))
        return;
    const ApnsAnswer verdict = m_checker->check(*stream, connection->auth(), now(), r);
    if (connection->auth().tokenAccepted)
        connection->raiseMaxStreams();
    answer(connection, stream, r, verdict);
}

bool ApnsStandIn::applyFault(ApnsStandInConnection *connection, ApnsStandInStream *stream, ApnsRequestRecord &r)
{
    if (m_faults.isEmpty())
        return false;
    const QByteArray token = deviceTokenOf(*stream);
    const auto it = std::find_if(m_faults.begin(), m_faults.end(),
                                 [&](const ApnsFault &f) { return f.deviceToken.isEmpty() || f.deviceToken == token; });
    if (it == m_faults.end())
        return false;
    const ApnsFault fault = *it;
    if (fault.kind == ApnsFault::Kind::GoAway || --it->count <= 0)
        m_faults.erase(it);

    switch (fault.kind) {
    case ApnsFault::Kind::Respond:
        answer(connection, stream, r, ApnsAnswer{fault.status, fault.reason, fault.status == 410 ? now() : -1});
        return true;
    case ApnsFault::Kind::Status500NonJson:
        answer(connection, stream, r, ApnsAnswer{500, {}, -1}, true);
        return true;
    case ApnsFault::Kind::Hang:
        record(std::move(r)); // never answered
        return true;
    case ApnsFault::Kind::DropConnection:
        record(std::move(r));
        connection->drop();
        return true;
    case ApnsFault::Kind::GoAway:
        if (fault.answerFirst <= 0) { // this request is not processed: GOAWAY names the stream before it
            connection->refuse(stream);
            connection->goAway(fault.goAwayData, fault.goAwayErrorCode);
            record(std::move(r));
            return true;
        }
        connection->goAwayAfter(fault.answerFirst, fault.goAwayData, fault.goAwayErrorCode);
        return false; // answered as usual, and the GOAWAY follows the answers
    }
    return false;
}

void ApnsStandIn::answer(ApnsStandInConnection *connection, ApnsStandInStream *stream, ApnsRequestRecord &r,
                         const ApnsAnswer &answer, bool html)
{
    QByteArray apnsId = r.header(QByteArrayLiteral("apns-id"));
    if (apnsId.isEmpty() || !ApnsRequestChecker::isCanonicalLowerUuid(apnsId))
        apnsId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    // Apple sends apns-unique-id only in the development (sandbox) environment.
    const QByteArray uniqueId = m_config.environment == Environment::Sandbox
        ? QUuid::createUuid().toByteArray(QUuid::WithoutBraces)
        : QByteArray();
    QByteArray body;
    if (html) {
        body = kHtml500;
    } else if (answer.status != 200) {
        body = "{\"reason\":\"" + answer.reason + '"';
        if (answer.status == 410 && answer.timestampMs >= 0)
            body += ",\"timestamp\":" + QByteArray::number(answer.timestampMs);
        body += '}';
    }
    connection->submitAnswer(stream, answer.status, apnsId, uniqueId, body, html);
    ++m_responsesByStatus[answer.status];
    r.status = answer.status;
    r.reason = answer.reason;
    r.apnsId = apnsId;
    record(std::move(r));
}

void ApnsStandIn::record(ApnsRequestRecord &&r)
{
    if (m_config.recordLimit != 0) {
        if (m_config.recordLimit > 0 && m_records.size() >= m_config.recordLimit)
            m_records.removeFirst();
        m_records.append(r);
    }
    emit requestReceived(m_records.isEmpty() ? r : m_records.constLast());
}

} // namespace HeraldTest
