#include "protocol/adminnodes.h"

#include "protocol/adminfields.h"

#include <QJsonArray>

#include <tuple>

namespace Herald::Admin {

QJsonObject toJson(const NodeInfo &n)
{
    QJsonObject o{{QLatin1String("node"), n.id},
                  {QLatin1String("self"), n.self},
                  {QLatin1String("state"), n.state},
                  {QLatin1String("version"), n.version},
                  {QLatin1String("listen"), QJsonArray::fromStringList(n.listen)},
                  {QLatin1String("started_at"), n.startedAt.toString(Qt::ISODate)},
                  {QLatin1String("clients"), n.clients},
                  {QLatin1String("rooms"), n.rooms}};
    if (n.lastHeartbeat.isValid())
        o.insert(QLatin1String("last_heartbeat"), Detail::timeText(n.lastHeartbeat));
    return o;
}

bool operator==(const NodeInfo &a, const NodeInfo &b)
{
    return std::tie(a.id, a.self, a.state, a.version, a.listen, a.startedAt, a.lastHeartbeat, a.clients, a.rooms)
        == std::tie(b.id, b.self, b.state, b.version, b.listen, b.startedAt, b.lastHeartbeat, b.clients, b.rooms);
}

namespace Detail {

NodeInfo nodeFrom(Fields &f)
{
    NodeInfo n;
    n.id = f.string("node", true);
    n.self = f.boolean("self");
    n.state = f.string("state", true);
    n.version = f.string("version");
    n.listen = f.strings("listen");
    n.startedAt = f.time("started_at");
    n.lastHeartbeat = f.time("last_heartbeat");
    n.clients = int(f.integer("clients"));
    n.rooms = int(f.integer("rooms"));
    return n;
}

} // namespace Detail

} // namespace Herald::Admin
