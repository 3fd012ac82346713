#include "testclients.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

namespace HeraldTest {

namespace {

// Runs an event loop until `sender` emits `signal` or the time is up; true when it emitted. Not
// QSignalSpy::wait: Qt Test's loop does not run at all once the running test has failed, and a test
// goes on after a helper's failure (a wait that timed out), to say what else went wrong.
template <typename Sender, typename Signal>
bool waitForSignal(Sender *sender, Signal signal, int timeoutMs)
{
    bool emitted = false;
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, [&] {
        emitted = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return emitted;
}

} // namespace

WsClient::WsClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_raw.append(text);
        m_messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
}

bool WsClient::open(const QUrl &url, int timeoutMs, const QByteArray &bearer)
{
    QNetworkRequest request(url);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    m_socket.open(request);
    return isOpen() || waitForSignal(&m_socket, &QWebSocket::connected, timeoutMs);
}

void WsClient::sendJson(const QJsonObject &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void WsClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
}

QJsonObject WsClient::waitFor(const QString &type, int timeoutMs, qsizetype *index)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        for (qsizetype i = m_consumed; i < m_messages.size(); ++i) {
            if (m_messages[i].value(QLatin1String("type")).toString() == type) {
                m_consumed = i + 1;
                if (index)
                    *index = i;
                return m_messages[i];
            }
        }
        if (deadline.hasExpired())
            return {};
        QTest::qWait(5); // processes events; the condition above is what is waited for
    }
}

bool WsClient::waitClosed(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    return waitForSignal(&m_socket, &QWebSocket::disconnected, timeoutMs)
        || m_socket.state() == QAbstractSocket::UnconnectedState;
}

QList<QJsonObject> WsClient::ofType(const QString &type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &m : m_messages) {
        if (m.value(QLatin1String("type")).toString() == type)
            out.append(m);
    }
    return out;
}

bool ChatClient::connectAndLogin(const QUrl &url, const QString &name, const QJsonValue &room, int timeoutMs)
{
    if (!ws.isOpen() && !ws.open(url, timeoutMs))
        return false;
    ws.sendJson({{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("client_name"), name},
                 {QStringLiteral("room_id"), room}});
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QJsonObject m = ws.waitFor(QStringLiteral("login"), int(deadline.remainingTime()));
        if (m.contains(QLatin1String("client_list"))) {
            loginReply = m;
            clientId = m.value(QLatin1String("client_id")).toString();
            return true;
        }
        if (m.isEmpty())
            break;
    }
    return false;
}

void ChatClient::say(const QString &content, const QString &to, const QString &toName)
{
    QJsonObject m{{QStringLiteral("type"), QStringLiteral("say")}, {QStringLiteral("to_client_id"), to},
                  {QStringLiteral("content"), content}};
    if (!toName.isEmpty())
        m.insert(QStringLiteral("to_client_name"), toName);
    ws.sendJson(m);
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpReply HttpClient::finish(QNetworkReply *reply)
{
    if (!reply->isFinished() && !waitForSignal(reply, &QNetworkReply::finished, 10000)) {
        const QString url = reply->url().toString(QUrl::RemoveQuery); // a form call's query may hold the key
        QTest::qFail(qPrintable(QStringLiteral("no HTTP answer from %1 within 10 s").arg(url)), __FILE__, __LINE__);
        reply->abort();
    }
    HttpReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

QNetworkRequest HttpClient::request(const QUrl &url) const
{
    QNetworkRequest r(url);
    if (m_tls)
        r.setSslConfiguration(*m_tls);
    return r;
}

HttpReply HttpClient::post(const QUrl &url, const QByteArray &body, const QByteArray &key, const QByteArray &contentType)
{
    QNetworkRequest request = this->request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key);
    return finish(m_nam.post(request, body));
}

HttpReply HttpClient::get(const QUrl &url, const QByteArray &key)
{
    QNetworkRequest request = this->request(url);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key);
    return finish(m_nam.get(request));
}

