#include "hub/hub.h"

#include "history/historyrooms.h"
#include "history/roomhistory.h"
#include "hub/outlet.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QJsonValue>

namespace Herald {

Hub::Hub(Metrics &metrics, RoomHistory *history, const HistoryRooms *sharedHistory, QObject *parent)
    : QObject(parent), m_metrics(metrics), m_history(history), m_sharedHistory(sharedHistory)
{
}

Hub::~Hub()
{
    for (ClientRecord *r : std::as_const(m_clients))
        m_records.destroy(r);
}

ClientRecord *Hub::find(const QString &clientId)
{
    return m_clients.value(clientId);
}

void Hub::addClient(const QString &clientId, const QString &address, quint16 port, Outlet &outlet,
                    OutletEndpoint *endpoint)
{
    addClient(clientId, IpAddress::fromText(address), port, outlet, endpoint);
}

void Hub::addClient(const QString &clientId, const IpAddress &address, quint16 port, Outlet &outlet,
                    OutletEndpoint *endpoint)
{
    ClientRecord *&slot = m_clients[clientId];
    if (!slot)
        slot = m_records.create();
    ClientRecord &r = *slot;
    r.id = clientId;
    r.address = address;
    r.port = port;
    r.connectedAt = QDateTime::currentDateTimeUtc();
    r.outlet = &outlet;
    r.endpoint = endpoint;
    Q_EMIT clientAdded(r);
}

void Hub::removeClient(const QString &clientId, const QString &reason)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return;
    leaveAllGroups(*r);
    dropUid(*r);
    m_catchingUp.remove(clientId);
    m_clients.remove(clientId);
    m_records.destroy(r);
    Q_EMIT clientRemoved(clientId, reason);
}

void Hub::noteIncoming(const QString &clientId, qint64 bytes)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return;
    ++r->messagesIn;
    r->bytesIn += quint64(bytes);
}

Hub::Status Hub::bindUid(const QString &clientId, const QString &uid)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return Status::NoSuchClient;
    if (r->uid == uid)
        return Status::Ok;
    if (m_maxConnectionsPerUid > 0 && m_uids.value(uid).size() >= m_maxConnectionsPerUid) {
        ++m_metrics.uidLimitRefusals;
        qCInfo(lcHub).noquote() << QStringLiteral("refused to bind %1 to uid %2: it has %3 connections (max-connections-per-uid)")
                                       .arg(clientId, uid.left(64)).arg(m_maxConnectionsPerUid);
        return Status::LimitReached;
    }
    dropUid(*r);
    r->uid = uid;
    m_uids[uid].insert(r);
    Q_EMIT uidBound(clientId, uid);
    return Status::Ok;
}

Hub::Status Hub::unbindUid(const QString &clientId, const QString &uid)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return Status::NoSuchClient;
    if (!r->uid.isEmpty() && (uid.isEmpty() || r->uid == uid))
        dropUid(*r);
    return Status::Ok;
}

void Hub::dropUid(ClientRecord &record)
{
    if (record.uid.isEmpty())
        return;
    const QString uid = std::exchange(record.uid, QString());
    auto it = m_uids.find(uid);
    if (it != m_uids.end()) {
        it->remove(&record);
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
    ClientRecord *r = find(clientId);
    if (!r)
        return Status::NoSuchClient;
    if (r->groups.contains(group))
        return Status::Ok;
    if (!canJoinGroup(clientId, group))
        return Status::LimitReached;
    auto g = m_groups.find(group);
    if (g == m_groups.end())
        g = m_groups.insert(group, {});
    g->insert(r);
    r->groups.append(g.key()); // the group's own name: shared, not a copy per member
    Q_EMIT groupJoined(clientId, group);
    return Status::Ok;
}

Hub::Status Hub::leaveGroup(const QString &clientId, const QString &group)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return Status::NoSuchClient;
    if (!r->groups.removeOne(group))
        return Status::Ok;
    auto g = m_groups.find(group);
    if (g != m_groups.end()) {
        g->remove(r);
        if (g->isEmpty())
            m_groups.erase(g);
    }
    Q_EMIT groupLeft(clientId, group);
    return Status::Ok;
}

