#include "options.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>

namespace Loadgen {

const char *usage()
{
    return "usage: herald-loadgen SCENARIO [flags]\n"
           "scenarios:\n"
           "  storm   connect --storm-clients (10000,50000) as fast as possible, log them in, wait --idle s;\n"
           "          connections/s, failures, handshake p99, server RSS per connection\n"
           "  fanout  --clients in --rooms, publish rate stepped up until p99 > --max-p99 ms or a loss;\n"
           "          the highest clean rate in deliveries/s\n"
           "  rooms   clients in rooms plus a uid each (bindUid), room and uid sends through the API\n"
           "  slow    fanout at one rate with --slow-fraction clients that stop reading and --churn\n"
           "          connects+disconnects a second; healthy p99 and server RSS every second\n"
           "  peer    fanout against --peer-port (e.g. the Node peer) and --port (Herald); the ratio\n"
           "flags:\n"
           "  --url ws[s]://HOST:PORT/PATH | --host H --port P   server (default 127.0.0.1:7272)\n"
           "  --tls --ca FILE   wss://: TLS 1.2/1.3, the server's certificate verified against the CA in FILE\n"
           "          (its host name or address checked); publishers say (--via say)\n"
           "  --ports P1,P2,...   several nodes of one cluster on the host: each room's members round-robin\n"
           "          over them (publishers included); the API and text port are the first node's\n"
           "  --redis-port P   the cluster's Redis (127.0.0.1): fanout counts its PUBLISH calls per room message\n"
           "  --peer-port P --peer-pid PID   peer scenario's other server\n"
           "  --clients N --rooms R --publishers K   layout (K clients per room say)\n"
           "  --rate R --step-factor F --steps N | --rates a,b,c   publishes per second per step\n"
           "  --duration S --drain S --size BYTES   step length, straggler wait, content size\n"
           "  --via say|http|text --api-port P --text-port P --api-key KEY --api-connections N\n"
           "  --threads N --server-pid PID --max-p99 MS --max-own-cpu PCT\n"
           "  --source-addresses N (-1 auto) --connect-concurrency N --connect-timeout S\n"
           "  --storm-clients a,b --idle S --slow-fraction F --churn PER_S --churn-lifetime S\n"
           "  --ready-file F --hold-until G   storm: create F once connected, hold every client until G exists\n"
           "          (a barrier between generators), then --idle\n"
           "  --uid-share F --bind-uids --bind-via http|text --coalesce-us US (sleep after a small batch: fewer wakeups, adds\n"
           "          up to US to the latencies measured) --quiet\n";
}

namespace {

bool toDouble(const std::string &s, double &v)
{
    char *end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0';
}

bool toLong(const std::string &s, long &v)
{
    char *end = nullptr;
    v = std::strtol(s.c_str(), &end, 10);
    return !s.empty() && end && *end == '\0';
}

void scenarioDefaults(Options &o)
{
    if (o.command == "storm") {
        o.stormClients = {10000, 50000};
        o.rooms = 0; // one room per 100 clients
    } else if (o.command == "rooms") {
        o.clients = 20000;
        o.rooms = 2000;
        o.via = "text";
        o.rates = {2000, 5000, 10000, 20000};
        o.bindUids = true;
        o.uidShare = 0.5;
    } else if (o.command == "slow") {
        o.slowFraction = 0.01;
        o.churn = 100;
        o.steps = 1;
        o.duration = 20;
        o.rate = 200;
    }
}

bool resolve(Options &o, std::string &error)
{
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    if (getaddrinfo(o.host.c_str(), nullptr, &hints, &res) != 0 || !res) {
        error = "cannot resolve host \"" + o.host + "\" to an IPv4 address";
        return false;
    }
    o.target = *reinterpret_cast<sockaddr_in *>(res->ai_addr);
    o.target.sin_port = htons(uint16_t(o.port));
    freeaddrinfo(res);
    o.targets.clear();
    for (int port : o.ports.empty() ? std::vector<int>{o.port} : o.ports) {
        sockaddr_in node = o.target;
        node.sin_port = htons(uint16_t(port));
        o.targets.push_back(node);
    }
    return true;
}

bool parseUrl(const std::string &url, Options &o, std::string &error)
{
    const std::string plain = "ws://", secure = "wss://";
    o.tls = o.tls || url.compare(0, secure.size(), secure) == 0;
    if (!o.tls && url.compare(0, plain.size(), plain) != 0) {
        error = "--url must start with ws:// or wss://";
        return false;
    }
    std::string rest = url.substr(url.find("://") + 3);
    const size_t slash = rest.find('/');
    o.path = slash == std::string::npos ? "/" : rest.substr(slash);
    rest = rest.substr(0, slash);
    const size_t colon = rest.rfind(':');
    long port = o.tls ? 443 : 80;
    if (colon != std::string::npos && !toLong(rest.substr(colon + 1), port)) {
        error = "bad port in --url " + url;
        return false;
    }
    o.host = rest.substr(0, colon);
    o.port = int(port);
    return true;
}

template <typename T>
bool parseList(const std::string &s, std::vector<T> &out)
{
    out.clear();
    size_t pos = 0;
    while (pos <= s.size()) {
        const size_t comma = s.find(',', pos);
        const std::string item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        double v;
        if (!toDouble(item, v) || v <= 0)
            return false;
        out.push_back(T(v));
        if (comma == std::string::npos)
            break;
        pos = comma + 1;
    }
    return !out.empty();
}

bool parsePorts(const std::string &s, std::vector<int> &out)
{
    std::vector<double> values;
    if (!parseList(s, values))
        return false;
    out.clear();
    for (double v : values) {
        if (v != std::floor(v) || v > 65535)
            return false;
        out.push_back(int(v));
    }
    return true;
}

} // namespace

std::string Options::targetName(size_t node) const
{
    return host + ":" + std::to_string(ntohs(targets.at(node).sin_port));
}

bool parseOptions(int argc, char **argv, Options &o, std::string &error)
{
    if (argc < 2) {
        error = "help";
        return false;
    }
    o.command = argv[1];
    if (o.command == "-h" || o.command == "--help" || o.command == "help") {
        error = "help";
        return false;
    }
    if (o.command != "storm" && o.command != "fanout" && o.command != "rooms" && o.command != "slow" && o.command != "peer") {
        error = "unknown scenario \"" + o.command + "\" (storm, fanout, rooms, slow, peer)";
        return false;
    }
    scenarioDefaults(o);

    auto intFlag = [](int &target, long lo, long hi) {
        return [&target, lo, hi](const std::string &v) {
            long n;
            if (!toLong(v, n) || n < lo || n > hi)
                return false;
            target = int(n);
            return true;
        };
    };
    auto longFlag = [](long &target) {
        return [&target](const std::string &v) { return toLong(v, target) && target >= 0; };
    };
    auto doubleFlag = [](double &target, double lo, double hi) {
        return [&target, lo, hi](const std::string &v) { return toDouble(v, target) && target >= lo && target <= hi; };
    };
    auto stringFlag = [](std::string &target) {
        return [&target](const std::string &v) { target = v; return true; };
    };
    std::string url;
    bool portGiven = false;
    const std::map<std::string, std::function<bool(const std::string &)>> flags = {
        {"--url", stringFlag(url)},
        {"--host", stringFlag(o.host)},
        {"--port", intFlag(o.port, 1, 65535)},
        {"--ports", [&o](const std::string &v) { return parsePorts(v, o.ports); }},
        {"--peer-port", intFlag(o.peerPort, 1, 65535)},
        {"--api-port", intFlag(o.apiPort, 1, 65535)},
        {"--text-port", intFlag(o.textPort, 1, 65535)},
        {"--api-key", stringFlag(o.apiKey)},
        {"--redis-port", intFlag(o.redisPort, 1, 65535)},
        {"--ca", stringFlag(o.caFile)},
        {"--clients", intFlag(o.clients, 1, 10000000)},
        {"--storm-clients", [&o](const std::string &v) { return parseList(v, o.stormClients); }},
        {"--rooms", intFlag(o.rooms, 1, 10000000)},
        {"--publishers", intFlag(o.publishersPerRoom, 1, 1000)},
        {"--rates", [&o](const std::string &v) { return parseList(v, o.rates); }},
        {"--rate", [&o](const std::string &v) { o.rates.clear(); return toDouble(v, o.rate) && o.rate > 0; }},
        {"--step-factor", doubleFlag(o.stepFactor, 1.01, 100)},
        {"--steps", intFlag(o.steps, 1, 30)},
        {"--duration", doubleFlag(o.duration, 0.1, 3600)},
        {"--drain", doubleFlag(o.drain, 0, 600)},
        {"--size", intFlag(o.size, 40, 60000)},
        {"--via", [&o](const std::string &v) { o.via = v; return v == "say" || v == "http" || v == "text"; }},
        {"--threads", intFlag(o.threads, 1, 64)},
        {"--server-pid", longFlag(o.serverPid)},
        {"--peer-pid", longFlag(o.peerPid)},
        {"--max-p99", doubleFlag(o.maxP99Ms, 0.001, 1e6)},
        {"--max-own-cpu", doubleFlag(o.maxOwnCpu, 1, 100)},
        {"--source-addresses", intFlag(o.sourceAddresses, -1, 254)},
        {"--connect-concurrency", intFlag(o.connectConcurrency, 1, 1000000)},
        {"--connect-timeout", doubleFlag(o.connectTimeout, 0.1, 3600)},
        {"--idle", doubleFlag(o.idle, 0, 3600)},
        {"--ready-file", stringFlag(o.readyFile)},
        {"--hold-until", stringFlag(o.holdUntil)},
        {"--slow-fraction", doubleFlag(o.slowFraction, 0, 0.5)},
        {"--churn", doubleFlag(o.churn, 0, 100000)},
        {"--churn-lifetime", doubleFlag(o.churnLifetime, 0.01, 3600)},
        {"--uid-share", doubleFlag(o.uidShare, 0, 1)},
        {"--api-connections", intFlag(o.apiConnections, 1, 256)},
        {"--coalesce-us", intFlag(o.coalesceUs, 0, 10000)},
        {"--bind-via", [&o](const std::string &v) { o.bindVia = v; return v == "http" || v == "text"; }},
    };
    for (int i = 2; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--bind-uids") {
            o.bindUids = true;
        o.uidShare = 0.5;
            continue;
        }
        if (name == "--tls") {
            o.tls = true;
            continue;
        }
        if (name == "--quiet") {
            o.quiet = true;
            continue;
        }
        if (name == "-h" || name == "--help") {
            error = "help";
            return false;
        }
        const auto it = flags.find(name);
        if (it == flags.end()) {
            error = "unknown flag " + name;
            return false;
        }
        if (i + 1 >= argc) {
            error = name + " needs a value";
            return false;
        }
        const std::string value = argv[++i];
        portGiven = portGiven || name == "--port";
        if (!it->second(value)) {
            error = "bad value \"" + value + "\" for " + name;
            return false;
        }
    }
    if (!url.empty() && !parseUrl(url, o, error))
        return false;
    if (!o.ports.empty()) {
        if (portGiven || !url.empty()) {
            error = "--ports names every node: give it instead of --port or --url";
            return false;
        }
        o.port = o.ports.front();
    }
    if (o.tls && o.caFile.empty()) {
        error = "--tls verifies the server's certificate: give the CA that signed it with --ca FILE";
        return false;
    }
    if (o.tls && (o.via != "say" || o.bindUids)) {
        error = "with --tls the generator publishes through its clients' says only (--via say, no --bind-uids): its "
                "HTTP and text-port publisher speaks no TLS";
        return false;
    }
    if (o.command == "peer" && o.peerPort == 0) {
        error = "peer needs --peer-port (the other server, e.g. the Node peer)";
        return false;
    }
    if (o.via != "say" && o.apiKey.empty()) {
        error = "--via " + o.via + " needs --api-key";
        return false;
    }
    if (o.bindUids && o.apiKey.empty()) {
        error = o.command + " binds uids through the HTTP API and needs --api-key";
        return false;
    }
    if (o.rooms > o.clients && o.command != "storm") {
        error = "--rooms must not exceed --clients";
        return false;
    }
    return resolve(o, error);
}

} // namespace Loadgen