HttpReply HttpClient::command(const QUrl &base, const QString &name, const QJsonObject &args, const QByteArray &key)
{
    QUrl url = base;
    url.setPath(QStringLiteral("/api/") + name);
    return post(url, QJsonDocument(args).toJson(QJsonDocument::Compact), key);
}

HttpReply HttpClient::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                           const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request = this->request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return finish(m_nam.sendCustomRequest(request, method, body));
}

void TextClient::setSslConfiguration(const QSslConfiguration &tls)
{
    m_socket.setSslConfiguration(tls);
    m_tls = true;
}

bool TextClient::open(quint16 port, int timeoutMs)
{
    if (!m_tls) {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(timeoutMs);
    }
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    return m_socket.waitForEncrypted(timeoutMs);
}

void TextClient::writeLine(const QByteArray &line)
{
    m_socket.write(line + '\n');
    m_socket.flush();
}

QByteArray TextClient::readLine(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_socket.canReadLine()) {
        if (deadline.hasExpired() || m_socket.state() != QAbstractSocket::ConnectedState)
            return m_socket.canReadLine() ? m_socket.readLine().trimmed() : QByteArray();
        m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    return m_socket.readLine().trimmed();
}

QJsonObject TextClient::call(const QJsonObject &command, int timeoutMs)
{
    writeLine(QJsonDocument(command).toJson(QJsonDocument::Compact));
    return QJsonDocument::fromJson(readLine(timeoutMs)).object();
}

bool sayGoesRound(const QUrl &url, const QString &room, ChatClient *listener)
{
    ChatClient speaker;
    if (!speaker.connectAndLogin(url, QStringLiteral("speaker"), room))
        return false;
    speaker.say(QStringLiteral("still here"));
    ChatClient &hearer = listener ? *listener : speaker;
    return hearer.ws.waitFor(QStringLiteral("say")).value(u"content").toString() == u"still here";
}

qint64 prometheusSample(const QByteArray &page, const QString &sample)
{
    const QRegularExpression line(QLatin1Char('^') + QRegularExpression::escape(sample) + QStringLiteral(R"( (\d+)$)"),
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = line.match(QString::fromUtf8(page));
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

namespace {
// The length of the first whole answer in `in`, or 0 while it is not all there.
qsizetype answerLength(const QByteArray &in)
{
    const qsizetype end = in.indexOf("\r\n\r\n");
    if (end < 0)
        return 0;
    const qsizetype total = end + 4 + headerValue(in.first(end + 2), "Content-Length").toLongLong();
    return in.size() >= total ? total : 0;
}
} // namespace

RawHttpClient::RawHttpClient()
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_in += m_socket.readAll(); });
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs)
{
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return m_socket.waitForConnected(timeoutMs);
}

void RawHttpClient::send(const QByteArray &request)
{
    m_socket.write(request);
    m_socket.flush();
}

QByteArray RawHttpClient::answer(int timeoutMs)
{
    if (!QTest::qWaitFor([this] { return answerLength(m_in) > 0 || !isOpen(); }, timeoutMs))
        return {};
    const qsizetype length = answerLength(m_in);
    const QByteArray answer = m_in.first(length);
    m_in.remove(0, length);
    return answer;
}

QByteArray RawHttpClient::headAnswer(int timeoutMs)
{
    QTest::qWaitFor([this] { return m_in.contains("\r\n\r\n") || !isOpen(); }, timeoutMs);
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0)
        return {};
    const qsizetype length = end + 4;
    const QByteArray answer = m_in.first(length);
    m_in.remove(0, length);
    return answer;
}

bool RawHttpClient::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !isOpen(); }, timeoutMs);
}

QByteArray headerValue(const QByteArray &answer, const QByteArray &name)
{
    const qsizetype end = answer.indexOf("\r\n\r\n");
    for (const QByteArray &line : answer.first(end < 0 ? answer.size() : end).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed();
    }
    return {};
}

} // namespace HeraldTest
