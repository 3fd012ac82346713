#pragma once

#include "broker/target.h"
#include "history/historyanswer.h"
#include "history/historyrooms.h"
#include "history/roomhistory.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

namespace Herald {

class DampedLog;
class Hub;
class RedisLink;
struct RedisReply;
struct CatchUpReport;
struct Metrics;

// A cluster's room history, in Redis (docs/architecture.md#room-history-in-a-cluster). Each message the
// hub announces for a room that keeps history goes through one Lua script: it takes the room's next
// offset (INCR), in the room's epoch (a random string set when the room's keys are new), stores the
// stamped text (RPUSH, trimmed to history-size and of what is older than history-ttl, the keys expiring
// after history-ttl) and publishes it on herald:cluster. Every node, this one too, delivers what Redis
// publishes: the same bytes everywhere, each room's messages in the order Redis numbered them.
//
// A client's login notice carries its catch-up: the same script reads the room's position and what the
// client missed before storing the notice, and publishes that to this node (herald:history:<node>).
// Until it arrives the client gets none of the room's messages: Redis published every one numbered
// before the read earlier on the same subscription (so it is in the report, or the client had it), and
// every one after it later. While Redis is away nothing is numbered: messages are delivered on this
// node as they are, and a catch-up answers Unavailable.
class RedisHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisHistory)

public:
    RedisHistory(const HistorySettings &settings, Hub &hub, RedisLink &link, quint32 nodeId, Metrics &metrics,
                 QObject *parent = nullptr);
    ~RedisHistory() override;

    static QByteArray reportChannel(quint32 nodeId);
    static QByteArray key(const QString &room, const char *part); // herald:hist:<room>:<part>

    // What the hub announced (connected to Hub::publishedToHistory).
    void append(const Herald::Target &target, const QByteArray &text, const Herald::CatchUp &catchUp);

    // Reads a room's history (its epoch, latest offset and log, in one step) for getHistory and the admin
    // channel's tails: `done` gets it once Redis answered, or nothing when Redis cannot be reached (at
    // once), refuses, or the link drops first (a Redis that stopped answering: RedisConnection's deadline).
    using ReadDone = std::function<void(const std::optional<StoredHistory> &)>;
    void read(const QString &room, const ReadDone &done);

private:
    struct Pending {
        CatchUp catchUp;
        QString room;
    };

    void loadScript();
    void received(const QByteArray &channel, const QByteArray &payload);
    void deliverUnstamped(const Target &target, const QByteArray &text, const QString &why);
    void finish(quint64 id, const RoomHistory::Recovery &recovery);
    void failAll();
    void readAnswered(quint64 id, const RedisReply &reply);
    static RoomHistory::Recovery judged(const CatchUpReport &report, const std::optional<Chat::Position> &seen);

    HistorySettings m_settings;
    Hub &m_hub;
    RedisLink &m_link;
    quint32 m_nodeId;
    Metrics &m_metrics;
    DampedLog *m_log;
    QByteArray m_scriptSha;
    quint64 m_nextId = 0;
    QHash<quint64, Pending> m_pending; // catch-ups whose report has not come yet
    quint64 m_nextRead = 0;
    QHash<quint64, ReadDone> m_reads; // reads Redis has not answered yet
};

} // namespace Herald
