#pragma once

#include "httpsstandin.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPair>
#include <QSet>

#include <deque>
#include <functional>

namespace HeraldTest {

// A stand-in for Getui's REST API v2 on loopback, over real TLS, as strict as its documentation: the auth
// request's sign exactly (sha256_hex(appkey + timestamp + mastersecret)), its 13-digit millisecond
// timestamp within ten minutes of now, the `token` header of every push (10001 when unknown or expired),
// POST /v2/{appid}/push/single/cid with a unique 10–32 character request_id, one cid, one of notification
// (title ≤ 50, body ≤ 256, a known click_type, payload ≤ 3072) or transmission (≤ 3072), a ttl of -1 to
// three days; scripted answers per cid or for the next requests, and tokens it can expire.
class GetuiStandIn final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GetuiStandIn)

public:
    // The codes it answers with (client's table: shared/push/getuireply.cpp).
    static constexpr int kTokenExpired = 10001;
    static constexpr int kSignWrong = 10002;
    static constexpr int kBadRequest = 20001;

    struct Request {
        HttpsStandIn::Request http;
        int status = 0; // what it answered
        int code = 0;   // and the code in its body
    };

    GetuiStandIn(QString appId, QString appKey, QByteArray masterSecret, QObject *parent = nullptr);

    bool listen(const QString &certificateFile, const QString &keyFile, QString *error);
    quint16 port() const { return m_https->port(); }
    void setDelay(int ms) { m_https->setDelay(ms); }

    void setTokenLifetime(qint64 ms) { m_lifetimeMs = ms; }
    void expireTokens() { m_tokens.clear(); } // every token issued so far answers 10001
    void answerFor(const QString &cid, int status, int code); // every push to it
    void failNext(int status, int code) { m_faults.push_back({status, code}); }

    const QList<Request> &requests() const { return m_requests; }
    int authRequests() const;
    // The push bodies it accepted, in order.
    QList<QJsonObject> accepted() const;

private:
    HttpsStandIn::Response handle(const HttpsStandIn::Request &request);
    QPair<int, int> auth(const QJsonObject &body, QString *message, QJsonObject *data);
    QPair<int, int> push(const HttpsStandIn::Request &request, QString *message);

    QString m_appId;
    QString m_appKey;
    QByteArray m_masterSecret;
    HttpsStandIn *m_https;
    QHash<QString, qint64> m_tokens; // token -> expire_time (ms)
    QSet<QString> m_requestIds;
    QHash<QString, QPair<int, int>> m_answers;
    std::deque<QPair<int, int>> m_faults;
    QList<Request> m_requests;
    qint64 m_lifetimeMs = 24 * 3600 * 1000; // Getui's: a day
    int m_tasks = 0;
};

} // namespace HeraldTest
