#pragma once

#include "httpsstandin.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPair>

#include <deque>

namespace HeraldTest {

// A stand-in for JPush's Push API v3 on loopback, over real TLS, as strict as its documentation: the
// HTTP Basic credentials exactly (base64(appKey:masterSecret), else 401 code 1004), POST /v3/push with a
// JSON body, a platform, an audience of 1 to 1000 Registration IDs, a notification or a message (with
// msg_content), the 4000-byte limit of both together (1005), only the keys it knows (1009); scripted
// errors per Registration ID (1011 for one it does not know) or for the next requests.
class JPushStandIn final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JPushStandIn)

public:
    struct Request {
        HttpsStandIn::Request http;
        int status = 0; // what it answered
        int code = 0;   // the error code it answered with
    };

    JPushStandIn(QString appKey, QByteArray masterSecret, QObject *parent = nullptr);

    bool listen(const QString &certificateFile, const QString &keyFile, QString *error);
    quint16 port() const { return m_https->port(); }

    void answerFor(const QString &registrationId, int status, int code); // every push to it
    void failNext(int status, int code) { m_faults.push_back({status, code}); }
    void setDelay(int ms) { m_https->setDelay(ms); } // HttpsStandIn::setDelay

    const QList<Request> &requests() const { return m_requests; }
    // The push objects it accepted, in order.
    QList<QJsonObject> accepted() const;

private:
    HttpsStandIn::Response handle(const HttpsStandIn::Request &request);
    QPair<int, int> check(const HttpsStandIn::Request &request, QString *message) const;

    QString m_appKey;
    QByteArray m_masterSecret;
    HttpsStandIn *m_https;
    QHash<QString, QPair<int, int>> m_answers;
    std::deque<QPair<int, int>> m_faults;
    QList<Request> m_requests;
    int m_messages = 0;
};

} // namespace HeraldTest
