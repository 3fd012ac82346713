#include "cluster/presencestore.h"

#include "cluster/presence.h"
#include "cluster/redislink.h"

#include <QJsonDocument>

namespace Herald {

namespace {
const QByteArray kPrefix = QByteArrayLiteral("herald:clients:");

QByteArray encoded(const RemoteClient &c)
{
    QJsonObject o = toJson(c);
    o.remove(QLatin1String("id")); // the field's name
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A field of HGETALL's or HSCAN's flat array as an object, skipping what is not one.
QJsonObject object(const RedisReply &value)
{
    return QJsonDocument::fromJson(value.string).object();
}
} // namespace

PresenceStore::PresenceStore(RedisLink &link, quint32 nodeId, std::chrono::milliseconds ttl)
    : m_link(link), m_nodeId(nodeId), m_key(key(nodeId)), m_ttlMs(QByteArray::number(qint64(ttl.count())))
{
}

QByteArray PresenceStore::key(quint32 node)
{
    return kPrefix + nodeField(node);
}

QByteArray PresenceStore::nodeField(quint32 node)
{
    return QByteArray::number(node, 16).rightJustified(8, '0');
}

void PresenceStore::put(const RemoteClient &client)
{
    m_link.send({QByteArrayLiteral("HSET"), m_key, client.id.toUtf8(), encoded(client)});
    refresh(); // the hash may have just been made again (its last client gone, then a new one): never without a TTL
}

void PresenceStore::remove(const QString &clientId)
{
    m_link.send({QByteArrayLiteral("HDEL"), m_key, clientId.toUtf8()});
}

void PresenceStore::replaceAll(const QList<RemoteClient> &clients)
{
    m_link.send({QByteArrayLiteral("DEL"), m_key});
    for (qsizetype from = 0; from < clients.size(); from += kChunk) {
        QList<QByteArray> hset{QByteArrayLiteral("HSET"), m_key};
        for (qsizetype i = from; i < qMin(from + kChunk, clients.size()); ++i)
            hset << clients.at(i).id.toUtf8() << encoded(clients.at(i));
        m_link.send(hset);
    }
    refresh();
}

void PresenceStore::refresh()
{
    m_link.send({QByteArrayLiteral("PEXPIRE"), m_key, m_ttlMs});
}

void PresenceStore::readOthers(NodeFacts facts, NodeClients clients)
{
    m_link.request({QByteArrayLiteral("HGETALL"), QByteArrayLiteral("herald:nodes")}, [this, facts](const RedisReply &r) {
        for (qsizetype i = 0; i + 1 < r.elements.size(); i += 2) {
            bool ok = false;
            const quint32 node = r.elements.at(i).string.toUInt(&ok, 16);
            if (ok && node != 0 && node != m_nodeId)
                facts(node, object(r.elements.at(i + 1)));
        }
    });
    scan(QByteArrayLiteral("0"), clients);
}

void PresenceStore::scan(const QByteArray &cursor, const NodeClients &done)
{
    m_link.request({QByteArrayLiteral("SCAN"), cursor, QByteArrayLiteral("MATCH"), kPrefix + '*', QByteArrayLiteral("COUNT"),
                    QByteArray::number(kChunk)},
                   [this, done](const RedisReply &r) {
                       if (r.elements.size() != 2)
                           return;
                       for (const RedisReply &k : r.elements.at(1).elements) {
                           bool ok = false;
                           const quint32 node = k.string.mid(kPrefix.size()).toUInt(&ok, 16);
                           if (ok && node != 0 && node != m_nodeId)
                               readNode(node, QByteArrayLiteral("0"), {}, done);
                       }
                       if (const QByteArray next = r.elements.at(0).string; next != "0")
                           scan(next, done);
                   });
}

void PresenceStore::readNode(quint32 node, const QByteArray &cursor, QList<RemoteClient> sofar, const NodeClients &done)
{
    m_link.request({QByteArrayLiteral("HSCAN"), key(node), cursor, QByteArrayLiteral("COUNT"), QByteArray::number(kChunk)},
                   [this, node, sofar = std::move(sofar), done](const RedisReply &r) mutable {
                       if (r.elements.size() != 2)
                           return;
                       const QList<RedisReply> &fields = r.elements.at(1).elements;
                       for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
                           RemoteClient c = remoteClientFromJson(object(fields.at(i + 1)));
                           c.id = QString::fromUtf8(fields.at(i).string);
                           c.node = node;
                           sofar.append(c);
                       }
                       if (const QByteArray next = r.elements.at(0).string; next != "0")
                           readNode(node, next, std::move(sofar), done);
                       else
                           done(node, sofar);
                   });
}

} // namespace Herald