void Hub::leaveAllGroups(ClientRecord &record)
{
    const QStringList groups = record.groups;
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
    const int n = deliverLocal(target, text);
    Q_EMIT published(target, text);
    return n;
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

int Hub::sendToGroup(const QString &group, const QByteArray &text, const QStringList &exclude, const QString &origin)
{
    return sendToGroup(group, text, exclude, origin, CatchUp{});
}

int Hub::sendToGroup(const QString &group, const QByteArray &text, const QStringList &exclude, const QString &origin,
                     const CatchUp &catchUp)
{
    if (historyShared(group)) { // the cluster stamps it; every node, this one too, delivers it from Redis
        ++m_metrics.publishes;
        int n = 0;
        for (const ClientRecord *r : m_groups.value(group))
            n += exclude.contains(r->id) ? 0 : 1;
        Q_EMIT publishedToHistory(Target::group(group, exclude), text, catchUp);
        Q_EMIT groupMessage(group, origin, text, n);
        return n;
    }
    // A room with history: the message gets its offset before anyone has it (every copy the same).
    const QByteArray out = m_history ? m_history->append(group, text) : text;
    const int n = publish(Target::group(group, exclude), out);
    Q_EMIT groupMessage(group, origin, out, n);
    return n;
}

bool Hub::historyShared(const QString &group) const
{
    return m_sharedHistory && m_sharedHistory->covers(group);
}

void Hub::startCatchingUp(const QString &clientId, const QString &group)
{
    if (m_clients.contains(clientId))
        m_catchingUp[clientId].insert(group);
}

void Hub::stopCatchingUp(const QString &clientId, const QString &group)
{
    const auto it = m_catchingUp.find(clientId);
    if (it == m_catchingUp.end())
        return;
    it->remove(group);
    if (it->isEmpty())
        m_catchingUp.erase(it);
}

bool Hub::deliverTo(ClientRecord &record, const QByteArray &text, const QStringList &exclude)
{
    if (!exclude.isEmpty() && exclude.contains(record.id))
        return false;
    ++record.messagesOut;
    record.bytesOut += quint64(text.size());
    ++m_metrics.messagesOut;
    m_metrics.bytesOut += quint64(text.size());
    record.outlet->send(record, text);
    return true;
}

int Hub::deliverLocal(const Target &target, const QByteArray &text)
{
    // The outlet only queues what it is handed (nothing closes during a delivery), so the members'
    // records stay valid throughout; each set is a shared copy all the same.
    int n = 0;
    auto deliverSet = [&](const Members &members) {
        for (ClientRecord *r : members)
            n += deliverTo(*r, text, target.exclude) ? 1 : 0;
    };
    switch (target.kind) {
    case Target::Kind::Client:
        if (ClientRecord *r = find(target.id))
            n = deliverTo(*r, text, target.exclude) ? 1 : 0;
        break;
    case Target::Kind::Uid:
        deliverSet(m_uids.value(target.id));
        break;
    case Target::Kind::Group:
        if (m_catchingUp.isEmpty()) {
            deliverSet(m_groups.value(target.id));
            break;
        }
        for (ClientRecord *r : m_groups.value(target.id)) {
            const auto it = m_catchingUp.constFind(r->id);
            if (it == m_catchingUp.cend() || !it->contains(target.id))
                n += deliverTo(*r, text, target.exclude) ? 1 : 0;
        }
        break;
    case Target::Kind::All:
        for (ClientRecord *r : std::as_const(m_clients))
            n += deliverTo(*r, text, target.exclude) ? 1 : 0;
        break;
    }
    return n;
}

QStringList Hub::idsOf(const Members &members)
{
    QStringList ids;
    ids.reserve(members.size());
    for (const ClientRecord *r : members)
        ids.append(r->id);
    return ids;
}

QStringList Hub::clientIds() const
{
    return m_clients.keys();
}

std::vector<const ClientRecord *> Hub::allClients() const
{
    std::vector<const ClientRecord *> records;
    records.reserve(m_clients.size());
    for (const ClientRecord *r : std::as_const(m_clients))
        records.push_back(r);
    return records;
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
    return idsOf(m_groups.value(group));
}

QStringList Hub::uidsInGroup(const QString &group) const
{
    QSet<QString> uids;
    for (const ClientRecord *r : m_groups.value(group)) {
        if (!r->uid.isEmpty())
            uids.insert(r->uid);
    }
    return QStringList(uids.cbegin(), uids.cend());
}

QStringList Hub::clientIdsOfUid(const QString &uid) const
{
    return idsOf(m_uids.value(uid));
}

int Hub::groupSize(const QString &group) const
{
    return int(m_groups.value(group).size());
}

const ClientRecord *Hub::client(const QString &clientId) const
{
    return m_clients.value(clientId);
}

std::optional<ClientRecord> Hub::clientRecord(const QString &clientId) const
{
    const ClientRecord *r = client(clientId);
    return r ? std::optional<ClientRecord>(*r) : std::nullopt;
}

QList<ClientRecord> Hub::clientRecords() const
{
    QList<ClientRecord> records;
    records.reserve(qsizetype(m_clients.size()));
    for (const ClientRecord *r : std::as_const(m_clients))
        records.append(*r);
    return records;
}

QList<const ClientRecord *> Hub::clientsInGroup(const QString &group) const
{
    const Members members = m_groups.value(group);
    return QList<const ClientRecord *>(members.cbegin(), members.cend());
}

std::optional<QJsonObject> Hub::session(const QString &clientId) const
{
    const ClientRecord *r = client(clientId);
    if (!r)
        return std::nullopt;
    return r->session.toObject();
}

Hub::Status Hub::setSession(const QString &clientId, const QJsonObject &session)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return Status::NoSuchClient;
    r->session = SessionMap(session);
    Q_EMIT sessionChanged(clientId);
    return Status::Ok;
}

Hub::Status Hub::updateSession(const QString &clientId, const QJsonObject &changes)
{
    ClientRecord *r = find(clientId);
    if (!r)
        return Status::NoSuchClient;
    r->session.update(changes);
    Q_EMIT sessionChanged(clientId);
    return Status::Ok;
}

Hub::Status Hub::closeClient(const QString &clientId, const QByteArray &finalMessage, const QString &reason, int closeCode)
{
    if (!isOnline(clientId))
        return Status::NoSuchClient;
    if (!finalMessage.isEmpty())
        sendToClient(clientId, finalMessage);
    const QString why = reason.isEmpty() ? QStringLiteral("closed by the server") : reason;
    Q_EMIT clientKicked(clientId, why);
    if (const ClientRecord *r = client(clientId))
        r->outlet->close(clientId, closeCode, why);
    return Status::Ok;
}

} // namespace Herald
