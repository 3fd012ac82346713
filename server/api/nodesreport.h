#pragma once

#include "protocol/adminprotocol.h"

namespace Herald {

class Cluster;
class Hub;
struct ServerInfo;

// The admin channel's "nodes" message: this node (its counts live from the hub; degraded while its link to
// Redis is down) and, in a cluster, every other node heard from, from its last heartbeat's facts ("gone"
// once it has missed two heartbeats; the presence drops it after three). Sorted: this node, then by id.
Admin::Nodes nodesReport(const Hub &hub, const ServerInfo &info, const Cluster *cluster);

} // namespace Herald
