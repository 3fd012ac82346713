#include "robotstandin.h"

#include "httpsstandin.h"

#include "push/dingtalk.h"
#include "push/feishu.h"
#include "push/wecom.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace HeraldTest {

using Herald::Push::RobotKind;

namespace {

// The codes each service documents, by what went wrong.
struct Codes {
    int ok, sign, token, rate, shape;
};
Codes codesOf(RobotKind kind)
{
    switch (kind) {
    case RobotKind::DingTalk: return {0, 310000, 300001, 130101, 40035};
    case RobotKind::Feishu: return {0, 19021, 19001, 9499, 19002};
    case RobotKind::WeCom: return {0, 93000, 93000, 45009, 40058};
    }
    return {};
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out.append(s.toString());
    return out;
}

} // namespace

RobotStandIn::RobotStandIn(RobotKind kind, QByteArray secret, QObject *parent)
    : QObject(parent), m_kind(kind), m_secret(std::move(secret)),
      m_https(new HttpsStandIn([this](const HttpsStandIn::Request &r) { return handle(r); }, this))
{
    m_rate = kind == RobotKind::Feishu ? Herald::Push::RobotRate{5, 1000} : Herald::Push::RobotRate{20, 60000};
}

RobotStandIn::~RobotStandIn() = default;

bool RobotStandIn::listen(const QString &certificateFile, const QString &keyFile, QString *error)
{
    return m_https->listen(certificateFile, keyFile, error);
}

quint16 RobotStandIn::port() const
{
    return m_https->port();
}

QUrl RobotStandIn::webhook() const
{
    const QString base = QStringLiteral("https://127.0.0.1:%1").arg(port());
    switch (m_kind) {
    case RobotKind::DingTalk: return QUrl(base + QStringLiteral("/robot/send?access_token=") + QLatin1String(kToken));
    case RobotKind::Feishu: return QUrl(base + QStringLiteral("/open-apis/bot/v2/hook/") + QLatin1String(kToken));
    case RobotKind::WeCom: return QUrl(base + QStringLiteral("/cgi-bin/webhook/send?key=") + QLatin1String(kToken));
    }
    return {};
}

QList<RobotStandIn::Post> RobotStandIn::accepted() const
{
    QList<Post> out;
    for (const Post &p : m_posts) {
        if (p.code == 0)
            out.append(p);
    }
    return out;
}

int RobotStandIn::rateLimited() const
{
    const int rate = codesOf(m_kind).rate;
    return int(std::count_if(m_posts.begin(), m_posts.end(), [rate](const Post &p) { return p.code == rate; }));
}

qint64 RobotStandIn::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

// Each request the HTTPS side read, checked and answered as the service does (HTTP 200, the code in the body).
HttpsStandIn::Response RobotStandIn::handle(const HttpsStandIn::Request &request)
{
    Post post;
    post.target = request.path;
    post.body = request.body;
    post.code = request.method == "POST" ? check(post, request.headers) : codesOf(m_kind).shape;
    m_posts.append(post);
    return {200, answer(post.code), {}};
}

