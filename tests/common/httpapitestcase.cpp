#include "httpapitestcase.h"

#include <QTest>

namespace HeraldTest {

QString errorOutcome(const HttpReply &r)
{
    const QJsonObject body = r.json();
    const QJsonObject error = body.value(u"error").toObject();
    if (body.size() == 1 && error.size() == 2 && error.value(u"code").isDouble()
        && !error.value(u"message").toString().isEmpty())
        return QStringLiteral("%1 code %2").arg(r.status).arg(error.value(u"code").toInt());
    return QStringLiteral("%1 body: %2").arg(r.status).arg(QString::fromUtf8(r.body));
}

QString expectedError(int status, int code)
{
    return QStringLiteral("%1 code %2").arg(status).arg(code);
}

HttpApiTestCase::HttpApiTestCase()
    : ServerTestCase({QStringLiteral("--max-request-size"), QString::number(kMaxRequestSize),
                      QStringLiteral("--max-message-size"), QString::number(kMaxMessageSize),
                      QStringLiteral("--max-rooms-per-client"), QString::number(kMaxRooms),
                      QStringLiteral("--ping-interval"), QStringLiteral("0")})
{
}

QUrl HttpApiTestCase::url(const QString &pathAndQuery) const
{
    const qsizetype q = pathAndQuery.indexOf(u'?');
    QUrl u = m_server->apiUrl(pathAndQuery.left(q));
    if (q >= 0)
        u.setQuery(pathAndQuery.mid(q + 1), QUrl::StrictMode);
    return u;
}

HttpReply HttpApiTestCase::api(const QString &command, const QJsonObject &args)
{
    return m_http->command(m_server->apiUrl(), command, args, key());
}

bool HttpApiTestCase::receives(ChatClient *client, const QString &text)
{
    return QTest::qWaitFor([&] { return client->ws.raw().contains(text); }, 5000)
        && client->ws.raw().count(text) == 1;
}

bool HttpApiTestCase::flushed(ChatClient *client)
{
    const QString marker = QStringLiteral("marker %1").arg(++m_markers);
    if (api(QStringLiteral("sendToClient"), {{QStringLiteral("client_id"), client->clientId},
                                             {QStringLiteral("message"), marker}}).status != 200)
        return false;
    return receives(client, marker);
}

} // namespace HeraldTest
