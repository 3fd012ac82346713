#include "apns/result.h"

#include "apns/text.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace Herald::Apns {

namespace {

struct ReasonInfo {
    int status;
    const char *reason;
    Outcome outcome;
    const char *explanation;
};

// Apple's reasons ("Handling notification responses from APNs"), what each means and what to do.
constexpr ReasonInfo kReasons[] = {
    {400, "BadCollapseId", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "The collapse id is longer than 64 bytes.")},
    {400, "BadDeviceToken", Outcome::DeviceTokenDead,
     QT_TRANSLATE_NOOP("Herald::Apns", "The device token is not valid for this environment: either it is not a token at all, or a sandbox token "
     "was sent to production (or the reverse). Check the environment before dropping the token.")},
    {400, "BadExpirationDate", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "apns-expiration is not a UNIX time in seconds.")},
    {400, "BadMessageId", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "apns-id is not a lower-case UUID.")},
    {400, "BadPriority", Outcome::NotificationRejected,
     QT_TRANSLATE_NOOP("Herald::Apns", "apns-priority is not 10, 5 or 1, or it is 10 for a background push (which needs 5).")},
    {400, "BadTopic", Outcome::ConfigurationWrong, QT_TRANSLATE_NOOP("Herald::Apns", "apns-topic is not a topic these credentials may push to.")},
    {400, "DeviceTokenNotForTopic", Outcome::DeviceTokenDead,
     QT_TRANSLATE_NOOP("Herald::Apns", "The device token belongs to another app (topic): check the topic, or drop the token.")},
    {400, "DuplicateHeaders", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "A header was sent twice.")},
    {400, "IdleTimeout", Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "APNs closed an idle connection; Herald opens a new one.")},
    {400, "InvalidPushType", Outcome::NotificationRejected,
     QT_TRANSLATE_NOOP("Herald::Apns", "apns-push-type is not one APNs knows, or the topic lacks the suffix the push type needs (e.g. .voip).")},
    {400, "MissingDeviceToken", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "The request has no device token.")},
    {400, "MissingTopic", Outcome::ConfigurationWrong,
     QT_TRANSLATE_NOOP("Herald::Apns", "apns-topic is required: always with token authentication, and with a certificate for several topics.")},
    {400, "PayloadEmpty", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "The payload is empty.")},
    {400, "TopicDisallowed", Outcome::ConfigurationWrong, QT_TRANSLATE_NOOP("Herald::Apns", "These credentials may not push to this topic (bundle id).")},
    {403, "BadCertificate", Outcome::ConfigurationWrong, QT_TRANSLATE_NOOP("Herald::Apns", "APNs does not accept the client certificate.")},
    {403, "BadCertificateEnvironment", Outcome::ConfigurationWrong,
     QT_TRANSLATE_NOOP("Herald::Apns", "The certificate is for the other environment: a development certificate goes to sandbox, a production "
     "one to production.")},
    {403, "ExpiredProviderToken", Outcome::RetryLater,
     QT_TRANSLATE_NOOP("Herald::Apns", "APNs says the provider token is older than an hour; Herald signs a new one for the next request.")},
    {403, "Forbidden", Outcome::ConfigurationWrong, QT_TRANSLATE_NOOP("Herald::Apns", "APNs refused the request: these credentials may not do this.")},
    {403, "InvalidProviderToken", Outcome::ConfigurationWrong,
     QT_TRANSLATE_NOOP("Herald::Apns", "The provider token does not verify: check the key id, the team id and that the .p8 file is that key.")},
    {403, "MissingProviderToken", Outcome::ConfigurationWrong,
     QT_TRANSLATE_NOOP("Herald::Apns", "Neither a certificate nor a provider token was given: configure credentials.")},
    {403, "UnrelatedKeyIdInToken", Outcome::ConfigurationWrong,
     QT_TRANSLATE_NOOP("Herald::Apns", "The key id is not the one used first on this connection, or not of this team.")},
    {403, "BadEnvironmentKeyIdInToken", Outcome::ConfigurationWrong,
     QT_TRANSLATE_NOOP("Herald::Apns", "The key is not enabled for this environment (sandbox or production) in the developer account.")},
    {404, "BadPath", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "The request path is not /3/device/<token>.")},
    {405, "MethodNotAllowed", Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "APNs takes only POST.")},
    {410, "ExpiredToken", Outcome::DeviceTokenDead, QT_TRANSLATE_NOOP("Herald::Apns", "The device token has expired: stop sending to it.")},
    {410, "Unregistered", Outcome::DeviceTokenDead,
     QT_TRANSLATE_NOOP("Herald::Apns", "The device token is no longer active for the topic (the app was removed or notifications turned off): "
     "stop sending to it.")},
    {413, "PayloadTooLarge", Outcome::NotificationRejected,
     QT_TRANSLATE_NOOP("Herald::Apns", "The payload is larger than 4096 bytes (5120 for VoIP).")},
    {429, "TooManyProviderTokenUpdates", Outcome::RetryLater,
     QT_TRANSLATE_NOOP("Herald::Apns", "The provider token was renewed more often than every 20 minutes.")},
    {429, "TooManyRequests", Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "Too many requests to the same device token in a row: wait.")},
    {500, "InternalServerError", Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "APNs had an internal error: try again later.")},
    {503, "ServiceUnavailable", Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "APNs is unavailable: try again later.")},
    {503, "Shutdown", Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "The APNs server is shutting down: Herald reconnects.")},
};

