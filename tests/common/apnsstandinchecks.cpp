// The checks APNs makes, in the order the stand-in makes them, and the reason each answers. Modelled on
// Apple's "Handling notification responses from APNs" and pushy's MockApnsServer. Where Apple's
// documentation leaves the reason open, the choice is explained at the check.
#include "apnsstandinchecks.h"

#include <QJsonDocument>

namespace HeraldTest {

namespace {

ApnsAnswer fail(int status, const char *reason)
{
    return {status, QByteArray(reason), -1};
}

bool isDigits(const QByteArray &v)
{
    if (v.isEmpty() || v.size() > 18)
        return false;
    for (char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool isHexToken(const QByteArray &t)
{
    if (t.isEmpty() || t.size() % 2)
        return false;
    for (char c : t) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

constexpr qint64 PayloadLimit = 4096;
constexpr qint64 VoipPayloadLimit = 5120;
constexpr qint64 TokenLifetime = 3600;       // s: older → ExpiredProviderToken
constexpr qint64 TokenClockSkew = 60;        // s: an iat further in the future → InvalidProviderToken
constexpr qint64 TokenMinimumRenewal = 1200; // s: a new token sooner → TooManyProviderTokenUpdates

} // namespace

struct ApnsRequestChecker::Headers {
    QByteArray method, path, authorization, apnsId, pushType, priority, expiration, collapseId, topic;
    bool hasApnsId = false, hasPushType = false, hasPriority = false, hasExpiration = false, hasCollapseId = false,
         hasTopic = false, hasAuthorization = false, duplicates = false;
};

ApnsRequestChecker::ApnsRequestChecker(ApnsStandIn::Environment environment, ApnsTokenVerifier &tokens)
    : m_environment(environment)
    , m_tokens(tokens)
{
}

void ApnsRequestChecker::registerToken(const QByteArray &token, const QString &topic)
{
    m_devices.insert(token.toLower(), Device{topic, Device::Active, 0});
}

void ApnsRequestChecker::markUnregistered(const QByteArray &token, qint64 timestampMs)
{
    Device &d = m_devices[token.toLower()];
    d.state = Device::Unregistered;
    d.timestampMs = timestampMs;
}

void ApnsRequestChecker::markExpired(const QByteArray &token, qint64 timestampMs)
{
    Device &d = m_devices[token.toLower()];
    d.state = Device::Expired;
    d.timestampMs = timestampMs;
}

bool ApnsRequestChecker::isCanonicalLowerUuid(const QByteArray &id)
{
    if (id.size() != 36)
        return false;
    for (int i = 0; i < 36; ++i) {
        const char c = id.at(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

const char *ApnsRequestChecker::topicSuffix(const QByteArray &pushType)
{
    static const struct {
        const char *type;
        const char *suffix;
    } table[] = {{"alert", ""},          {"background", ""}, {"voip", ".voip"}, {"complication", ".complication"},
                 {"fileprovider", ".pushkit.fileprovider"}, {"mdm", ""},  {"location", ".location-query"},
                 {"liveactivity", ".push-type.liveactivity"}, {"pushtotalk", ".voip-ptt"}};
    for (const auto &row : table) {
        if (pushType == row.type)
            return row.suffix;
    }
    return nullptr;
}

ApnsAnswer ApnsRequestChecker::check(const ApnsStandInStream &stream, ApnsConnectionAuth &auth, qint64 nowMs,
                                     ApnsRequestRecord &record)
{
    Headers h;
    for (qsizetype i = 0; i < stream.headers.size(); ++i) {
        const QByteArray &name = stream.headers.at(i).first;
        const QByteArray &value = stream.headers.at(i).second;
        if (!name.startsWith(':')) {
            for (qsizetype j = 0; j < i && !h.duplicates; ++j)
                h.duplicates = stream.headers.at(j).first == name;
        }
        const auto take = [&](const char *n, QByteArray *into, bool *has) {
            if (name == n) {
                *into = value;
                if (has)
                    *has = true;
                return true;
            }
            return false;
        };
        take(":method", &h.method, nullptr) || take(":path", &h.path, nullptr)
            || take("authorization", &h.authorization, &h.hasAuthorization) || take("apns-id", &h.apnsId, &h.hasApnsId)
            || take("apns-push-type", &h.pushType, &h.hasPushType) || take("apns-priority", &h.priority, &h.hasPriority)
            || take("apns-expiration", &h.expiration, &h.hasExpiration)
            || take("apns-collapse-id", &h.collapseId, &h.hasCollapseId) || take("apns-topic", &h.topic, &h.hasTopic);
    }

    if (h.method != "POST")
        return fail(405, "MethodNotAllowed");
    static const QByteArray prefix = QByteArrayLiteral("/3/device/");
    if (!h.path.startsWith(prefix))
        return fail(404, "BadPath");
    const QByteArray deviceToken = h.path.mid(prefix.size());
    if (deviceToken.isEmpty())
        return fail(400, "MissingDeviceToken");
    if (h.duplicates)
        return fail(400, "DuplicateHeaders");
    if (h.hasApnsId && !isCanonicalLowerUuid(h.apnsId))
        return fail(400, "BadMessageId");
    // Absent, Apple takes "alert"; present, it must be one of Apple's push types.
    const QByteArray pushType = h.hasPushType ? h.pushType : QByteArrayLiteral("alert");
    const char *suffix = topicSuffix(pushType);
    if (!suffix)
        return fail(400, "InvalidPushType");
    if (h.hasPriority && h.priority != "10" && h.priority != "5" && h.priority != "1")
        return fail(400, "BadPriority");
    if (pushType == "background" && h.priority == "10")
        return fail(400, "BadPriority");
    if (h.hasExpiration && !isDigits(h.expiration))
        return fail(400, "BadExpirationDate");
    if (h.collapseId.size() > 64)
        return fail(400, "BadCollapseId");

    // Authentication: a bearer token wins over a client certificate when both are there.
    QString topic = QString::fromUtf8(h.topic);
    if (h.hasAuthorization) {
        QStringList topics;
        if (auto refused = checkToken(h.authorization, auth, nowMs, record, &topics))
            return *refused;
        if (!h.hasTopic || topic.isEmpty())
            return fail(400, "MissingTopic");
        if (!topics.contains(topic))
            return fail(400, "TopicDisallowed");
    } else if (auth.hasCertificate) {
        if (auto refused = checkCertificate(auth))
            return *refused;
        const QStringList &topics = auth.certificate.topics;
        if (!h.hasTopic || topic.isEmpty()) {
            // Apple: the topic is required when the certificate has several; else it is the certificate's.
            if (topics.size() != 1)
                return fail(400, "MissingTopic");
            topic = topics.first();
        }
        // Choice (as pushy's MockApnsServer): a topic the certificate does not carry is BadTopic with a
        // certificate; with a token it is TopicDisallowed (the team may not push there).
        if (!topics.contains(topic))
            return fail(400, "BadTopic");
    } else {
        return fail(403, "MissingProviderToken");
    }
    // Choice: a push type whose topic lacks its suffix (voip without ".voip", …) is InvalidPushType: the
    // topic itself is allowed, the push type does not fit it (reported so by APNs for liveactivity/voip).
    if (*suffix && !topic.endsWith(QLatin1String(suffix)))
        return fail(400, "InvalidPushType");

    if (auto refused = checkDevice(deviceToken, topic))
        return *refused;

    if (stream.body.isEmpty())
        return fail(400, "PayloadEmpty");
    const qint64 limit = pushType == "voip" ? VoipPayloadLimit : PayloadLimit;
    if (stream.bodyOverflow || stream.body.size() > limit)
        return fail(413, "PayloadTooLarge");
    // Choice: Apple documents no reason for a body that is not a JSON object; PayloadEmpty ("the message
    // payload is empty") is the closest: there is no payload dictionary in it.
    if (!QJsonDocument::fromJson(stream.body).isObject())
        return fail(400, "PayloadEmpty");
    return {};
}

std::optional<ApnsAnswer> ApnsRequestChecker::checkToken(const QByteArray &authorization, ApnsConnectionAuth &auth,
                                                         qint64 nowMs, ApnsRequestRecord &record, QStringList *topics)
{
    static const QByteArray bearer = QByteArrayLiteral("bearer ");
    if (!authorization.startsWith(bearer))
        return fail(403, "InvalidProviderToken");
    const QByteArray jwt = authorization.mid(bearer.size());
    const ApnsTokenVerdict &v = m_tokens.verify(jwt);
    record.jwtHeader = v.header;
    record.jwtClaims = v.claims;
    using R = ApnsTokenVerdict::Result;
    switch (v.result) {
    case R::Malformed:    // not three base64url JSON parts, alg not ES256, no kid/iss/iat
    case R::UnknownKey:   // kid not known
    case R::BadSignature: // does not verify with the kid's public key
    case R::WrongTeam:    // iss is not the kid's team
        return fail(403, "InvalidProviderToken");
    case R::WrongEnvironment:
        return fail(403, "BadEnvironmentKeyIdInToken");
    case R::Valid:
        break;
    }
    if (!auth.firstKeyId.isEmpty() && auth.firstKeyId != v.keyId)
        return fail(403, "UnrelatedKeyIdInToken");
    const qint64 now = nowMs / 1000;
    if (v.issuedAt > now + TokenClockSkew)
        return fail(403, "InvalidProviderToken");
    if (now - v.issuedAt > TokenLifetime)
        return fail(403, "ExpiredProviderToken");
    if (!auth.token.isEmpty() && jwt != auth.token) {
        // A new token on this connection: not sooner than 20 minutes after the one it replaces.
        if (v.issuedAt - auth.tokenIssuedAt < TokenMinimumRenewal)
            return fail(429, "TooManyProviderTokenUpdates");
    }
    if (jwt != auth.token) {
        auth.token = jwt;
        auth.tokenIssuedAt = v.issuedAt;
    }
    if (auth.firstKeyId.isEmpty())
        auth.firstKeyId = v.keyId;
    auth.tokenAccepted = true;
    *topics = v.topics;
    return std::nullopt;
}

std::optional<ApnsAnswer> ApnsRequestChecker::checkCertificate(const ApnsConnectionAuth &auth) const
{
    const ApnsCertificateInfo &c = auth.certificate;
    // Trusted by the client CA (checked at the handshake) but not an APNs certificate.
    if (c.topics.isEmpty() || (!c.sandbox && !c.production))
        return fail(403, "BadCertificate");
    if (m_environment == ApnsStandIn::Environment::Sandbox ? !c.sandbox : !c.production)
        return fail(403, "BadCertificateEnvironment");
    return std::nullopt;
}

std::optional<ApnsAnswer> ApnsRequestChecker::checkDevice(const QByteArray &token, const QString &topic) const
{
    if (!isHexToken(token))
        return fail(400, "BadDeviceToken");
    const auto it = m_devices.constFind(token.toLower());
    if (it == m_devices.constEnd()) // unknown here: a token of the other environment, or garbage
        return fail(400, "BadDeviceToken");
    if (it->topic != topic)
        return fail(400, "DeviceTokenNotForTopic");
    if (it->state == Device::Unregistered)
        return ApnsAnswer{410, QByteArrayLiteral("Unregistered"), it->timestampMs};
    if (it->state == Device::Expired)
        return ApnsAnswer{410, QByteArrayLiteral("ExpiredToken"), it->timestampMs};
    return std::nullopt;
}

} // namespace HeraldTest
