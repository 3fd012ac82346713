#include "admintestcase.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace HeraldTest {

using namespace Qt::StringLiterals;

const QList<QPair<QString, bool>> kCommands = {
    {u"sendToAll"_s, true}, {u"sendToClient"_s, true}, {u"sendToUid"_s, true}, {u"sendToGroup"_s, true},
    {u"bindUid"_s, true}, {u"unbindUid"_s, true}, {u"joinGroup"_s, true}, {u"leaveGroup"_s, true},
    {u"ungroup"_s, true}, {u"isOnline"_s, false}, {u"isUidOnline"_s, false}, {u"getAllClientIdCount"_s, false},
    {u"getAllClientIdList"_s, false}, {u"getAllUidCount"_s, false}, {u"getAllUidList"_s, false},
    {u"getAllGroupCount"_s, false}, {u"getAllGroupIdList"_s, false}, {u"getClientIdListByGroup"_s, false},
    {u"getClientIdCountByGroup"_s, false}, {u"getUidListByGroup"_s, false}, {u"getUidCountByGroup"_s, false},
    {u"getHistory"_s, false},
    {u"getClientIdByUid"_s, false}, {u"getUidByClientId"_s, false}, {u"getSession"_s, false},
    {u"setSession"_s, true}, {u"updateSession"_s, true}, {u"closeClient"_s, true},
};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject normalized(QJsonObject o, const QString &key)
{
    const QDateTime t = QDateTime::fromString(o.value(key).toString(), Qt::ISODateWithMs);
    if (t.isValid() && t.timeSpec() == Qt::UTC && qAbs(t.secsTo(QDateTime::currentDateTimeUtc())) < 60)
        o.insert(key, u"<time>"_s);
    return o;
}

QString resultError(const QJsonObject &m)
{
    const QJsonObject error = m.value(u"result").toObject().value(u"error").toObject();
    return u"%1 code %2"_s.arg(m.value(u"status").toInt()).arg(error.value(u"code").toInt());
}

AdminTestCase::AdminTestCase(const QStringList &moreFlags) : ServerTestCase(QStringList{u"--ping-interval"_s, u"0"_s} + moreFlags) {}

std::unique_ptr<WsClient> AdminTestCase::openAdmin(const QString &token)
{
    auto admin = std::make_unique<WsClient>();
    if (!admin->open(m_server->adminUrl(), 5000, token.toUtf8()))
        return nullptr;
    if (waitFor(*admin, [](const QJsonObject &m) { return m.value(u"type") == u"snapshot"_s; }).isEmpty())
        return nullptr;
    return admin;
}

QJsonObject AdminTestCase::request(WsClient &admin, QJsonObject message)
{
    const int id = ++m_nextId;
    message.insert(u"id"_s, id);
    const qsizetype from = admin.messages().size();
    admin.sendJson(message);
    return waitFor(admin, [id](const QJsonObject &m) { return m.value(u"id") == QJsonValue(id); }, from);
}

QJsonObject AdminTestCase::command(WsClient &admin, const QString &cmd, const QJsonObject &args)
{
    return request(admin, {{u"type"_s, u"command"_s}, {u"cmd"_s, cmd}, {u"args"_s, args}});
}

QJsonObject AdminTestCase::waitFor(const WsClient &ws, const Predicate &matches, qsizetype from)
{
    QJsonObject found;
    const bool arrived = QTest::qWaitFor([&] {
        for (qsizetype i = from; i < ws.messages().size(); ++i) {
            if (matches(ws.messages().at(i))) {
                found = ws.messages().at(i);
                return true;
            }
        }
        return false;
    }, 5000);
    if (!arrived)
        QTest::qFail("the admin message waited for did not come within 5 s", __FILE__, __LINE__);
    return found;
}

QList<QJsonObject> AdminTestCase::events(const WsClient &ws, const QString &clientId, const QString &kind)
{
    QList<QJsonObject> out;
    bool live = false; // what comes before the snapshot happened before this connection
    for (const QJsonObject &m : ws.messages()) {
        live = live || m.value(u"type") == u"snapshot"_s;
        if (!live || m.value(u"type") != u"events"_s)
            continue;
        for (const QJsonValue &v : m.value(u"events").toArray()) {
            const QJsonObject e = v.toObject();
            const QString id = e.contains(u"client"_s) ? e.value(u"client").toObject().value(u"id").toString()
                                                      : e.value(u"client_id").toString();
            if ((kind.isEmpty() || e.value(u"event") == kind) && (clientId.isEmpty() || id == clientId))
                out.append(e);
        }
    }
    return out;
}

QJsonObject AdminTestCase::event(const QString &kind, QJsonObject fields)
{
    fields.insert(u"event"_s, kind);
    fields.insert(u"time"_s, u"<time>"_s);
    return fields;
}

bool AdminTestCase::receivedEvent(const WsClient &ws, const QJsonObject &expected)
{
    return QTest::qWaitFor([&] {
        for (const QJsonObject &e : events(ws, QString())) {
            QJsonObject n = normalized(e);
            if (n.contains(u"client"_s))
                n.insert(u"client"_s, normalized(n.value(u"client").toObject(), u"connected_at"_s));
            if (n == expected)
                return true;
        }
        return false;
    }, 5000);
}

QByteArray AdminTestCase::eventLog(const WsClient &ws)
{
    QByteArray out = "events received:";
    for (const QJsonObject &e : events(ws, QString()))
        out += "\n  " + compact(e);
    return out;
}

} // namespace HeraldTest
