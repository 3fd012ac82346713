#pragma once

// Group-chat robots (DingTalk's custom robot, Feishu/Lark's custom bot, WeCom's group bot): one message
// shape, one answer shape, and a client per kind (dingtalk.h, feishu.h, wecom.h) that signs and shapes
// the request exactly as the service documents it and classifies the answer. Every request goes to the
// robot's webhook, or through an Endpoint to a stand-in; certificates are always verified.

#include "push/endpoint.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkReply;

namespace Herald::Push {

// One message to a group robot.
struct RobotMessage {
    enum class Kind { Text, Markdown, Link };
    Kind kind = Kind::Text;
    QString title;          // markdown and link
    QString text;
    QString messageUrl;     // link (DingTalk only): where it opens
    QString pictureUrl;     // link: optional
    QStringList atMobiles;  // text and markdown: who is @-mentioned
    bool atAll = false;
};

enum class RobotKind { DingTalk, Feishu, WeCom };
QString robotKindName(RobotKind kind); // "dingtalk", "feishu", "wecom"
std::optional<RobotKind> robotKindFromName(const QString &name);

// What became of one message.
enum class RobotResult {
    Sent,          // the robot posted it
    RateLimited,   // over the robot's rate: the same message may go later
    Rejected,      // the message itself was refused (shape, size, content)
    Configuration, // the webhook, its key or token, or the secret is wrong: nothing goes until fixed
    Unreachable,   // no answer (connection, TLS, timeout, not the service's JSON)
};
QString robotResultName(RobotResult result); // "sent", "rate-limited", "rejected", "configuration", "unreachable"

struct RobotAnswer {
    QString kind;        // "dingtalk", …
    int status = 0;      // HTTP status; 0 when none
    int code = 0;        // the service's errcode / code (0: success)
    QString message;     // the service's errmsg / msg
    QString explanation; // for a person: what it means and what to do
    RobotResult result = RobotResult::Unreachable;

    bool sent() const { return result == RobotResult::Sent; }
    // One line: "200 sent (dingtalk)" or "200 errcode 310000 [configuration]: …".
    QString summary() const;
    QJsonObject toJson() const;
};

// One documented rate: at most `messages` in any `windowMs`.
struct RobotRate {
    int messages = 20;
    int windowMs = 60000;
};

struct RobotOptions {
    QUrl webhook;                  // as the group's robot settings show it (WeCom: with ?key=…)
    QByteArray secret;             // the signing secret (DingTalk, Feishu); empty: unsigned
    Endpoint endpoint;             // a stand-in in the webhook host's place, and the CAs to trust
    int timeoutMs = 30000;
    std::function<qint64()> clock; // UNIX milliseconds; empty: the system clock (tests set it)
};

// A client of one robot. send() queues; finished(id, answer) follows for every id, never from inside send().
class RobotClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RobotClient)

public:
    RobotClient(RobotOptions options, QObject *parent);
    ~RobotClient() override;

    virtual RobotKind kind() const = 0;
    // What the robot would refuse in the message (empty: it can go).
    virtual QString problem(const RobotMessage &message) const = 0;
    // The longest text (UTF-8 bytes) one message of this kind may carry.
    virtual qsizetype maxTextBytes(RobotMessage::Kind kind) const = 0;
    // The robot's documented rates; all of them apply.
    virtual QList<RobotRate> rates() const = 0;

    quint64 send(const RobotMessage &message);

Q_SIGNALS:
    void finished(quint64 id, const Herald::Push::RobotAnswer &answer);

protected:
    // The request's URL and JSON body at `nowMs` (signed with the secret where the kind signs).
    virtual QUrl url(qint64 nowMs) const = 0;
    virtual QJsonObject body(const RobotMessage &message, qint64 nowMs) const = 0;
    // The service's JSON answer (HTTP 200) classified.
    virtual RobotAnswer classify(const QJsonObject &answer) const = 0;

    const RobotOptions &options() const { return m_options; }
    RobotAnswer answer(RobotResult result, const QString &explanation) const;

private:
    void onReply(QNetworkReply *reply, quint64 id);

    RobotOptions m_options;
    QNetworkAccessManager m_network;
    quint64 m_nextId = 1;
};

// One of a service's documented answer codes: what it means for the message, and for a person.
struct RobotCode {
    int code;
    RobotResult result;
    const char *explanation;
};
// The code looked up in `codes`; an unknown one is a rejection "`service` answered code N: message".
RobotAnswer robotAnswer(const QList<RobotCode> &codes, RobotKind kind, int code, const QString &message);

std::unique_ptr<RobotClient> makeRobotClient(RobotKind kind, RobotOptions options, QObject *parent = nullptr);

} // namespace Herald::Push
