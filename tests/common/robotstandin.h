#pragma once

#include "httpsstandin.h"
#include "push/robot.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <deque>
#include <functional>


namespace HeraldTest {

// A stand-in for one group-chat robot's webhook (DingTalk, Feishu/Lark or WeCom) on loopback, over real
// TLS (HTTP/1.1), as strict as the service's documentation: the webhook's token or key, the signature
// and its timestamp window (DingTalk and Feishu, when it has a secret), the body's shape and size
// limits, the rate (20 a minute for DingTalk and WeCom; Feishu 5 a second; a window tests can shorten),
// each answered with the service's documented code; scripted answers besides.
class RobotStandIn final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RobotStandIn)

public:
    static constexpr char kToken[] = "robot-token-1"; // the webhook's access_token, hook id or key

    struct Post {
        QByteArray target;   // path and query
        QByteArray body;
        int code = 0;        // the code it answered
        QString msgtype;     // text, markdown, post
        QString title;
        QString text;        // the content (Feishu post: its lines joined)
        QStringList atMobiles;
        bool atAll = false;
    };

    RobotStandIn(Herald::Push::RobotKind kind, QByteArray secret, QObject *parent = nullptr);
    ~RobotStandIn() override;

    bool listen(const QString &certificateFile, const QString &keyFile, QString *error);
    quint16 port() const;
    // The webhook as the service shows it, on this stand-in.
    QUrl webhook() const;

    void setClock(std::function<qint64()> clockMs) { m_clock = std::move(clockMs); } // UNIX milliseconds
    void setRate(int messages, int windowMs) { m_rate = {messages, windowMs}; }
    void answerNext(int code, int count = 1) { m_scripted.insert(m_scripted.end(), count, code); }

    const QList<Post> &posts() const { return m_posts; }
    QList<Post> accepted() const; // those answered 0
    int rateLimited() const;      // posts refused for the rate

private:
    HttpsStandIn::Response handle(const HttpsStandIn::Request &request);
    int check(Post &post, const QHash<QByteArray, QByteArray> &headers);
    int checkDingTalk(Post &post, const QJsonObject &body);
    int checkFeishu(Post &post, const QJsonObject &body);
    int checkWeCom(Post &post, const QJsonObject &body);
    int overRate();
    QByteArray answer(int code) const;
    qint64 now() const;

    Herald::Push::RobotKind m_kind;
    QByteArray m_secret;
    HttpsStandIn *m_https;
    Herald::Push::RobotRate m_rate;
    std::deque<qint64> m_sent; // when the accepted posts came, for the rate
    std::deque<int> m_scripted;
    QList<Post> m_posts;
    std::function<qint64()> m_clock;
};

} // namespace HeraldTest
