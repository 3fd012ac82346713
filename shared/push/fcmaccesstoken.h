#pragma once

// FCM's OAuth 2.0 access token: an RS256 JWT assertion signed with the service account's key, exchanged
// at its token_uri (RFC 7523), kept until shortly before it expires, fetched again when it is dropped.

#include "push/endpoint.h"
#include "push/fcmserviceaccount.h"
#include "push/provider.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Herald::Push {

class FcmAccessToken final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FcmAccessToken)

public:
    using Clock = std::function<qint64()>; // UNIX seconds
    static constexpr int kRenewBeforeSeconds = 60; // a token this close to expiry is fetched again
    static constexpr char kScope[] = "https://www.googleapis.com/auth/firebase.messaging";

    FcmAccessToken(ServiceAccount account, Endpoint endpoint, QNetworkAccessManager &network, Clock clock,
                   QObject *parent = nullptr);

    // Whether the cached token has more than kRenewBeforeSeconds to live.
    bool isFresh() const;
    // The token last obtained (empty before the first, and after invalidate()).
    QString value() const { return m_token; }
    // Forgets the token (FCM answered 401 with it).
    void invalidate();
    // Asks token_uri for a new token, unless a request is under way; ready() or failed() follows.
    void fetch();
    // The signed assertion, or empty with *error.
    QByteArray assertion(QString *error) const;

Q_SIGNALS:
    void ready();
    void failed(const Herald::Push::Answer &answer);

private:
    void onReply(QNetworkReply *reply);
    qint64 now() const;

    ServiceAccount m_account;
    Endpoint m_endpoint;
    QNetworkAccessManager &m_network;
    Clock m_clock;
    QString m_token;
    qint64 m_expiresAt = 0;
    bool m_fetching = false;
};

} // namespace Herald::Push
