#pragma once

// Getui's auth token (REST API v2): POST /v2/{appid}/auth with sign = sha256_hex(appkey + timestamp +
// mastersecret) and the timestamp in milliseconds; kept until shortly before its expire_time, fetched
// again when it is dropped (Getui answered 10001 with it).

#include "push/endpoint.h"
#include "push/provider.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Herald::Push {

struct GetuiCredentials {
    QString appId;
    QString appKey;
    QByteArray masterSecret;
};

// https://restapi.getui.com/v2/{appid}/{path}, before Endpoint::route.
QUrl getuiUrl(const QString &appId, const QString &path);

class GetuiToken final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GetuiToken)

public:
    using Clock = std::function<qint64()>; // UNIX milliseconds
    static constexpr qint64 kRenewBeforeMs = 5 * 60 * 1000; // a token this close to expire_time is fetched again

    GetuiToken(GetuiCredentials credentials, Endpoint endpoint, QNetworkAccessManager &network, Clock clock,
               QObject *parent = nullptr);

    bool isFresh() const;
    QString value() const { return m_token; }
    void invalidate();
    // Asks for a token, unless a request is under way; ready() or failed() follows.
    void fetch();
    // sha256_hex(appKey + timestamp + masterSecret), in lower case.
    static QByteArray sign(const QString &appKey, const QByteArray &timestamp, const QByteArray &masterSecret);

Q_SIGNALS:
    void ready();
    void failed(const Herald::Push::Answer &answer);

private:
    void onReply(QNetworkReply *reply);
    qint64 now() const;

    GetuiCredentials m_credentials;
    Endpoint m_endpoint;
    QNetworkAccessManager &m_network;
    Clock m_clock;
    QString m_token;
    qint64 m_expiresAt = 0;
    bool m_fetching = false;
};

} // namespace Herald::Push
