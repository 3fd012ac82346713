#pragma once

#include "apnsstandin.h"
#include "apnsstandinauth.h"

#include <QHash>

namespace HeraldTest {

// One HTTP/2 stream of a connection: the request as it arrives, then the answer's body being sent.
struct ApnsStandInStream {
    qint32 id = 0;
    ApnsHeaderList headers;
    QByteArray body;
    bool bodyOverflow = false; // more body than the stand-in keeps (far beyond any APNs limit)
    qint64 arrivalMs = 0;
    qint64 arrivalNs = 0;
    QByteArray responseBody;
    qsizetype responseOffset = 0;
};

// What a connection has established about its client.
struct ApnsConnectionAuth {
    bool hasCertificate = false;
    ApnsCertificateInfo certificate;
    QByteArray firstKeyId;     // of the first accepted token on this connection
    QByteArray token;          // the token in use
    qint64 tokenIssuedAt = 0;  // its iat
    bool tokenAccepted = false;
};

// Apple's checks of one request, in order; the first that fails gives the answer.
class ApnsRequestChecker final
{
public:
    Q_DISABLE_COPY_MOVE(ApnsRequestChecker)
    ApnsRequestChecker(ApnsStandIn::Environment environment, ApnsTokenVerifier &tokens);

    void registerToken(const QByteArray &token, const QString &topic);
    void markUnregistered(const QByteArray &token, qint64 timestampMs);
    void markExpired(const QByteArray &token, qint64 timestampMs);

    // Fills the record's JWT fields when there is a token.
    ApnsAnswer check(const ApnsStandInStream &stream, ApnsConnectionAuth &auth, qint64 nowMs, ApnsRequestRecord &record);

    static bool isCanonicalLowerUuid(const QByteArray &id);
    // The topic suffix the push type needs ("" for none); nullptr for an unknown push type.
    static const char *topicSuffix(const QByteArray &pushType);

private:
    struct Device {
        QString topic;
        enum State { Active, Unregistered, Expired } state = Active;
        qint64 timestampMs = 0;
    };
    struct Headers;

    std::optional<ApnsAnswer> checkToken(const QByteArray &authorization, ApnsConnectionAuth &auth, qint64 nowMs,
                                         ApnsRequestRecord &record, QStringList *topics);
    std::optional<ApnsAnswer> checkCertificate(const ApnsConnectionAuth &auth) const;
    std::optional<ApnsAnswer> checkDevice(const QByteArray &token, const QString &topic) const;

    ApnsStandIn::Environment m_environment;
    ApnsTokenVerifier &m_tokens;
    QHash<QByteArray, Device> m_devices; // lower-case hex
};

} // namespace HeraldTest