const ReasonInfo *find(const QString &reason)
{
    for (const ReasonInfo &r : kReasons) {
        if (reason == QLatin1String(r.reason))
            return &r;
    }
    return nullptr;
}

struct OwnReason {
    const char *reason;
    Outcome outcome;
    const char *explanation;
};

constexpr OwnReason kOwnReasons[] = {
    {Reason::InvalidNotification, Outcome::NotificationRejected, QT_TRANSLATE_NOOP("Herald::Apns", "Herald refused the notification before sending it.")},
    {Reason::ConnectionFailed, Outcome::RetryLater,
     QT_TRANSLATE_NOOP("Herald::Apns", "Herald got no working connection to APNs: it could not connect (network, DNS, or the TLS certificate was "
     "not trusted), or APNs closed the connection before answering.")},
    {Reason::ConnectionLost, Outcome::RetryLater,
     QT_TRANSLATE_NOOP("Herald::Apns", "The connection closed before APNs answered: the notification may or may not have been delivered.")},
    {Reason::Unprocessed, Outcome::RetryLater,
     QT_TRANSLATE_NOOP("Herald::Apns", "APNs did not process the notification (it refused the stream, or went away before it): it was not delivered.")},
    {Reason::Timeout, Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "APNs did not answer in time.")},
    {Reason::BadResponse, Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "The server answered, but not the way APNs does.")},
    {Reason::NoCredentials, Outcome::ConfigurationWrong, QT_TRANSLATE_NOOP("Herald::Apns", "No APNs credentials are configured.")},
    {Reason::Cancelled, Outcome::RetryLater, QT_TRANSLATE_NOOP("Herald::Apns", "The notification was cancelled before APNs answered.")},
};

const OwnReason *findOwn(const QString &reason)
{
    for (const OwnReason &r : kOwnReasons) {
        if (reason == QLatin1String(r.reason))
            return &r;
    }
    return nullptr;
}

} // namespace

std::optional<Outcome> outcomeFromName(const QString &name)
{
    for (Outcome o : {Outcome::Delivered, Outcome::RetryLater, Outcome::DeviceTokenDead, Outcome::NotificationRejected,
                      Outcome::ConfigurationWrong}) {
        if (outcomeName(o) == name)
            return o;
    }
    return std::nullopt;
}

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Delivered:
        return QStringLiteral("delivered");
    case Outcome::RetryLater:
        return QStringLiteral("retry-later");
    case Outcome::DeviceTokenDead:
        return QStringLiteral("token-dead");
    case Outcome::NotificationRejected:
        return QStringLiteral("rejected");
    case Outcome::ConfigurationWrong:
        return QStringLiteral("configuration");
    }
    return {};
}

Result answerResult(int status, const QByteArray &body)
{
    Result r;
    r.status = status;
    if (r.status != 200) {
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
            r.reason = doc.object().value(QLatin1String("reason")).toString();
            // Milliseconds since the epoch; one that is no date (negative, past year 9999) is left out
            // rather than converted (a double past qint64's range has no conversion).
            constexpr double kLatestMs = 253402300799999.0; // 9999-12-31T23:59:59.999Z
            const double ts = doc.object().value(QLatin1String("timestamp")).toDouble(-1);
            if (ts >= 0 && ts <= kLatestMs)
                r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(qint64(ts), Qt::UTC);
        } else {
            r.reason = QLatin1String(Reason::BadResponse);
            r.explanation = QStringLiteral("APNs answered %1 with a body that is not JSON (%2 bytes): %3")
                                .arg(r.status)
                                .arg(body.size())
                                .arg(QString::fromUtf8(body.left(120)).simplified());
        }
    }
    r.outcome = classify(r.status, r.reason);
    return r;
}

