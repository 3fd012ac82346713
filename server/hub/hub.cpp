#include "hub/hub.h"

#include "hub/outlet.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QJsonValue>

namespace Herald {

Hub::Hub(Metrics &metrics, QObject *parent) : QObject(parent), m_metrics(metrics)
{
}

Hub::~Hub() = default;

void Hub::addClient(const QString &clientId, const QString &address, quint16 port)
{
    ClientRecord &r = m_clients[clientId];
    r.id = clientId;
    r.address = address;
    r.port = port;
    r.connectedAt = QDateTime::currentDateTimeUtc();
    Q_EMIT clientAdded(r);
}

void Hub::removeClient(const QString &clientId, const QString &reason)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    leaveAllGroups(*it);
    dropUid(*it);
    m_clients.erase(it);
    Q_EMIT clientRemoved(clientId, reason);
}

void Hub::noteIncoming(const QString &clientId, qint64 bytes)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    ++it->messagesIn;
    it->bytesIn += quint64(bytes);
}

Hub::Status Hub::bindUid(const QString &clientId, const QString &uid)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return Status::NoSuchClient;
    if (it->uid == uid)
        return Status::Ok;
    dropUid(*it);
    it->uid = uid;
    m_uids[uid].insert(clientId);
    Q_EMIT uidBound(clientId, uid);
    return Status::Ok;
}

Hub::Status Hub::unbindUid(const QString &clientId, const QString &uid)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return Status::NoSuchClient;
    if (!it->uid.isEmpty() && (uid.isEmpty() || it->uid == uid))
        dropUid(*it);
    return Status::Ok;
}

void Hub::dropUid(ClientRecord &record)
{
    if (record.uid.isEmpty())
        return;
    const QString uid = std::exchange(record.uid, QString());
    auto it = m_uids.find(uid);
    if (it != m_uids.end()) {
        it->remove(record.id);
        if (it->isEmpty())
            m_uids.erase(it);
    }
    Q_EMIT uidUnbound(record.id, uid);
}

bool Hub::canJoinGroup(const QString &clientId, const QString &group) const
{
    const ClientRecord *r = client(clientId);
    return r && (r->groups.contains(group) || m_maxGroupsPerClient <= 0 || r->groups.size() < m_maxGroupsPerClient);
}

Hub::Status Hub::joinGroup(const QString &clientId, const QString &group)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return Status::NoSuchClient;
    if (it->groups.contains(group))
        return Status::Ok;
    if (!canJoinGroup(clientId, group))
        return Status::LimitReached;
    it->groups.insert(group);
    m_groups[group].insert(clientId);
    Q_EMIT groupJoined(clientId, group);
    return Status::Ok;
}

Hub::Status Hub::leaveGroup(const QString &clientId, const QString &group)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return Status::NoSuchClient;
    if (!it->groups.remove(group))
        return Status::Ok;
    auto g = m_groups.find(group);
    if (g != m_groups.end()) {
        g->remove(clientId);
        if (g->isEmpty())
            m_groups.erase(g);
    }
    Q_EMIT groupLeft(clientId, group);
    return Status::Ok;
}

void Hub::leaveAllGroups(ClientRecord &record)
{
    const QSet<QString> groups = record.groups;
    for (const QString &g : groups)
        leaveGroup(record.id, g);
}

int Hub::ungroup(const QString &group)
{
    const QStringList members = clientIdsInGroup(group);
    for (const QString &id : members)
        leaveGroup(id, group);
    return int(members.size());
}

int Hub::publish(const Target &target, const QByteArray &text)
{
    ++m_metrics.publishes;
    return m_broker ? m_broker->publish(target, text) : deliverLocal(target, text);
}

int Hub::sendToAll(const QByteArray &text, const QStringList &exclude)
{
    return publish(Target::all(exclude), text);
}

int Hub::sendToClient(const QString &clientId, const QByteArray &text)
{
    return publish(Target::client(clientId), text);
}

int Hub::sendToUid(const QString &uid, const QByteArray &text, const QStringList &exclude)
{
    return publish(Target::uid(uid, exclude), text);
}

int Hub::sendToGroup(const QString &group, const QByteArray &text, const QStringList &exclude, const QString &sender)
{
    const int n = publish(Target::group(group, exclude), text);
    Q_EMIT groupMessage(group, sender, text, n);
    return n;
}

