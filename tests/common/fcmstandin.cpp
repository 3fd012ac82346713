#include "fcmstandin.h"

#include "tlsstandin.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QUrlQuery>

#include <jwt.h>

#include <algorithm>

#include <memory>

namespace HeraldTest {

namespace {

const QStringList kFcmErrorCodes{QStringLiteral("UNSPECIFIED_ERROR"), QStringLiteral("INVALID_ARGUMENT"),
                                 QStringLiteral("UNREGISTERED"), QStringLiteral("SENDER_ID_MISMATCH"),
                                 QStringLiteral("QUOTA_EXCEEDED"), QStringLiteral("UNAVAILABLE"), QStringLiteral("INTERNAL"),
                                 QStringLiteral("THIRD_PARTY_AUTH_ERROR")};

QString rpcStatus(int status)
{
    switch (status) {
    case 400: return QStringLiteral("INVALID_ARGUMENT");
    case 401: return QStringLiteral("UNAUTHENTICATED");
    case 403: return QStringLiteral("PERMISSION_DENIED");
    case 404: return QStringLiteral("NOT_FOUND");
    case 429: return QStringLiteral("RESOURCE_EXHAUSTED");
    case 503: return QStringLiteral("UNAVAILABLE");
    default: return QStringLiteral("INTERNAL");
    }
}

// FCM's error body: the google.rpc status, and FCM's own code in the details when it is one of FCM's.
QByteArray errorBody(int status, const QString &code, const QString &message)
{
    QJsonObject error{{QLatin1String("code"), status}, {QLatin1String("message"), message},
                      {QLatin1String("status"), kFcmErrorCodes.contains(code) ? rpcStatus(status) : code}};
    if (kFcmErrorCodes.contains(code))
        error.insert(QLatin1String("details"),
                     QJsonArray{QJsonObject{{QLatin1String("@type"), QStringLiteral("type.googleapis.com/google.firebase.fcm.v1.FcmError")},
                                            {QLatin1String("errorCode"), code}}});
    return QJsonDocument(QJsonObject{{QLatin1String("error"), error}}).toJson(QJsonDocument::Compact);
}

struct JwtDeleter {
    void operator()(jwt_t *j) const { jwt_free(j); }
};

} // namespace

FcmStandIn::FcmStandIn(QString projectId, QString clientEmail, QByteArray publicKeyPem, QObject *parent)
    : QObject(parent), m_projectId(std::move(projectId)), m_clientEmail(std::move(clientEmail)),
      m_publicKey(std::move(publicKeyPem)), m_server(new QSslServer(this))
{
    serveConnections(*m_server, this, [this](QSslSocket *socket) { onReadable(socket); },
                     [this](QSslSocket *socket) { m_buffers.remove(socket); });
}

FcmStandIn::~FcmStandIn() = default;

bool FcmStandIn::listen(const QString &certificateFile, const QString &keyFile, QString *error)
{
    return listenWithTls(*m_server, certificateFile, keyFile, error);
}

quint16 FcmStandIn::port() const
{
    return m_server->serverPort();
}

qint64 FcmStandIn::now() const
{
    return m_clock ? m_clock() : QDateTime::currentSecsSinceEpoch();
}

void FcmStandIn::revokeTokens()
{
    m_tokens.clear();
}

void FcmStandIn::answerFor(const QString &registrationToken, int status, const QString &code)
{
    m_answers.insert(registrationToken, {status, code});
}

int FcmStandIn::tokenRequests() const
{
    return int(std::count_if(m_requests.begin(), m_requests.end(), [](const Request &r) { return r.path == "/token"; }));
}

int FcmStandIn::sendRequests() const
{
    return int(m_requests.size()) - tokenRequests();
}

void FcmStandIn::onReadable(QSslSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        Request r;
        r.method = requestLine.value(0);
        r.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                r.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        handle(socket, std::move(r));
    }
}

