#include "servertestcase.h"

#include <QTest>

#include "testjson.h"

namespace HeraldTest {

ServerTestCase::ServerTestCase(QStringList serverFlags) : m_serverFlags(std::move(serverFlags)) {}

void ServerTestCase::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(m_serverFlags);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    QVERIFY(!m_server->apiKey().isEmpty());
    QVERIFY(!m_server->adminToken().isEmpty() && !m_server->readonlyToken().isEmpty());
    QVERIFY(m_server->adminToken() != m_server->readonlyToken());
    m_http = std::make_unique<HttpClient>();
}

void ServerTestCase::cleanup()
{
    m_clients.clear();
    QTRY_COMPARE(call(QStringLiteral("getAllClientIdCount")),
                 (QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("count"), 0}}));
}

ChatClient *ServerTestCase::connectClient(const QString &name, const QString &room)
{
    auto client = std::make_unique<ChatClient>();
    if (!client->connectAndLogin(m_server->clientUrl(), name, room))
        return nullptr;
    m_clients.push_back(std::move(client));
    return m_clients.back().get();
}

QJsonObject ServerTestCase::call(const QString &command, const QJsonObject &args)
{
    const HttpReply r = m_http->command(m_server->apiUrl(), command, args, m_server->apiKey().toUtf8());
    if (r.status == 200)
        return r.json();
    return {{QStringLiteral("status"), r.status}, {QStringLiteral("body"), QString::fromUtf8(r.body)}};
}

} // namespace HeraldTest