bool Hub::deliverTo(const QString &clientId, const QByteArray &text, const QStringList &exclude)
{
    if (!exclude.isEmpty() && exclude.contains(clientId))
        return false;
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return false;
    ++it->messagesOut;
    it->bytesOut += quint64(text.size());
    ++m_metrics.messagesOut;
    m_metrics.bytesOut += quint64(text.size());
    if (m_outlet)
        m_outlet->send(clientId, text);
    return true;
}

int Hub::deliverLocal(const Target &target, const QByteArray &text)
{
    int n = 0;
    auto deliverSet = [&](const QSet<QString> &ids) {
        for (const QString &id : ids)
            n += deliverTo(id, text, target.exclude) ? 1 : 0;
    };
    switch (target.kind) {
    case Target::Kind::Client:
        n = deliverTo(target.id, text, target.exclude) ? 1 : 0;
        break;
    case Target::Kind::Uid:
        deliverSet(m_uids.value(target.id));
        break;
    case Target::Kind::Group:
        deliverSet(m_groups.value(target.id));
        break;
    case Target::Kind::All: {
        const QStringList ids = m_clients.keys(); // a send may close a slow client: iterate a copy
        for (const QString &id : ids)
            n += deliverTo(id, text, target.exclude) ? 1 : 0;
        break;
    }
    }
    return n;
}

QStringList Hub::clientIds() const
{
    return m_clients.keys();
}

QStringList Hub::uids() const
{
    return m_uids.keys();
}

QStringList Hub::groups() const
{
    return m_groups.keys();
}

QStringList Hub::clientIdsInGroup(const QString &group) const
{
    const QSet<QString> ids = m_groups.value(group);
    return QStringList(ids.cbegin(), ids.cend());
}

QStringList Hub::uidsInGroup(const QString &group) const
{
    QSet<QString> uids;
    for (const QString &id : m_groups.value(group)) {
        const QString &uid = m_clients.value(id).uid;
        if (!uid.isEmpty())
            uids.insert(uid);
    }
    return QStringList(uids.cbegin(), uids.cend());
}

QStringList Hub::clientIdsOfUid(const QString &uid) const
{
    const QSet<QString> ids = m_uids.value(uid);
    return QStringList(ids.cbegin(), ids.cend());
}

int Hub::groupSize(const QString &group) const
{
    return int(m_groups.value(group).size());
}

const ClientRecord *Hub::client(const QString &clientId) const
{
    auto it = m_clients.constFind(clientId);
    return it == m_clients.cend() ? nullptr : &*it;
}

QList<const ClientRecord *> Hub::clientsInGroup(const QString &group) const
{
    QList<const ClientRecord *> out;
    for (const QString &id : m_groups.value(group)) {
        if (const ClientRecord *r = client(id))
            out.append(r);
    }
    return out;
}

std::optional<QJsonObject> Hub::session(const QString &clientId) const
{
    const ClientRecord *r = client(clientId);
    if (!r)
        return std::nullopt;
    return r->session;
}

Hub::Status Hub::setSession(const QString &clientId, const QJsonObject &session)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return Status::NoSuchClient;
    it->session = session;
    Q_EMIT sessionChanged(clientId);
    return Status::Ok;
}

Hub::Status Hub::updateSession(const QString &clientId, const QJsonObject &changes)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return Status::NoSuchClient;
    for (auto c = changes.begin(); c != changes.end(); ++c) {
        if (c.value().isNull())
            it->session.remove(c.key());
        else
            it->session.insert(c.key(), c.value());
    }
    Q_EMIT sessionChanged(clientId);
    return Status::Ok;
}

Hub::Status Hub::closeClient(const QString &clientId, const QByteArray &finalMessage, const QString &reason)
{
    if (!isOnline(clientId))
        return Status::NoSuchClient;
    if (!finalMessage.isEmpty())
        sendToClient(clientId, finalMessage);
    const QString why = reason.isEmpty() ? QStringLiteral("closed by the server") : reason;
    Q_EMIT clientKicked(clientId, why);
    if (m_outlet)
        m_outlet->close(clientId, 1000, why);
    return Status::Ok;
}

} // namespace Herald
