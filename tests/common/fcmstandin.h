#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>

#include <deque>
#include <functional>

class QSslServer;
class QSslSocket;

namespace HeraldTest {

// A stand-in for Google's OAuth 2.0 token endpoint and FCM HTTP v1 on loopback, over real TLS (HTTP/1.1),
// as strict as their documentation: the JWT assertion's RS256 signature against the service account's
// public key and its claims (iss, scope, aud, iat, exp), the bearer token of every send, the project in
// the path, the message's shape and its 4096-byte payload limit; scripted FCM errors.
class FcmStandIn final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FcmStandIn)

public:
    static constexpr char kTokenUri[] = "https://oauth2.googleapis.com/token"; // the token_uri of test service accounts

    struct Request {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
        int status = 0;      // what it answered
        QString code;        // the error code it answered with
    };
    struct Fault {
        int status = 503;
        QString code = QStringLiteral("UNAVAILABLE");
        int count = 1;
        int retryAfter = -1; // seconds; -1: no Retry-After header
    };

    FcmStandIn(QString projectId, QString clientEmail, QByteArray publicKeyPem, QObject *parent = nullptr);
    ~FcmStandIn() override;

    bool listen(const QString &certificateFile, const QString &keyFile, QString *error);
    quint16 port() const;

    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); } // UNIX seconds
    void setTokenLifetime(int seconds) { m_lifetime = seconds; }
    void revokeTokens(); // every access token issued so far is refused (401 UNAUTHENTICATED)
    void answerFor(const QString &registrationToken, int status, const QString &code); // every send to it
    void failNext(Fault fault) { m_faults.push_back(fault); }

    const QList<Request> &requests() const { return m_requests; }
    int tokenRequests() const;
    int sendRequests() const;
    QJsonObject lastAssertionClaims() const { return m_lastClaims; }

private:
    void onReadable(QSslSocket *socket);
    void handle(QSslSocket *socket, Request request);
    void answerToken(Request &request, int *status, QByteArray *body);
    void answerSend(Request &request, int *status, QByteArray *body, int *retryAfter);
    QString assertionProblem(const QByteArray &assertion);
    qint64 now() const;

    QString m_projectId;
    QString m_clientEmail;
    QByteArray m_publicKey;
    QSslServer *m_server;
    QHash<QSslSocket *, QByteArray> m_buffers;
    QHash<QString, qint64> m_tokens; // access token -> expiry
    QHash<QString, QPair<int, QString>> m_answers;
    std::deque<Fault> m_faults;
    QList<Request> m_requests;
    QJsonObject m_lastClaims;
    std::function<qint64()> m_clock;
    int m_lifetime = 3600;
    int m_issued = 0;
    int m_messages = 0;
};

} // namespace HeraldTest