QString goAwayText(quint32 code, const QByteArray &debugData)
{
    const QJsonObject o = QJsonDocument::fromJson(debugData).object();
    const QString reason = o.value(QLatin1String("reason")).toString();
    if (!reason.isEmpty())
        return QStringLiteral("GOAWAY %1").arg(reason);
    return debugData.isEmpty() ? QStringLiteral("GOAWAY (HTTP/2 error %1)").arg(code)
                               : QStringLiteral("GOAWAY %1").arg(QString::fromUtf8(debugData.left(200)).simplified());
}

Outcome classify(int status, const QString &reason)
{
    if (status == 200)
        return Outcome::Delivered;
    if (const ReasonInfo *r = find(reason))
        return r->outcome;
    if (status == 0) {
        if (const OwnReason *own = findOwn(reason))
            return own->outcome;
        return Outcome::RetryLater;
    }
    if (status == 429 || status >= 500)
        return Outcome::RetryLater;
    if (status == 410)
        return Outcome::DeviceTokenDead;
    if (status == 403)
        return Outcome::ConfigurationWrong;
    return Outcome::NotificationRejected;
}

QString explain(int status, const QString &reason)
{
    if (status == 200)
        return Text::tr("APNs accepted the notification for delivery.");
    if (const ReasonInfo *r = find(reason))
        return Text::tr(r->explanation);
    if (const OwnReason *own = findOwn(reason))
        return Text::tr(own->explanation);
    if (status >= 500)
        return Text::tr("APNs had a server error (%1): try again later.").arg(status);
    if (reason.isEmpty())
        return Text::tr("APNs answered %1 without a reason.").arg(status);
    return Text::tr("APNs answered %1 %2, a reason Herald does not know.").arg(status).arg(reason);
}

const QList<KnownReason> &knownReasons()
{
    static const QList<KnownReason> all = [] {
        QList<KnownReason> list;
        for (const ReasonInfo &r : kReasons)
            list.append({r.status, r.reason});
        return list;
    }();
    return all;
}

QJsonObject Result::toJson() const
{
    return Admin::toJson(toAdmin(*this));
}

Admin::ApnsResult toAdmin(const Result &r)
{
    Admin::ApnsResult a;
    a.status = r.status;
    a.reason = r.reason;
    a.explanation = r.explanation;
    a.apnsId = r.apnsId;
    a.uniqueId = r.uniqueId;
    if (r.unregisteredAt)
        a.timestampMs = r.unregisteredAt->toMSecsSinceEpoch();
    a.latencyMs = double(r.latencyUs) / 1000.0;
    a.attempts = r.attempts;
    a.outcome = outcomeName(r.outcome);
    return a;
}

Result fromAdmin(const Admin::ApnsResult &a)
{
    Result r;
    r.status = a.status;
    r.reason = a.reason;
    r.explanation = a.explanation;
    r.apnsId = a.apnsId;
    r.uniqueId = a.uniqueId;
    if (a.timestampMs)
        r.unregisteredAt = QDateTime::fromMSecsSinceEpoch(*a.timestampMs, Qt::UTC);
    r.latencyUs = qint64(a.latencyMs * 1000.0);
    r.attempts = a.attempts;
    r.outcome = outcomeFromName(a.outcome).value_or(classify(r.status, r.reason));
    if (r.explanation.isEmpty() && r.status != 200)
        r.explanation = explain(r.status, r.reason);
    return r;
}

QString Result::summary() const
{
    const QString latency = QString::number(double(latencyUs) / 1000.0, 'f', 1);
    if (outcome == Outcome::Delivered)
        return QStringLiteral("%1 delivered (apns-id %2, %3 ms)").arg(status).arg(apnsId, latency);
    QString line = status ? QStringLiteral("%1 %2").arg(status).arg(reason) : reason;
    line += QStringLiteral(" [%1]: %2").arg(outcomeName(outcome), explanation);
    if (unregisteredAt)
        line += QStringLiteral(" (token invalid since %1)").arg(unregisteredAt->toString(Qt::ISODate));
    if (!apnsId.isEmpty())
        line += QStringLiteral(" (apns-id %1)").arg(apnsId);
    return line;
}

} // namespace Herald::Apns
