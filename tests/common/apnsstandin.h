#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

#include <functional>
#include <memory>

class QSslServer;
class QSslSocket;

namespace HeraldTest {

class ApnsStandInConnection;
class ApnsRequestChecker;
class ApnsTokenVerifier;
class ApnsClientCertificateVerifier;
struct ApnsStandInStream;

using ApnsHeaderList = QList<QPair<QByteArray, QByteArray>>; // in arrival order, duplicates kept

// One request as the stand-in saw it, and what it answered.
struct ApnsRequestRecord {
    QByteArray method;
    QByteArray path;
    ApnsHeaderList headers; // pseudo-headers too
    QByteArray body;
    QJsonObject jwtHeader; // decoded, when the request carried "authorization: bearer <JWT>"
    QJsonObject jwtClaims;
    QStringList certificateTopics; // of the connection's client certificate
    int connectionIndex = -1;      // 0 for the first connection accepted
    int streamId = 0;
    qint64 arrivalMs = 0;   // the stand-in's clock (milliseconds since the epoch)
    qint64 arrivalNs = 0;   // monotonic, since the stand-in was created
    int status = 0;         // 0: not answered (hang, dropped, refused by GOAWAY)
    QByteArray reason;      // of an error answer
    QByteArray apnsId;      // sent back

    QByteArray header(const QByteArray &name) const; // the first value, or empty
};

// What APNs would say about a request.
struct ApnsAnswer {
    int status = 200;
    QByteArray reason;
    qint64 timestampMs = -1; // 410 only
};

// A scripted fault, applied to the next matching request(s) in FIFO order.
struct ApnsFault {
    enum class Kind { Respond, GoAway, Status500NonJson, Hang, DropConnection };
    Kind kind = Kind::Respond;
    int status = 0;              // Respond
    QByteArray reason;           // Respond
    QByteArray goAwayData;       // GoAway: the opaque data, e.g. {"reason":"Shutdown"}
    quint32 goAwayErrorCode = 0; // GoAway: HTTP/2 error code (0 NO_ERROR)
    int answerFirst = 0;         // GoAway: requests answered (the matching one first) before the GOAWAY
    QByteArray deviceToken;      // only requests to this token match; empty: any
    int count = 1;               // how many matching requests it applies to (GoAway: always 1)
};

// A stand-in for Apple's APNs HTTP/2 server on loopback, as strict as Apple (see apnsstandinchecks.cpp for
// every check and the reason it answers), with scripted faults and a record of every request.
// Single-threaded on the Qt event loop; JWTs are verified once per distinct string.
class ApnsStandIn final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApnsStandIn)

