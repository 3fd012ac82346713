#pragma once

// JPush (极光推送) Push API v3 as a push provider: POST /v3/push with HTTP Basic authentication
// (base64(appKey:masterSecret)), a Registration ID as the audience, a notification (Android and iOS:
// alert, title, extras) and, when there is data, a custom message carrying it. JPush's error codes are
// classified (jpushReasons, docs/push-providers.md); a 2002/2003 rate answer is retry-later.

#include "push/endpoint.h"
#include "push/provider.h"

#include <QHash>
#include <QNetworkAccessManager>

class QNetworkReply;

namespace Herald::Push {

struct JPushCredentials {
    QString appKey;
    QByteArray masterSecret;
};

struct JPushOptions {
    Endpoint endpoint;
    int deadlineMs = 30000; // each request's
};

// JPush's documented error codes, their outcome and what they mean.
struct JPushReason {
    int code;
    Outcome outcome;
    const char *explanation;
};
const QList<JPushReason> &jpushReasons();
Outcome jpushClassify(int status, int code, QString *explanation);

inline constexpr int kJPushMaxPayloadBytes = 4000; // notification and message together, as JPush counts them

class JPushClient final : public Provider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JPushClient)

public:
    JPushClient(JPushCredentials credentials, JPushOptions options = {}, QObject *parent = nullptr);
    ~JPushClient() override;

    QString name() const override;
    quint64 send(const Message &message) override;
    void cancelAll() override;

    // The push object for one Registration ID; what is wrong with a message (empty: it can go).
    static QJsonObject pushJson(const Message &message);
    static QString problem(const Message &message);
    // "Basic base64(appKey:masterSecret)".
    static QByteArray authorization(const JPushCredentials &credentials);

private:
    void onReply(QNetworkReply *reply, quint64 id, qint64 startedUs);

    JPushCredentials m_credentials;
    JPushOptions m_options;
    QNetworkAccessManager m_network;
    QHash<QNetworkReply *, quint64> m_inFlight;
    quint64 m_nextId = 1;
};

} // namespace Herald::Push
