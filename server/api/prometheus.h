#pragma once

#include <QByteArray>

namespace Herald {

class Hub;
struct Metrics;

// The Prometheus text exposition (version 0.0.4) of the counters and the hub's gauges.
QByteArray renderPrometheus(const Metrics &metrics, const Hub &hub, int adminConnections);

} // namespace Herald
