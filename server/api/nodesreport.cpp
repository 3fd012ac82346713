#include "api/nodesreport.h"

#include "api/serverinfo.h"
#include "cluster/cluster.h"
#include "hub/hub.h"
#include "protocol/clientid.h"

#include <QJsonArray>

#include <algorithm>

namespace Herald {

namespace {
Admin::NodeInfo peerInfo(const Cluster::Peer &p, std::chrono::milliseconds heartbeat)
{
    const auto text = [&p](const char *key) { return p.facts.value(QLatin1String(key)).toString(); };
    Admin::NodeInfo n;
    n.id = nodeIdText(p.id);
    n.state = p.sinceHeardMs > 2 * qint64(heartbeat.count()) ? Admin::NodeGone : Admin::NodeUp;
    n.version = text("version");
    for (const QJsonValue &l : p.facts.value(QLatin1String("listen")).toArray())
        n.listen.append(l.toString());
    n.startedAt = QDateTime::fromString(text("started_at"), Qt::ISODate);
    n.lastHeartbeat = QDateTime::fromString(text("heartbeat"), Qt::ISODateWithMs);
    n.clients = p.facts.value(QLatin1String("clients")).toInt();
    n.rooms = p.facts.value(QLatin1String("rooms")).toInt();
    return n;
}
} // namespace

Admin::Nodes nodesReport(const Hub &hub, const ServerInfo &info, const Cluster *cluster)
{
    Admin::NodeInfo self;
    self.id = info.nodeId;
    self.self = true;
    self.state = !cluster || cluster->isHealthy() ? Admin::NodeUp : Admin::NodeDegraded;
    self.version = info.version;
    self.listen = info.listen;
    self.startedAt = info.startedAt;
    self.clients = hub.clientCount();
    self.rooms = hub.groupCount();

    QList<Admin::NodeInfo> others;
    if (cluster) {
        for (const Cluster::Peer &p : cluster->peers())
            others.append(peerInfo(p, cluster->heartbeat()));
    }
    std::sort(others.begin(), others.end(), [](const Admin::NodeInfo &a, const Admin::NodeInfo &b) { return a.id < b.id; });
    others.prepend(self);
    return {others};
}

} // namespace Herald
