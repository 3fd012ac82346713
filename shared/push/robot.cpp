#include "push/robot.h"

#include "push/dingtalk.h"
#include "push/feishu.h"
#include "push/wecom.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkReply>

namespace Herald::Push {

namespace {
struct KindName {
    RobotKind kind;
    const char *name;
};
constexpr KindName kKinds[] = {{RobotKind::DingTalk, "dingtalk"}, {RobotKind::Feishu, "feishu"}, {RobotKind::WeCom, "wecom"}};
} // namespace

QString robotKindName(RobotKind kind)
{
    for (const KindName &k : kKinds) {
        if (k.kind == kind)
            return QLatin1String(k.name);
    }
    return {};
}

std::optional<RobotKind> robotKindFromName(const QString &name)
{
    for (const KindName &k : kKinds) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

QString robotResultName(RobotResult result)
{
    switch (result) {
    case RobotResult::Sent: return QStringLiteral("sent");
    case RobotResult::RateLimited: return QStringLiteral("rate-limited");
    case RobotResult::Rejected: return QStringLiteral("rejected");
    case RobotResult::Configuration: return QStringLiteral("configuration");
    case RobotResult::Unreachable: return QStringLiteral("unreachable");
    }
    return {};
}

QString RobotAnswer::summary() const
{
    if (sent())
        return QStringLiteral("%1 sent (%2)").arg(status).arg(kind);
    const QString code = this->code ? QStringLiteral(" code %1").arg(this->code) : QString();
    return QStringLiteral("%1%2 [%3]: %4").arg(status).arg(code, robotResultName(result), explanation);
}

QJsonObject RobotAnswer::toJson() const
{
    return {{QLatin1String("kind"), kind},
            {QLatin1String("status"), status},
            {QLatin1String("code"), code},
            {QLatin1String("message"), message},
            {QLatin1String("explanation"), explanation},
            {QLatin1String("result"), robotResultName(result)}};
}

RobotClient::RobotClient(RobotOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

RobotClient::~RobotClient() = default;

RobotAnswer RobotClient::answer(RobotResult result, const QString &explanation) const
{
    RobotAnswer a;
    a.kind = robotKindName(kind());
    a.result = result;
    a.explanation = explanation;
    return a;
}

quint64 RobotClient::send(const RobotMessage &message)
{
    const quint64 id = m_nextId++;
    if (const QString p = problem(message); !p.isEmpty()) {
        const RobotAnswer a = answer(RobotResult::Rejected, p);
        QMetaObject::invokeMethod(this, [this, id, a] { Q_EMIT finished(id, a); }, Qt::QueuedConnection);
        return id;
    }
    const qint64 now = m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
    QNetworkRequest request = m_options.endpoint.request(url(now));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=utf-8"));
    request.setTransferTimeout(m_options.timeoutMs);
    QNetworkReply *reply = m_network.post(request, QJsonDocument(body(message, now)).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] { onReply(reply, id); });
    return id;
}

void RobotClient::onReply(QNetworkReply *reply, quint64 id)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QJsonParseError parse{};
    const QJsonDocument json = QJsonDocument::fromJson(reply->readAll(), &parse);
    RobotAnswer a;
    if (status == 0) {
        a = answer(RobotResult::Unreachable, QStringLiteral("the robot's webhook could not be reached: %1").arg(reply->errorString()));
    } else if (parse.error != QJsonParseError::NoError || !json.isObject()) {
        a = answer(status == 429 ? RobotResult::RateLimited : RobotResult::Unreachable,
                   QStringLiteral("the webhook answered HTTP %1 without the robot's JSON: check the url").arg(status));
    } else {
        a = classify(json.object());
    }
    a.status = status;
    Q_EMIT finished(id, a);
}

RobotAnswer robotAnswer(const QList<RobotCode> &codes, RobotKind kind, int code, const QString &message)
{
    RobotAnswer a;
    a.kind = robotKindName(kind);
    a.code = code;
    a.message = message;
    a.result = RobotResult::Rejected;
    a.explanation = QStringLiteral("%1 answered code %2: %3").arg(a.kind).arg(code).arg(message);
    for (const RobotCode &c : codes) {
        if (c.code == code) {
            a.result = c.result;
            a.explanation = QString::fromUtf8(c.explanation);
        }
    }
    return a;
}

std::unique_ptr<RobotClient> makeRobotClient(RobotKind kind, RobotOptions options, QObject *parent)
{
    switch (kind) {
    case RobotKind::DingTalk: return std::make_unique<DingTalkRobot>(std::move(options), parent);
    case RobotKind::Feishu: return std::make_unique<FeishuRobot>(std::move(options), parent);
    case RobotKind::WeCom: return std::make_unique<WeComRobot>(std::move(options), parent);
    }
    return nullptr;
}

} // namespace Herald::Push