QByteArray RobotStandIn::answer(int code) const
{
    const QString message = code == 0 ? QStringLiteral("ok") : QStringLiteral("stand-in refused: %1").arg(code);
    const QJsonObject body = m_kind == RobotKind::Feishu
                                 ? QJsonObject{{QLatin1String("code"), code}, {QLatin1String("msg"), message},
                                               {QLatin1String("data"), QJsonObject()}}
                                 : QJsonObject{{QLatin1String("errcode"), code}, {QLatin1String("errmsg"), message}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

int RobotStandIn::check(Post &post, const QHash<QByteArray, QByteArray> &headers)
{
    const Codes codes = codesOf(m_kind);
    QJsonParseError parse{};
    const QJsonDocument json = QJsonDocument::fromJson(post.body, &parse);
    if (!headers.value("content-type").startsWith("application/json") || parse.error != QJsonParseError::NoError || !json.isObject())
        return codes.shape;
    int code = 0;
    switch (m_kind) {
    case RobotKind::DingTalk: code = checkDingTalk(post, json.object()); break;
    case RobotKind::Feishu: code = checkFeishu(post, json.object()); break;
    case RobotKind::WeCom: code = checkWeCom(post, json.object()); break;
    }
    if (code == 0 && !m_scripted.empty()) {
        code = m_scripted.front();
        m_scripted.pop_front();
    }
    if (code == 0)
        code = overRate();
    return code;
}

// The documented rate over the accepted posts; a post over it is refused and not counted.
int RobotStandIn::overRate()
{
    const qint64 t = now();
    while (!m_sent.empty() && m_sent.front() <= t - m_rate.windowMs)
        m_sent.pop_front();
    if (int(m_sent.size()) >= m_rate.messages)
        return codesOf(m_kind).rate;
    m_sent.push_back(t);
    return 0;
}

int RobotStandIn::checkDingTalk(Post &post, const QJsonObject &body)
{
    const Codes codes = codesOf(m_kind);
    const QUrlQuery query(QUrl::fromEncoded("https://x" + post.target));
    if (!post.target.startsWith("/robot/send?") || query.queryItemValue(QStringLiteral("access_token")) != QLatin1String(kToken))
        return codes.token;
    if (!m_secret.isEmpty()) {
        bool ok = false;
        const qint64 timestamp = query.queryItemValue(QStringLiteral("timestamp")).toLongLong(&ok);
        const QByteArray sign = query.queryItemValue(QStringLiteral("sign"), QUrl::FullyDecoded).toLatin1();
        if (!ok || qAbs(now() - timestamp) > Herald::Push::DingTalk::kTimestampWindowMs
            || sign != Herald::Push::DingTalk::sign(timestamp, m_secret))
            return codes.sign;
    }
    post.msgtype = body.value(QLatin1String("msgtype")).toString();
    const QJsonObject at = body.value(QLatin1String("at")).toObject();
    post.atMobiles = strings(at.value(QLatin1String("atMobiles")));
    post.atAll = at.value(QLatin1String("isAtAll")).toBool();
    if (post.msgtype == QLatin1String("text")) {
        post.text = body.value(QLatin1String("text")).toObject().value(QLatin1String("content")).toString();
    } else if (post.msgtype == QLatin1String("markdown") || post.msgtype == QLatin1String("link")) {
        const QJsonObject m = body.value(post.msgtype).toObject();
        post.title = m.value(QLatin1String("title")).toString();
        post.text = m.value(QLatin1String("text")).toString();
        if (post.title.isEmpty())
            return codes.shape;
    } else {
        return codes.shape;
    }
    if (post.text.isEmpty() || post.text.toUtf8().size() > Herald::Push::DingTalk::kMaxTextBytes)
        return codes.shape;
    return 0;
}

int RobotStandIn::checkFeishu(Post &post, const QJsonObject &body)
{
    const Codes codes = codesOf(m_kind);
    if (post.target != "/open-apis/bot/v2/hook/" + QByteArray(kToken))
        return codes.token;
    if (post.body.size() > Herald::Push::Feishu::kMaxBodyBytes)
        return codes.shape;
    if (!m_secret.isEmpty()) {
        bool ok = false;
        const qint64 timestamp = body.value(QLatin1String("timestamp")).toString().toLongLong(&ok);
        if (!ok || qAbs(now() / 1000 - timestamp) > Herald::Push::Feishu::kTimestampWindowSecs
            || body.value(QLatin1String("sign")).toString().toLatin1() != Herald::Push::Feishu::sign(timestamp, m_secret))
            return codes.sign;
    }
    post.msgtype = body.value(QLatin1String("msg_type")).toString();
    const QJsonObject content = body.value(QLatin1String("content")).toObject();
    if (post.msgtype == QLatin1String("text")) {
        post.text = content.value(QLatin1String("text")).toString();
        post.atAll = post.text.contains(QLatin1String("<at user_id=\"all\">"));
    } else if (post.msgtype == QLatin1String("post")) {
        const QJsonObject zh = content.value(QLatin1String("post")).toObject().value(QLatin1String("zh_cn")).toObject();
        post.title = zh.value(QLatin1String("title")).toString();
        QStringList lines;
        for (const QJsonValue &line : zh.value(QLatin1String("content")).toArray()) {
            QString text;
            for (const QJsonValue &element : line.toArray()) {
                const QJsonObject e = element.toObject();
                if (e.value(QLatin1String("tag")) == QLatin1String("text"))
                    text += e.value(QLatin1String("text")).toString();
                else if (e.value(QLatin1String("tag")) == QLatin1String("at") && e.value(QLatin1String("user_id")) == QLatin1String("all"))
                    post.atAll = true;
                else
                    return codes.shape;
            }
            if (!text.isEmpty() || !post.atAll)
                lines.append(text);
        }
        post.text = lines.join(QLatin1Char('\n'));
    } else {
        return codes.shape;
    }
    return post.text.isEmpty() ? codes.shape : 0;
}

int RobotStandIn::checkWeCom(Post &post, const QJsonObject &body)
{
    const Codes codes = codesOf(m_kind);
    const QUrlQuery query(QUrl::fromEncoded("https://x" + post.target));
    if (!post.target.startsWith("/cgi-bin/webhook/send?") || query.queryItemValue(QStringLiteral("key")) != QLatin1String(kToken))
        return codes.token;
    post.msgtype = body.value(QLatin1String("msgtype")).toString();
    const QJsonObject m = body.value(post.msgtype).toObject();
    post.text = m.value(QLatin1String("content")).toString();
    if (post.msgtype == QLatin1String("text")) {
        post.atMobiles = strings(m.value(QLatin1String("mentioned_mobile_list")));
        post.atAll = post.atMobiles.removeAll(QStringLiteral("@all")) > 0;
        if (post.text.toUtf8().size() > Herald::Push::WeCom::kMaxTextBytes)
            return codes.shape;
    } else if (post.msgtype == QLatin1String("markdown")) {
        if (post.text.toUtf8().size() > Herald::Push::WeCom::kMaxMarkdownBytes)
            return codes.shape;
    } else {
        return 40008;
    }
    return post.text.isEmpty() ? 44004 : 0;
}

} // namespace HeraldTest
