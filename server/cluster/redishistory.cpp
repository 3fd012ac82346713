#include "cluster/redishistory.h"

#include "cluster/catchupreport.h"
#include "cluster/envelope.h"
#include "cluster/redisbroker.h"
#include "cluster/redislink.h"
#include "hub/hub.h"
#include "util/dampedlog.h"
#include "util/logging.h"
#include "util/metrics.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>

namespace Herald {

namespace {
// KEYS: the room's offset, epoch and log. ARGV: 1 an epoch for a room that has none, 2 the text up to
// its offset's digits (empty: the text is not stamped), 3 the text, 4 the envelope's header, 5 history-size,
// 6 history-ttl in ms, 7 the cluster channel; for a catch-up 8 its id, 9 the offset the client saw (empty:
// none), 10 the channel of the node's reports. Each log entry is "<ms> <text>"; offsets are consecutive,
// the last one the offset key's.
constexpr char kScript[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[6])
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[2], epoch)
  redis.call('DEL', KEYS[1], KEYS[3])
end
while true do
  local head = redis.call('LINDEX', KEYS[3], 0)
  if not head or tonumber(string.match(head, '^%d+')) >= now - ttl then break end
  redis.call('LPOP', KEYS[3])
end
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local report
if ARGV[8] ~= '' then
  local len = redis.call('LLEN', KEYS[3])
  local first = last - len + 1
  local seen = tonumber(ARGV[9])
  local missed = {}
  if seen and len > 0 and seen >= first - 1 and seen < last then
    missed = redis.call('LRANGE', KEYS[3], seen - first + 1, -1)
  end
  local parts = {string.format('%s %s %d %d %d\n', ARGV[8], epoch, last, first, #missed)}
  for _, e in ipairs(missed) do parts[#parts + 1] = #e .. ':' .. e end
  report = table.concat(parts)
end
local offset = redis.call('INCR', KEYS[1])
local text = ARGV[3]
if ARGV[2] ~= '' then text = ARGV[2] .. offset .. ',"epoch":"' .. epoch .. '"}' end
redis.call('RPUSH', KEYS[3], string.format('%d ', now) .. text)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[5]), -1)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
redis.call('PUBLISH', ARGV[7], ARGV[4] .. text)
if report then redis.call('PUBLISH', ARGV[10], report) end
return offset
)lua";

// KEYS: the room's epoch, offset and log. One step, so that the three agree.
constexpr char kReadScript[] = R"lua(
return {redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '0', redis.call('LRANGE', KEYS[3], 0, -1)}
)lua";

QByteArray newEpoch() // base36: nothing to escape in the stamped JSON
{
    return QByteArray::number(QRandomGenerator::system()->generate64(), 36);
}
} // namespace

RedisHistory::RedisHistory(const HistorySettings &settings, Hub &hub, RedisLink &link, quint32 nodeId, Metrics &metrics,
                           QObject *parent)
    : QObject(parent), m_settings(settings), m_hub(hub), m_link(link), m_nodeId(nodeId), m_metrics(metrics),
      m_log(new DampedLog(&lcCluster, std::chrono::seconds(60), this)),
      m_scriptSha(QCryptographicHash::hash(QByteArray(kScript), QCryptographicHash::Sha1).toHex())
{
    // Before anything else on a new connection: later EVALSHAs on it find the script.
    connect(&m_link, &RedisLink::up, this, &RedisHistory::loadScript);
    connect(&m_link, &RedisLink::down, this, &RedisHistory::failAll);
    connect(&m_link, &RedisLink::message, this, &RedisHistory::received);
}

RedisHistory::~RedisHistory() = default;

QByteArray RedisHistory::reportChannel(quint32 nodeId)
{
    return QByteArrayLiteral("herald:history:") + QByteArray::number(nodeId, 16).rightJustified(8, '0');
}

QByteArray RedisHistory::key(const QString &room, const char *part)
{
    return QByteArrayLiteral("herald:hist:") + room.toUtf8() + ':' + part;
}