void FcmStandIn::handle(QSslSocket *socket, Request request)
{
    int status = 404;
    int retryAfter = -1;
    QByteArray body = errorBody(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no such path"));
    if (request.method == "POST" && request.path == "/token")
        answerToken(request, &status, &body);
    else if (request.method == "POST" && request.path.startsWith("/v1/projects/") && request.path.endsWith("/messages:send"))
        answerSend(request, &status, &body, &retryAfter);
    request.status = status;
    m_requests.append(request);
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Error")
                      + "\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\n";
    if (retryAfter >= 0)
        head += "Retry-After: " + QByteArray::number(retryAfter) + "\r\n";
    socket->write(head + "\r\n" + body);
}

QString FcmStandIn::assertionProblem(const QByteArray &assertion)
{
    jwt_t *raw = nullptr;
    if (jwt_decode(&raw, assertion.constData(), reinterpret_cast<const unsigned char *>(m_publicKey.constData()),
                   int(m_publicKey.size()))
        != 0)
        return QStringLiteral("Invalid JWT Signature.");
    std::unique_ptr<jwt_t, JwtDeleter> jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_RS256)
        return QStringLiteral("Invalid JWT: alg is not RS256.");
    const auto grant = [&](const char *name) { return QString::fromUtf8(jwt_get_grant(jwt.get(), name)); };
    const qint64 iat = jwt_get_grant_int(jwt.get(), "iat"), exp = jwt_get_grant_int(jwt.get(), "exp");
    m_lastClaims = {{QLatin1String("iss"), grant("iss")}, {QLatin1String("scope"), grant("scope")},
                    {QLatin1String("aud"), grant("aud")}, {QLatin1String("iat"), iat}, {QLatin1String("exp"), exp}};
    if (grant("iss") != m_clientEmail)
        return QStringLiteral("Invalid JWT: iss is not the service account's client_email.");
    if (!grant("scope").split(QLatin1Char(' ')).contains(QLatin1String("https://www.googleapis.com/auth/firebase.messaging")))
        return QStringLiteral("Invalid JWT: the scope does not include firebase.messaging.");
    if (grant("aud") != QLatin1String(kTokenUri))
        return QStringLiteral("Invalid JWT: aud is not the token_uri.");
    if (iat <= 0 || exp <= 0 || iat > now() + 60 || exp < now() || exp - iat > 3600)
        return QStringLiteral("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
    return {};
}

void FcmStandIn::answerToken(Request &request, int *status, QByteArray *body)
{
    const QUrlQuery form(QString::fromUtf8(request.body));
    const auto oauthError = [&](const QString &error, const QString &description) {
        *status = 400;
        request.code = error;
        *body = QJsonDocument(QJsonObject{{QLatin1String("error"), error}, {QLatin1String("error_description"), description}})
                    .toJson(QJsonDocument::Compact);
    };
    if (!request.headers.value("content-type").startsWith("application/x-www-form-urlencoded"))
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("Content-Type is not a form."));
    if (form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("urn:ietf:params:oauth:grant-type:jwt-bearer"))
        return oauthError(QStringLiteral("unsupported_grant_type"), QStringLiteral("Invalid grant_type."));
    if (const QString problem = assertionProblem(form.queryItemValue(QStringLiteral("assertion")).toLatin1()); !problem.isEmpty())
        return oauthError(QStringLiteral("invalid_grant"), problem);
    const QString token = QStringLiteral("ya29.standin-%1").arg(++m_issued);
    m_tokens.insert(token, now() + m_lifetime);
    *status = 200;
    *body = QJsonDocument(QJsonObject{{QLatin1String("access_token"), token}, {QLatin1String("expires_in"), m_lifetime},
                                      {QLatin1String("token_type"), QStringLiteral("Bearer")}})
                .toJson(QJsonDocument::Compact);
}

void FcmStandIn::answerSend(Request &request, int *status, QByteArray *body, int *retryAfter)
{
    const auto fail = [&](int s, const QString &code, const QString &message) {
        *status = s;
        request.code = code;
        *body = errorBody(s, code, message);
    };
    const QByteArray auth = request.headers.value("authorization");
    const QString token = QString::fromLatin1(auth.mid(7));
    if (!auth.startsWith("Bearer ") || !m_tokens.contains(token) || m_tokens.value(token) <= now())
        return fail(401, QStringLiteral("UNAUTHENTICATED"), QStringLiteral("Request had invalid authentication credentials."));
    const QByteArray project = request.path.mid(13, request.path.size() - 13 - 14);
    if (QString::fromUtf8(project) != m_projectId)
        return fail(403, QStringLiteral("PERMISSION_DENIED"), QStringLiteral("Permission denied on resource project."));
    const QJsonObject message = QJsonDocument::fromJson(request.body).object().value(QLatin1String("message")).toObject();
    const QString target = message.value(QLatin1String("token")).toString();
    if (!request.headers.value("content-type").startsWith("application/json") || target.isEmpty())
        return fail(400, QStringLiteral("INVALID_ARGUMENT"), QStringLiteral("Invalid JSON payload, or no message.token."));
    for (const QString &key : message.keys()) {
        if (!QStringList{QStringLiteral("token"), QStringLiteral("notification"), QStringLiteral("data"), QStringLiteral("android")}.contains(key))
            return fail(400, QStringLiteral("INVALID_ARGUMENT"), QStringLiteral("Unknown name \"%1\" at 'message'.").arg(key));
    }
    const QJsonObject data = message.value(QLatin1String("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (!it.value().isString())
            return fail(400, QStringLiteral("INVALID_ARGUMENT"), QStringLiteral("data values must be strings (%1).").arg(it.key()));
    }
    const QJsonObject payload{{QLatin1String("notification"), message.value(QLatin1String("notification"))},
                              {QLatin1String("data"), data}};
    if (QJsonDocument(payload).toJson(QJsonDocument::Compact).size() > 4096)
        return fail(400, QStringLiteral("INVALID_ARGUMENT"), QStringLiteral("Message is too big."));
    if (!m_faults.empty()) {
        Fault &f = m_faults.front();
        *retryAfter = f.retryAfter;
        fail(f.status, f.code, QStringLiteral("Scripted fault."));
        if (--f.count == 0)
            m_faults.pop_front();
        return;
    }
    if (m_answers.contains(target)) {
        const auto [s, code] = m_answers.value(target);
        return fail(s, code, QStringLiteral("Scripted answer for this token."));
    }
    *status = 200;
    *body = QJsonDocument(QJsonObject{{QLatin1String("name"),
                                       QStringLiteral("projects/%1/messages/%2").arg(m_projectId).arg(++m_messages)}})
                .toJson(QJsonDocument::Compact);
}

} // namespace HeraldTest
