#pragma once

#include "hub/grouplist.h"
#include "hub/sessionmap.h"
#include "util/ipaddress.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Herald {

class Outlet;
// What the outlet (the gateway) keeps of one connection; defined there, opaque to the hub.
struct OutletEndpoint;

// What the hub knows of one connection on this node. The hub keeps its records in a pool (blocks of
// records only): a record made among a login burst's short-lived blocks would pin their pages.
struct ClientRecord {
    QString id;
    IpAddress address;      // the peer's, packed: address.toString() for its text
    quint16 port = 0;
    QDateTime connectedAt;  // UTC
    QString uid;            // empty when unbound
    GroupList groups;       // in the order joined; a few at most (a set would cost a KiB per client)
    SessionMap session;     // the per-client session map, the backends' and the client protocol's (one block)
    quint64 messagesIn = 0, bytesIn = 0, messagesOut = 0, bytesOut = 0;
    Outlet *outlet = nullptr;           // the connection's way out: whoever added it (the gateway)
    OutletEndpoint *endpoint = nullptr; // the outlet's, handed back in every Outlet::send
};

} // namespace Herald
