#pragma once

#include <netinet/in.h>

#include <string>
#include <vector>

namespace Loadgen {

// Every flag of herald-loadgen; each scenario sets its own defaults before the flags are read.
struct Options {
    std::string command;            // storm | fanout | rooms | slow | peer
    std::string host = "127.0.0.1";
    int port = 7272;
    std::vector<int> ports;         // --ports: several nodes of one cluster (the first is port); empty: port only
    std::string path = "/";
    int peerPort = 0;               // peer: the Node peer's port (same host)
    int apiPort = 7273;             // Herald's HTTP API (--via http, bindUid)
    int textPort = 7274;            // Herald's text port (--via text)
    std::string apiKey;
    bool tls = false;               // wss:// (--tls or a wss:// --url): verified against caFile
    std::string caFile;             // --ca: the PEM CA that signed the server's certificate
    int redisPort = 0;              // a cluster's Redis on the loopback: PUBLISH calls per room message
    int clients = 1000;
    std::vector<int> stormClients;  // storm: one run per count
    int rooms = 1;
    int publishersPerRoom = 1;      // --via say: clients per room that say
    std::vector<double> rates;      // publishes per second per step; empty: from rate/stepFactor/steps
    double rate = 100;
    double stepFactor = 1.5;
    int steps = 8;
    double duration = 3;            // seconds per step
    double drain = 2;               // seconds to wait for stragglers after a step
    int size = 100;                 // bytes of each published content
    std::string via = "say";        // say | http | text
    int threads = 1;
    long serverPid = 0;             // 0: found from the port
    long peerPid = 0;
    double maxP99Ms = 50;           // a step is clean with p99 at most this and nothing lost
    double maxOwnCpu = 90;          // percent of the cores used; above: the generator is the limit
    int sourceAddresses = -1;       // -1: automatic (several 127.0.0.x above 20,000 clients), 0: none
    int connectConcurrency = 1000;  // connections in flight (SYN sent, no 101 yet), all threads
    double connectTimeout = 30;     // seconds for connecting and for logging in
    double idle = 60;               // storm: seconds idle before the memory is read
    std::string readyFile;          // storm: created once every client connected and logged in (or failed)
    std::string holdUntil;          // storm: then every client held until this file exists (a barrier
                                    // between generators: scripts/bench.sh cluster-storm), before the idle
    double slowFraction = 0;        // share of clients that stop reading after login
    double churn = 0;               // connects (and as many disconnects) a second
    double churnLifetime = 1;       // seconds a churn client stays
    double uidShare = 0;            // share of sends that go to a uid instead of a room
    int coalesceUs = 0;             // sleep after a small batch of events so that more data is read per wakeup
    int apiConnections = 4;         // HTTP / text-port connections used to publish and bind
    bool bindUids = false;
    std::string bindVia = "http";  // http | text: where bindUid goes
    bool quiet = false;

    sockaddr_in target{};           // resolved host:port (the first node)
    std::vector<sockaddr_in> targets; // one per node (--ports), target first; each room's members round-robin

    std::string targetName(size_t node) const; // host:port of a node
};

// Parses argv (argv[1] is the scenario); false with a message in error. "help" in error: usage asked.
bool parseOptions(int argc, char **argv, Options &options, std::string &error);
const char *usage();

} // namespace Loadgen