public:
    enum class Environment { Sandbox, Production };
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    struct SigningKey {
        QByteArray keyId;
        QByteArray teamId;
        QByteArray publicKeyPem;
        QStringList topics; // the team may push to these
        bool sandbox = true;
        bool production = true;
    };

    struct Config {
        QSslCertificate certificate; // the server's (TestCertificates)
        QSslKey privateKey;
        QList<QSslCertificate> clientCaCertificates; // non-empty: client certificates are asked for and checked
        bool requireClientCertificate = false;       // true: TLS handshake fails without a valid one
        Environment environment = Environment::Sandbox;
        QList<SigningKey> signingKeys;
        quint32 maxConcurrentStreams = 1000; // after the one-stream phase of token auth
        bool oneStreamUntilAuthenticated = true;
        int idleTimeoutMs = 0;  // > 0: GOAWAY {"reason":"IdleTimeout"} after that long without requests
        int recordLimit = -1;   // records kept: -1 all, 0 none, else the newest N
    };

    // A config for `environment` serving TLS with the PEM certificate and key files given (TestCertificates),
    // trusting one signing key (the PEM file of its public key, ApnsTestCredentials) for the topics.
    static Config configFor(Environment environment, const QString &certificateFile, const QString &keyFile,
                            const SigningKey &key);
    // The signing key of keyId and teamId, its public key read from a PEM file, for the topics.
    static SigningKey signingKey(const QString &keyId, const QString &teamId, const QString &publicKeyFile,
                                 const QStringList &topics);

    explicit ApnsStandIn(Config config, QObject *parent = nullptr);
    ~ApnsStandIn() override;

    // Listens on 127.0.0.1 (port 0: any free one); false with errorString() if it cannot.
    bool listen(quint16 port = 0);
    quint16 serverPort() const;
    QString errorString() const { return m_error; }
    const Config &config() const { return m_config; }

    void setClock(Clock clock);
    qint64 now() const; // ms since the epoch
    qint64 elapsedNs() const; // monotonic, since the stand-in was created

    // Device tokens (hex, any case) and the topic they were registered for.
    void registerToken(const QByteArray &token, const QString &topic);
    void markUnregistered(const QByteArray &token, qint64 timestampMs); // 410 Unregistered
    void markExpired(const QByteArray &token);                          // 410 ExpiredToken

    // Scripted faults.
    void addFault(const ApnsFault &fault);
    void respond(int status, const QByteArray &reason, int count = 1);
    void goAway(const QByteArray &data = QByteArrayLiteral("{\"reason\":\"Shutdown\"}"), quint32 errorCode = 0,
                int answerFirst = 0);
    void status500NonJson(int count = 1);
    void tooManyRequests(int count = 1);
    void hang(int count = 1);
    void dropConnection();
    void clearFaults() { m_faults.clear(); }
    // GOAWAY on every open connection now.
    void goAwayAll(const QByteArray &data = QByteArrayLiteral("{\"reason\":\"Shutdown\"}"));
    // Misbehaviours, for as long as they are set (no real APNs does this for long): every request reset
    // with REFUSED_STREAM, unprocessed; GOAWAY with this debug data on every new connection, right after
    // the server's SETTINGS (empty: off).
    void setRefuseEveryStream(bool refuse) { m_refuseEveryStream = refuse; }
    void setGoAwayOnConnect(const QByteArray &debugData) { m_goAwayOnConnect = debugData; }

    QList<ApnsRequestRecord> requests() const { return m_records; }
    void clearRequests() { m_records.clear(); }
    int connectionCount() const { return m_connectionsAccepted; } // accepted so far
    int activeConnections() const { return int(m_connections.size()); }
    int requestCount() const { return m_requestCount; }
    int responseCount(int status) const { return m_responsesByStatus.value(status); }
    int maxConcurrentStreamsSeen() const { return m_maxConcurrentStreams; }

Q_SIGNALS:
    void requestReceived(const HeraldTest::ApnsRequestRecord &record);
    void connectionCountChanged(int active);

private:
    friend class ApnsStandInConnection;

    void onEncrypted(QSslSocket *socket);
    void onDisconnected(ApnsStandInConnection *connection);
    // Called by a connection for each complete request.
    void handleRequest(ApnsStandInConnection *connection, ApnsStandInStream *stream);
    void streamsOpen(int open);
    void answer(ApnsStandInConnection *connection, ApnsStandInStream *stream, ApnsRequestRecord &record,
                const ApnsAnswer &answer, bool html = false);
    bool applyFault(ApnsStandInConnection *connection, ApnsStandInStream *stream, ApnsRequestRecord &record);
    void record(ApnsRequestRecord &&record);

    Config m_config;
    Clock m_clock;
    QSslServer *m_server = nullptr;
    std::unique_ptr<ApnsTokenVerifier> m_tokens;
    std::unique_ptr<ApnsClientCertificateVerifier> m_clientCa;
    std::unique_ptr<ApnsRequestChecker> m_checker;
    QList<ApnsFault> m_faults;
    bool m_refuseEveryStream = false;
    QByteArray m_goAwayOnConnect;
    QList<ApnsStandInConnection *> m_connections;
    QList<ApnsRequestRecord> m_records;
    QHash<int, int> m_responsesByStatus;
    int m_connectionsAccepted = 0;
    int m_requestCount = 0;
    int m_maxConcurrentStreams = 0;
    QString m_error;
    qint64 m_startNs = 0;
};

} // namespace HeraldTest

Q_DECLARE_METATYPE(HeraldTest::ApnsRequestRecord)
