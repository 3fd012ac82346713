#pragma once

#include <QString>

// The console against a cluster: three herald-server nodes through a private redis-server, chat clients
// on each, the console connected to the first. Saves the Nodes view ("nodes") and the clients table with
// its node column ("clients-cluster") into `dir`.
bool clusterScreenshots(const QString &dir);