void RedisHistory::append(const Target &target, const QByteArray &text, const CatchUp &catchUp)
{
    const QString &room = target.id;
    const std::optional<QByteArray> head = Chat::stampHead(text);
    const quint64 id = catchUp.wanted() ? ++m_nextId : 0;
    QList<QByteArray> args{QByteArrayLiteral("EVALSHA"), m_scriptSha, "3", key(room, "offset"), key(room, "epoch"),
                           key(room, "log"), newEpoch(), head.value_or(QByteArray()), head ? QByteArray() : text,
                           Envelope{0, target, {}}.encode(), QByteArray::number(m_settings.size),
                           QByteArray::number(qint64(m_settings.ttlSeconds) * 1000), RedisBroker::clusterChannel()};
    if (id) {
        args << QByteArray::number(id)
             << (catchUp.seen ? QByteArray::number(catchUp.seen->offset) : QByteArray())
             << reportChannel(m_nodeId);
    } else {
        args << QByteArray() << QByteArray() << QByteArray();
    }
    const bool sent = m_link.request(args, [this, id, target, text](const RedisReply &reply) {
        if (reply.type != RedisReply::Type::Error)
            return; // stored and published; or the link went down first (failAll)
        if (reply.string.startsWith("NOSCRIPT")) // SCRIPT FLUSH: load it again for the next ones
            loadScript();
        deliverUnstamped(target, text, QString::fromUtf8(reply.string));
        finish(id, {RoomHistory::Outcome::Unavailable, {}, std::nullopt});
    });
    if (!sent) {
        deliverUnstamped(target, text, m_link.lastError());
        if (catchUp.wanted())
            catchUp.done({RoomHistory::Outcome::Unavailable, {}, std::nullopt});
        return;
    }
    if (id) {
        m_pending.insert(id, {catchUp, room});
        m_hub.startCatchingUp(catchUp.clientId, room);
    }
}

void RedisHistory::read(const QString &room, const ReadDone &done)
{
    const quint64 id = ++m_nextRead;
    const bool sent = m_link.request({QByteArrayLiteral("EVAL"), QByteArray(kReadScript), "3", key(room, "epoch"),
                                      key(room, "offset"), key(room, "log")},
                                     [this, id](const RedisReply &reply) { readAnswered(id, reply); });
    if (!sent) {
        done(std::nullopt);
        return;
    }
    m_reads.insert(id, done);
}

void RedisHistory::readAnswered(quint64 id, const RedisReply &reply)
{
    const ReadDone done = m_reads.take(id);
    if (!done)
        return;
    if (reply.type != RedisReply::Type::Array || reply.elements.size() != 3) {
        m_log->warning(QStringLiteral("history reads refused"),
                       QStringLiteral("redis %1 did not answer a history read as expected: %2")
                           .arg(m_link.address(), QString::fromUtf8(reply.string.left(200))));
        done(std::nullopt);
        return;
    }
    QList<QByteArray> lines;
    for (const RedisReply &line : reply.elements.at(2).elements)
        lines.append(line.string);
    const qint64 oldest = QDateTime::currentMSecsSinceEpoch() - qint64(m_settings.ttlSeconds) * 1000;
    done(StoredHistory::fromLog(QString::fromUtf8(reply.elements.at(0).string), reply.elements.at(1).string.toULongLong(),
                                lines, oldest));
}

void RedisHistory::loadScript()
{
    m_link.send({QByteArrayLiteral("SCRIPT"), QByteArrayLiteral("LOAD"), QByteArray(kScript)});
}

// Redis away (or refusing the script): the room hears it on this node, without an offset, as without history.
void RedisHistory::deliverUnstamped(const Target &target, const QByteArray &text, const QString &why)
{
    m_hub.deliverLocal(target, text);
    ++m_metrics.clusterUndelivered;
    m_log->warning(QStringLiteral("room messages delivered without history"),
                   QStringLiteral("a message to room \"%1\" was delivered on this node only, without an offset: redis %2 "
                                  "cannot keep it (%3); counted in herald_cluster_undelivered_total")
                       .arg(target.id.left(64), m_link.address(), why));
}

void RedisHistory::received(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != reportChannel(m_nodeId))
        return;
    QString why;
    const std::optional<CatchUpReport> report = CatchUpReport::decode(payload, &why);
    if (!report) {
        m_log->warning(QStringLiteral("unreadable history reports"),
                       QStringLiteral("unreadable history report ignored: %1 (is something else publishing on herald:*?)").arg(why));
        return;
    }
    const auto it = m_pending.constFind(report->id);
    if (it != m_pending.cend())
        finish(report->id, judged(*report, it->catchUp.seen));
}

RoomHistory::Recovery RedisHistory::judged(const CatchUpReport &report, const std::optional<Chat::Position> &seen)
{
    RoomHistory::Recovery out;
    if (seen)
        out = RoomHistory::judge(*seen, report.epoch, report.last, report.first, report.missed);
    out.current = Chat::Position{report.last + 1, report.epoch}; // the client's own login notice
    return out;
}

void RedisHistory::finish(quint64 id, const RoomHistory::Recovery &recovery)
{
    const Pending pending = m_pending.take(id);
    if (!pending.catchUp.wanted())
        return;
    m_hub.stopCatchingUp(pending.catchUp.clientId, pending.room);
    pending.catchUp.done(recovery);
}

void RedisHistory::failAll()
{
    const QList<quint64> ids = m_pending.keys();
    for (quint64 id : ids)
        finish(id, {RoomHistory::Outcome::Unavailable, {}, std::nullopt});
    const QHash<quint64, ReadDone> reads = std::exchange(m_reads, {});
    for (const ReadDone &done : reads)
        done(std::nullopt);
}

} // namespace Herald
